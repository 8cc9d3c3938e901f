// Detecting changes made to a network directory by anyone else (the reference binary, an admin).
//
// Any create, unlink or rename in a directory sets its mtime to the kernel's current time. After
// each change of ours we set the mtime back by a microsecond and record the result: a value the
// kernel never produces later (time moves forward), so a later change by someone else, even in
// the same clock tick as ours, always leaves an mtime different from the recorded one.

import { statSync, utimesSync } from 'node:fs';
import type { DirIdentity } from './index-files.js';

const STAMP_BACK_NS = 1000n;

export function dirIdentity(dir: string): DirIdentity {
  const st = statSync(dir, { bigint: true });
  return { mtimeNs: st.mtimeNs, dev: st.dev, ino: st.ino };
}

export function sameIdentity(a: DirIdentity, b: DirIdentity): boolean {
  return a.mtimeNs === b.mtimeNs && a.dev === b.dev && a.ino === b.ino;
}

/** Marks the directory's current state with an mtime the kernel will not hand out again. */
export function stampDirectory(dir: string): DirIdentity {
  const st = statSync(dir, { bigint: true });
  const seconds = (ns: bigint) => Number(ns) / 1e9;   // utimes takes seconds (sub-µs precision lost)
  try {
    utimesSync(dir, seconds(st.atimeNs), seconds(st.mtimeNs - STAMP_BACK_NS));
  } catch {
    // not our directory to touch (EPERM): the kernel's value is the best we have
  }
  return dirIdentity(dir);
}
