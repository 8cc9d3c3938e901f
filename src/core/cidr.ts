// CIDR blocks: Go net.ParseCIDR acceptance, block bounds, containment and overlap.

import { Status } from './abi.js';
import { core, SLOT_A, SLOT_B, SLOT_OUT, SLOT_OUT2 } from './instance.js';
import { ipFromSlot, IP } from './ip.js';

export class CIDR {
  /** The address as written: host bits kept. */
  readonly ip: IP;
  /** Prefix length as written, 0..maskBits. */
  readonly prefix: number;
  /** 32 when the text was IPv4, 128 when it was IPv6 (also for ::ffff:10.0.0.0/120). */
  readonly maskBits: 32 | 128;

  constructor(ip: IP, prefix: number, maskBits: 32 | 128) {
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > maskBits) {
      throw new RangeError(`prefix ${prefix} out of range 0..${maskBits}`);
    }
    if (maskBits === 32 && ip.family !== 4) throw new RangeError(`a /${prefix} of 32 bits needs an IPv4 address, got ${ip}`);
    this.ip = ip;
    this.prefix = prefix;
    this.maskBits = maskBits;
  }

  /** Prefix over the 16-byte form (IPv4 /24 is 120), as the Wasm ABI counts it. */
  get prefix128(): number {
    return this.prefix + 128 - this.maskBits;
  }

  private bound(op: 'cidr_network' | 'cidr_last'): IP {
    const c = core();
    this.ip.copyTo(c.mem, c.io + SLOT_A);
    c.exports[op](c.io + SLOT_A, this.prefix128, c.io + SLOT_OUT);
    return ipFromSlot(c, SLOT_OUT);
  }

  /** First address of the block (host bits cleared). */
  network(): IP {
    return this.bound('cidr_network');
  }

  /** Last address of the block (all host bits set: the IPv4 broadcast). */
  last(): IP {
    return this.bound('cidr_last');
  }

  /**
   * host-local's default allocation range: network+1 .. last, minus the broadcast for IPv4.
   * null for blocks too small to allocate from (IPv4 /31, /32; IPv6 /127, /128).
   */
  usableRange(): { start: IP; end: IP } | null {
    const c = core();
    this.ip.copyTo(c.mem, c.io + SLOT_A);
    const status = c.exports.cidr_usable(c.io + SLOT_A, this.prefix128, c.io + SLOT_OUT, c.io + SLOT_OUT2);
    if (status !== Status.OK) return null;
    return { start: ipFromSlot(c, SLOT_OUT), end: ipFromSlot(c, SLOT_OUT2) };
  }

  hasHostBits(): boolean {
    return !this.network().equals(this.ip);
  }

  /** Go's IPNet.Contains: the address must have the family of the block's network address. */
  contains(ip: IP): boolean {
    const c = core();
    this.ip.copyTo(c.mem, c.io + SLOT_A);
    ip.copyTo(c.mem, c.io + SLOT_B);
    return c.exports.cidr_contains(c.io + SLOT_A, this.prefix128, c.io + SLOT_B) === 1;
  }

  /** True when the blocks share at least one address (never across families). */
  overlaps(o: CIDR): boolean {
    const c = core();
    this.ip.copyTo(c.mem, c.io + SLOT_A);
    o.ip.copyTo(c.mem, c.io + SLOT_B);
    return c.exports.cidr_overlaps(c.io + SLOT_A, this.prefix128, c.io + SLOT_B, o.prefix128) === 1;
  }

  /** Number of addresses in the block. */
  size(): bigint {
    return 1n << BigInt(this.maskBits - this.prefix);
  }

  /**
   * Go's IPNet{IP: ip, Mask: mask}.String(): an IPv4(-mapped) address with a 128-bit mask
   * prints as IPv4 with the prefix minus 96 (never below 0).
   */
  toString(): string {
    const shown = this.ip.family === 4 && this.maskBits === 128 ? Math.max(0, this.prefix - 96) : this.prefix;
    return `${this.ip}/${shown}`;
  }

  toJSON(): string {
    return this.toString();
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `CIDR(${this.toString()})`;
  }
}

/** Parses like Go's net.ParseCIDR (any number of leading zeros in the prefix); null on failure. */
export function parseCIDR(text: string): CIDR | null {
  const c = core();
  const status = c.withText(text, (ptr, len) => c.exports.parse_cidr(ptr, len, c.io + SLOT_OUT));
  if (status < 0) return null;
  return new CIDR(ipFromSlot(c, SLOT_OUT), status & 0xff, (status >> 8) === 32 ? 32 : 128);
}
