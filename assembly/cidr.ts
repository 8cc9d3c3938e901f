// CIDR text parsing and block arithmetic. Blocks are (16-byte address, prefix) where the prefix
// counts in the 128-bit space: an IPv4 /24 is prefix 120 over ::ffff:a.b.c.d.

import { ERR_PREFIX, ERR_SYNTAX } from './errors';
import { isV4, parseAddress } from './address';
import { hostMask, resultHi, resultLo } from './u128';

const SLASH: u32 = 47;

/**
 * Parses "address/prefix" like Go's net.ParseCIDR: the address as parseAddress, the prefix as
 * decimal digits only (leading zeros allowed), at most 32 for IPv4 text and 128 for IPv6 text.
 * Writes the address (host bits kept) at out. Returns (bits << 8) | prefix with bits 32 or 128,
 * or ERR_SYNTAX / ERR_PREFIX.
 */
export function parseCidr(p: usize, len: i32, out: usize): i32 {
  const end = p + <usize>len;
  let slash = p;
  while (slash < end && load<u8>(slash) != SLASH) slash++;
  if (slash == end) return ERR_SYNTAX;
  const kind = parseAddress(p, <i32>(slash - p), out);
  if (kind < 0) return ERR_SYNTAX;
  const bits: i32 = kind == 4 ? 32 : 128;
  let prefix: i32 = 0;
  let q = slash + 1;
  if (q == end) return ERR_PREFIX;
  for (; q < end; q++) {
    const c = <u32>load<u8>(q);
    if (c - 48 >= 10) return ERR_PREFIX;
    prefix = prefix * 10 + <i32>(c - 48);
    if (prefix > bits) return ERR_PREFIX;
  }
  return (bits << 8) | prefix;
}

/**
 * True when the address lies in the block (any address of it, prefix). As in Go, the block's
 * family is that of its network address and must match the address's family.
 */
export function blockContains(netHi: u64, netLo: u64, prefix: i32, hi: u64, lo: u64): bool {
  hostMask(prefix);
  const mHi = ~resultHi;
  const mLo = ~resultLo;
  if (isV4(netHi & mHi, netLo & mLo) != isV4(hi, lo)) return false;
  return ((netHi ^ hi) & mHi) == 0 && ((netLo ^ lo) & mLo) == 0;
}

/** True when two blocks share an address: same family (of their network addresses) and equal
 * under the shorter prefix. */
export function blocksOverlap(aHi: u64, aLo: u64, aPrefix: i32, bHi: u64, bLo: u64, bPrefix: i32): bool {
  hostMask(aPrefix);
  const aV4 = isV4(aHi & ~resultHi, aLo & ~resultLo);
  hostMask(bPrefix);
  if (aV4 != isV4(bHi & ~resultHi, bLo & ~resultLo)) return false;
  hostMask(aPrefix < bPrefix ? aPrefix : bPrefix);
  return ((aHi ^ bHi) & ~resultHi) == 0 && ((aLo ^ bLo) & ~resultLo) == 0;
}
