// Network configuration lists as libcni parses them (NetworkConfFromBytes, NetworkPluginConfFromBytes,
// ConfListFromConf): the checks, the messages, cniVersions selection and the boolean flags.
import { CURRENT_VERSION, compareVersions, parseVersion } from '../cni/version.js';
import { type JsonObject, field, goTypeName, isObject, parseJson } from './json.js';

export interface PluginConf extends JsonObject {
  type: string;
}

export interface PluginConfig {
  network: PluginConf;
  /** The plugin object as JSON; what gets injected into and sent to the plugin. */
  bytes: Buffer;
}

export interface NetworkConfigList {
  name: string;
  /** The version in use: cniVersion, or the highest usable entry of cniVersions. */
  cniVersion: string;
  /** Every version the list declares (cniVersion and cniVersions, newest first), for negotiation. */
  declaredVersions: string[];
  disableCheck: boolean;
  disableGC: boolean;
  loadOnlyInlinedPlugins: boolean;
  plugins: PluginConfig[];
  /** The bytes as loaded (the file), which is what the result cache stores. */
  bytes: Buffer;
  /** The file the list came from, when it came from one. */
  file?: string;
}

const LIST = 'error parsing configuration list';

export function pluginConfFromBytes(bytes: Buffer): PluginConfig {
  let doc: unknown;
  try {
    doc = parseJson(bytes);
  } catch (e) {
    throw new Error(`error parsing configuration: ${(e as Error).message}`);
  }
  if (doc !== null && !isObject(doc)) {
    throw new Error(`error parsing configuration: json: cannot unmarshal ${jsonKind(doc)} into Go value of type types.PluginConf`);
  }
  const obj = (doc ?? {}) as JsonObject;
  const type = field(obj, 'type');
  if (type !== undefined && type !== null && typeof type !== 'string') {
    throw new Error(`error parsing configuration: json: cannot unmarshal ${jsonKind(type)} into Go struct field PluginConf.type of type string`);
  }
  if (!type) throw new Error("error parsing configuration: missing 'type'");
  return { network: { ...obj, type } as PluginConf, bytes };
}

export function confListFromBytes(bytes: Buffer): NetworkConfigList {
  let doc: unknown;
  try {
    doc = parseJson(bytes);
  } catch (e) {
    throw new Error(`${LIST}: ${(e as Error).message}`);
  }
  if (doc !== null && !isObject(doc)) {
    throw new Error(`${LIST}: json: cannot unmarshal ${jsonKind(doc)} into Go value of type map[string]interface {}`);
  }
  const raw = (doc ?? {}) as JsonObject;

  if (!Object.hasOwn(raw, 'name')) throw new Error(`${LIST}: no name`);
  if (typeof raw.name !== 'string') throw new Error(`${LIST}: invalid name type ${goTypeName(raw.name)}`);

  let cniVersion = '';
  if (Object.hasOwn(raw, 'cniVersion')) {
    if (typeof raw.cniVersion !== 'string') throw new Error(`${LIST}: invalid cniVersion type ${goTypeName(raw.cniVersion)}`);
    cniVersion = raw.cniVersion;
  }
  const declared = cniVersion ? [cniVersion] : [];
  if (Object.hasOwn(raw, 'cniVersions')) {
    const usable = usableVersions(raw.cniVersions, cniVersion);
    declared.splice(0, declared.length, ...usable);
    if (usable.length > 0) cniVersion = usable[0];
  }

  const list: NetworkConfigList = {
    name: raw.name,
    cniVersion,
    declaredVersions: declared,
    disableCheck: readBool(raw, 'disableCheck'),
    disableGC: readBool(raw, 'disableGC'),
    loadOnlyInlinedPlugins: readBool(raw, 'loadOnlyInlinedPlugins'),
    plugins: [],
    bytes,
  };

  if (!Object.hasOwn(raw, 'plugins')) {
    if (list.loadOnlyInlinedPlugins) throw new Error(`${LIST}: \`loadOnlyInlinedPlugins\` is true, and no 'plugins' key`);
    return list; // plugins come from the sibling folder
  }
  if (!Array.isArray(raw.plugins)) throw new Error(`${LIST}: invalid 'plugins' type ${goTypeName(raw.plugins)}`);
  if (raw.plugins.length === 0) throw new Error(`${LIST}: no plugins in list`);
  raw.plugins.forEach((p, i) => {
    try {
      list.plugins.push(pluginConfFromBytes(Buffer.from(JSON.stringify(p))));
    } catch (e) {
      throw new Error(`failed to parse plugin config ${i}: ${(e as Error).message}`);
    }
  });
  return list;
}

// A deprecated single-plugin config wrapped into a one-plugin list, as ConfListFromConf does: the
// list's bytes are the new wrapper (Go marshals maps with sorted keys), not the original file.
export function confListFromConf(conf: PluginConfig): NetworkConfigList {
  const name = field(conf.network, 'name');
  const cniVersion = field(conf.network, 'cniVersion');
  const wrapper = {
    cniVersion: typeof cniVersion === 'string' ? cniVersion : '',
    name: typeof name === 'string' ? name : '',
    plugins: [sortKeys(parseJson(conf.bytes))],
  };
  return confListFromBytes(Buffer.from(JSON.stringify(wrapper)));
}

// cniVersions entries newer than this library are dropped; cniVersion joins them; newest first.
function usableVersions(value: unknown, cniVersion: string): string[] {
  if (!Array.isArray(value)) throw new Error(`${LIST}: invalid type for cniVersions: ${goTypeName(value)}`);
  const out: string[] = [];
  value.forEach((v, i) => {
    if (typeof v !== 'string') throw new Error(`${LIST}: invalid type for cniVersions index ${i}: ${goTypeName(v)}`);
    try {
      parseVersion(v);
    } catch (e) {
      throw new Error(`${LIST}: invalid cniVersions entry ${v} at index ${i}: ${(e as Error).message}`);
    }
    if (compareVersions(v, CURRENT_VERSION) <= 0) out.push(v);
  });
  if (cniVersion !== '') {
    try {
      parseVersion(cniVersion);
    } catch (e) {
      throw new Error(`${LIST}: invalid cniVersion ${cniVersion}: ${(e as Error).message}`);
    }
    if (compareVersions(cniVersion, CURRENT_VERSION) <= 0) out.push(cniVersion);
  }
  return [...new Set(out)].sort((a, b) => compareVersions(b, a));
}

// libcni accepts a JSON bool or the strings "true"/"false" in any case.
function readBool(raw: JsonObject, key: string): boolean {
  if (!Object.hasOwn(raw, key)) return false;
  const v = raw[key];
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') throw new Error(`${LIST}: invalid type ${goTypeName(v)} for ${key}`);
  const s = v.toLowerCase();
  if (s === 'true') return true;
  if (s === 'false') return false;
  throw new Error(`${LIST}: invalid value "${s}" for ${key}`);
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
  return out;
}
