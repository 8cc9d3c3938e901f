// src/store at scale: cost of one open+lock+op+unlock with N reservations already on disk, and
// of the rebuild (reading every file, what the reference does on every ADD/DEL/CHECK).
//   node --import tsx bench/store.ts [sizes...]     (default 0 1000 10000 60000)
//   BENCH_DIR=/dev/shm node --import tsx bench/store.ts   (tmpfs: no disk noise)
// Per-op figures are medians of ROUNDS runs (a shared machine makes means jumpy).
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetworkStore, type StoreTx } from '../src/store/index.js';
import { JOURNAL_LIMIT_BYTES } from '../src/store/index-files.js';

const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [0, 1000, 10_000, 60_000];
const ROUNDS = 50;
const REFERENCE = new URL('../build/reference/host-local', import.meta.url).pathname;

// 10.0.0.0/16, skipping .0 and .255 host parts only for readability of the names.
const ipAt = (i: number) => `10.0.${(i >> 8) & 255}.${i & 255}`;

function fill(dir: string, n: number): void {
  for (let i = 0; i < n; i++) writeFileSync(join(dir, ipAt(i + 1)), `container-${i}\r\neth0`, { mode: 0o600 });
}

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function perOp(rounds: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) times.push(await timeMs(() => fn(i)));
  return times.sort((a, b) => a - b)[rounds >> 1]!;
}

function referenceAdd(dataDir: string, id: string): number {
  const conf = JSON.stringify({ cniVersion: '1.0.0', name: 'n',
    ipam: { type: 'host-local', dataDir, ranges: [[{ subnet: '10.0.0.0/16' }]] } });
  const start = process.hrtime.bigint();
  const r = spawnSync(REFERENCE, [], { input: conf, env: { CNI_COMMAND: 'ADD', CNI_CONTAINERID: id,
    CNI_NETNS: '/nonexistent', CNI_IFNAME: 'eth0', CNI_PATH: '/nonexistent' } });
  if (r.status !== 0) throw new Error(`reference ADD failed: ${r.stdout}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const fmt = (ms: number) => ms.toFixed(2).padStart(9);
const base = process.env.BENCH_DIR ?? tmpdir();
console.log(`data dir under ${base}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('N        rebuild ms   ADD ms   DEL ms  CHECK ms  packed ms  index KB   reference ADD ms (own process)');
for (const n of sizes) {
  const dataDir = mkdtempSync(join(base, 'store-bench-'));
  try {
    const opened = await NetworkStore.open(dataDir, 'n');
    fill(opened.networkDir, n);
    const rebuild = await timeMs(() => opened.withLock(() => undefined));
    const withStore = async <T>(fn: (tx: StoreTx) => T) => (await NetworkStore.open(dataDir, 'n')).withLock(fn);
    const add = await perOp(ROUNDS, (i) => withStore((tx) => tx.reserve(ipAt(n + 1 + i), `new-${i}`, 'eth0', 0)));
    const check = await perOp(ROUNDS, (i) => withStore((tx) => tx.findByOwner(`new-${i}`, 'eth0')));
    const del = await perOp(ROUNDS, (i) => withStore((tx) => tx.releaseByOwner(`new-${i}`, 'eth0')));
    const packed = await perOp(ROUNDS, () => withStore((tx) => tx.packedAddresses()));
    const ref = (referenceAdd(dataDir, 'ref-1') + referenceAdd(dataDir, 'ref-2')) / 2;
    const indexKB = statSync(join(dataDir, '.wasm-cni', 'n.index')).size / 1024;
    console.log(`${String(n).padEnd(8)} ${fmt(rebuild)} ${fmt(add)} ${fmt(del)} ${fmt(check)} ${fmt(packed)} ${fmt(indexKB)}   ${fmt(ref)}`);
    if (n === sizes[sizes.length - 1]) await journalExtremes(dataDir, n, withStore);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// The journal's worst moments at the largest size: a load replaying a full journal, and the
// ADD that folds it into a new snapshot.
async function journalExtremes(dataDir: string, n: number, withStore: <T>(fn: (tx: StoreTx) => T) => Promise<T>) {
  const journal = join(dataDir, '.wasm-cni', 'n.journal');
  const journalBytes = () => (existsSync(journal) ? statSync(journal).size : 0);
  let i = 0;
  const churn = () => withStore((tx) => {
    tx.releaseByOwner(`churn-${i - 1}`, 'eth0');
    tx.reserve(ipAt(n + 100 + (i % 50)), `churn-${i}`, 'eth0', 0);
    i++;
  });
  while (journalBytes() < JOURNAL_LIMIT_BYTES) await churn();
  const checkFull = await perOp(ROUNDS, () => withStore((tx) => tx.findByOwner('nobody', 'eth0')));
  const fullKB = journalBytes() / 1024;
  const fold = await timeMs(churn);
  console.log(`at ${n}: CHECK with a full journal (${fullKB.toFixed(0)} KB) ${fmt(checkFull)} ms;` +
    ` the ADD that folds it into a snapshot ${fmt(fold)} ms`);
}
