// Sparse bitmap for ranges too large for a dense one (up to 2^128 addresses). Same summary-level
// scheme as dense.ts, but every level is a hash table of the 64-bit words that are not all-zero
// at some point, keyed by word index. Absent words read as zero (all free), so memory follows
// the number of marked addresses, not the size of the range: 1M random marks in an IPv6 /64
// need about 35 MB of linear memory, 1M consecutive marks well under 1 MB.

import { ERR_NO_MEMORY } from './errors';
import { allocZeroed, release } from './memory';
import { add128, resultHi, resultLo, setResult, shr128 } from './u128';

const MAX_LEVELS = 22;          // 64^22 > 2^128
const TAKEN = 0;                // u64 addresses marked
const LEVELS = 8;               // i32 number of levels
const STRIDE = 12;              // i32 slot size: 16 (key < 2^63 fits one u64) or 24 (two-word key)
const TABLES = 16;              // per level: u32 slots pointer, u32 capacity, u32 count, u32 pad
const HEADER: usize = TABLES + 16 * MAX_LEVELS;
const EMPTY: u64 = u64.MAX_VALUE; // first u64 of an unused slot; never a valid key word
const INITIAL_CAPACITY: u32 = 16;

@inline function tableAt(s: usize, level: i32): usize {
  return s + TABLES + (<usize>level << 4);
}

/** Home slot in [0, capacity): a multiplicative hash scaled to the capacity (no power of two
 * needed, so tables can grow by 1.5x and freed tables make room for the next one). */
@inline function homeOf(hi: u64, lo: u64, capacity: u32): usize {
  const h = ((lo ^ (hi * 0xff51afd7ed558ccd)) * 0x9e3779b97f4a7c15) >> 32;
  return <usize>((h * <u64>capacity) >> 32);
}

/** Slot holding key (hi, lo) in table t, or the empty slot where it would go. */
function slotFor(t: usize, stride: usize, hi: u64, lo: u64): usize {
  const slots = <usize>load<u32>(t);
  const capacity = load<u32>(t, 4);
  let i = homeOf(hi, lo, capacity);
  while (true) {
    const slot = slots + i * stride;
    const first = load<u64>(slot);
    if (first == EMPTY) return slot;
    if (stride == 16) {
      if (first == lo) return slot;
    } else if (first == hi && load<u64>(slot, 8) == lo) {
      return slot;
    }
    i++;
    if (i == <usize>capacity) i = 0;
  }
}

/** The word at (hi, lo) of a level; absent words are 0. */
function getWord(s: usize, level: i32, hi: u64, lo: u64): u64 {
  const t = tableAt(s, level);
  if (load<u32>(t) == 0) return 0;
  const stride = <usize>load<i32>(s + STRIDE);
  const slot = slotFor(t, stride, hi, lo);
  if (load<u64>(slot) == EMPTY) return 0;
  return load<u64>(slot + stride - 8);
}

/** Stores a word; the table must have room (see ensureRoom). */
function putWord(s: usize, level: i32, hi: u64, lo: u64, word: u64): void {
  const t = tableAt(s, level);
  const stride = <usize>load<i32>(s + STRIDE);
  const slot = slotFor(t, stride, hi, lo);
  if (load<u64>(slot) == EMPTY) {
    if (stride == 16) {
      store<u64>(slot, lo);
    } else {
      store<u64>(slot, hi);
      store<u64>(slot, lo, 8);
    }
    store<u32>(t, load<u32>(t, 8) + 1, 8);
  }
  store<u64>(slot + stride - 8, word);
}

function newSlots(capacity: u32, stride: usize): usize {
  const bytes = <usize>capacity * stride;
  const slots = allocZeroed(bytes);
  if (slots != 0) memory.fill(slots, 0xff, bytes);
  return slots;
}

/** Makes sure one more key fits under a 3/4 load factor; false when out of memory. */
function ensureRoom(s: usize, level: i32): bool {
  const t = tableAt(s, level);
  const stride = <usize>load<i32>(s + STRIDE);
  const oldSlots = <usize>load<u32>(t);
  if (oldSlots == 0) {
    const slots = newSlots(INITIAL_CAPACITY, stride);
    if (slots == 0) return false;
    store<u32>(t, <u32>slots);
    store<u32>(t, INITIAL_CAPACITY, 4);
    return true;
  }
  const capacity = load<u32>(t, 4);
  const count = <u64>load<u32>(t, 8);
  if ((count + 1) * 4 <= <u64>capacity * 3) return true;
  const grown = capacity + (capacity >> 1);
  const slots = newSlots(grown, stride);
  if (slots == 0) return false;
  store<u32>(t, <u32>slots);
  store<u32>(t, grown, 4);
  store<u32>(t, 0, 8);
  const end = oldSlots + <usize>capacity * stride;
  for (let slot = oldSlots; slot < end; slot += stride) {
    if (load<u64>(slot) == EMPTY) continue;
    const hi = stride == 16 ? 0 : load<u64>(slot);
    const lo = load<u64>(slot + stride - 16);
    putWord(s, level, hi, lo, load<u64>(slot + stride - 8));
  }
  release(oldSlots);
  return true;
}

/** A bitmap for offsets 0..last (inclusive), all free; 0 when out of memory. */
export function sparseNew(lastHi: u64, lastLo: u64): usize {
  const s = allocZeroed(HEADER);
  if (s == 0) return 0;
  // Enough levels that the top one is a single word: last >> (6 * levels) == 0.
  let levels = 1;
  while (6 * levels < 128) {
    shr128(lastHi, lastLo, 6 * levels);
    if (resultHi == 0 && resultLo == 0) break;
    levels++;
  }
  store<i32>(s + LEVELS, levels);
  // Level-0 keys are offset >> 6; below 2^63 they fit the 16-byte slot with room for EMPTY.
  store<i32>(s + STRIDE, lastHi < (<u64>1 << 5) ? 16 : 24);
  return s;
}

export function sparseFree(s: usize): void {
  for (let level = 0; level < MAX_LEVELS; level++) release(<usize>load<u32>(tableAt(s, level)));
  release(s);
}

@inline export function sparseTaken(s: usize): u64 {
  return load<u64>(s + TAKEN);
}

// A cursor over the path from an offset up through the levels: the word index at the current
// level and the bit inside that word. Module state because AssemblyScript returns one value.
let pathHi: u64 = 0;
let pathLo: u64 = 0;
let pathBit: u64 = 0;

/** Points the cursor at the level-0 word and bit of an offset. */
@inline function pathStart(hi: u64, lo: u64): void {
  pathHi = hi >> 6;
  pathLo = (lo >> 6) | (hi << 58);
  pathBit = lo & 63;
}

/** Moves the cursor one level up: the word index becomes the bit index. */
@inline function pathUp(): void {
  pathBit = pathLo & 63;
  pathLo = (pathLo >> 6) | (pathHi << 58);
  pathHi >>= 6;
}

export function sparseTest(s: usize, hi: u64, lo: u64): bool {
  pathStart(hi, lo);
  return ((getWord(s, 0, pathHi, pathLo) >> pathBit) & 1) != 0;
}

/** Marks an offset: 1 if it was free, 0 if already marked, ERR_NO_MEMORY (nothing changed). */
export function sparseSet(s: usize, hi: u64, lo: u64): i32 {
  const levels = load<i32>(s + LEVELS);
  // Dry run: find how many levels the mark will write, so room is reserved before any change
  // (a half-applied mark would break the "summary bit clear => word not full" invariant).
  pathStart(hi, lo);
  let word = getWord(s, 0, pathHi, pathLo);
  if (((word >> pathBit) & 1) != 0) return 0;
  let touched = 0;
  while (true) {
    word |= <u64>1 << pathBit;
    touched++;
    if (word != u64.MAX_VALUE || touched == levels) break;
    pathUp();
    word = getWord(s, touched, pathHi, pathLo);
  }
  for (let level = 0; level < touched; level++) {
    if (!ensureRoom(s, level)) return ERR_NO_MEMORY;
  }
  pathStart(hi, lo);
  for (let level = 0; level < touched; level++) {
    if (level > 0) pathUp();
    putWord(s, level, pathHi, pathLo, getWord(s, level, pathHi, pathLo) | (<u64>1 << pathBit));
  }
  store<u64>(s + TAKEN, load<u64>(s + TAKEN) + 1);
  return 1;
}

/** Frees an offset; true if it was marked. Only existing words change, so it cannot fail. */
export function sparseClear(s: usize, hi: u64, lo: u64): bool {
  const levels = load<i32>(s + LEVELS);
  pathStart(hi, lo);
  let old = getWord(s, 0, pathHi, pathLo);
  if (((old >> pathBit) & 1) == 0) return false;
  for (let level = 0; level < levels; level++) {
    if (level > 0) {
      pathUp();
      old = getWord(s, level, pathHi, pathLo);
    }
    putWord(s, level, pathHi, pathLo, old & ~(<u64>1 << pathBit));
    if (old != u64.MAX_VALUE) break; // the word was not full, so no summary bit was set above
  }
  store<u64>(s + TAKEN, load<u64>(s + TAKEN) - 1);
  return true;
}

/**
 * First free offset >= from, left in resultHi/resultLo; false if none exists below 2^128.
 * The result may lie past the range's last offset: callers bound-check it.
 */
export function sparseFind(s: usize, fromHi: u64, fromLo: u64): bool {
  const levels = load<i32>(s + LEVELS);
  let level = 0;
  let hi = fromHi;
  let lo = fromLo;
  while (true) {
    const wHi = hi >> 6;
    const wLo = (lo >> 6) | (hi << 58);
    const free = ~getWord(s, level, wHi, wLo) & (u64.MAX_VALUE << (lo & 63));
    if (free != 0) {
      lo = (wLo << 6) | ctz(free);
      hi = (wHi << 6) | (wLo >> 58);
      break;
    }
    if (level == levels - 1) return false;
    level++;
    add128(wHi, wLo, 0, 1);
    hi = resultHi;
    lo = resultLo;
  }
  while (level > 0) {
    level--;
    const c = ctz(~getWord(s, level, hi, lo));
    hi = (hi << 6) | (lo >> 58);
    lo = (lo << 6) | c;
  }
  // Climbing past the top of the 128-bit space wraps around to small offsets.
  if (hi < fromHi || (hi == fromHi && lo < fromLo)) return false;
  setResult(hi, lo);
  return true;
}
