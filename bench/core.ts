// Benchmarks of the Wasm IPAM core. Run: node --import tsx bench/core.ts
// Prints one table; figures are indicative, never asserted anywhere. Times are CPU time of this
// process (user + system), best of a few runs, so that other load on a shared machine distorts
// them less than wall-clock time would.
import { cpus, loadavg } from 'node:os';
import ipaddr from 'ipaddr.js';
import { core } from '../src/core/instance.js';
import { coreMemoryInUse, formatIPs, formatPacked, IP, parseIP, parseIPs, parseIPsPacked, Pool } from '../src/core/index.js';

const N = 1_000_000;
const rows: { benchmark: string; result: string; note: string }[] = [];

/** Best of `runs` CPU-time measurements of fn, in nanoseconds. */
function time(fn: () => void, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) * 1000);
  }
  return best;
}

let seed = 42;
function rand32(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed;
}

function v4Texts(): string[] {
  return Array.from({ length: N }, () => {
    const v = rand32();
    return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  });
}

function v6Texts(): string[] {
  return Array.from({ length: N }, () => {
    const groups = Array.from({ length: 8 }, (_, g) => (g > 1 && g < 5 && rand32() % 3 === 0 ? 0 : rand32() & 0xffff).toString(16));
    const text = groups.join(':');
    return rand32() % 2 === 0 ? ipaddr.IPv6.parse(text).toString() : text; // mix compressed and full forms
  });
}

function compareParsing(family: string, texts: string[]): void {
  let out: string[] = [];
  const wasmNs = time(() => {
    out = formatIPs(parseIPs(texts) as IP[]);
  });
  let ref: string[] = [];
  const ipaddrNs = time(() => {
    ref = texts.map((s) => ipaddr.parse(s).toString());
  });
  let packed: string[] = [];
  const packedNs = time(() => {
    packed = formatPacked(parseIPsPacked(texts).bytes);
  });
  const singleNs = time(() => {
    for (let i = 0; i < texts.length; i += 10) parseIP(texts[i])!.toString();
  }, 1) * 10;
  if (out[123] !== ref[123] || packed[123] !== ref[123]) throw new Error(`outputs differ: ${out[123]} ${packed[123]} vs ${ref[123]}`);
  rows.push({
    benchmark: `parse+format 1M IPv${family} (parseIPs+formatIPs)`,
    result: `${(wasmNs / N).toFixed(0)} ns/addr`,
    note: `ipaddr.js ${(ipaddrNs / N).toFixed(0)} ns/addr: core is ${(ipaddrNs / wasmNs).toFixed(1)}x faster`,
  });
  rows.push({
    benchmark: `parse+format 1M IPv${family} (packed bytes)`,
    result: `${(packedNs / N).toFixed(0)} ns/addr`,
    note: `${(ipaddrNs / packedNs).toFixed(1)}x ipaddr.js (parseIPsPacked + formatPacked, no IP objects)`,
  });
  rows.push({
    benchmark: `parse+format IPv${family} (one call each)`,
    result: `${(singleNs / N).toFixed(0)} ns/addr`,
    note: `${(ipaddrNs / singleNs).toFixed(1)}x ipaddr.js`,
  });
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(2)} MiB`;
}


function v4(value: number): IP {
  return IP.fromBigInt((0xffffn << 32n) | BigInt(value >>> 0));
}

function allocateSlash16(): void {
  let count = 0;
  const ns = time(() => {
    const pool = new Pool([{ start: v4(0x0a000000), end: v4(0x0a00ffff), skip: v4(0x0a000001) }]);
    let after: IP | null = null;
    count = 0;
    for (let got = pool.takeNext(after); got; got = pool.takeNext(after)) {
      after = got;
      count++;
    }
    pool.dispose();
  });
  rows.push({ benchmark: 'allocate every address of a /16 (takeNext)', result: `${(ns / 1e6).toFixed(1)} ms`, note: `${count} addresses, ${(ns / count).toFixed(0)} ns each` });
}

/** Packed 16-byte IPv4 addresses start + [from, to), with the `free` offsets replaced by 0.0.0.0. */
function packedV4(start: number, from: number, to: number, free: Set<number>): Uint8Array {
  const bytes = new Uint8Array((to - from) * 16);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < to - from; i++) {
    view.setUint16(i * 16 + 10, 0xffff);
    view.setUint32(i * 16 + 12, free.has(from + i) ? 0 : start + from + i);
  }
  return bytes;
}

function nearlyFullSlash8(): void {
  const size = 1 << 24;
  const start = 0x0a000000;
  const before = coreMemoryInUse();
  const pool = new Pool([{ start: v4(start), end: v4(start + size - 1), skip: v4(start + 1) }]);
  const bitmapBytes = coreMemoryInUse() - before;
  const free = new Set<number>();
  while (free.size < Math.round(size * 0.0001)) free.add(rand32() % size);
  free.add(1); // the gateway stays unmarked but is skipped
  const fillNs = time(() => {
    for (let from = 0; from < size; from += 1 << 16) pool.markPacked(packedV4(start, from, from + (1 << 16), free));
  }, 1);
  const afters = Array.from({ length: 10_000 }, () => v4(start + (rand32() % size)));
  let found = 0;
  const ns = time(() => {
    for (const a of afters) if (pool.nextFree(a)) found++;
  });
  rows.push({ benchmark: 'nextFree in a /8 that is 99.99% full', result: `${(ns / afters.length / 1000).toFixed(2)} µs/call`, note: `${pool.takenCount()} taken of ${size}; marking took ${(fillNs / 1e6).toFixed(0)} ms` });
  rows.push({ benchmark: 'memory of the /8 bitmap', result: mib(bitmapBytes), note: 'dense bitmap + summary levels, as allocated inside the module' });
  pool.dispose();
}

function slash64(): void {
  const base = 0x20010db8000000000000000000000000n;
  const range = [{ start: IP.fromBigInt(base + 1n), end: IP.fromBigInt(base + 0xffffffffffffffffn), skip: IP.fromBigInt(base + 1n) }];
  // In order first, while linear memory holds little else: its growth is this pool's footprint.
  const before = coreMemoryInUse();
  const sequentialPool = new Pool(range);
  let after: IP | null = null;
  const sequentialNs = time(() => {
    for (let i = 0; i < N; i++) after = sequentialPool.takeNext(after);
  }, 1);
  rows.push({ benchmark: '/64: allocate 1M addresses in order (takeNext)', result: `${(sequentialNs / 1e6).toFixed(0)} ms`, note: `${(sequentialNs / N).toFixed(0)} ns each; last ${after}; memory +${mib(coreMemoryInUse() - before)}` });
  sequentialPool.dispose();
  // Then 1M random addresses in the /64.
  const packed = new Uint8Array(N * 16);
  const view = new DataView(packed.buffer);
  for (let i = 0; i < N; i++) {
    view.setUint32(i * 16, 0x20010db8);
    view.setUint32(i * 16 + 8, rand32());
    view.setUint32(i * 16 + 12, rand32());
  }
  const randomPool = new Pool(range);
  const randomNs = time(() => randomPool.markPacked(packed), 1);
  const lookups = Array.from({ length: 100_000 }, (_, i) => IP.fromBytes(packed.subarray(i * 16, i * 16 + 16)));
  const nextNs = time(() => {
    for (const a of lookups) randomPool.nextFree(a);
  });
  rows.push({ benchmark: '/64: mark 1M random addresses (markPacked)', result: `${(randomNs / 1e6).toFixed(0)} ms`, note: `${(randomNs / N).toFixed(0)} ns each; pool ${mib(coreMemoryInUse() - before)}, linear memory ${mib(core().exports.memory.buffer.byteLength)}` });
  rows.push({ benchmark: '/64 with 1M random: nextFree', result: `${(nextNs / lookups.length).toFixed(0)} ns/call`, note: 'after an allocated address' });
  randomPool.dispose();
}

slash64();
compareParsing('4', v4Texts());
compareParsing('6', v6Texts());
allocateSlash16();
nearlyFullSlash8();

console.log(`IPAM core: CPU time per operation (best of runs); ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()[0].toFixed(1)}, Node ${process.version}`);
const width = [0, 0, 0];
for (const r of rows) [r.benchmark, r.result, r.note].forEach((s, i) => (width[i] = Math.max(width[i], s.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i])).join(' | ')} |`;
console.log(line(['benchmark', 'result', 'note'].map((h, i) => h.padEnd(width[i]))));
console.log(`|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line([r.benchmark, r.result, r.note]));
