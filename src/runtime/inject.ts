// The request configuration a plugin receives (libcni buildOneConfig / InjectConf): the plugin object
// with the list's name and cniVersion, prevResult when there is one, and runtimeConfig holding the
// capability args this plugin declared. Everything else passes through unaltered (capabilities too).
import type { PluginConfig } from './conf.js';
import { type JsonObject, field, isObject, parseJson } from './json.js';
import type { RuntimeConf } from './types.js';

export function injectConf(plugin: PluginConfig, values: JsonObject): Buffer {
  const doc = parseJson(plugin.bytes);
  const conf: JsonObject = isObject(doc) ? { ...doc } : {};
  for (const [key, value] of Object.entries(values)) {
    if (key === '') throw new Error('keys cannot be empty');
    if (value === null || value === undefined) throw new Error(`key '${key}' value must not be nil`);
    conf[key] = value;
  }
  return Buffer.from(JSON.stringify(conf));
}

// Only declared (true) capabilities for which the runtime has a value; omitted when empty.
export function runtimeConfigFor(plugin: PluginConfig, rt: RuntimeConf): JsonObject | undefined {
  const declared = field(plugin.network, 'capabilities');
  if (!isObject(declared) || !rt.capabilityArgs) return undefined;
  const rc: JsonObject = {};
  for (const [cap, enabled] of Object.entries(declared)) {
    if (enabled === true && Object.hasOwn(rt.capabilityArgs, cap)) rc[cap] = rt.capabilityArgs[cap];
  }
  return Object.keys(rc).length > 0 ? rc : undefined;
}

export function buildOneConfig(network: string, cniVersion: string, plugin: PluginConfig, prevResult: unknown, rt?: RuntimeConf): Buffer {
  const values: JsonObject = { name: network, cniVersion };
  if (prevResult) values.prevResult = prevResult;
  const rc = rt ? runtimeConfigFor(plugin, rt) : undefined;
  if (rc) values.runtimeConfig = rc;
  return injectConf(plugin, values);
}
