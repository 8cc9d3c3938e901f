// JSON helpers that behave like Go's encoding/json where libcni depends on it.

import { decodeGoJson } from '../cni/decode.js';

export { type JsonObject, isObject, getField as field } from '../cni/fields.js';

// Go's name for a JSON value's type in messages ("string", "float64", "[]interface {}" ...).
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  switch (typeof v) {
    case 'string': return 'string';
    case 'number': return 'float64';
    case 'boolean': return 'bool';
    default: return 'map[string]interface {}';
  }
}

// JSON text to a value; a syntax error carries Go's wording ("unexpected end of JSON input").
export function parseJson(bytes: Buffer | string): unknown {
  const d = decodeGoJson(bytes);
  if ('error' in d) throw new Error(d.error);
  return d.value;
}
