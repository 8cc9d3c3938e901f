// Files that appear whole or not at all. The content is written to a temp file on the same
// filesystem first, then published with link(2) (fails with EEXIST exactly like O_EXCL, so a
// reservation is still "create if absent") or rename(2) (replace). A kill -9 at any instant
// leaves either no final file or a complete one, plus at worst a temp file that
// removeStaleTemps() recognises by its suffix and age.
//
// Nothing is flushed to disk, as in the reference: a flush makes the filesystem commit its
// journal, tens of ms while another process streams writes (an image pull; bench/flush.ts).
// After a power cut a reservation can come back empty; it then only blocks its address until
// GC removes it, and every container that held an address is gone anyway.

import {
  closeSync, linkSync, mkdirSync, openSync, readdirSync, renameSync, statSync,
  unlinkSync, writeSync,
} from 'node:fs';
import { randomBytes } from './random.js';
import { join } from 'node:path';

export const TEMP_SUFFIX = '.wasm-cni-tmp';
/** No write keeps a temp file for more than a few milliseconds; an older one is a crash leftover. */
export const TEMP_MAX_AGE_MS = 60_000;

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone: nothing to clean
  }
}

// A leading dot keeps the name from ever parsing as an IP, should it sit in a network directory.
function tempPath(tempDir: string): string {
  return join(tempDir, `.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
}

/** Writes a complete temp file. */
function writeTemp(tempDir: string, content: string | Uint8Array, mode: number): string {
  const path = tempPath(tempDir);
  let fd: number;
  try {
    fd = openSync(path, 'wx', mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(tempDir, { recursive: true, mode: 0o700 });
    fd = openSync(path, 'wx', mode);
  }
  try {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
  } catch (err) {
    closeSync(fd);
    unlinkQuietly(path);
    throw err;
  }
  closeSync(fd);
  return path;
}

/**
 * Creates `path` with `content` unless it exists. Returns false if it exists.
 * Throws EXDEV when tempDir is on another filesystem (the caller picks another temp dir).
 */
export function createExclusive(tempDir: string, path: string, content: string, mode: number): boolean {
  const temp = writeTemp(tempDir, content, mode);
  try {
    linkSync(temp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkQuietly(temp);
  }
}

/**
 * Creates or replaces `path` with `content` in one step (round-robin pointer, index files: both
 * validated on read).
 */
export function replaceFile(tempDir: string, path: string, content: string | Uint8Array, mode: number): void {
  const temp = writeTemp(tempDir, content, mode);
  try {
    renameSync(temp, path);
  } catch (err) {
    unlinkQuietly(temp);
    throw err;
  }
}

/** Removes temp files of ours in `dir` older than TEMP_MAX_AGE_MS; returns how many. */
export function removeStaleTemps(dir: string, now = Date.now()): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.endsWith(TEMP_SUFFIX)) continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs < TEMP_MAX_AGE_MS) continue;
      unlinkSync(path);
      removed++;
    } catch {
      // raced with another cleaner or the writer itself
    }
  }
  return removed;
}
