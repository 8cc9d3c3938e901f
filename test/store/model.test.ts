// Random transactions against a plain model of the directory, with outside writers mixed in:
// whatever path the index took (snapshot, journal, fold, rebuild), the store must answer like a
// fresh read of every file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addressBytes } from '../../src/store/index.js';
import { ReservationIndex } from '../../src/store/reservation-index.js';
import { scanNetworkDir } from '../../src/store/scan.js';
import { withTempStore } from './helpers.js';

// Small deterministic PRNG (mulberry32), so a failure replays.
function prng(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

const sortedPacked = (packed: Uint8Array) => Buffer.from(packed).toString('hex').match(/.{32}/g)?.sort() ?? [];

// Small tables rewrite the snapshot on every change; with snapshotOnlyBytes 0 they journal like
// large ones (and fold the journal every 512 bytes).
for (const [path, tuning] of [['snapshot only', {}], ['journal', { journalLimitBytes: 512, snapshotOnlyBytes: 0 }]] as const) {
test(`random transactions and outside writers (${path}): the store always agrees with the files`, () => withTempStore(async ({ store, dir }) => {
  const rand = prng(20261123);
  const ip = () => (rand(2) ? `10.0.0.${rand(40)}` : `2001:db8::${rand(40).toString(16)}`);
  const owners = ['a', 'b', 'c', 'd', 'e'];
  const loads = new Set<string>();
  for (let round = 0; round < 250; round++) {
    if (rand(10) === 0) {
      // An outside writer (the reference binary, an admin) between our transactions.
      const name = ip();
      if (rand(2)) writeFileSync(join(dir, name), `${owners[rand(5)]}\r\neth0`);
      else try { unlinkSync(join(dir, name)); } catch { /* not there */ }
    }
    await store.withLock((tx) => {
      for (let k = rand(4); k >= 0; k--) {
        const op = rand(4);
        if (op <= 1) tx.reserve(ip(), owners[rand(5)]!, 'eth0', rand(2));
        else if (op === 2) tx.releaseByOwner(owners[rand(5)]!, 'eth0');
        else tx.release(ip());
      }
    });
    loads.add(store.lastLoad!);
    const truth: ReservationIndex = await scanNetworkDir(dir);
    await store.withLock((tx) => {
      assert.deepEqual(sortedPacked(tx.packedAddresses()), sortedPacked(truth.packedAddresses()), `round ${round}`);
      const reserved = readdirSync(dir).filter((name) => addressBytes(name));
      for (const owner of owners) {
        const expected = reserved.filter((name) => readFileSync(join(dir, name), 'utf8') === `${owner}\r\neth0`);
        assert.deepEqual([...tx.findByOwner(owner, 'eth0')].sort(), expected.sort(), `round ${round} owner ${owner}`);
      }
    });
  }
  assert.deepEqual([...loads].sort(), ['index', 'scan']);
}, tuning));
}

test('columns that are not 4-byte aligned load the same', () => {
  const index = new ReservationIndex();
  index.add('10.0.0.1', addressBytes('10.0.0.1')!, { hi: 1, lo: 2 });
  index.add('2001:db8::1', addressBytes('2001:db8::1')!, { hi: 3, lo: 4 });
  const columns = new Uint8Array(index.columnsLength() + 1);
  index.writeColumns(columns, 1);
  const loaded = ReservationIndex.fromColumns(columns.subarray(1), 2)!;
  assert.deepEqual(loaded.allNames(), ['10.0.0.1', '2001:db8::1']);
  assert.deepEqual(loaded.namesWithHash({ hi: 3, lo: 4 }), ['2001:db8::1']);
  assert.deepEqual(Buffer.from(loaded.packedAddresses()), Buffer.from(index.packedAddresses()));
});

test('tombstones are dropped from the file form, and every name and owner stays with its address', () => {
  const index = new ReservationIndex();
  const ips = ['10.0.0.1', '10.0.0.22', '2001:db8::3', '10.0.0.4', '2001:db8::55', '10.0.0.6'];
  ips.forEach((ip, i) => index.add(ip, addressBytes(ip)!, { hi: i, lo: 100 + i }));
  index.remove('10.0.0.22', addressBytes('10.0.0.22')!);
  index.remove('10.0.0.4', addressBytes('10.0.0.4')!);
  const columns = new Uint8Array(index.columnsLength());
  assert.equal(index.writeColumns(columns, 0), columns.length);
  const loaded = ReservationIndex.fromColumns(columns, 4)!;
  assert.deepEqual(loaded.allNames(), ['10.0.0.1', '2001:db8::3', '2001:db8::55', '10.0.0.6']);
  for (const [i, ip] of ips.entries()) {
    const live = loaded.has(ip, addressBytes(ip)!);
    assert.equal(live, ip !== '10.0.0.22' && ip !== '10.0.0.4', ip);
    assert.deepEqual(loaded.namesWithHash({ hi: i, lo: 100 + i }), live ? [ip] : [], ip);
  }
});

test('a search by owner or by name is not fooled by the same word elsewhere in the table', () => {
  const index = new ReservationIndex();
  // 10.0.0.7's owner hash has the other entry's high word as its low word, and 2001:db8::a00:7
  // ends in the same 32 bits as 10.0.0.7.
  index.add('10.0.0.7', addressBytes('10.0.0.7')!, { hi: 5, lo: 9 });
  index.add('2001:db8::a00:7', addressBytes('2001:db8::a00:7')!, { hi: 9, lo: 5 });
  assert.deepEqual(index.namesWithHash({ hi: 9, lo: 5 }), ['2001:db8::a00:7']);
  assert.deepEqual(index.namesWithHash({ hi: 5, lo: 5 }), []);
  assert.equal(index.has('2001:db8::a00:7', addressBytes('2001:db8::a00:7')!), true);
  assert.equal(index.has('10.0.0.7', addressBytes('2001:db8::a00:7')!), false);
  assert.equal(index.remove('10.0.0.7', addressBytes('10.0.0.7')!), true);
  assert.equal(index.has('10.0.0.7', addressBytes('10.0.0.7')!), false);
  assert.equal(index.has('2001:db8::a00:7', addressBytes('2001:db8::a00:7')!), true);
});
