// Text <-> 16-byte address conversion with Go net.ParseIP / net.IP.String() semantics.
// IPv4 is held as the IPv4-mapped IPv6 address ::ffff:a.b.c.d.

import { ERR_SYNTAX } from './errors';

const DOT: u32 = 46;
const COLON: u32 = 58;

/** True when the 128-bit value is IPv4-mapped (::ffff:0:0/96), i.e. an IPv4 address. */
@inline export function isV4(hi: u64, lo: u64): bool {
  return hi == 0 && (lo >> 32) == 0xffff;
}

/** Value of a hex digit, or -1. */
@inline function hexDigit(c: u32): i32 {
  if (c - 48 < 10) return <i32>(c - 48);
  const lower = c | 0x20;
  if (lower - 97 < 6) return <i32>(lower - 87);
  return -1;
}

/**
 * Parses a dotted quad occupying exactly [p, end). Returns the address as a u32 in an i64,
 * or -1. Octets are 1-3 digits, at most 255, without leading zeros (Go rejects "01").
 */
function parseDotted(p: usize, end: usize): i64 {
  let value: u32 = 0;
  let octet: u32 = 0;
  let digits = 0;
  let dots = 0;
  for (let q = p; q < end; q++) {
    const c = <u32>load<u8>(q);
    if (c - 48 < 10) {
      if (digits == 1 && octet == 0) return -1;
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255) return -1;
    } else if (c == DOT) {
      if (digits == 0 || dots == 3) return -1;
      value = (value << 8) | octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      return -1;
    }
  }
  if (dots != 3 || digits == 0) return -1;
  return <i64>((value << 8) | octet);
}

/** Parses IPv6 text at [p, end) into 16 bytes at out. Returns 6 or ERR_SYNTAX. */
function parseV6(p: usize, end: usize, out: usize): i32 {
  let ellipsis = -1; // byte offset in out where "::" stands
  let i = 0;         // bytes written
  let s = p;
  if (end - s >= 2 && load<u8>(s) == COLON && load<u8>(s + 1) == COLON) {
    ellipsis = 0;
    s += 2;
    if (s == end) {
      memory.fill(out, 0, 16);
      return 6;
    }
  }
  while (i < 16) {
    let digits = 0;
    let group: u32 = 0;
    while (s + digits < end) {
      const d = hexDigit(<u32>load<u8>(s + digits));
      if (d < 0) break;
      if (digits == 4) return ERR_SYNTAX;
      group = (group << 4) | <u32>d;
      digits++;
    }
    if (digits == 0) return ERR_SYNTAX;
    if (s + digits < end && load<u8>(s + digits) == DOT) {
      // An embedded IPv4 tail must fill the last 32 bits (or sit after a "::").
      if (ellipsis < 0 && i != 12) return ERR_SYNTAX;
      if (i + 4 > 16) return ERR_SYNTAX;
      const v4 = parseDotted(s, end);
      if (v4 < 0) return ERR_SYNTAX;
      store<u32>(out + i, bswap<u32>(<u32>v4));
      i += 4;
      s = end;
      break;
    }
    store<u8>(out + i, <u8>(group >> 8));
    store<u8>(out + i + 1, <u8>group);
    i += 2;
    s += digits;
    if (s == end) break;
    if (load<u8>(s) != COLON || s + 1 == end) return ERR_SYNTAX;
    s++;
    if (load<u8>(s) == COLON) {
      if (ellipsis >= 0) return ERR_SYNTAX;
      ellipsis = i;
      s++;
      if (s == end) break;
    }
  }
  if (s != end) return ERR_SYNTAX;
  if (i < 16) {
    if (ellipsis < 0) return ERR_SYNTAX;
    const gap = 16 - i;
    memory.copy(out + ellipsis + gap, out + ellipsis, i - ellipsis);
    memory.fill(out + ellipsis, 0, gap);
  } else if (ellipsis >= 0) {
    return ERR_SYNTAX; // "::" must stand for at least one zero group
  }
  return 6;
}

/**
 * Parses address text at [p, p+len) into 16 bytes at out.
 * Returns 4 (dotted-quad text), 6 (IPv6 text, possibly IPv4-mapped) or ERR_SYNTAX.
 * Like Go, the first '.' or ':' decides the syntax, and zones ('%') are rejected.
 */
export function parseAddress(p: usize, len: i32, out: usize): i32 {
  const end = p + <usize>len;
  for (let q = p; q < end; q++) {
    const c = <u32>load<u8>(q);
    if (c == DOT) {
      const v4 = parseDotted(p, end);
      if (v4 < 0) return ERR_SYNTAX;
      store<u64>(out, 0);
      store<u32>(out, 0xffff0000, 8);
      store<u32>(out + 12, bswap<u32>(<u32>v4));
      return 4;
    }
    if (c == COLON) return parseV6(p, end, out);
    if (c == 37) return ERR_SYNTAX; // '%': a zone without an address
  }
  return ERR_SYNTAX;
}

/** Writes the decimal form of n (0..255) at out; returns the new end. */
@inline function writeDecimal(out: usize, n: u32): usize {
  if (n >= 100) {
    store<u8>(out, <u8>(48 + n / 100));
    out++;
  }
  if (n >= 10) {
    store<u8>(out, <u8>(48 + (n / 10) % 10));
    out++;
  }
  store<u8>(out, <u8>(48 + n % 10));
  return out + 1;
}

/** Writes the lowercase hex form of a group without leading zeros; returns the new end. */
@inline function writeHexGroup(out: usize, g: u32): usize {
  let shift: i32 = 12;
  while (shift > 0 && ((g >> <u32>shift) & 0xf) == 0) shift -= 4;
  while (shift >= 0) {
    const d = (g >> <u32>shift) & 0xf;
    store<u8>(out, <u8>(d < 10 ? 48 + d : 87 + d));
    out++;
    shift -= 4;
  }
  return out;
}

@inline function groupAt(p: usize, k: i32): u32 {
  return (<u32>load<u8>(p + (k << 1)) << 8) | <u32>load<u8>(p + (k << 1) + 1);
}

/**
 * Formats the 16-byte address at p into out (at most 39 bytes) like Go's net.IP.String():
 * IPv4-mapped addresses as dotted quads, others per RFC 5952 (longest run of two or more
 * zero groups becomes "::", the first such run on ties). Returns the byte length.
 */
export function formatAddress(p: usize, out: usize): i32 {
  const start = out;
  const hi = bswap<u64>(load<u64>(p));
  const lo = bswap<u64>(load<u64>(p, 8));
  if (isV4(hi, lo)) {
    for (let k = 12; k < 16; k++) {
      if (k > 12) {
        store<u8>(out, <u8>DOT);
        out++;
      }
      out = writeDecimal(out, <u32>load<u8>(p + k));
    }
    return <i32>(out - start);
  }
  let bestStart = -1;
  let bestLen = 1; // a run must be longer than this to be compressed
  let k = 0;
  while (k < 8) {
    if (groupAt(p, k) != 0) {
      k++;
      continue;
    }
    let j = k;
    while (j < 8 && groupAt(p, j) == 0) j++;
    if (j - k > bestLen) {
      bestStart = k;
      bestLen = j - k;
    }
    k = j;
  }
  for (k = 0; k < 8; k++) {
    if (k == bestStart) {
      store<u8>(out, <u8>COLON);
      store<u8>(out + 1, <u8>COLON);
      out += 2;
      k += bestLen - 1;
      continue;
    }
    if (k > 0 && k != bestStart + bestLen) {
      store<u8>(out, <u8>COLON);
      out++;
    }
    out = writeHexGroup(out, groupAt(p, k));
  }
  return <i32>(out - start);
}
