// Reading JSON objects the way Go's encoding/json fills a struct: a key matches a field name exactly
// or case-insensitively, and when several keys match, the last one in the document wins.
// containerd relies on this: it sends capability values with PascalCase keys (`Servers`).

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Value of `key` in `obj` matched like Go does: case-insensitively, the last match winning, and a
 * JSON null not overwriting an earlier value (null is a no-op for Go strings and numbers).
 * Undefined if absent.
 */
export function getField(obj: unknown, key: string): unknown {
  if (!isObject(obj)) return undefined;
  const lower = key.toLowerCase();
  let found: unknown = undefined;
  for (const k of Object.keys(obj)) {
    if (k !== key && k.toLowerCase() !== lower) continue;
    if (obj[k] !== null || found === undefined) found = obj[k];
  }
  return found;
}

/** `runtimeConfig.<key>` of a plugin config, with Go's case-insensitive matching on both levels. */
export function runtimeConfigValue(config: unknown, key: string): unknown {
  return getField(getField(config, 'runtimeConfig'), key);
}
