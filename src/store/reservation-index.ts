// The in-memory table of a network directory's reservations, and its file form.
//
// Per reservation: the file name (exactly as on disk), the address as 16 bytes (what the Wasm
// pool takes in one call) and a 64-bit hash of the owner key, i.e. the trimmed file content
// ("id\r\nifname", or the bare id of a legacy file). Owner look-ups compare hashes and then read
// the one file to rule out collisions, so nothing scales with reading every file.
//
// Loading and saving must stay cheap at 60,000 entries, so the table keeps its file form's
// column layout: no per-entry objects or strings are made on load, a name is decoded only when
// asked for, removals are tombstones, and saving copies the live runs of each column. Columns
// (little endian): addresses (16 bytes each), owner hashes (8), name lengths (1: IP texts are at
// most 45 characters), names (ASCII). Every add and remove is also logged as a Change, which
// index-files.ts appends to a journal instead of rewriting the whole table. Positions are
// stable: adds append, removes leave tombstones, so replaying a journal in order on the same
// snapshot puts every entry where its writer had it, and a removal can name its position.

const ADDRESS_BYTES = 16;
const HASH_WORDS = 2;
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
  private addresses: Uint8Array;
  private hashes: Uint32Array;
  private nameLengths: Uint8Array;
  private nameStarts: Uint32Array;        // count + 1 offsets into names
  private names: Uint8Array;
  /** Adds and removes since the table was loaded or last saved, in order. */
  changes: Change[] = [];

  constructor(capacity = SLACK_ENTRIES, nameCapacity = capacity * 16) {
    this.addresses = new Uint8Array(capacity * ADDRESS_BYTES);
    this.hashes = new Uint32Array(capacity * HASH_WORDS);
    this.nameLengths = new Uint8Array(capacity);
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
    this.nameLengths[i] = bytes.length;
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
    // Runs before V8 optimises anything: keep the per-entry work to one compare in the common case.
    for (let i = 0; i < this.count; i++) {
      const hi = table[HASH_WORDS * i];
      if (hi !== a.hi && hi !== b.hi) continue;
      const lo = table[HASH_WORDS * i + 1];
      if (this.dead.has(i)) continue;
      if (hi === a.hi && lo === a.lo) found[0].push(this.nameAt(i));
      else if (hi === b.hi && lo === b.lo) found[1].push(this.nameAt(i));
    }
    return found;
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
    return this.size * (ADDRESS_BYTES + 4 * HASH_WORDS + 1) + namesLength;
  }

  /** Writes the live entries' columns into `out` at `at`; returns the end offset. */
  writeColumns(out: Uint8Array, at: number): number {
    const hashBytes = new Uint8Array(this.hashes.buffer, this.hashes.byteOffset, this.hashes.byteLength);
    const columns: [Uint8Array, (i: number) => number][] = [
      [this.addresses, (i) => i * ADDRESS_BYTES],
      [hashBytes, (i) => i * 4 * HASH_WORDS],
      [this.nameLengths, (i) => i],
      [this.names, (i) => this.nameStarts[i]!],
    ];
    for (const [column, offsetOf] of columns) {
      for (const [from, to] of this.liveRuns()) {
        const part = column.subarray(offsetOf(from), offsetOf(to));
        out.set(part, at);
        at += part.length;
      }
    }
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
    const fixed = count * (ADDRESS_BYTES + 4 * HASH_WORDS + 1);
    if (bytes < fixed) return null;
    const namesLength = bytes - fixed;
    const slack = extra + SLACK_ENTRIES;
    const index = new ReservationIndex(count + slack, namesLength + slack * MAX_IP_TEXT_BYTES);
    const hashBytes = new Uint8Array(index.hashes.buffer);
    const columns: [Uint8Array, number][] = [
      [index.addresses, count * ADDRESS_BYTES], [hashBytes, count * 4 * HASH_WORDS], [index.nameLengths, count], [index.names, namesLength],
    ];
    let at = 0;
    for (const [column, length] of columns) {
      if (!read(column.subarray(0, length), at)) return null;
      at += length;
    }
    const nameStarts = index.nameStarts;
    const nameLengths = index.nameLengths;
    let offset = 0;
    for (let i = 0; i < count; i++) nameStarts[i + 1] = offset += nameLengths[i]!;
    if (offset !== namesLength) return null;
    index.count = count;
    return index;
  }

  /**
   * Makes the columns in `data` (as written by writeColumns) the whole table: tombstones and
   * logged changes go, positions restart from the saved order. Keeps views into `data`, not
   * copies, so a read-only transaction (CHECK, DEL) copies nothing; the first add copies.
   */
  adoptColumns(data: Uint8Array, count: number): boolean {
    const fixed = count * (ADDRESS_BYTES + 4 * HASH_WORDS + 1);
    if (data.length < fixed) return false;
    const namesLength = data.length - fixed;
    let at = data.byteOffset;
    const take = (bytes: number) => new Uint8Array(data.buffer, (at += bytes) - bytes, bytes);
    const addresses = take(count * ADDRESS_BYTES);
    const hashBytes = take(count * 4 * HASH_WORDS);
    const nameLengths = take(count);
    const names = take(namesLength);
    const nameStarts = new Uint32Array(count + 1);
    let offset = 0;
    for (let i = 0; i < count; i++) nameStarts[i + 1] = offset += nameLengths[i]!;
    if (offset !== namesLength) return false;
    this.addresses = addresses;
    this.hashes = hashBytes.byteOffset % 4 === 0
      ? new Uint32Array(hashBytes.buffer, hashBytes.byteOffset, count * HASH_WORDS)
      : new Uint32Array(hashBytes.slice().buffer);   // unaligned: a Uint32Array view is not allowed
    this.nameLengths = nameLengths;
    this.names = names;
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
    const a = this.addresses;
    for (let i = 0; i < this.count; i++) {
      const base = i * ADDRESS_BYTES;
      // The last byte differs most often: test it first.
      if (a[base + 15] !== address[15]) continue;
      let same = true;
      for (let k = 0; k < 15 && same; k++) same = a[base + k] === address[k];
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
    if (need > this.nameLengths.length) {
      // A quarter more (at least SLACK_ENTRIES): a scan grows it often, a transaction once.
      const capacity = Math.max(need, this.nameLengths.length + Math.max(SLACK_ENTRIES, this.nameLengths.length >> 2));
      this.addresses = grown(this.addresses, capacity * ADDRESS_BYTES);
      this.hashes = grown(this.hashes, capacity * HASH_WORDS);
      this.nameLengths = grown(this.nameLengths, capacity);
      this.nameStarts = grown(this.nameStarts, capacity + 1);
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
