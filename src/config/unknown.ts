// Keys the schemas do not know. The reference ignores them silently, which hides typos; the
// playground shows them with a suggestion. Keys that only differ in case are not reported: Go
// matches them. Deprecated spellings (ipam "range-start") are reported: the reference ignores them.
import { kindSchemaIds } from '../../build/generated/validators.js';
import type { ConfigKind } from './kinds.js';
import { joinPath } from './paths.js';
import { additionalSchemas, applicable, itemSchemas, knownKeys, rootOf, type Located } from './schema-walk.js';
import { suggestName } from './suggest.js';

export interface UnknownField { path: string; suggestion?: string }

const RESERVED_PREFIX = 'cni.dev/';

function walk(value: unknown, start: Located[], path: string, out: UnknownField[]): void {
  if (start.length === 0) return; // below an unknown or open key nothing is known
  const nodes = applicable(start, value);
  if (Array.isArray(value)) {
    const items = itemSchemas(nodes);
    value.forEach((v, i) => walk(v, items, joinPath(path, i), out));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const { keys, open } = knownKeys(nodes);
  const usable = [...keys].filter(([, subs]) => !subs.some((s) => s.schema.deprecated)).map(([k]) => k);
  const byLower = new Map([...keys.keys()].map((k) => [k.toLowerCase(), k]));
  for (const [key, v] of Object.entries(value)) {
    const name = byLower.get(key.toLowerCase());
    const subs = name === undefined ? undefined : keys.get(name);
    const here = joinPath(path, key);
    if (subs && subs.some((s) => s.schema.deprecated)) {
      out.push(withSuggestion(here, suggestName(key, usable)));
    } else if (!subs && !open && !key.startsWith(RESERVED_PREFIX)) {
      out.push(withSuggestion(here, suggestName(key, usable)));
    }
    walk(v, subs ?? additionalSchemas(nodes), here, out);
  }
}

function withSuggestion(path: string, suggestion: string | undefined): UnknownField {
  return suggestion === undefined ? { path } : { path, suggestion };
}

/** Keys of `doc` that no schema of `kind` defines, with the closest known key when one is near. */
export function unknownFields(kind: ConfigKind, doc: unknown): UnknownField[] {
  const out: UnknownField[] = [];
  walk(doc, rootOf(kindSchemaIds[kind]), '', out);
  return out;
}
