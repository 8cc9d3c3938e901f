// 128-bit unsigned arithmetic on (hi, lo) u64 pairs. AssemblyScript functions return a single
// value, so two-word results are left in resultHi / resultLo for the caller to pick up.

export let resultHi: u64 = 0;
export let resultLo: u64 = 0;

/** Sets the result pair (modules cannot assign another module's globals). */
@inline export function setResult(hi: u64, lo: u64): void {
  resultHi = hi;
  resultLo = lo;
}

/** Reads the high 64 bits of a 16-byte big-endian value. */
@inline export function loadHi(p: usize): u64 { return bswap<u64>(load<u64>(p)); }
/** Reads the low 64 bits of a 16-byte big-endian value. */
@inline export function loadLo(p: usize): u64 { return bswap<u64>(load<u64>(p, 8)); }

/** Writes a 128-bit value as 16 big-endian bytes. */
@inline export function store128(p: usize, hi: u64, lo: u64): void {
  store<u64>(p, bswap<u64>(hi));
  store<u64>(p, bswap<u64>(lo), 8);
}

/** result = a + b; returns true when the sum wrapped past 2^128 - 1. */
export function add128(aHi: u64, aLo: u64, bHi: u64, bLo: u64): bool {
  const lo = aLo + bLo;
  const carry: u64 = lo < aLo ? 1 : 0;
  const partial = aHi + bHi;
  const hi = partial + carry;
  resultLo = lo;
  resultHi = hi;
  return partial < aHi || hi < partial;
}

/** result = a - b; returns true when b > a (the difference wrapped). */
export function sub128(aHi: u64, aLo: u64, bHi: u64, bLo: u64): bool {
  const borrow: u64 = aLo < bLo ? 1 : 0;
  const partial = aHi - bHi;
  resultLo = aLo - bLo;
  resultHi = partial - borrow;
  return aHi < bHi || partial < borrow;
}

/** -1, 0 or 1 as a is below, equal to or above b. */
@inline export function cmp128(aHi: u64, aLo: u64, bHi: u64, bLo: u64): i32 {
  if (aHi != bHi) return aHi < bHi ? -1 : 1;
  if (aLo != bLo) return aLo < bLo ? -1 : 1;
  return 0;
}

/** A u64 with its low n bits set, n in 0..64 (wasm shifts are modulo 64, hence the guard). */
@inline export function lowOnes(n: i32): u64 {
  return n >= 64 ? u64.MAX_VALUE : (<u64>1 << <u64>n) - 1;
}

/** result = the host part mask of a prefix length in 0..128 (low 128-prefix bits set). */
export function hostMask(prefix: i32): void {
  const hostBits = 128 - prefix;
  resultHi = hostBits > 64 ? lowOnes(hostBits - 64) : 0;
  resultLo = hostBits >= 64 ? u64.MAX_VALUE : lowOnes(hostBits);
}

/** result = v >> n for n in 0..127. */
export function shr128(hi: u64, lo: u64, n: i32): void {
  if (n == 0) {
    resultHi = hi;
    resultLo = lo;
  } else if (n < 64) {
    resultLo = (lo >> <u64>n) | (hi << <u64>(64 - n));
    resultHi = hi >> <u64>n;
  } else {
    resultLo = hi >> <u64>(n - 64);
    resultHi = 0;
  }
}

/** result = v << n for n in 0..127 (bits shifted past bit 127 are lost). */
export function shl128(hi: u64, lo: u64, n: i32): void {
  if (n == 0) {
    resultHi = hi;
    resultLo = lo;
  } else if (n < 64) {
    resultHi = (hi << <u64>n) | (lo >> <u64>(64 - n));
    resultLo = lo << <u64>n;
  } else {
    resultHi = lo << <u64>(n - 64);
    resultLo = 0;
  }
}
