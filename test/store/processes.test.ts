// The store across processes: SIGKILL at random instants, 64 concurrent writers, stale locks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import lockfile from 'proper-lockfile';
import { NetworkStore, addressBytes } from '../../src/store/index.js';
import { removeStaleTemps, TEMP_MAX_AGE_MS, TEMP_SUFFIX } from '../../src/store/atomic-file.js';
import { runChild, startChild, withTempStore } from './helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function firstLine(child: ReturnType<typeof startChild>): Promise<string> {
  let out = '';
  for await (const chunk of child.stdout) {
    out += chunk;
    if (out.includes('\n')) return out.split('\n')[0]!;
  }
  throw new Error(`child exited before printing a line: ${out}`);
}

async function killHard(child: ReturnType<typeof startChild>): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** Every reservation file is complete, and the store (rebuilt or not) agrees with the files. */
async function assertConsistent(store: NetworkStore, dir: string): Promise<number> {
  const files = readdirSync(dir).filter((name) => addressBytes(name));
  for (const name of files) {
    assert.match(readFileSync(join(dir, name), 'utf8'), /^container-\d+\r\neth0$/, name);
  }
  // Absent only if the child was killed before its first reservation completed.
  if (existsSync(join(dir, 'last_reserved_ip.0'))) {
    const last = readFileSync(join(dir, 'last_reserved_ip.0'), 'utf8');
    assert.ok(addressBytes(last), `last_reserved_ip.0 holds ${JSON.stringify(last)}`);
  }
  await store.withLock((tx) => {
    assert.equal(tx.packedAddresses().length, files.length * 16);
    for (const name of files) {
      const id = readFileSync(join(dir, name), 'utf8').split('\r\n')[0]!;
      assert.deepEqual(tx.findByOwner(id, 'eth0'), [name]);
    }
  });
  return files.length;
}

test('SIGKILL at random instants never leaves an empty or partial file', () => withTempStore(async ({ store, dataDir, dir }) => {
  let first = 0;
  for (let round = 0; round < 12; round++) {
    const child = startChild(['reserve-loop', dataDir, String(first)]);
    assert.equal(await firstLine(child), 'started');
    await sleep(20 + Math.random() * 150);
    await killHard(child);
    // The dead child probably held the lock: skip the stale wait (takeover is tested below).
    rmSync(join(dataDir, '.wasm-cni', 'n.lock'), { recursive: true, force: true });
    await assertConsistent(store, dir);
    first += 100_000;
  }
  // Leftover temp files are recognisable and go once they are old.
  const tempDir = join(dataDir, '.wasm-cni', 'tmp');
  assert.ok(readdirSync(tempDir).every((name) => name.endsWith(TEMP_SUFFIX)));
  removeStaleTemps(tempDir, Date.now() + TEMP_MAX_AGE_MS);
  assert.deepEqual(readdirSync(tempDir), []);
}));

test('64 concurrent processes reserving distinct IPs all succeed', () => withTempStore(async ({ store, dataDir, dir }) => {
  const runs = await Promise.all(Array.from({ length: 64 }, (_, i) =>
    runChild(['reserve', dataDir, `10.1.0.${i + 1}`, `container-${i}`])));
  for (const run of runs) assert.equal(run.stdout, 'reserved\n', run.stderr);
  assert.equal(await assertConsistent(store, dir), 64);
}));

test('a lock left by a SIGKILLed holder is taken over', () => withTempStore(async ({ store, dataDir }) => {
  const holder = startChild(['hold', dataDir]);
  assert.equal(await firstLine(holder), 'locked');
  await killHard(holder);
  assert.ok(existsSync(join(dataDir, '.wasm-cni', 'n.lock')), 'the dead holder left its lock behind');
  assert.equal(await store.withLock((tx) => tx.reserve('192.0.2.2', 'after', 'eth0', 0)), true);
  assert.equal(existsSync(join(dataDir, '.wasm-cni', 'n.lock')), false);
}));

test('a holder stopped with SIGTERM removes its lock on the way out', () => withTempStore(async ({ dataDir }) => {
  const holder = startChild(['hold', dataDir]);
  assert.equal(await firstLine(holder), 'locked');
  assert.ok(existsSync(join(dataDir, '.wasm-cni', 'n.lock')));
  const exited = once(holder, 'exit');
  holder.kill('SIGTERM');
  await exited;
  assert.equal(existsSync(join(dataDir, '.wasm-cni', 'n.lock')), false);
}));

test('a live holder keeps its lock past the stale time', () => withTempStore(async ({ store, dataDir }) => {
  const holder = startChild(['hold', dataDir]);
  try {
    assert.equal(await firstLine(holder), 'locked');
    await sleep(5000);   // longer than the 4 s stale limit: only the holder's refreshes keep it
    await assert.rejects(
      lockfile.lock(store.networkDir, { lockfilePath: join(dataDir, '.wasm-cni', 'n.lock'), realpath: false, stale: 4000 }),
      { code: 'ELOCKED' });
  } finally {
    await killHard(holder);
  }
}));

test('the lock is released when the transaction throws', () => withTempStore(async ({ store, dataDir }) => {
  await assert.rejects(store.withLock(() => {
    throw new Error('boom');
  }), /boom/);
  assert.equal(existsSync(join(dataDir, '.wasm-cni', 'n.lock')), false);
  assert.equal(await store.withLock(() => 'again'), 'again');
}));

test('withLock inside withLock on the same network fails at once instead of waiting forever', () => withTempStore(async ({ store, dataDir }) => {
  const again = await NetworkStore.open(dataDir, 'n');
  await store.withLock(async () => {
    await assert.rejects(again.withLock(() => 'inner'), /does not nest/);
  });
  // Other networks may be locked from inside.
  const other = await NetworkStore.open(dataDir, 'other');
  assert.equal(await store.withLock(() => other.withLock(() => 'both')), 'both');
}));

test('our side directory removed between open and withLock is recreated', () => withTempStore(async ({ store, dataDir }) => {
  rmSync(join(dataDir, '.wasm-cni'), { recursive: true });
  assert.equal(await store.withLock((tx) => tx.reserve('192.0.2.2', 'a', 'eth0', 0)), true);
  assert.equal(await store.withLock((tx) => tx.findByOwner('a', 'eth0').length), 1);
}));
