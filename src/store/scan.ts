// The slow path: rebuild the reservation table by reading every file of a network directory,
// as the reference does on every operation. Runs when the directory changed behind our back.
// Reads are synchronous (cheapest per file) but yield to the event loop now and then so the
// lock's keep-alive timer keeps running during a long scan.

import { type Dirent, closeSync, openSync, readFileSync, readSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { addressBytes } from './address.js';
import { TEMP_MAX_AGE_MS, TEMP_SUFFIX } from './atomic-file.js';
import { goTrimSpace } from './layout.js';
import { NO_OWNER, type OwnerHash, ReservationIndex, ownerHash, ownerHashOfBytes } from './reservation-index.js';

const FILES_PER_SLICE = 2000;
const SMALL_FILE_BYTES = 4096;   // reservations hold ~80 bytes: one read, no fstat
const readBuffer = Buffer.alloc(SMALL_FILE_BYTES);

/** Reads a reservation file's trimmed content, or null if it is not a readable regular file. */
export function readOwnerKey(path: string): string | null {
  try {
    return goTrimSpace(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Every entry whose name parses as an IP (the reference's GetByID rule). Regular files, and
 * symlinks to them (the reference's walk reads through symlinks), are keyed by their content;
 * anything else by that name (a directory, a FIFO) still blocks the address, with NO_OWNER.
 */
export async function scanNetworkDir(dir: string): Promise<ReservationIndex> {
  const index = new ReservationIndex();
  const entries = readdirSync(dir, { withFileTypes: true });
  let sinceYield = 0;
  for (const entry of entries) {
    const name = entry.name;
    if (name.endsWith(TEMP_SUFFIX)) {
      removeIfOld(join(dir, name));
      continue;
    }
    const address = addressBytes(name);
    if (!address) continue;
    index.add(name, address, entryOwnerHash(entry, join(dir, name)), false);
    if (++sinceYield === FILES_PER_SLICE) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return index;
}

/** The owner hash of one directory entry: NO_OWNER for anything that is not a readable file. */
export function entryOwnerHash(entry: Dirent, path: string): OwnerHash {
  return (isReadableFile(entry, path) ? readOwnerHash(path) : null) ?? NO_OWNER;
}

// What ownerHash(readOwnerKey(path)) gives, without making strings in the common case: an ASCII
// content with nothing to trim is its own UTF-8 key.
function readOwnerHash(path: string): OwnerHash | null {
  let length: number;
  try {
    const fd = openSync(path, 'r');
    try {
      length = readSync(fd, readBuffer, 0, SMALL_FILE_BYTES, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
  if (length === SMALL_FILE_BYTES) {
    const key = readOwnerKey(path);   // unusually large: read it whole
    return key === null ? null : ownerHash(key);
  }
  const bytes = readBuffer.subarray(0, length);
  if (isPlainAscii(bytes)) return ownerHashOfBytes(bytes);
  return ownerHash(goTrimSpace(bytes.toString('utf8')));
}

// Printable ASCII at both ends (nothing TrimSpace removes) and ASCII throughout.
function isPlainAscii(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (n === 0 || bytes[0]! <= 0x20 || bytes[n - 1]! <= 0x20) return false;
  for (let i = 0; i < n; i++) if (bytes[i]! >= 0x7f) return false;
  return true;
}

// Symlinks are followed (to regular files only: a FIFO would block the read). Some filesystems
// report DT_UNKNOWN for every entry: ask stat then.
function isReadableFile(entry: Dirent, path: string): boolean {
  if (entry.isFile()) return true;
  const unknownType = !entry.isDirectory() && !entry.isFIFO() && !entry.isSocket() &&
    !entry.isBlockDevice() && !entry.isCharacterDevice();
  if (!entry.isSymbolicLink() && !unknownType) return false;
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

// Temp files land in the network directory only when our side directory is on another filesystem.
function removeIfOld(path: string): void {
  try {
    if (Date.now() - statSync(path).mtimeMs >= TEMP_MAX_AGE_MS) unlinkSync(path);
  } catch {
    // gone already
  }
}
