// Independent reference implementations for property tests: BigInt arithmetic, ipaddr.js and
// Node's net module, adjusted where Go's net package (the behaviour the core copies) differs.
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export const V4_MAPPED = 0xffffn << 32n;
export const MAX128 = (1n << 128n) - 1n;

export function isV4Value(v: bigint): boolean {
  return v >> 32n === 0xffffn;
}

/** 16 big-endian bytes of a 128-bit value, as hex. */
export function hex128(v: bigint): string {
  return v.toString(16).padStart(32, '0');
}

function groups(v: bigint): number[] {
  const out: number[] = [];
  for (let i = 7; i >= 0; i--) out.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  return out;
}

export function dotted(v32: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => Number((v32 >> s) & 0xffn)).join('.');
}

/** Go's net.IP.String(): IPv4-mapped prints dotted, else RFC 5952 as rendered by ipaddr.js. */
export function goString(v: bigint): string {
  if (isV4Value(v)) return dotted(v & 0xffffffffn);
  return ipaddr.fromByteArray(Array.from(Buffer.from(hex128(v), 'hex'))).toString();
}

/** Some text form Go accepts for v (random case, leading zeros, "::" placement, IPv4 tail). */
export function randomText(v: bigint, rnd: { int(n: number): number; chance(p: number): boolean }): string {
  if (isV4Value(v) && rnd.chance(0.8)) return dotted(v & 0xffffffffn);
  const g = groups(v);
  const v4Tail = rnd.chance(0.2);
  const hexGroups = v4Tail ? g.slice(0, 6) : g;
  const parts = hexGroups.map((x) => {
    let s = x.toString(16);
    if (rnd.chance(0.2)) s = s.padStart(rnd.int(4 - s.length + 1) + s.length, '0');
    return rnd.chance(0.3) ? s.toUpperCase() : s;
  });
  // Replace a random run of zero groups (length >= 1) by "::".
  const runs: [number, number][] = [];
  for (let i = 0; i < parts.length; i++) {
    if (hexGroups[i] !== 0) continue;
    let j = i;
    while (j < parts.length && hexGroups[j] === 0) j++;
    for (let end = i + 1; end <= j; end++) runs.push([i, end]);
    i = j;
  }
  const tail = v4Tail ? dotted(v & 0xffffffffn) : null;
  if (runs.length > 0 && rnd.chance(0.8)) {
    const [a, b] = runs[rnd.int(runs.length)];
    const left = parts.slice(0, a).join(':');
    const rightParts = parts.slice(b);
    if (tail) rightParts.push(tail);
    return `${left}::${rightParts.join(':')}`;
  }
  return tail ? [...parts, tail].join(':') : parts.join(':');
}

/**
 * Whether Go's net.ParseIP accepts s, from Node's net.isIP. Go additionally rejects zones
 * ("fe80::1%eth0"), which Node accepts.
 */
export function goAccepts(s: string): boolean {
  return isIP(s) !== 0 && !s.includes('%');
}

/** Value of a text the oracle trusts (already known valid). */
export function valueOf(s: string): bigint {
  const parsed = ipaddr.parse(s);
  const bytes = parsed.kind() === 'ipv4' ? (parsed as ipaddr.IPv4).toIPv4MappedAddress().toByteArray() : parsed.toByteArray();
  return BigInt('0x' + Buffer.from(bytes).toString('hex'));
}

export function hostMask(prefix128: number): bigint {
  return (1n << BigInt(128 - prefix128)) - 1n;
}

/** Go IPNet.Contains over 128-bit values: same family (of the network) and same masked bits. */
export function blockContains(net: bigint, prefix128: number, v: bigint): boolean {
  const mask = MAX128 ^ hostMask(prefix128);
  if (isV4Value(net & mask) !== isV4Value(v)) return false;
  return (net & mask) === (v & mask);
}
