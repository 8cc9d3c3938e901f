// Persisting the reservation table: a snapshot plus an append-only journal, both in our side
// directory. Rewriting a 2 MB snapshot on every ADD would cost more than the ADD itself at
// 60,000 reservations; appending a ~60-byte batch costs the same at any size. The snapshot is
// rewritten (and the journal dropped) when the journal grows past JOURNAL_LIMIT_BYTES, and on
// every change while it is small: then a rewrite costs no more than an append, and loading
// replays nothing.
//
// Trust: the state a snapshot + journal describe is stamped with the network directory's mtime
// (and dev/ino) at the time it matched the directory. It is used only while the directory still
// carries exactly that mtime; otherwise the caller rebuilds it by reading every file.
//
// Snapshot: magic, generation (random, 8 bytes), mtime ns, dev, ino, count, then the columns.
// Journal: magic, generation of its snapshot, then batches: payload length (u32), payload
// (mtime ns, count, changes), 4 bytes of FNV-1a of the payload. A change: kind (1 byte),
// address (16), owner hash for an add or table position for a removal (8), name length, name.
// A torn or foreign batch ends the replay; the directory's mtime then no longer matches the
// last intact batch and the table is rebuilt.

import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readFileSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from './random.js';
import { replaceFile } from './atomic-file.js';
import { type Change, ReservationIndex } from './reservation-index.js';

const SNAPSHOT_MAGIC = Buffer.from('WCNISNP5');
const JOURNAL_MAGIC = Buffer.from('WCNIJRN4');
const SNAPSHOT_HEADER_BYTES = 8 + 8 + 8 * 3 + 4;
const JOURNAL_HEADER_BYTES = 8 + 8;
const CHECKSUM_BYTES = 4;
// Replaying a batch (~60 bytes) costs ~20 µs in a fresh process, rewriting a 60,000-entry
// snapshot a few ms: a short journal keeps both the worst load and the amortised rewrite well
// under a millisecond.
export const JOURNAL_LIMIT_BYTES = 2 * 1024;
// Up to here (~1,700 IPv4 reservations) every change rewrites the snapshot.
export const SNAPSHOT_ONLY_BYTES = 64 * 1024;

/** When changes go to the journal instead of a new snapshot (tests set these to exercise both). */
export interface IndexTuning {
  journalLimitBytes?: number;
  snapshotOnlyBytes?: number;
}
const ADD = 1;
const REMOVE = 2;

export interface DirIdentity {
  mtimeNs: bigint;
  dev: bigint;
  ino: bigint;
}

export class IndexFiles {
  private generation: Buffer | null = null;
  private journalLength = 0;   // bytes of the journal that replayed cleanly
  private readonly journalLimitBytes: number;
  private readonly snapshotOnlyBytes: number;

  constructor(
    private readonly snapshotPath: string,
    private readonly journalPath: string,
    private readonly tempDir: string,
    private readonly fileMode: number,
    tuning: IndexTuning = {},
  ) {
    this.journalLimitBytes = tuning.journalLimitBytes ?? JOURNAL_LIMIT_BYTES;
    this.snapshotOnlyBytes = tuning.snapshotOnlyBytes ?? SNAPSHOT_ONLY_BYTES;
  }

  /** The table as of directory state `dir`, or null if the files do not describe that state. */
  load(dir: DirIdentity): ReservationIndex | null {
    let fd: number;
    try {
      fd = openSync(this.snapshotPath, 'r');
    } catch {
      return null;
    }
    try {
      return this.loadFrom(fd, dir);
    } finally {
      closeSync(fd);
    }
  }

  private loadFrom(fd: number, dir: DirIdentity): ReservationIndex | null {
    const header = Buffer.alloc(SNAPSHOT_HEADER_BYTES);
    if (readSync(fd, header, 0, SNAPSHOT_HEADER_BYTES, 0) !== SNAPSHOT_HEADER_BYTES || !startsWith(header, SNAPSHOT_MAGIC)) return null;
    const generation = header.subarray(8, 16);
    let mtimeNs = header.readBigInt64LE(16);
    if (header.readBigUInt64LE(24) !== dir.dev || header.readBigUInt64LE(32) !== dir.ino) return null;

    const journal = readOrNull(this.journalPath);
    const batches = journal && startsWith(journal, JOURNAL_MAGIC) && journal.subarray(8, 16).equals(generation)
      ? readBatches(journal) : { changes: [], mtimeNs: null, length: 0 };
    if (batches.mtimeNs !== null) mtimeNs = batches.mtimeNs;
    if (mtimeNs !== dir.mtimeNs) return null;   // checked before the costly part

    const columnBytes = fstatSync(fd).size - SNAPSHOT_HEADER_BYTES;
    const index = ReservationIndex.readColumns(header.readUInt32LE(40), columnBytes, batches.changes.length, (target, at) =>
      readSync(fd, target, 0, target.length, SNAPSHOT_HEADER_BYTES + at) === target.length);
    if (!index) return null;
    if (!index.replay(batches.changes)) return null;
    this.generation = Buffer.from(generation);
    this.journalLength = batches.length;
    return index;
  }

  /** Writes the whole table as a new snapshot for state `dir`, and drops the journal. */
  saveSnapshot(index: ReservationIndex, dir: DirIdentity): void {
    const generation = randomBytes(8);
    const out = Buffer.alloc(SNAPSHOT_HEADER_BYTES + index.columnsLength());
    let at = SNAPSHOT_MAGIC.copy(out, 0);
    at += generation.copy(out, at);
    at = out.writeBigInt64LE(dir.mtimeNs, at);
    at = out.writeBigUInt64LE(dir.dev, at);
    at = out.writeBigUInt64LE(dir.ino, at);
    at = out.writeUInt32LE(index.size, at);
    const count = index.size;
    index.writeColumns(out, at);
    replaceFile(this.tempDir, this.snapshotPath, out, this.fileMode);
    removeQuietly(this.journalPath);
    this.generation = generation;
    this.journalLength = 0;
    // Later journal positions refer to the snapshot's order: the table takes it on.
    index.adoptColumns(out.subarray(SNAPSHOT_HEADER_BYTES), count);
  }

  /** Records the table's changes since load as one journal batch ending in state `dir`. */
  saveChanges(index: ReservationIndex, dir: DirIdentity): void {
    if (!this.generation || this.journalLength > this.journalLimitBytes || index.columnsLength() <= this.snapshotOnlyBytes) {
      this.saveSnapshot(index, dir);
      return;
    }
    const batch = encodeBatch(index.changes, dir.mtimeNs);
    const fd = openSync(this.journalPath, 'a', this.fileMode);
    try {
      // Cut off whatever did not replay cleanly (a torn batch) before appending after it.
      if (fstatSync(fd).size !== this.journalLength) ftruncateSync(fd, this.journalLength);
      if (this.journalLength === 0) writeAll(fd, Buffer.concat([JOURNAL_MAGIC, this.generation]));
      writeAll(fd, batch);
    } finally {
      closeSync(fd);
    }
    this.journalLength = Math.max(this.journalLength, JOURNAL_HEADER_BYTES) + batch.length;
    index.changes = [];
  }

  /** Makes the next load fail, so the table is rebuilt from the directory. */
  forget(): void {
    removeQuietly(this.snapshotPath);
    removeQuietly(this.journalPath);
    this.generation = null;
  }
}

function encodeBatch(changes: Change[], mtimeNs: bigint): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(12);
  head.writeBigInt64LE(mtimeNs, 0);
  head.writeUInt32LE(changes.length, 8);
  parts.push(head);
  for (const change of changes) {
    const name = Buffer.from(change.name, 'latin1');
    const record = Buffer.alloc(1 + 16 + 8 + 1 + name.length);
    record[0] = change.kind === 'add' ? ADD : REMOVE;
    record.set(change.address, 1);
    if (change.kind === 'add') {
      record.writeUInt32LE(change.hash.hi, 17);
      record.writeUInt32LE(change.hash.lo, 21);
    } else {
      record.writeUInt32LE(change.position, 17);
    }
    record[25] = name.length;
    name.copy(record, 26);
    parts.push(record);
  }
  const payload = Buffer.concat(parts);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(payload.length);
  return Buffer.concat([length, payload, checksum(payload)]);
}

/** The changes of every intact batch, the last batch's mtime, and the intact length. */
function readBatches(journal: Buffer): { changes: Change[]; mtimeNs: bigint | null; length: number } {
  const changes: Change[] = [];
  let mtimeNs: bigint | null = null;
  let at = JOURNAL_HEADER_BYTES;
  while (at + 4 <= journal.length) {
    const length = journal.readUInt32LE(at);
    const end = at + 4 + length + CHECKSUM_BYTES;
    if (length < 12 || end > journal.length) break;
    const payload = journal.subarray(at + 4, at + 4 + length);
    if (!checksum(payload).equals(journal.subarray(end - CHECKSUM_BYTES, end))) break;
    const decoded = decodePayload(payload);
    if (!decoded) break;
    changes.push(...decoded.changes);
    mtimeNs = decoded.mtimeNs;
    at = end;
  }
  return { changes, mtimeNs, length: at };
}

function decodePayload(payload: Buffer): { changes: Change[]; mtimeNs: bigint } | null {
  const mtimeNs = payload.readBigInt64LE(0);
  const count = payload.readUInt32LE(8);
  const changes: Change[] = [];
  let at = 12;
  for (let k = 0; k < count; k++) {
    if (at + 26 > payload.length) return null;
    const kind = payload[at];
    const address = new Uint8Array(payload.subarray(at + 1, at + 17));
    const nameEnd = at + 26 + payload[at + 25]!;
    if (nameEnd > payload.length) return null;
    const name = payload.toString('latin1', at + 26, nameEnd);
    if (kind === ADD) {
      changes.push({ kind: 'add', name, address, hash: { hi: payload.readUInt32LE(at + 17), lo: payload.readUInt32LE(at + 21) } });
    } else if (kind === REMOVE) {
      changes.push({ kind: 'remove', name, address, position: payload.readUInt32LE(at + 17) });
    } else {
      return null;
    }
    at = nameEnd;
  }
  return at === payload.length ? { changes, mtimeNs } : null;
}

function checksum(payload: Uint8Array): Buffer {
  // FNV-1a: catches torn writes (there is no adversary here), needs neither node:crypto nor
  // node:zlib, whose loading would cost more than hashing a batch of a few hundred bytes.
  let h = 0x811c9dc5;
  for (let i = 0; i < payload.length; i++) h = Math.imul(h ^ payload[i]!, 0x01000193);
  const sum = Buffer.alloc(CHECKSUM_BYTES);
  sum.writeUInt32LE(h >>> 0);
  return sum;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
}

function startsWith(data: Buffer, magic: Buffer): boolean {
  return data.length >= magic.length && data.subarray(0, magic.length).equals(magic);
}

// A journal is usually absent: asking first costs a syscall, where a failed read or unlink would
// cost an exception (~50 µs in a fresh process).
function readOrNull(path: string): Buffer | null {
  if (!existsSync(path)) return null;
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

function removeQuietly(path: string): void {
  if (!existsSync(path)) return;
  try {
    unlinkSync(path);
  } catch {
    // nothing to remove
  }
}
