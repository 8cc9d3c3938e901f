// IP addresses: parsing, formatting, ordering and arithmetic through the Wasm core.

import { Status } from './abi.js';
import { fromBigInt, isV4Mapped, toBigInt } from './bytes.js';
import { core, type Core, SLOT_A, SLOT_B, SLOT_OUT, SLOT_TEXT } from './instance.js';

export type Family = 4 | 6;

/** Longest text Go can accept as an address ("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"). */
export const MAX_ADDRESS_TEXT = 45;

/**
 * An IPv4 or IPv6 address, always 16 bytes (IPv4 as ::ffff:a.b.c.d), immutable.
 * Batch parsing shares one backing buffer between many addresses, hence buffer + offset.
 */
export class IP {
  /** @internal backing bytes, shared between the addresses of one batch */
  readonly buf: Uint8Array;
  /** @internal offset of this address in buf */
  readonly off: number;
  private text: string | undefined;

  /** Wraps 16 bytes (copied) or 4 IPv4 bytes. */
  static fromBytes(bytes: Uint8Array | ArrayLike<number>): IP {
    if (bytes.length === 4) {
      const b = new Uint8Array(16);
      b[10] = 0xff;
      b[11] = 0xff;
      b.set(Array.from(bytes), 12);
      return new IP(b, 0);
    }
    if (bytes.length !== 16) throw new RangeError(`an IP has 4 or 16 bytes, got ${bytes.length}`);
    return new IP(Uint8Array.from(bytes), 0);
  }

  /** The address with the given 128-bit value (IPv4 values are ::ffff:a.b.c.d). */
  static fromBigInt(value: bigint): IP {
    return new IP(fromBigInt(value), 0);
  }

  /** @internal use fromBytes; `buf` is not copied. */
  constructor(buf: Uint8Array, off: number, text?: string) {
    this.buf = buf;
    this.off = off;
    this.text = text;
  }

  get bytes(): Uint8Array {
    return this.buf.subarray(this.off, this.off + 16);
  }

  /** @internal Copies the 16 bytes to mem[at..] without creating a view (hot paths). */
  copyTo(mem: Uint8Array, at: number): void {
    const buf = this.buf;
    const off = this.off;
    for (let i = 0; i < 16; i++) mem[at + i] = buf[off + i];
  }


  get family(): Family {
    return isV4Mapped(this.buf, this.off) ? 4 : 6;
  }

  /** The 128-bit value (IPv4 addresses are ::ffff:a.b.c.d). */
  toBigInt(): bigint {
    return toBigInt(this.buf, this.off);
  }

  /** Go's net.IP.String(): dotted quad for IPv4 (and IPv4-mapped), RFC 5952 otherwise. */
  toString(): string {
    if (this.text === undefined) {
      const c = core();
      this.copyTo(c.mem, c.io + SLOT_A);
      const len = c.exports.format_ip(c.io + SLOT_A, c.io + SLOT_TEXT);
      this.text = c.readText(c.io + SLOT_TEXT, len);
    }
    return this.text;
  }

  toJSON(): string {
    return this.toString();
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `IP(${this.toString()})`;
  }

  equals(o: IP): boolean {
    for (let i = 0; i < 16; i++) if (this.buf[this.off + i] !== o.buf[o.off + i]) return false;
    return true;
  }

  /** -1, 0 or 1; every IPv4 address sorts before every IPv6 address. */
  compare(o: IP): number {
    const c = core();
    const mem = c.mem;
    this.copyTo(mem, c.io + SLOT_A);
    o.copyTo(mem, c.io + SLOT_B);
    return c.exports.ip_compare(c.io + SLOT_A, c.io + SLOT_B);
  }
}

// Addresses returned one at a time share small slabs instead of owning a 16-byte buffer each
// (an ArrayBuffer per address costs more than the Wasm call that produced it).
const SLAB_BYTES = 4096;
let slab: Uint8Array | null = null;
let slabUsed = SLAB_BYTES;

/** @internal A new IP holding a copy of the 16 bytes at io + slot. */
export function ipFromSlot(c: Core, slot: number): IP {
  if (slabUsed === SLAB_BYTES || slab === null) {
    slab = new Uint8Array(SLAB_BYTES);
    slabUsed = 0;
  }
  const at = slabUsed;
  slabUsed += 16;
  const mem = c.mem;
  const src = c.io + slot;
  for (let i = 0; i < 16; i++) slab[at + i] = mem[src + i];
  return new IP(slab, at);
}

/** Parses like Go's net.ParseIP; null for anything Go rejects. */
export function parseIP(text: string): IP | null {
  if (text.length > MAX_ADDRESS_TEXT) return null;
  const c = core();
  const len = c.writeText(text);
  const status = c.exports.parse_ip(c.io + SLOT_TEXT, len, c.io + SLOT_OUT);
  return status < 0 ? null : ipFromSlot(c, SLOT_OUT);
}

/** Runs a one-address operation writing SLOT_OUT; null when it reports RANGE. */
function unary(ip: IP, op: (addr: number, out: number) => number): IP | null {
  const c = core();
  ip.copyTo(c.mem, c.io + SLOT_A);
  const status = op(c.io + SLOT_A, c.io + SLOT_OUT);
  return status === Status.OK ? ipFromSlot(c, SLOT_OUT) : null;
}

/** The following address; null past 255.255.255.255 or ffff:...:ffff. */
export function nextIP(ip: IP): IP | null {
  return unary(ip, (a, o) => core().exports.ip_next(a, o));
}

/** The preceding address; null before 0.0.0.0 or ::. */
export function prevIP(ip: IP): IP | null {
  return unary(ip, (a, o) => core().exports.ip_prev(a, o));
}

/** ip + n (n may be negative); null when the result leaves the address family. */
export function addOffset(ip: IP, n: bigint): IP | null {
  const magnitude = n < 0n ? -n : n;
  if (magnitude >= 1n << 128n) return null;
  const c = core();
  c.write16(SLOT_B, fromBigInt(magnitude));
  return unary(ip, (a, o) => c.exports.ip_add(a, c.io + SLOT_B, n < 0n ? 1 : 0, o));
}

/** b - a; throws for addresses of different families. */
export function distance(a: IP, b: IP): bigint {
  const c = core();
  a.copyTo(c.mem, c.io + SLOT_A);
  b.copyTo(c.mem, c.io + SLOT_B);
  const sign = c.exports.ip_distance(c.io + SLOT_A, c.io + SLOT_B, c.io + SLOT_OUT);
  if (sign === Status.FAMILY) throw new RangeError(`distance between ${a} and ${b}: mixed address families`);
  const magnitude = toBigInt(c.read16(SLOT_OUT));
  return sign < 0 ? -magnitude : magnitude;
}
