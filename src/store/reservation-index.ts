// The in-memory table of a network directory's reservations, and its file form.
//
// Per reservation: the file name (exactly as on disk), the address as 16 bytes (what the Wasm
// pool takes in one call) and a 64-bit hash of the owner key, i.e. the trimmed file content
// ("id\r\nifname", or the bare id of a legacy file). Owner look-ups compare hashes and then read
// the one file to rule out collisions, so nothing scales with reading every file.
//
// Loading and saving must stay cheap at 60,000 entries, so the table keeps its file form's
// column layout: no per-entry objects or strings are made on load, and no per-entry JavaScript
// runs on a command's path either (it runs once, unoptimised: ~20 ns an entry, over a ms at
// 60,000): searches are typed-array indexOf, a native scan. A name is decoded only when asked
// for, removals are tombstones, and saving copies the live runs of each column. Columns (as typed
// arrays hold them: the machine's byte order): addresses (16 bytes each), owner hashes (8), where
// each name ends in the names (4), names (ASCII). Every add and remove is also logged as a Change, which
// index-files.ts appends to a journal instead of rewriting the whole table. Positions are
// stable: adds append, removes leave tombstones, so replaying a journal in order on the same
// snapshot puts every entry where its writer had it, and a removal can name its position.

const ADDRESS_BYTES = 16;
const ADDRESS_WORDS = ADDRESS_BYTES / 4;
const HASH_WORDS = 2;
const END_BYTES = 4;
const FIXED_BYTES = ADDRESS_BYTES + 4 * HASH_WORDS + END_BYTES;   // per entry, names aside
const MAX_NAME_BYTES = 255;
const SLACK_ENTRIES = 64;     // room for a transaction's additions without regrowing
const MAX_IP_TEXT_BYTES = 45; // the longest IPv6 text form

export interface OwnerHash {
  hi: number;
  lo: number;
}

export type Change =
  | { kind: 'add'; name: string; address: Uint8Array; hash: OwnerHash }
  | { kind: 'remove'; name: string; address: Uint8Array; position: number };

/**
 * The hash of an entry that takes an address but has no readable owner (a directory or a
 * dangling symlink named like an IP): the reference cannot create that file either, so the
 * address counts as taken. Owner look-ups confirm hits by reading, so it never matches anyone.
 */
export const NO_OWNER: OwnerHash = { hi: 0, lo: 0 };

/** The hash of an owner key (a trimmed file content). */
export function ownerHash(trimmedContent: string): OwnerHash {
  return ownerHashOfBytes(Buffer.from(trimmedContent, 'utf8'));
}

/**
 * The same hash over the key's UTF-8 bytes. Not cryptographic on purpose: a collision, even a
 * forced one, only costs reading one more file to compare contents. Two 32-bit MurmurHash3 lanes.
 */
export function ownerHashOfBytes(bytes: Uint8Array): OwnerHash {
  return { hi: murmur3(bytes, 0x9747b28c), lo: murmur3(bytes, 0x1b873593) };
}

function murmur3(bytes: Uint8Array, seed: number): number {
  const mixK = (k: number) => Math.imul(rotl(Math.imul(k, 0xcc9e2d51), 15), 0x1b873593);
  let h = seed | 0;
  const n = bytes.length;
  const whole = n & ~3;
  for (let i = 0; i < whole; i += 4) {
    h ^= mixK(bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    h = (Math.imul(rotl(h, 13), 5) + 0xe6546b64) | 0;
  }
  let tail = 0;
  for (let i = n - 1; i >= whole; i--) tail = (tail << 8) | bytes[i]!;
  if (n & 3) h ^= mixK(tail);
  h ^= n;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

export class ReservationIndex {
  private count = 0;                      // entries, tombstones included
  private readonly dead = new Set<number>();
  private addresses: Uint8Array;         // 4-byte aligned: searched through a Uint32Array view
  private hashes: Uint32Array;
  private nameStarts: Uint32Array;        // count + 1 offsets into names; the file keeps [1, count]
  private names: Uint8Array;
  /** Adds and removes since the table was loaded or last saved, in order. */
  changes: Change[] = [];

  constructor(capacity = SLACK_ENTRIES, nameCapacity = capacity * 16) {
    this.addresses = new Uint8Array(capacity * ADDRESS_BYTES);
    this.hashes = new Uint32Array(capacity * HASH_WORDS);
    this.nameStarts = new Uint32Array(capacity + 1);
    this.names = new Uint8Array(nameCapacity);
  }

  /** Live entries. */
  get size(): number {
    return this.count - this.dead.size;
  }

  /** Every live name, in table order. */
  allNames(): string[] {
    const found: string[] = [];
    for (let i = 0; i < this.count; i++) if (!this.dead.has(i)) found.push(this.nameAt(i));
    return found;
  }

  /** Adds an entry; `logged` false leaves it out of `changes` (a full scan is saved whole). */
  add(name: string, address: Uint8Array, hash: OwnerHash, logged = true): void {
    const bytes = Buffer.from(name, 'latin1');
    if (bytes.length > MAX_NAME_BYTES) throw new Error(`name too long for the index: ${name}`);
    this.reserveRoom(1, bytes.length);
    const i = this.count++;
    this.addresses.set(address, i * ADDRESS_BYTES);
    this.hashes[HASH_WORDS * i] = hash.hi;
    this.hashes[HASH_WORDS * i + 1] = hash.lo;
    this.names.set(bytes, this.nameStarts[i]!);
    this.nameStarts[i + 1] = this.nameStarts[i]! + bytes.length;
    if (logged) this.changes.push({ kind: 'add', name, address, hash });
  }

  /** Removes the entry named `name`; false if there is none. */
  remove(name: string, address: Uint8Array): boolean {
    const i = this.find(name, address);
    if (i < 0) return false;
    this.dead.add(i);
    this.changes.push({ kind: 'remove', name, address, position: i });
    return true;
  }

  /**
   * Applies changes read back from a journal, in order; costs nothing per existing entry. False
   * if a removal does not find its entry where its writer had it (the journal does not belong to
   * this table): the caller then rebuilds.
   */
  replay(changes: Change[]): boolean {
    for (const change of changes) {
      if (change.kind === 'add') {
        this.add(change.name, change.address, change.hash, false);
        continue;
      }
      const i = change.position;
      if (i >= this.count || this.dead.has(i) || this.nameAt(i) !== change.name) return false;
      this.dead.add(i);
    }
    return true;
  }

  has(name: string, address: Uint8Array): boolean {
    return this.find(name, address) >= 0;
  }

  /** Names whose owner hash equals `hash` (candidates: the caller verifies the content). */
  namesWithHash(hash: OwnerHash): string[] {
    return this.namesWithEitherHash(hash, hash)[0];
  }

  /** The names whose owner hash is `a`, and those whose hash is `b`: one pass for both. */
  namesWithEitherHash(a: OwnerHash, b: OwnerHash): [string[], string[]] {
    const found: [string[], string[]] = [[], []];
    const table = this.hashes;
    const entries = this.withHighWord(a.hi);
    if (b.hi !== a.hi) entries.push(...this.withHighWord(b.hi));
    for (const i of entries.sort((x, y) => x - y)) {
      if (this.dead.has(i)) continue;
      const hi = table[HASH_WORDS * i];
      const lo = table[HASH_WORDS * i + 1];
      if (hi === a.hi && lo === a.lo) found[0].push(this.nameAt(i));
      else if (hi === b.hi && lo === b.lo) found[1].push(this.nameAt(i));
    }
    return found;
  }

  /** Entries (live or not) whose owner hash starts with `hi`. */
  private withHighWord(hi: number): number[] {
    const table = this.hashes.subarray(0, this.count * HASH_WORDS);
    const hits: number[] = [];
    for (let at = table.indexOf(hi); at >= 0; at = table.indexOf(hi, at + 1)) {
      if (at % HASH_WORDS === 0) hits.push(at / HASH_WORDS);
    }
    return hits;
  }

  /** Names whose owner hash is in none of `hashes`. */
  namesWithHashNotIn(hashes: OwnerHash[]): string[] {
    const keep = new Set(hashes.map((h) => `${h.hi},${h.lo}`));
    const found: string[] = [];
    for (let i = 0; i < this.count; i++) {
      if (this.dead.has(i)) continue;
      if (!keep.has(`${this.hashes[HASH_WORDS * i]},${this.hashes[HASH_WORDS * i + 1]}`)) found.push(this.nameAt(i));
    }
    return found;
  }

  /**
   * Every live address, 16 bytes each, in table order. Read-only: without removed entries it is a
   * view of the table itself (60,000 addresses are ~1 MB, and the pool copies them anyway).
   */
  packedAddresses(): Uint8Array {
    if (this.dead.size === 0) return this.addresses.subarray(0, this.count * ADDRESS_BYTES);
    const out = new Uint8Array(this.size * ADDRESS_BYTES);
    let at = 0;
    for (const [from, to] of this.liveRuns()) {
      out.set(this.addresses.subarray(from * ADDRESS_BYTES, to * ADDRESS_BYTES), at);
      at += (to - from) * ADDRESS_BYTES;
    }
    return out;
  }

  /** Bytes the columns take in their file form. */
  columnsLength(): number {
    let namesLength = 0;
    for (const [from, to] of this.liveRuns()) namesLength += this.nameStarts[to]! - this.nameStarts[from]!;
    return this.size * FIXED_BYTES + namesLength;
  }

  /** Writes the live entries' columns into `out` at `at`; returns the end offset. */
  writeColumns(out: Uint8Array, at: number): number {
    const hashBytes = new Uint8Array(this.hashes.buffer, this.hashes.byteOffset, this.hashes.byteLength);
    const runs = [...this.liveRuns()];
    const copyRuns = (column: Uint8Array, offsetOf: (i: number) => number) => {
      for (const [from, to] of runs) {
        const part = column.subarray(offsetOf(from), offsetOf(to));
        out.set(part, at);
        at += part.length;
      }
    };
    copyRuns(this.addresses, (i) => i * ADDRESS_BYTES);
    copyRuns(hashBytes, (i) => i * 4 * HASH_WORDS);
    // Name ends in the compacted names column: a run's ends move back by the names dropped before
    // it. The first run (all of them, without tombstones) keeps its offsets and is copied as is.
    let end = 0;
    for (const [from, to] of runs) {
      const shift = end - this.nameStarts[from]!;
      let ends = this.nameStarts.subarray(from + 1, to + 1);
      if (shift !== 0) ends = ends.map((e) => e + shift);
      out.set(new Uint8Array(ends.buffer, ends.byteOffset, ends.byteLength), at);
      at += ends.byteLength;
      end = this.nameStarts[to]! + shift;
    }
    copyRuns(this.names, (i) => this.nameStarts[i]!);
    return at;
  }

  /** The table whose `count` entries' columns fill `data` exactly, or null. */
  static fromColumns(data: Uint8Array, count: number): ReservationIndex | null {
    return ReservationIndex.readColumns(count, data.length, 0, (target, at) => {
      target.set(data.subarray(at, at + target.length));
      return true;
    });
  }

  /**
   * The table of `count` entries whose columns take `bytes` in their file form, each column read
   * by `read(target, offset)` straight into arrays with room for `extra` more entries (a journal's
   * additions) and a transaction's: a snapshot is read once and never copied to grow.
   */
  static readColumns(count: number, bytes: number, extra: number, read: (target: Uint8Array, offset: number) => boolean): ReservationIndex | null {
    if (bytes < count * FIXED_BYTES) return null;
    const namesLength = bytes - count * FIXED_BYTES;
    const slack = extra + SLACK_ENTRIES;
    const index = new ReservationIndex(count + slack, namesLength + slack * MAX_IP_TEXT_BYTES);
    const bytesOf = (words: Uint32Array, from: number, length: number) => new Uint8Array(words.buffer, words.byteOffset + 4 * from, 4 * length);
    const columns: [Uint8Array, number][] = [
      [index.addresses, count * ADDRESS_BYTES],
      [bytesOf(index.hashes, 0, count * HASH_WORDS), count * 4 * HASH_WORDS],
      [bytesOf(index.nameStarts, 1, count), count * END_BYTES],
      [index.names, namesLength],
    ];
    let at = 0;
    for (const [column, length] of columns) {
      if (!read(column.subarray(0, length), at)) return null;
      at += length;
    }
    if (index.nameStarts[count] !== namesLength) return null;
    index.count = count;
    return index;
  }

  /**
   * Makes the columns in `data` (as written by writeColumns) the whole table: tombstones and
   * logged changes go, positions restart from the saved order. Keeps views into `data`, not
   * copies, so a read-only transaction (CHECK, DEL) copies nothing; the first add copies.
   */
  adoptColumns(data: Uint8Array, count: number): boolean {
    if (data.length < count * FIXED_BYTES) return false;
    const namesLength = data.length - count * FIXED_BYTES;
    let at = data.byteOffset;
    const take = (bytes: number) => new Uint8Array(data.buffer, (at += bytes) - bytes, bytes);
    // Typed-array views need 4-byte alignment; an unaligned column is copied instead.
    const aligned = (bytes: Uint8Array) => (bytes.byteOffset % 4 === 0 ? bytes : bytes.slice());
    const words = (bytes: Uint8Array) => new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    const addresses = aligned(take(count * ADDRESS_BYTES));
    const hashes = words(aligned(take(count * 4 * HASH_WORDS)));
    const nameStarts = new Uint32Array(count + 1);
    nameStarts.set(words(aligned(take(count * END_BYTES))), 1);
    if (nameStarts[count] !== namesLength) return false;
    this.addresses = addresses;
    this.hashes = hashes;
    this.names = take(namesLength);
    this.nameStarts = nameStarts;
    this.count = count;
    this.dead.clear();
    this.changes = [];
    return true;
  }

  private nameAt(i: number): string {
    return Buffer.from(this.names.buffer, this.names.byteOffset, this.names.length)
      .toString('latin1', this.nameStarts[i]!, this.nameStarts[i + 1]!);
  }

  /** The live entry with this name; the address narrows the search to (nearly) one candidate. */
  private find(name: string, address: Uint8Array): number {
    const table = new Uint32Array(this.addresses.buffer, this.addresses.byteOffset, this.count * ADDRESS_WORDS);
    const wanted = new Uint32Array(address.slice(0, ADDRESS_BYTES).buffer);
    const last = ADDRESS_WORDS - 1;   // the word that differs most often
    for (let at = table.indexOf(wanted[last]!); at >= 0; at = table.indexOf(wanted[last]!, at + 1)) {
      if (at % ADDRESS_WORDS !== last) continue;
      const i = (at - last) / ADDRESS_WORDS;
      let same = true;
      for (let k = 0; k < last && same; k++) same = table[i * ADDRESS_WORDS + k] === wanted[k];
      if (same && !this.dead.has(i) && this.nameAt(i) === name) return i;
    }
    return -1;
  }

  /** [from, to) ranges of consecutive live entries. */
  private *liveRuns(): Generator<[number, number]> {
    const dead = [...this.dead].sort((x, y) => x - y);
    let from = 0;
    for (const d of dead) {
      if (d > from) yield [from, d];
      from = d + 1;
    }
    if (from < this.count) yield [from, this.count];
  }

  private reserveRoom(entries: number, nameBytes: number): void {
    const need = this.count + entries;
    const capacity = this.nameStarts.length - 1;
    if (need > capacity) {
      // A quarter more (at least SLACK_ENTRIES): a scan grows it often, a transaction once.
      const more = Math.max(need, capacity + Math.max(SLACK_ENTRIES, capacity >> 2));
      this.addresses = grown(this.addresses, more * ADDRESS_BYTES);
      this.hashes = grown(this.hashes, more * HASH_WORDS);
      this.nameStarts = grown(this.nameStarts, more + 1);
    }
    const needNames = this.nameStarts[this.count]! + nameBytes;
    if (needNames > this.names.length) {
      this.names = grown(this.names, Math.max(needNames, this.names.length + Math.max(SLACK_ENTRIES * 16, this.names.length >> 2)));
    }
  }
}

function grown<T extends Uint8Array | Uint32Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array);
  return bigger;
}
