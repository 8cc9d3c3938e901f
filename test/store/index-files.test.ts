// The reservation table's persistence: snapshot + journal, replay, torn writes, compaction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addressBytes } from '../../src/store/address.js';
import { type DirIdentity, IndexFiles } from '../../src/store/index-files.js';
import { ReservationIndex, ownerHash } from '../../src/store/reservation-index.js';
import { tempDataDir } from './helpers.js';

const JOURNAL_LIMIT = 2048;

function withFiles(fn: (files: () => IndexFiles, dir: string) => void): void {
  const { dataDir, cleanup } = tempDataDir();
  try {
    // A journal at every size: the tables here are small enough to be rewritten whole otherwise.
    fn(() => new IndexFiles(join(dataDir, 'x.index'), join(dataDir, 'x.journal'), dataDir, 0o600, { journalLimitBytes: JOURNAL_LIMIT, snapshotOnlyBytes: 0 }), dataDir);
  } finally {
    cleanup();
  }
}

const state = (mtimeNs: bigint): DirIdentity => ({ mtimeNs, dev: 7n, ino: 9n });
const add = (index: ReservationIndex, ip: string, owner = `owner-${ip}`) => index.add(ip, addressBytes(ip)!, ownerHash(owner));
const remove = (index: ReservationIndex, ip: string) => index.remove(ip, addressBytes(ip)!);
/** Snapshot at state 1 (empty), then one journal batch adding 10.0.0.2 at state 2. */
function snapshotAndOneBatch(files: () => IndexFiles): { index: ReservationIndex; writer: IndexFiles } {
  const index = new ReservationIndex();
  const writer = files();
  writer.saveSnapshot(index, state(1n));
  add(index, '10.0.0.2');
  writer.saveChanges(index, state(2n));
  return { index, writer };
}

const packedHex = (index: ReservationIndex) =>
  Buffer.from(index.packedAddresses()).toString('hex').match(/.{32}/g)?.sort() ?? [];

test('snapshot then journal batches replay to the same table', () => withFiles((files) => {
  const index = new ReservationIndex();
  for (let i = 1; i <= 100; i++) add(index, `10.0.0.${i}`);
  files().saveSnapshot(index, state(1n));

  const a = files().load(state(1n))!;
  remove(a, '10.0.0.5');
  add(a, '2001:db8::5');
  const writer = files();
  assert.ok(writer.load(state(1n)));
  writer.saveChanges(a, state(2n));
  const b = files().load(state(2n))!;
  remove(b, '10.0.0.6');
  add(b, '10.0.0.6', 'new owner');   // same name, new owner, in one batch
  remove(b, '2001:db8::5');
  add(b, '2001:db8::5', 'again');
  const writer2 = files();
  assert.ok(writer2.load(state(2n)));
  writer2.saveChanges(b, state(3n));

  const loaded = files().load(state(3n))!;
  assert.equal(loaded.size, 100);
  assert.deepEqual(packedHex(loaded), packedHex(b));
  assert.deepEqual(loaded.allNames().sort(), b.allNames().sort());
  assert.deepEqual(loaded.namesWithHash(ownerHash('new owner')), ['10.0.0.6']);
  assert.deepEqual(loaded.namesWithHash(ownerHash('owner-10.0.0.6')), []);
  assert.deepEqual(loaded.namesWithHash(ownerHash('again')), ['2001:db8::5']);
  assert.equal(loaded.has('10.0.0.5', addressBytes('10.0.0.5')!), false);
}));

test('a state other than the last recorded one is not trusted', () => withFiles((files) => {
  const index = new ReservationIndex();
  add(index, '10.0.0.1');
  files().saveSnapshot(index, state(1n));
  assert.equal(files().load(state(2n)), null);
  assert.equal(files().load({ ...state(1n), ino: 10n }), null);
  assert.ok(files().load(state(1n)));
}));

test('a torn journal batch ends the replay, so the table is rebuilt', () => withFiles((files, dir) => {
  const { index, writer } = snapshotAndOneBatch(files);
  add(index, '10.0.0.3');
  writer.saveChanges(index, state(3n));
  const journal = join(dir, 'x.journal');
  truncateSync(journal, statSync(journal).size - 3);
  assert.equal(files().load(state(3n)), null);
  assert.equal(files().load(state(2n))!.size, 1);   // the intact prefix still describes state 2
  // Appending after a torn tail first cuts the tail off.
  const g = files();
  const at2 = g.load(state(2n))!;
  add(at2, '10.0.0.4');
  g.saveChanges(at2, state(4n));
  assert.deepEqual(files().load(state(4n))!.allNames().sort(), ['10.0.0.2', '10.0.0.4']);
}));

test('a corrupted batch is rejected by its checksum', () => withFiles((files, dir) => {
  snapshotAndOneBatch(files);
  const journal = join(dir, 'x.journal');
  const bytes = readFileSync(journal);
  bytes[bytes.length - 12] ^= 1;
  writeFileSync(journal, bytes);
  assert.equal(files().load(state(2n)), null);
}));

test('a journal left from an older snapshot is ignored', () => withFiles((files, dir) => {
  const { index } = snapshotAndOneBatch(files);
  const oldJournal = readFileSync(join(dir, 'x.journal'));
  files().saveSnapshot(index, state(5n));
  writeFileSync(join(dir, 'x.journal'), oldJournal);   // as if the crash hit before its removal
  assert.equal(files().load(state(5n))!.size, 1);
  assert.equal(files().load(state(2n)), null);
}));

test('the journal is folded into a new snapshot once it is long', () => withFiles((files, dir) => {
  let index = new ReservationIndex();
  files().saveSnapshot(index, state(0n));
  let snapshots = 0;
  for (let i = 1; i <= 300; i++) {
    const f = files();
    index = f.load(state(BigInt(i - 1)))!;
    add(index, `10.0.${i >> 8}.${i & 255}`);
    const before = existsSync(join(dir, 'x.journal'));
    f.saveChanges(index, state(BigInt(i)));
    if (before && !existsSync(join(dir, 'x.journal'))) snapshots++;
  }
  assert.ok(snapshots >= 5, `folded ${snapshots} times`);
  assert.ok(statSync(join(dir, 'x.journal')).size <= JOURNAL_LIMIT + 100);
  assert.equal(files().load(state(300n))!.size, 300);
}));

test('garbage instead of the files means no table', () => withFiles((files, dir) => {
  writeFileSync(join(dir, 'x.index'), 'not an index');
  assert.equal(files().load(state(1n)), null);
  appendFileSync(join(dir, 'x.journal'), 'junk');
  assert.equal(files().load(state(1n)), null);
}));

test('a removal that does not find its entry at its position voids the journal', () => withFiles((files) => {
  const index = new ReservationIndex();
  for (let i = 1; i <= 10; i++) add(index, `10.0.0.${i}`);
  const writer = files();
  writer.saveSnapshot(index, state(1n));
  remove(index, '10.0.0.3');
  const change = index.changes[0]!;
  assert.equal(change.kind === 'remove' && change.position, 2);
  if (change.kind === 'remove') change.position = 4;   // as if written against another table
  writer.saveChanges(index, state(2n));
  assert.equal(files().load(state(2n)), null);
}));
