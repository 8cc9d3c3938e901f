// The exported ABI: only i32/i64 values and bytes in exported memory cross the boundary.
// Every export is documented in ABI.md; keep the two in step and bump ABI_VERSION on change.

import {
  ERR_BUFFER, ERR_FAMILY, ERR_HANDLE, ERR_NO_MEMORY, ERR_PREFIX, ERR_RANGE, ERR_SYNTAX, ERR_TOO_MANY,
  ERR_TOO_SMALL, OK,
} from './errors';
import { formatAddress, isV4, parseAddress } from './address';
import { blockContains, blocksOverlap, parseCidr } from './cidr';
import { allocZeroed, bytesInUse, release } from './memory';
import {
  MAX_RANGES, poolFree, poolMark, poolNew, poolNextFree, poolRelease, poolSize, poolTaken, poolTest,
  findRange,
} from './pool';
import { add128, cmp128, hostMask, loadHi, loadLo, resultHi, resultLo, store128, sub128 } from './u128';

const ABI_VERSION: i32 = 1;
const IO_CAP: i32 = 65536;
const io = memory.data(IO_CAP);
const MAX_POOLS: i32 = 4096;
const pools = memory.data(MAX_POOLS << 2); // u32 pool pointer per handle - 1; 0 = free slot

export function abi_version(): i32 { return ABI_VERSION; }
export function io_ptr(): usize { return io; }
export function io_cap(): i32 { return IO_CAP; }

/** Zero-filled block of len bytes (16-byte aligned), or 0 when the memory budget is exhausted. */
export function alloc(len: i32): usize {
  if (len < 0) return 0;
  return allocZeroed(<usize>len);
}
/** Frees a block returned by alloc; 0 is ignored. */
export function free(ptr: usize): void { release(ptr); }
/** Bytes currently allocated (pools and alloc blocks), for diagnostics. */
export function heap_used(): i32 { return <i32>bytesInUse(); }

// ---- addresses

export function parse_ip(text: usize, len: i32, out: usize): i32 {
  if (len < 0) return ERR_SYNTAX;
  return parseAddress(text, len, out);
}

export function format_ip(addr: usize, out: usize): i32 {
  return formatAddress(addr, out);
}

/** Parses '\n'-separated texts; per entry 16 bytes at out and a kind byte (4, 6, 0 = invalid). */
export function parse_ips(text: usize, len: i32, out: usize, kinds: usize, max: i32): i32 {
  if (len < 0) return ERR_SYNTAX;
  const end = text + <usize>len;
  let start = text;
  let count = 0;
  while (true) {
    let stop = start;
    while (stop < end && load<u8>(stop) != 10) stop++;
    if (count == max) return ERR_TOO_MANY;
    const kind = parseAddress(start, <i32>(stop - start), out + (<usize>count << 4));
    store<u8>(kinds + <usize>count, <u8>(kind < 0 ? 0 : kind));
    count++;
    if (stop == end) return count;
    start = stop + 1;
  }
}

/** Formats n addresses as '\n'-separated text; returns the byte count or ERR_BUFFER. */
export function format_ips(addrs: usize, n: i32, out: usize, cap: i32): i32 {
  if (cap < 0) return ERR_BUFFER;
  let p = out;
  const limit = out + <usize>cap;
  for (let i = 0; i < n; i++) {
    if (limit - p < 40) return ERR_BUFFER;
    if (i > 0) {
      store<u8>(p, 10);
      p++;
    }
    p += <usize>formatAddress(addrs + (<usize>i << 4), p);
  }
  return <i32>(p - out);
}

export function ip_compare(a: usize, b: usize): i32 {
  const aHi = loadHi(a), aLo = loadLo(a), bHi = loadHi(b), bLo = loadLo(b);
  const a4 = isV4(aHi, aLo), b4 = isV4(bHi, bLo);
  if (a4 != b4) return a4 ? -1 : 1;
  return cmp128(aHi, aLo, bHi, bLo);
}

/** Stores the result pair if it stays in the family of the input, else ERR_RANGE. */
function storeInFamily(v4: bool, wrapped: bool, out: usize): i32 {
  if (wrapped || (v4 && !isV4(resultHi, resultLo))) return ERR_RANGE;
  store128(out, resultHi, resultLo);
  return OK;
}

export function ip_next(addr: usize, out: usize): i32 {
  const hi = loadHi(addr), lo = loadLo(addr);
  return storeInFamily(isV4(hi, lo), add128(hi, lo, 0, 1), out);
}

export function ip_prev(addr: usize, out: usize): i32 {
  const hi = loadHi(addr), lo = loadLo(addr);
  return storeInFamily(isV4(hi, lo), sub128(hi, lo, 0, 1), out);
}

/** out = addr + n or addr - n, n a 16-byte unsigned magnitude. */
export function ip_add(addr: usize, magnitude: usize, negative: i32, out: usize): i32 {
  const hi = loadHi(addr), lo = loadLo(addr);
  const mHi = loadHi(magnitude), mLo = loadLo(magnitude);
  const wrapped = negative != 0 ? sub128(hi, lo, mHi, mLo) : add128(hi, lo, mHi, mLo);
  return storeInFamily(isV4(hi, lo), wrapped, out);
}

/** out = |b - a|; returns the sign of b - a (-1, 0, 1) or ERR_FAMILY. */
export function ip_distance(a: usize, b: usize, out: usize): i32 {
  const aHi = loadHi(a), aLo = loadLo(a), bHi = loadHi(b), bLo = loadLo(b);
  if (isV4(aHi, aLo) != isV4(bHi, bLo)) return ERR_FAMILY;
  const sign = cmp128(aHi, aLo, bHi, bLo) <= 0 ? 1 : -1;
  if (sign > 0) sub128(bHi, bLo, aHi, aLo);
  else sub128(aHi, aLo, bHi, bLo);
  store128(out, resultHi, resultLo);
  return resultHi == 0 && resultLo == 0 ? 0 : sign;
}

// ---- CIDR blocks (prefix counted over 128 bits: IPv4 /24 is 120)

export function parse_cidr(text: usize, len: i32, out: usize): i32 {
  if (len < 0) return ERR_SYNTAX;
  return parseCidr(text, len, out);
}

/** Writes the first (network) address of the block. */
export function cidr_network(addr: usize, prefix: i32, out: usize): i32 {
  if (<u32>prefix > 128) return ERR_PREFIX;
  hostMask(prefix);
  store128(out, loadHi(addr) & ~resultHi, loadLo(addr) & ~resultLo);
  return OK;
}

/** Writes the last address of the block (all host bits set; the IPv4 broadcast). */
export function cidr_last(addr: usize, prefix: i32, out: usize): i32 {
  if (<u32>prefix > 128) return ERR_PREFIX;
  hostMask(prefix);
  store128(out, loadHi(addr) | resultHi, loadLo(addr) | resultLo);
  return OK;
}

/**
 * host-local's default range of a subnet: network+1 .. last (IPv4: broadcast-1).
 * ERR_TOO_SMALL for blocks with fewer than 4 addresses (/31, /32, /127, /128).
 */
export function cidr_usable(addr: usize, prefix: i32, firstOut: usize, lastOut: usize): i32 {
  if (<u32>prefix > 128) return ERR_PREFIX;
  if (prefix > 126) return ERR_TOO_SMALL;
  hostMask(prefix);
  const mHi = resultHi, mLo = resultLo;
  const hi = loadHi(addr), lo = loadLo(addr);
  const netHi = hi & ~mHi, netLo = lo & ~mLo;
  add128(netHi, netLo, 0, 1);
  store128(firstOut, resultHi, resultLo);
  const lastHi = hi | mHi, lastLo = lo | mLo;
  if (isV4(netHi, netLo)) { // the block's family is its network address's (as in Go)
    sub128(lastHi, lastLo, 0, 1);
    store128(lastOut, resultHi, resultLo);
  } else {
    store128(lastOut, lastHi, lastLo);
  }
  return OK;
}

export function cidr_contains(net: usize, prefix: i32, addr: usize): i32 {
  if (<u32>prefix > 128) return ERR_PREFIX;
  return blockContains(loadHi(net), loadLo(net), prefix, loadHi(addr), loadLo(addr)) ? 1 : 0;
}

export function cidr_overlaps(a: usize, aPrefix: i32, b: usize, bPrefix: i32): i32 {
  if (<u32>aPrefix > 128 || <u32>bPrefix > 128) return ERR_PREFIX;
  return blocksOverlap(loadHi(a), loadLo(a), aPrefix, loadHi(b), loadLo(b), bPrefix) ? 1 : 0;
}

// ---- pools

function poolOf(handle: i32): usize {
  if (handle <= 0 || handle > MAX_POOLS) return 0;
  return <usize>load<u32>(pools + (<usize>(handle - 1) << 2));
}

/** Creates a pool from n 64-byte range records; returns a handle (>= 1) or an error. */
export function pool_new(ranges: usize, n: i32): i32 {
  if (n > MAX_RANGES) return ERR_TOO_MANY;
  let slot = 0;
  while (slot < MAX_POOLS && load<u32>(pools + (<usize>slot << 2)) != 0) slot++;
  if (slot == MAX_POOLS) return ERR_TOO_MANY;
  const pool = poolNew(ranges, n);
  if (pool < 0) return <i32>pool;
  store<u32>(pools + (<usize>slot << 2), <u32>pool);
  return slot + 1;
}

export function pool_free(handle: i32): i32 {
  const pool = poolOf(handle);
  if (pool == 0) return ERR_HANDLE;
  poolFree(pool);
  store<u32>(pools + (<usize>(handle - 1) << 2), 0);
  return OK;
}

export function pool_mark(handle: i32, addr: usize): i32 {
  const pool = poolOf(handle);
  if (pool == 0) return ERR_HANDLE;
  return poolMark(pool, loadHi(addr), loadLo(addr));
}

/** Marks n packed 16-byte addresses; outside ones are ignored. Returns how many were new. */
export function pool_mark_packed(handle: i32, addrs: usize, n: i32): i32 {
  const pool = poolOf(handle);
  if (pool == 0) return ERR_HANDLE;
  let marked = 0;
  for (let i = 0; i < n; i++) {
    const p = addrs + (<usize>i << 4);
    const status = poolMark(pool, loadHi(p), loadLo(p));
    if (status == ERR_NO_MEMORY) return ERR_NO_MEMORY;
    if (status == 1) marked++;
  }
  return marked;
}

export function pool_release(handle: i32, addr: usize): i32 {
  const pool = poolOf(handle);
  if (pool == 0) return ERR_HANDLE;
  return poolRelease(pool, loadHi(addr), loadLo(addr));
}

export function pool_test(handle: i32, addr: usize): i32 {
  const pool = poolOf(handle);
  if (pool == 0) return ERR_HANDLE;
  return poolTest(pool, loadHi(addr), loadLo(addr));
}

export function pool_contains(handle: i32, addr: usize): i32 {
  const pool = poolOf(handle);
  if (pool == 0) return ERR_HANDLE;
  return findRange(pool, loadHi(addr), loadLo(addr)) >= 0 ? 1 : 0;
}

export function pool_taken(handle: i32, out: usize): i32 {
  const pool = poolOf(handle);
  if (pool == 0) return ERR_HANDLE;
  store128(out, 0, poolTaken(pool));
  return OK;
}

/** Writes the number of addresses; returns 1 when it is exactly 2^128 (out then reads 0). */
export function pool_size(handle: i32, out: usize): i32 {
  const pool = poolOf(handle);
  if (pool == 0) return ERR_HANDLE;
  const overflow = poolSize(pool);
  store128(out, resultHi, resultLo);
  return overflow ? 1 : 0;
}

/** 1 and the address at out, or 0 when every address is taken. */
export function pool_next_free(handle: i32, after: usize, hasAfter: i32, out: usize): i32 {
  const pool = poolOf(handle);
  if (pool == 0) return ERR_HANDLE;
  const found = hasAfter != 0
    ? poolNextFree(pool, true, loadHi(after), loadLo(after))
    : poolNextFree(pool, false, 0, 0);
  if (!found) return 0;
  store128(out, resultHi, resultLo);
  return 1;
}

/** pool_next_free, then marks the address found. */
export function pool_take_next(handle: i32, after: usize, hasAfter: i32, out: usize): i32 {
  const found = pool_next_free(handle, after, hasAfter, out);
  if (found != 1) return found;
  const status = poolMark(poolOf(handle), loadHi(out), loadLo(out));
  return status < 0 ? status : 1;
}

// Debug builds route abort here instead of importing env.abort.
function debugAbort(message: usize, fileName: usize, line: u32, column: u32): void {
  unreachable();
}
