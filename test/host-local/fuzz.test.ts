// Fuzzing: mutated configs and environments. Every run ends in success or a coded CNI error
// (never a crash or stack trace), and a failed command leaves the data directory byte for byte
// as it was. Most runs go through dispatch in-process; a few hundred through the executable.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { snapshot, tempDataDir, writeLastReserved, writeReservation } from './support/dirs.js';
import { fuzzRequest, prng } from './support/mutate.js';
import { OURS, runBinary, runInProcess, type Outcome, type Request } from './support/run.js';

const tmp = tempDataDir('hl-fuzz');
after(tmp.remove);
const resolvConf = join(tmp.dataDir, 'resolv.conf');
writeFileSync(resolvConf, 'nameserver 192.0.2.1\nsearch example\n');

/** A network with some history, as either plugin leaves it: both file formats, a pointer, the lock. */
function seedNetwork(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  writeReservation(dataDir, 'fuzz', '10.40.0.2', 'c1\r\neth0');
  writeReservation(dataDir, 'fuzz', '10.40.0.3', 'c2');
  writeReservation(dataDir, 'fuzz', 'fd40::2', 'c1\r\neth0');
  writeLastReserved(dataDir, 'fuzz', 0, '10.40.0.3');
  writeFileSync(join(dataDir, 'fuzz', 'lock'), '', { mode: 0o750 }); // every plugin's directory has one
}

// What a failed command must not change: everything but our store's private side directory.
const state = (dataDir: string) => Object.fromEntries(Object.entries(snapshot(dataDir)).filter(([k]) => !k.startsWith('.wasm-cni/')));

const CODES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 11, 50, 51, 999]);

function checkOutcome(r: Request, o: Outcome, before: Record<string, string>, after: Record<string, string>): void {
  const what = `request ${JSON.stringify(r)} gave exit ${o.code}: ${o.stdout} ${o.stderr}`;
  assert.ok(o.code === 0 || o.code === 1, what);
  assert.doesNotMatch(o.stdout + o.stderr, /\n\s+at |TypeError|ReferenceError|RangeError/, what);
  if (o.code === 1) {
    const err = JSON.parse(o.stdout);
    assert.ok(CODES.has(err.code) && typeof err.msg === 'string' && err.msg !== '', what);
    assert.deepEqual(Object.keys(err).filter((k) => !['code', 'msg', 'details'].includes(k)), [], what);
    assert.deepEqual(after, before, `${what}: the failed command changed the directory`);
  } else if (r.command === 'ADD' || r.command === 'VERSION') {
    assert.equal(typeof JSON.parse(o.stdout).cniVersion, 'string', what);
  } else {
    assert.equal(o.stdout, '', what);
  }
}

async function fuzz(runs: number, seed: number, run: (r: Request) => Promise<Outcome>, dataDir: string): Promise<void> {
  const random = prng(seed);
  for (let i = 0; i < runs; i++) {
    if (i % 200 === 0) seedNetwork(dataDir);
    const request = fuzzRequest(random, dataDir, resolvConf);
    const before = state(dataDir);
    const outcome = await run(request);
    checkOutcome(request, outcome, before, state(dataDir));
  }
}

describe('fuzzing', () => {
  test('10,000 requests in-process', async () => {
    await fuzz(10_000, 1, runInProcess, join(tmp.dataDir, 'in-process'));
  });

  test('300 requests through the executable', async () => {
    // Eight workers, each on its own data directory, to use both cores.
    await Promise.all(Array.from({ length: 8 }, (_, w) =>
      fuzz(38, 100 + w, (r) => runBinary(OURS, r), join(tmp.dataDir, `exec${w}`))));
  });
});
