// Which plugin configs a pasted document holds and what each plugin receives on stdin: a .conf is
// sent as written; each entry of a .conflist gets the list's name and cniVersion injected, as
// libcni does (other injected keys, prevResult and runtimeConfig, do not change validation).
import { getField, isObject, type JsonObject } from '../cni/fields.js';

export type Steps = (string | number)[];

export interface PluginTarget {
  steps: Steps; // where the plugin object sits in the document
  type: string; // its "type" ('' when missing)
  ipamType: string; // its ipam.type ('' when there is no ipam object)
  stdin: string; // what the plugin reads
}

export interface DocumentShape {
  kind: 'conf' | 'conflist';
  plugins: PluginTarget[];
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

function target(steps: Steps, plugin: unknown, stdin: string): PluginTarget {
  const ipam = getField(plugin, 'ipam');
  return { steps, type: text(getField(plugin, 'type')), ipamType: isObject(ipam) ? text(getField(ipam, 'type')) : '', stdin };
}

export function shapeOf(doc: unknown, source: string): DocumentShape {
  const plugins = getField(doc, 'plugins');
  if (!isObject(doc) || !Array.isArray(plugins)) return { kind: 'conf', plugins: [target([], doc, source)] };
  const injected = { name: getField(doc, 'name'), cniVersion: getField(doc, 'cniVersion') ?? '' };
  return {
    kind: 'conflist',
    plugins: plugins.map((p, i) => target(['plugins', i], p, JSON.stringify(isObject(p) ? { ...(p as JsonObject), ...injected } : p))),
  };
}

/** The plugin whose addresses the playground simulates: the first one using host-local. */
export function hostLocalTarget(shape: DocumentShape): PluginTarget | null {
  return shape.plugins.find((p) => p.ipamType === 'host-local' || p.type === 'host-local') ?? null;
}
