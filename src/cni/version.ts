// Spec versions: what we speak, and Go's version-number parsing (with its exact error messages).
import { goQuote } from './gojson.js';

export const SUPPORTED_VERSIONS: string[] = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'];

/** The version VERSION reports as its own (`version.Current()` in the reference). */
export const CURRENT_VERSION = '1.1.0';

function atoi(part: string, which: string): number {
  // strconv.Atoi: optional sign, decimal digits only.
  const q = goQuote(part);
  const fail = (why: string) => new Error(`failed to convert ${which} version part ${q}: strconv.Atoi: parsing ${q}: ${why}`);
  if (!/^[+-]?[0-9]+$/.test(part)) throw fail('invalid syntax');
  const n = BigInt(part);
  if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) throw fail('value out of range');
  return Number(n);
}

/** [major, minor, micro]; "" means 0.1.0. Throws Go's messages for malformed versions. */
export function parseVersion(version: string): [number, number, number] {
  if (version === '') return [0, 1, 0];
  const parts = version.split('.');
  if (parts.length >= 4) throw new Error(`invalid version ${goQuote(version)}: too many parts`);
  const major = atoi(parts[0]!, 'major');
  const minor = parts.length >= 2 ? atoi(parts[1]!, 'minor') : 0;
  const micro = parts.length >= 3 ? atoi(parts[2]!, 'micro') : 0;
  return [major, minor, micro];
}

export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  for (let i = 0; i < 3; i++) {
    if (x[i]! !== y[i]!) return x[i]! < y[i]! ? -1 : 1;
  }
  return 0;
}

export function versionAtLeast(v: string, min: string): boolean {
  return compareVersions(v, min) >= 0;
}
