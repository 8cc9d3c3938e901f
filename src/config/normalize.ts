// Go's encoding/json fills struct fields case-insensitively, and a JSON null leaves a field as it
// was. containerd relies on the first (it sends `{"Subnet": ...}` in runtimeConfig.ipRanges). Rewriting
// the document's keys to the schema's spelling lets validation and the plugins read plain keys.
import { kindSchemaIds } from '../../build/generated/validators.js';
import { additionalSchemas, applicable, itemSchemas, knownKeys, rootOf, type Located } from './schema-walk.js';
import type { ConfigKind } from './kinds.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function normalizeAt(value: unknown, start: Located[]): unknown {
  if (start.length === 0) return value; // no schema here: nothing to rename below (and no deep recursion)
  const nodes = applicable(start, value);
  if (Array.isArray(value)) {
    const items = itemSchemas(nodes);
    return value.map((v) => normalizeAt(v, items));
  }
  if (!isObject(value)) return value;
  const { keys } = knownKeys(nodes);
  const byLower = new Map<string, string>();
  for (const k of keys.keys()) byLower.set(k.toLowerCase(), k);
  const extra = additionalSchemas(nodes);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const name = keys.has(key) ? key : (byLower.get(key.toLowerCase()) ?? key);
    const known = keys.get(name);
    if (known && v === null) continue; // null is a no-op for a Go field
    out[name] = normalizeAt(v, known ?? extra);
  }
  return out;
}

/**
 * The document with keys spelt as the schema spells them (matched case-insensitively, the last one
 * winning, as Go does) and nulls of known fields dropped. Unknown keys are kept as they are.
 */
export function normalizeConfig(kind: ConfigKind, doc: unknown): unknown {
  return normalizeAt(doc, rootOf(kindSchemaIds[kind]));
}
