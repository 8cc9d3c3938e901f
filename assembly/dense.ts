// Dense bitmap with summary levels for ranges of up to 2^32 addresses (1 bit per address).
// Level 0 holds one bit per address (1 = taken). Each bit of level k+1 is set exactly when the
// corresponding 64-bit word of level k is full, so a free address is found by climbing until a
// word with a clear bit appears, then descending along clear bits: O(levels) per search.
// Padding bits past the end are set so searches never return them.

import { allocZeroed, release } from './memory';

const MAX_LEVELS = 6;          // 64^6 > 2^32
const BITS = 0;                // u64 number of addresses
const TAKEN = 8;               // u64 addresses marked
const LEVELS = 16;             // i32 number of levels
const TABLE = 24;              // per level: u32 word pointer, u32 word count
const HEADER: usize = TABLE + 8 * MAX_LEVELS;

@inline function levelWords(d: usize, level: i32): usize {
  return <usize>load<u32>(d + TABLE + (level << 3));
}
@inline function levelCount(d: usize, level: i32): u64 {
  return <u64>load<u32>(d + TABLE + (level << 3) + 4);
}

/** A bitmap for n addresses (1 <= n <= 2^32), all free; 0 when out of memory. */
export function denseNew(n: u64): usize {
  let total: u64 = 0;
  let levels = 0;
  let bits = n;
  while (true) {
    const words = (bits + 63) >> 6;
    total += words;
    levels++;
    if (words == 1) break;
    bits = words;
  }
  const d = allocZeroed(HEADER + <usize>(total << 3));
  if (d == 0) return 0;
  store<u64>(d + BITS, n);
  store<i32>(d + LEVELS, levels);
  let wordPtr = d + HEADER;
  bits = n;
  for (let level = 0; level < levels; level++) {
    const words = (bits + 63) >> 6;
    store<u32>(d + TABLE + (level << 3), <u32>wordPtr);
    store<u32>(d + TABLE + (level << 3) + 4, <u32>words);
    const used = <i32>(bits & 63);
    if (used != 0) store<u64>(wordPtr + <usize>((words - 1) << 3), u64.MAX_VALUE << <u64>used);
    wordPtr += <usize>(words << 3);
    bits = words;
  }
  return d;
}

export function denseFree(d: usize): void {
  release(d);
}

@inline export function denseTaken(d: usize): u64 {
  return load<u64>(d + TAKEN);
}

@inline export function denseTest(d: usize, i: u64): bool {
  return ((load<u64>(levelWords(d, 0) + <usize>((i >> 6) << 3)) >> (i & 63)) & 1) != 0;
}

/** Marks address i (< n); returns true if it was free. */
export function denseSet(d: usize, i: u64): bool {
  let p = levelWords(d, 0) + <usize>((i >> 6) << 3);
  const old = load<u64>(p);
  const bit = <u64>1 << (i & 63);
  if ((old & bit) != 0) return false;
  let word = old | bit;
  store<u64>(p, word);
  store<u64>(d + TAKEN, load<u64>(d + TAKEN) + 1);
  const levels = load<i32>(d + LEVELS);
  let index = i >> 6;
  for (let level = 1; level < levels && word == u64.MAX_VALUE; level++) {
    p = levelWords(d, level) + <usize>((index >> 6) << 3);
    word = load<u64>(p) | (<u64>1 << (index & 63));
    store<u64>(p, word);
    index >>= 6;
  }
  return true;
}

/** Frees address i (< n); returns true if it was taken. */
export function denseClear(d: usize, i: u64): bool {
  let p = levelWords(d, 0) + <usize>((i >> 6) << 3);
  let old = load<u64>(p);
  const bit = <u64>1 << (i & 63);
  if ((old & bit) == 0) return false;
  store<u64>(p, old & ~bit);
  store<u64>(d + TAKEN, load<u64>(d + TAKEN) - 1);
  const levels = load<i32>(d + LEVELS);
  let index = i >> 6;
  for (let level = 1; level < levels && old == u64.MAX_VALUE; level++) {
    p = levelWords(d, level) + <usize>((index >> 6) << 3);
    old = load<u64>(p);
    store<u64>(p, old & ~(<u64>1 << (index & 63)));
    index >>= 6;
  }
  return true;
}

/** First free address >= from, or -1 when every address from there on is taken. */
export function denseFind(d: usize, from: u64): i64 {
  if (from >= load<u64>(d + BITS)) return -1;
  const levels = load<i32>(d + LEVELS);
  let level = 0;
  let index = from;
  while (true) {
    const w = index >> 6;
    if (w >= levelCount(d, level)) return -1;
    const free = ~load<u64>(levelWords(d, level) + <usize>(w << 3)) & (u64.MAX_VALUE << (index & 63));
    if (free != 0) {
      index = (w << 6) + ctz(free);
      break;
    }
    if (level == levels - 1) return -1;
    level++;
    index = w + 1;
  }
  while (level > 0) {
    level--;
    index = (index << 6) + ctz(~load<u64>(levelWords(d, level) + <usize>(index << 3)));
  }
  return <i64>index;
}
