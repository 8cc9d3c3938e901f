// Putting a directory's timestamps back exactly, as if a change in it had never happened: how a
// change by another writer hides behind our mtime stamp (src/store/dir-stamp.ts).
import { type BigIntStats, statSync, utimesSync } from 'node:fs';

/** Sets atime and mtime back to `before`; throws if the kernel did not keep them to the ns. */
export function restoreTimes(dir: string, before: BigIntStats): void {
  // utimes takes seconds as a double and libuv truncates them to µs: aim mid-microsecond.
  const seconds = (ns: bigint) => Number(ns + 500n) / 1e9;
  utimesSync(dir, seconds(before.atimeNs), seconds(before.mtimeNs));
  if (statSync(dir, { bigint: true }).mtimeNs !== before.mtimeNs) throw new Error(`could not restore the mtime of ${dir}`);
}
