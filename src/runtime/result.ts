// Results coming back from plugins and out of the cache, in the version the caller needs. Like libcni,
// a result is read into the typed shape of its version (unknown keys dropped) and written back from it.
import { parseResult, resultAsVersion } from '../cni/result.js';
import { SUPPORTED_VERSIONS } from '../cni/version.js';
import { isObject, parseJson } from './json.js';
import type { RawResult } from './types.js';

function normalise(doc: Record<string, unknown>, version: string): RawResult {
  if (!SUPPORTED_VERSIONS.includes(version)) throw new Error(`unsupported CNI result version "${version}"`);
  return resultAsVersion(parseResult({ ...doc, cniVersion: version }), version) as RawResult;
}

// A plugin's ADD output. A result without cniVersion takes the config's version (libcni's
// fixupResultVersion); a config without one means 0.1.0.
export function decodeResult(stdout: Buffer, confVersion: string): RawResult {
  let doc: unknown;
  try {
    doc = parseJson(stdout);
  } catch (e) {
    throw new Error(`failed to unmarshal raw result: ${(e as Error).message}`);
  }
  const obj = isObject(doc) ? doc : {};
  const own = typeof obj.cniVersion === 'string' ? obj.cniVersion : '';
  return normalise(obj, own || confVersion || '0.1.0');
}

// The result of a cniCacheV1 file, or a whole legacy (libcni 0.7) cache file; no version means 0.1.0.
export function resultFromCache(doc: unknown): RawResult {
  if (!isObject(doc)) throw new Error('decoding version from network config: not a JSON object');
  const own = typeof doc.cniVersion === 'string' ? doc.cniVersion : '';
  return normalise(doc, own || '0.1.0');
}

// The result as another spec version describes it (libcni converts cached results to the list's
// version before passing them on as prevResult).
export function convertResult(r: RawResult, to: string): RawResult {
  if (r.cniVersion === to) return r;
  try {
    return resultAsVersion(parseResult(r), to) as RawResult;
  } catch (e) {
    throw new Error(`failed to convert cached result to config version "${to}": ${(e as Error).message}`);
  }
}
