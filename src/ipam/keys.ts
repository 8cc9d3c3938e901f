// Go's encoding/json matches object keys to struct fields case-insensitively, and the last
// matching key wins. The reference host-local reads its whole config that way (containerd sends
// PascalCase runtimeConfig keys), so we rename keys to their canonical spelling before reading.

import type { JsonObject } from '../cni/fields.js';

// Go folds with Unicode simple folding; beyond ASCII only the Kelvin sign and the long s fold
// onto ASCII letters that appear in our field names.
function fold(key: string): string {
  return key.toLowerCase().replace(/\u017f/g, 's'); // toLowerCase already maps the Kelvin sign
}

/**
 * A copy of `obj` whose keys matching one of `names` are renamed to that exact spelling (the last
 * match wins), so that schemas written for canonical keys see what Go would see.
 * Keys that match no name are kept as they are.
 */
export function canonicalKeys(obj: JsonObject, names: readonly string[]): JsonObject {
  const byFold = new Map(names.map((n) => [fold(n), n]));
  const out: JsonObject = {};
  for (const k of Object.keys(obj)) {
    const canonical = byFold.get(fold(k));
    const key = canonical ?? k;
    // defineProperty: a "__proto__" key from JSON must stay a plain property.
    Object.defineProperty(out, key, { value: obj[k], enumerable: true, writable: true, configurable: true });
  }
  return out;
}
