// Batch paths: many addresses per call into Wasm, through one reusable buffer in linear memory.

import { core, type Core } from './instance.js';
import { IP, MAX_ADDRESS_TEXT } from './ip.js';

const CHUNK = 8192;                         // entries per call
const TEXT_BYTES = CHUNK * (MAX_ADDRESS_TEXT + 1);
const ADDR_BYTES = CHUNK * 16;
const INVALID = 0xff;                       // byte that no address text contains
const NEWLINE = 10;

let buffer = 0;
let bufferOwner: Core | null = null;

/** Start of the batch buffer: TEXT_BYTES of text, then ADDR_BYTES of addresses, then kinds. */
function batchBuffer(c: Core): number {
  if (bufferOwner !== c) {
    buffer = c.exports.alloc(TEXT_BYTES + ADDR_BYTES + CHUNK) >>> 0;
    if (buffer === 0) throw new Error('IPAM core out of memory');
    bufferOwner = c;
  }
  return buffer;
}

/** Writes entries [start, end) one byte per char, '\n'-separated; returns the byte count. */
function writeTexts(mem: Uint8Array, base: number, texts: readonly string[], start: number, end: number): number {
  let p = base;
  for (let i = start; i < end; i++) {
    if (i > start) mem[p++] = NEWLINE;
    const s = texts[i];
    if (s.length > MAX_ADDRESS_TEXT) {
      mem[p++] = INVALID;
      continue;
    }
    for (let k = 0; k < s.length; k++) {
      const ch = s.charCodeAt(k);
      mem[p++] = ch < 128 && ch !== NEWLINE ? ch : INVALID;
    }
  }
  return p - base;
}

let encoder: TextEncoder | null = null; // created on first batch: no work at import

/**
 * Parses texts chunk by chunk; for each chunk calls take(first, count, mem, addrs, kinds) with
 * the chunk's results still in linear memory (addrs: 16 bytes per entry, kinds: 4, 6 or 0).
 */
function parseChunks(texts: readonly string[], take: (first: number, count: number, mem: Uint8Array, addrs: number, kinds: number) => void): void {
  const c = core();
  const base = batchBuffer(c);
  const addrBase = base + TEXT_BYTES;
  const kindBase = addrBase + ADDR_BYTES;
  for (let start = 0; start < texts.length; start += CHUNK) {
    const end = Math.min(texts.length, start + CHUNK);
    // Fast path: native join + UTF-8 encode. Non-ASCII bytes never parse, so only a '\n'
    // inside an entry (detected by the entry count) or text too long for the buffer needs
    // the byte-by-byte path.
    const joined = texts.slice(start, end).join('\n');
    let count = -1;
    if (joined.length <= TEXT_BYTES) {
      const { read, written } = (encoder ??= new TextEncoder()).encodeInto(joined, c.mem.subarray(base, base + TEXT_BYTES));
      if (read === joined.length) count = c.exports.parse_ips(base, written, addrBase, kindBase, CHUNK);
    }
    if (count !== end - start) {
      const len = writeTexts(c.mem, base, texts, start, end);
      count = c.exports.parse_ips(base, len, addrBase, kindBase, CHUNK);
    }
    take(start, count, c.mem, addrBase, kindBase);
  }
}

/** Parses many addresses with one Wasm call per 8192; same acceptance as parseIP. */
export function parseIPs(texts: readonly string[]): (IP | null)[] {
  const result: (IP | null)[] = new Array(texts.length);
  parseChunks(texts, (first, count, mem, addrBase, kindBase) => {
    const addrs = mem.slice(addrBase, addrBase + count * 16);
    for (let k = 0; k < count; k++) result[first + k] = mem[kindBase + k] === 0 ? null : new IP(addrs, k * 16);
  });
  return result;
}

/** Addresses as packed bytes: entry i is bytes[16i, 16i+16) when kinds[i] is 4 or 6. */
export interface PackedAddresses {
  /** 16 bytes per entry (unspecified for invalid entries). */
  bytes: Uint8Array;
  /** 4 (dotted-quad text), 6 (IPv6 text) or 0 (invalid), per entry. */
  kinds: Uint8Array;
}

/**
 * Parses many addresses into packed bytes, with no object per address: the fast way to turn
 * stored texts into input for Pool.markPacked (after dropping invalid entries).
 */
export function parseIPsPacked(texts: readonly string[]): PackedAddresses {
  const bytes = new Uint8Array(texts.length * 16);
  const kinds = new Uint8Array(texts.length);
  parseChunks(texts, (first, count, mem, addrBase, kindBase) => {
    bytes.set(mem.subarray(addrBase, addrBase + count * 16), first * 16);
    kinds.set(mem.subarray(kindBase, kindBase + count), first);
  });
  return { bytes, kinds };
}

let decoder: TextDecoder | null = null;

/** Copies addresses [start, end) to mem[at..], one set() per run that shares a backing buffer. */
function copyAddresses(mem: Uint8Array, at: number, ips: readonly IP[], start: number, end: number): void {
  let i = start;
  while (i < end) {
    const { buf, off } = ips[i];
    let j = i + 1;
    while (j < end && ips[j].buf === buf && ips[j].off === off + (j - i) * 16) j++;
    mem.set(buf.subarray(off, off + (j - i) * 16), at + (i - start) * 16);
    i = j;
  }
}

/** Formats count addresses already placed at the batch buffer's address area into result. */
function formatChunk(c: Core, count: number, result: string[], first: number): void {
  const base = batchBuffer(c);
  const len = c.exports.format_ips(base + TEXT_BYTES, count, base, TEXT_BYTES);
  if (len < 0) throw new Error(`format_ips failed with status ${len}`);
  const texts = (decoder ??= new TextDecoder()).decode(c.mem.subarray(base, base + len)).split('\n');
  for (let k = 0; k < texts.length; k++) result[first + k] = texts[k];
}

/** Formats many addresses (same text as IP.toString) with one Wasm call per 8192. */
export function formatIPs(ips: readonly IP[]): string[] {
  const c = core();
  const addrBase = batchBuffer(c) + TEXT_BYTES;
  const result: string[] = new Array(ips.length);
  for (let start = 0; start < ips.length; start += CHUNK) {
    const end = Math.min(ips.length, start + CHUNK);
    copyAddresses(c.mem, addrBase, ips, start, end);
    formatChunk(c, end - start, result, start);
  }
  return result;
}

/** Formats packed 16-byte addresses (as from parseIPsPacked or a store) like IP.toString. */
export function formatPacked(bytes: Uint8Array): string[] {
  if (bytes.length % 16 !== 0) throw new RangeError(`packed addresses must be a multiple of 16 bytes, got ${bytes.length}`);
  const c = core();
  const addrBase = batchBuffer(c) + TEXT_BYTES;
  const n = bytes.length / 16;
  const result: string[] = new Array(n);
  for (let start = 0; start < n; start += CHUNK) {
    const end = Math.min(n, start + CHUNK);
    c.mem.set(bytes.subarray(start * 16, end * 16), addrBase);
    formatChunk(c, end - start, result, start);
  }
  return result;
}
