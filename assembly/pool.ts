// A pool is one host-local range set: disjoint ranges of one family, each with an optional
// address that is never handed out (its gateway). Each range owns a bitmap of its offsets,
// dense up to DENSE_LIMIT addresses and sparse beyond.

import { ERR_BAD_RANGE, ERR_FAMILY, ERR_NO_MEMORY, ERR_OUTSIDE, ERR_OVERLAP } from './errors';
import { isV4 } from './address';
import { allocZeroed, release } from './memory';
import { add128, cmp128, loadHi, loadLo, resultHi, resultLo, setResult, sub128 } from './u128';
import { denseClear, denseFind, denseFree, denseNew, denseSet, denseTest } from './dense';
import { sparseClear, sparseFind, sparseFree, sparseNew, sparseSet, sparseTest } from './sparse';

/** Ranges up to this many addresses get a dense bitmap (4 MiB at most). */
const DENSE_LIMIT: u64 = 1 << 25;
/** Ranges per pool; keeps the insertion sort and overlap check below cheap. */
export const MAX_RANGES: i32 = 4096;
/** Size of one range record passed in by the host (see ABI.md). */
const RANGE_INPUT_SIZE: usize = 64;

// Pool header
const COUNT = 0;        // i32 number of ranges
const FAMILY = 4;       // i32 4 or 6
const TAKEN = 8;        // u64 addresses marked across all ranges
const HEADER: usize = 16;
// Range record, after the header; then a u32 array of range indexes sorted by start
const START_HI = 0;
const START_LO = 8;
const END_HI = 16;
const END_LO = 24;
const LAST_HI = 32;     // end - start
const LAST_LO = 40;
const SKIP_HI = 48;     // skip - start, valid when HAS_SKIP
const SKIP_LO = 56;
const HAS_SKIP = 64;    // u32
const IS_DENSE = 68;    // u32
const BITMAP = 72;      // u32 pointer
const RANGE_SIZE: usize = 80;

@inline function rangeAt(pool: usize, index: i32): usize {
  return pool + HEADER + <usize>index * RANGE_SIZE;
}
@inline function sortedAt(pool: usize, k: i32): i32 {
  return load<i32>(rangeAt(pool, load<i32>(pool + COUNT)) + (<usize>k << 2));
}

export function poolTaken(pool: usize): u64 {
  return load<u64>(pool + TAKEN);
}

/** result = number of addresses in all ranges; returns true if that is exactly 2^128. */
export function poolSize(pool: usize): bool {
  let hi: u64 = 0;
  let lo: u64 = 0;
  let overflow = false;
  const n = load<i32>(pool + COUNT);
  for (let i = 0; i < n; i++) {
    const r = rangeAt(pool, i);
    if (add128(hi, lo, load<u64>(r + LAST_HI), load<u64>(r + LAST_LO))) overflow = true;
    if (add128(resultHi, resultLo, 0, 1)) overflow = true;
    hi = resultHi;
    lo = resultLo;
  }
  setResult(hi, lo);
  return overflow;
}

function sortByStart(pool: usize, n: i32): void {
  const order = rangeAt(pool, n);
  for (let i = 0; i < n; i++) store<i32>(order + (<usize>i << 2), i);
  for (let i = 1; i < n; i++) {
    const v = load<i32>(order + (<usize>i << 2));
    const r = rangeAt(pool, v);
    let j = i - 1;
    while (j >= 0) {
      const o = rangeAt(pool, load<i32>(order + (<usize>j << 2)));
      if (cmp128(load<u64>(o + START_HI), load<u64>(o + START_LO), load<u64>(r + START_HI), load<u64>(r + START_LO)) <= 0) break;
      store<i32>(order + (<usize>(j + 1) << 2), load<i32>(order + (<usize>j << 2)));
      j--;
    }
    store<i32>(order + (<usize>(j + 1) << 2), v);
  }
}

/** Frees a pool and its bitmaps. */
export function poolFree(pool: usize): void {
  const n = load<i32>(pool + COUNT);
  for (let i = 0; i < n; i++) {
    const r = rangeAt(pool, i);
    const bitmap = bitmapOf(r);
    if (bitmap == 0) continue;
    if (isDense(r)) denseFree(bitmap);
    else sparseFree(bitmap);
  }
  release(pool);
}

/**
 * Builds a pool from n host range records at input. Returns the pool pointer (> 0) or a
 * negative error code: ERR_BAD_RANGE, ERR_FAMILY, ERR_OVERLAP, ERR_NO_MEMORY.
 */
export function poolNew(input: usize, n: i32): isize {
  if (n <= 0) return ERR_BAD_RANGE;
  const pool = allocZeroed(HEADER + <usize>n * (RANGE_SIZE + 4));
  if (pool == 0) return ERR_NO_MEMORY;
  store<i32>(pool + COUNT, n);
  let family = 0;
  for (let i = 0; i < n; i++) {
    const src = input + <usize>i * RANGE_INPUT_SIZE;
    const r = rangeAt(pool, i);
    const sHi = loadHi(src), sLo = loadLo(src);
    const eHi = loadHi(src + 16), eLo = loadLo(src + 16);
    const rangeFamily = isV4(sHi, sLo) ? 4 : 6;
    if (i == 0) family = rangeFamily;
    let status = 0;
    if (isV4(eHi, eLo) != (rangeFamily == 4) || cmp128(sHi, sLo, eHi, eLo) > 0) status = ERR_BAD_RANGE;
    else if (rangeFamily != family) status = ERR_FAMILY;
    if (status != 0) {
      poolFree(pool);
      return status;
    }
    store<u64>(r + START_HI, sHi);
    store<u64>(r + START_LO, sLo);
    store<u64>(r + END_HI, eHi);
    store<u64>(r + END_LO, eLo);
    sub128(eHi, eLo, sHi, sLo);
    const lastHi = resultHi, lastLo = resultLo;
    store<u64>(r + LAST_HI, lastHi);
    store<u64>(r + LAST_LO, lastLo);
    if (load<u8>(src + 48) != 0) {
      const kHi = loadHi(src + 32), kLo = loadLo(src + 32);
      if (cmp128(kHi, kLo, sHi, sLo) >= 0 && cmp128(kHi, kLo, eHi, eLo) <= 0) {
        sub128(kHi, kLo, sHi, sLo);
        store<u64>(r + SKIP_HI, resultHi);
        store<u64>(r + SKIP_LO, resultLo);
        store<u32>(r + HAS_SKIP, 1);
      }
    }
    const dense = lastHi == 0 && lastLo < DENSE_LIMIT;
    const bitmap = dense ? denseNew(lastLo + 1) : sparseNew(lastHi, lastLo);
    if (bitmap == 0) {
      poolFree(pool);
      return ERR_NO_MEMORY;
    }
    store<u32>(r + IS_DENSE, dense ? 1 : 0);
    store<u32>(r + BITMAP, <u32>bitmap);
  }
  store<i32>(pool + FAMILY, family);
  sortByStart(pool, n);
  for (let k = 1; k < n; k++) {
    const a = rangeAt(pool, sortedAt(pool, k - 1));
    const b = rangeAt(pool, sortedAt(pool, k));
    if (cmp128(load<u64>(a + END_HI), load<u64>(a + END_LO), load<u64>(b + START_HI), load<u64>(b + START_LO)) >= 0) {
      poolFree(pool);
      return ERR_OVERLAP;
    }
  }
  return <isize>pool;
}

/** Index of the range holding the address, or -1. Leaves the offset in resultHi/resultLo. */
export function findRange(pool: usize, hi: u64, lo: u64): i32 {
  if (isV4(hi, lo) != (load<i32>(pool + FAMILY) == 4)) return -1;
  // Binary search for the last range (by start) whose start <= address.
  let low = 0;
  let high = load<i32>(pool + COUNT) - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const r = rangeAt(pool, sortedAt(pool, mid));
    if (cmp128(load<u64>(r + START_HI), load<u64>(r + START_LO), hi, lo) <= 0) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  if (found < 0) return -1;
  const index = sortedAt(pool, found);
  const r = rangeAt(pool, index);
  if (cmp128(hi, lo, load<u64>(r + END_HI), load<u64>(r + END_LO)) > 0) return -1;
  sub128(hi, lo, load<u64>(r + START_HI), load<u64>(r + START_LO));
  return index;
}

/** The range record holding the address (its offset left in result), or 0. */
function rangeOf(pool: usize, hi: u64, lo: u64): usize {
  const index = findRange(pool, hi, lo);
  return index < 0 ? 0 : rangeAt(pool, index);
}

@inline function isDense(r: usize): bool {
  return load<u32>(r + IS_DENSE) != 0;
}

@inline function bitmapOf(r: usize): usize {
  return <usize>load<u32>(r + BITMAP);
}

/** 1 newly marked, 0 already taken, ERR_OUTSIDE, ERR_NO_MEMORY. */
export function poolMark(pool: usize, hi: u64, lo: u64): i32 {
  const r = rangeOf(pool, hi, lo);
  if (r == 0) return ERR_OUTSIDE;
  const status = isDense(r) ? (denseSet(bitmapOf(r), resultLo) ? 1 : 0) : sparseSet(bitmapOf(r), resultHi, resultLo);
  if (status == 1) store<u64>(pool + TAKEN, load<u64>(pool + TAKEN) + 1);
  return status;
}

/** 1 released, 0 was not taken, ERR_OUTSIDE. */
export function poolRelease(pool: usize, hi: u64, lo: u64): i32 {
  const r = rangeOf(pool, hi, lo);
  if (r == 0) return ERR_OUTSIDE;
  const cleared = isDense(r) ? denseClear(bitmapOf(r), resultLo) : sparseClear(bitmapOf(r), resultHi, resultLo);
  if (!cleared) return 0;
  store<u64>(pool + TAKEN, load<u64>(pool + TAKEN) - 1);
  return 1;
}

/** 1 taken, 0 free, ERR_OUTSIDE. */
export function poolTest(pool: usize, hi: u64, lo: u64): i32 {
  const r = rangeOf(pool, hi, lo);
  if (r == 0) return ERR_OUTSIDE;
  return (isDense(r) ? denseTest(bitmapOf(r), resultLo) : sparseTest(bitmapOf(r), resultHi, resultLo)) ? 1 : 0;
}

/** First free offset of range r in [from, to] that is not its skip address; left in result. */
function firstFreeIn(r: usize, fromHi: u64, fromLo: u64, toHi: u64, toLo: u64): bool {
  const bitmap = bitmapOf(r);
  const dense = isDense(r);
  const hasSkip = load<u32>(r + HAS_SKIP) != 0;
  let hi = fromHi;
  let lo = fromLo;
  while (true) {
    if (dense) {
      const found = denseFind(bitmap, lo);
      if (found < 0) return false;
      hi = 0;
      lo = <u64>found;
    } else {
      if (!sparseFind(bitmap, hi, lo)) return false;
      hi = resultHi;
      lo = resultLo;
    }
    if (cmp128(hi, lo, toHi, toLo) > 0) return false;
    if (!hasSkip || hi != load<u64>(r + SKIP_HI) || lo != load<u64>(r + SKIP_LO)) break;
    if (hi == toHi && lo == toLo) return false;
    add128(hi, lo, 0, 1);
    hi = resultHi;
    lo = resultLo;
  }
  setResult(hi, lo);
  return true;
}

/** Sets result to start of range r plus the offset in result. */
function toAddress(r: usize): void {
  add128(load<u64>(r + START_HI), load<u64>(r + START_LO), resultHi, resultLo);
}

/** Scans a whole range; on success result holds the address. */
function firstFreeInRange(r: usize): bool {
  if (!firstFreeIn(r, 0, 0, load<u64>(r + LAST_HI), load<u64>(r + LAST_LO))) return false;
  toAddress(r);
  return true;
}

/**
 * host-local round robin: with no usable `after` scan every range from ranges[0]; otherwise
 * scan after+1 .. end of its range, the following ranges (wrapping), then its range from the
 * start up to and including `after`. Skip addresses are never returned. On success the
 * address is left in result.
 */
export function poolNextFree(pool: usize, hasAfter: bool, hi: u64, lo: u64): bool {
  const n = load<i32>(pool + COUNT);
  const index = hasAfter ? findRange(pool, hi, lo) : -1;
  if (index < 0) {
    for (let k = 0; k < n; k++) {
      if (firstFreeInRange(rangeAt(pool, k))) return true;
    }
    return false;
  }
  const offHi = resultHi, offLo = resultLo;
  const r = rangeAt(pool, index);
  const lastHi = load<u64>(r + LAST_HI), lastLo = load<u64>(r + LAST_LO);
  if (cmp128(offHi, offLo, lastHi, lastLo) < 0) {
    add128(offHi, offLo, 0, 1);
    if (firstFreeIn(r, resultHi, resultLo, lastHi, lastLo)) {
      toAddress(r);
      return true;
    }
  }
  for (let k = 1; k < n; k++) {
    if (firstFreeInRange(rangeAt(pool, (index + k) % n))) return true;
  }
  if (firstFreeIn(r, 0, 0, offHi, offLo)) {
    toAddress(r);
    return true;
  }
  return false;
}
