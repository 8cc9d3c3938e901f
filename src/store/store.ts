// NetworkStore: one network's reservations under <dataDir>/<network>/, in the reference layout,
// with an index so that ADD/DEL/CHECK do not read every file.

import {
  closeSync, constants, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { addressBytes } from './address.js';
import { createExclusive, removeStaleTemps, replaceFile } from './atomic-file.js';
import { dirIdentity, sameIdentity, stampDirectory } from './dir-stamp.js';
import {
  DIR_MODE, FILE_MODE, REF_LOCK_MODE, REF_LOCK_NAME, SIDE_DIR_MODE, type StorePaths, goTrimSpace,
  lastReservedName, ownerKeys, parseOwner, reservationContent, storePaths,
} from './layout.js';
import { type LockState, withDirectoryLock } from './lock.js';
import { type DirIdentity, IndexFiles, type IndexTuning } from './index-files.js';
import { NO_OWNER, type ReservationIndex, ownerHash } from './reservation-index.js';
import { entryOwnerHash, readOwnerKey, scanNetworkDir } from './scan.js';

export interface Reservation {
  ip: string;
  containerId: string;
  ifname: string | null;  // null: legacy file holding only the container ID
}

export interface Attachment {
  containerId: string;
  ifname: string;
}

export interface StoreTx {
  /** Every reserved IP, 16 bytes each (IPv4 as ::ffff:a.b.c.d), for Pool.markPacked. Read-only. */
  packedAddresses(): Uint8Array;
  /** Every reservation with its owner. Reads every file: for listings and GC reports, not ADD. */
  reservations(): Reservation[];
  /** Whether a file named `ip` exists (a reservation by any owner, or anything blocking it). */
  has(ip: string): boolean;
  /**
   * IPs held by (containerId, ifname) or by a legacy file of containerId (reference GetByID),
   * from the table: it can miss a file that a writer without our lock (the reference binary)
   * created while we were changing the directory ourselves. Confirm a miss with reconcile().
   */
  findByOwner(containerId: string, ifname: string): string[];
  /**
   * Reads the directory's names and brings the table in line (costs a directory read, not a
   * read of every file); true if it was not. For DEL and CHECK when they find nothing.
   */
  reconcile(): boolean;
  /** Creates the reservation and records it as last_reserved_ip.<rangeSet>; false if taken. */
  reserve(ip: string, containerId: string, ifname: string, rangeSet: number): boolean;
  /** The raw content of last_reserved_ip.<rangeSet> (untrimmed, as the reference reads it). */
  lastReserved(rangeSet: number): string | null;
  /** Reference DEL: removes the owner's files; only if there are none, its legacy files. */
  releaseByOwner(containerId: string, ifname: string): string[];
  /** Removes the reservation file `ip`; false if there was none. */
  release(ip: string): boolean;
  /** GC: removes every reservation not held by one of `valid` (legacy files match by ID). */
  releaseAllExcept(valid: Attachment[]): string[];
}

export class NetworkStore {
  /** How the last withLock got its table: from the index file, or by reading every file. */
  lastLoad: 'index' | 'scan' | null = null;

  private constructor(readonly paths: StorePaths, private readonly tuning: IndexTuning) {}

  /** Creates <dataDir>/<network> (0755) and its empty `lock` file, as the reference does. */
  static async open(dataDir: string, network: string, tuning: IndexTuning = {}): Promise<NetworkStore> {
    const paths = storePaths(dataDir, network);
    mkdirSync(paths.networkDir, { recursive: true, mode: DIR_MODE });
    mkdirSync(paths.tempDir, { recursive: true, mode: SIDE_DIR_MODE });
    closeSync(openSync(join(paths.networkDir, REF_LOCK_NAME), constants.O_CREAT | constants.O_RDONLY, REF_LOCK_MODE));
    return new NetworkStore(paths, tuning);
  }

  get networkDir(): string {
    return this.paths.networkDir;
  }

  /**
   * Runs `fn` holding the network's lock, with the index loaded (rebuilt from the directory if
   * it changed behind our back). The transaction is only valid inside `fn`.
   */
  withLock<T>(fn: (tx: StoreTx) => Promise<T> | T): Promise<T> {
    return withDirectoryLock(this.paths.networkDir, this.paths.lockDir, async (lock) => {
      // Removed since open (an admin wiping state): come back as the reference's New() would.
      mkdirSync(this.paths.networkDir, { recursive: true, mode: DIR_MODE });
      removeStaleTemps(this.paths.tempDir);
      const files = this.indexFiles();
      const tx = new Transaction(this.paths, await this.loadIndex(files));
      try {
        return await fn(tx);
      } finally {
        tx.close();
        attempt(() => this.saveIndex(files, tx, lock), () => files.forget());
      }
    });
  }

  /**
   * Removes crash leftovers (temp files older than a minute; returns how many) and forces the
   * next transaction to rebuild the table from the files.
   */
  async cleanup(): Promise<number> {
    const removed = removeStaleTemps(this.paths.tempDir);   // old files only: safe without the lock
    await this.withLock(() => this.indexFiles().forget());
    return removed;
  }

  private indexFiles(): IndexFiles {
    return new IndexFiles(this.paths.snapshotFile, this.paths.journalFile, this.paths.tempDir, FILE_MODE, this.tuning);
  }

  private async loadIndex(files: IndexFiles): Promise<{ index: ReservationIndex; dir: DirIdentity | null }> {
    const dir = dirIdentity(this.paths.networkDir);
    const stored = files.load(dir);
    this.lastLoad = stored ? 'index' : 'scan';
    if (stored) return { index: stored, dir };
    // Stamp first: if the mtime still carries our stamp after the scan, nothing changed meanwhile.
    const stamp = stampDirectory(this.paths.networkDir);
    const index = await scanNetworkDir(this.paths.networkDir);
    const unchanged = sameIdentity(stamp, dirIdentity(this.paths.networkDir));
    if (unchanged) attempt(() => files.saveSnapshot(index, stamp), () => files.forget());
    return { index, dir: unchanged ? stamp : null };
  }

  private saveIndex(files: IndexFiles, tx: Transaction, lock: LockState): void {
    if (!tx.changed) return;
    // Our own last change left tx.dir; anything else means someone else wrote meanwhile.
    const trusted = !lock.compromised && tx.dir !== null && sameIdentity(tx.dir, dirIdentity(this.paths.networkDir));
    if (trusted) files.saveChanges(tx.index, tx.dir!);
    else files.forget();
  }
}

// Index files are a cache: failing to write one (or to stat a directory removed meanwhile)
// only costs a rebuild later.
function attempt(write: () => void, onFailure: () => void): void {
  try {
    write();
  } catch {
    onFailure();
  }
}

class Transaction implements StoreTx {
  readonly index: ReservationIndex;
  /** The directory as our last change left it; null once we cannot vouch for it. */
  dir: DirIdentity | null;
  changed = false;
  private open = true;
  private tempDir: string;

  constructor(private readonly paths: StorePaths, loaded: { index: ReservationIndex; dir: DirIdentity | null }) {
    this.index = loaded.index;
    this.dir = loaded.dir;
    this.tempDir = paths.tempDir;
  }

  close(): void {
    this.open = false;
  }

  packedAddresses(): Uint8Array {
    this.assertOpen();
    return this.index.packedAddresses();
  }

  reservations(): Reservation[] {
    this.assertOpen();
    const list: Reservation[] = [];
    for (const ip of this.index.allNames()) {
      const key = readOwnerKey(this.pathOf(ip));
      if (key !== null) list.push({ ip, ...parseOwner(key) });
    }
    return list.sort((a, b) => compareNames(a.ip, b.ip));
  }

  has(ip: string): boolean {
    this.assertOpen();
    try {
      // A free address is the usual answer: no exception for it (one costs ~50 µs in a fresh process).
      return lstatSync(this.pathOf(ip), { throwIfNoEntry: false }) !== undefined;
    } catch {
      return false;
    }
  }

  findByOwner(containerId: string, ifname: string): string[] {
    this.assertOpen();
    return this.holdersOfEach(ownerKeys(containerId, ifname)).flat().sort(compareNames);
  }

  reconcile(): boolean {
    this.assertOpen();
    // The table's names not seen on disk yet (index.has() would scan the table once per entry).
    const unseen = new Set(this.index.allNames());
    let differed = false;
    for (const entry of readdirSync(this.paths.networkDir, { withFileTypes: true })) {
      if (unseen.delete(entry.name)) continue;
      const address = addressBytes(entry.name);
      if (!address) continue;
      this.index.add(entry.name, address, entryOwnerHash(entry, this.pathOf(entry.name)));
      differed = true;
    }
    for (const name of unseen) {
      this.index.remove(name, addressBytes(name)!);
      differed = true;
    }
    if (differed) {
      this.dir = null;        // the stamp hid a change: have the next transaction rebuild
      this.changed = true;
    }
    return differed;
  }

  reserve(ip: string, containerId: string, ifname: string, rangeSet: number): boolean {
    this.assertOpen();
    const address = addressBytes(ip);
    if (!address) throw new Error(`cannot reserve ${JSON.stringify(ip)}: not an IP address`);
    const lastReservedPath = this.pathOf(lastReservedName(rangeSet));
    const content = reservationContent(containerId, ifname);
    let created = false;
    try {
      // One change (one stamp): the reservation, then the round-robin pointer naming it.
      this.change(() => {
        created = this.createFile(this.pathOf(ip), content);
        if (created) replaceFile(this.tempDir, lastReservedPath, ip, FILE_MODE);
      });
    } catch (err) {
      if (created) {
        this.index.add(ip, address, ownerHash(goTrimSpace(content)));
        this.release(ip);   // unlike the reference, do not keep a reservation we report as failed
      }
      throw err;
    }
    if (created) this.index.add(ip, address, ownerHash(goTrimSpace(content)));
    else if (!this.index.has(ip, address)) this.learnForeign(ip, address);
    return created;
  }

  lastReserved(rangeSet: number): string | null {
    this.assertOpen();
    try {
      return readFileSync(this.pathOf(lastReservedName(rangeSet)), 'utf8');
    } catch {
      return null;   // the reference starts from the range start on any read error
    }
  }

  releaseByOwner(containerId: string, ifname: string): string[] {
    this.assertOpen();
    const [current, legacy] = this.holdersOfEach(ownerKeys(containerId, ifname));
    const held = current!.length > 0 ? current! : legacy!;
    return held.filter((ip) => this.release(ip)).sort(compareNames);
  }

  release(ip: string): boolean {
    this.assertOpen();
    const outcome = this.change(() => {
      try {
        unlinkSync(this.pathOf(ip));
        return 'removed';
      } catch (err) {
        return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'kept';   // e.g. a directory
      }
    });
    if (outcome === 'kept') return false;
    const address = addressBytes(ip);
    const known = address !== null && this.index.remove(ip, address);
    if (outcome === 'removed' && !known) this.dir = null;   // a file we did not know of
    return outcome === 'removed';
  }

  releaseAllExcept(valid: Attachment[]): string[] {
    this.assertOpen();
    const keep = valid.flatMap(({ containerId, ifname }) => {
      const { current, legacy } = ownerKeys(containerId, ifname);
      return [ownerHash(current), ownerHash(legacy)];
    });
    return this.index.namesWithHashNotIn(keep).filter((ip) => this.release(ip)).sort(compareNames);
  }

  /**
   * A file appeared that our table lacks: someone else writes without our lock (the reference
   * binary). Take it into this transaction's table so that a caller planning again skips it, and
   * stop vouching for the table as a whole (it is rebuilt on the next withLock).
   */
  private learnForeign(ip: string, address: Uint8Array): void {
    this.dir = null;
    const key = readOwnerKey(this.pathOf(ip));
    this.index.add(ip, address, key === null ? NO_OWNER : ownerHash(key));
  }

  /**
   * Names whose trimmed content is exactly the current-format key, then those of the legacy
   * (ID-only) key: hash hits in one pass over the table, each confirmed by reading the file.
   */
  private holdersOfEach({ current, legacy }: { current: string; legacy: string }): [string[], string[]] {
    const [ofCurrent, ofLegacy] = this.index.namesWithEitherHash(ownerHash(current), ownerHash(legacy));
    const holding = (key: string) => (ip: string) => readOwnerKey(this.pathOf(ip)) === key;
    return [ofCurrent.filter(holding(current)), ofLegacy.filter(holding(legacy))];
  }

  private createFile(path: string, content: string): boolean {
    try {
      return createExclusive(this.tempDir, path, content, FILE_MODE);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      // The network directory is its own mount: stage temp files inside it instead.
      this.tempDir = this.paths.networkDir;
      return createExclusive(this.tempDir, path, content, FILE_MODE);
    }
  }

  /**
   * Runs one change to the directory. Before it, the directory must still be as we left it;
   * after it, we stamp it so that the next change by anyone else shows.
   */
  private change<T>(apply: () => T): T {
    if (this.dir && !sameIdentity(this.dir, dirIdentity(this.paths.networkDir))) this.dir = null;
    this.changed = true;
    const result = apply();
    if (this.dir) this.dir = stampDirectory(this.paths.networkDir);
    return result;
  }

  private pathOf(name: string): string {
    if (name === '' || name.includes('/') || name === '.' || name === '..') {
      throw new Error(`invalid file name ${JSON.stringify(name)}`);
    }
    return join(this.paths.networkDir, name);
  }

  private assertOpen(): void {
    if (!this.open) throw new Error('store transaction used outside withLock');
  }
}

// Go's filepath.Walk visits names in byte order.
function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
