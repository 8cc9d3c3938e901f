// Where things live under a dataDir, and what reservation files hold. The network directory
// itself follows the reference host-local byte for byte (reference-plugins.md §1.7); everything
// of ours lives in <dataDir>/.wasm-cni/, a name no network can have (network names start with
// an alphanumeric), so the reference never walks over it.

import { join, relative } from 'node:path';

export const DIR_MODE = 0o755;          // reference MkdirAll(…, 0755)
export const FILE_MODE = 0o600;         // reservations and last_reserved_ip, reference v1.4.0+
export const REF_LOCK_MODE = 0o750;     // go-filemutex creates <dir>/lock with 0750 (before umask)
export const SIDE_DIR_MODE = 0o700;     // our own state: owner hashes, temp files, lock

export const SIDE_DIR_NAME = '.wasm-cni';
export const REF_LOCK_NAME = 'lock';
const LAST_RESERVED_PREFIX = 'last_reserved_ip.';
const LINE_BREAK = '\r\n';

export interface StorePaths {
  networkDir: string;    // <dataDir>/<network>: the reference layout
  sideDir: string;       // <dataDir>/.wasm-cni
  tempDir: string;       // <dataDir>/.wasm-cni/tmp: staging for atomic writes, same filesystem
  snapshotFile: string;  // <dataDir>/.wasm-cni/<network>.index: the reservation table
  journalFile: string;   // <dataDir>/.wasm-cni/<network>.journal: changes since the snapshot
  lockDir: string;       // <dataDir>/.wasm-cni/<network>.lock (proper-lockfile's mkdir lock)
}

export function storePaths(dataDir: string, network: string): StorePaths {
  if (network === '' || network.includes('\0')) throw new Error(`invalid network name ${JSON.stringify(network)}`);
  const networkDir = join(dataDir, network);
  const sideDir = join(dataDir, SIDE_DIR_NAME);
  const rel = relative(dataDir, networkDir);
  if (rel === '' || rel.startsWith('..') || rel.split('/')[0] === SIDE_DIR_NAME) {
    throw new Error(`network name ${JSON.stringify(network)} does not name a directory inside ${dataDir}`);
  }
  // One flat file name per network, even for names with slashes (the reference allows nesting).
  const key = encodeURIComponent(rel);
  return {
    networkDir,
    sideDir,
    tempDir: join(sideDir, 'tmp'),
    snapshotFile: join(sideDir, `${key}.index`),
    journalFile: join(sideDir, `${key}.journal`),
    lockDir: join(sideDir, `${key}.lock`),
  };
}

export function lastReservedName(rangeSet: number): string {
  if (!Number.isInteger(rangeSet) || rangeSet < 0) throw new Error(`invalid range set index ${rangeSet}`);
  return LAST_RESERVED_PREFIX + rangeSet;
}

// Go's strings.TrimSpace: Unicode White_Space at both ends. Differs from String.trim() on
// U+0085 (Go trims it) and U+FEFF (JS trims it).
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const GO_TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'g');

export function goTrimSpace(text: string): string {
  return text.replace(GO_TRIM, '');
}

/** What a reservation file holds: the trimmed container ID, CRLF, the ifname as given. */
export function reservationContent(containerId: string, ifname: string): string {
  return goTrimSpace(containerId) + LINE_BREAK + ifname;
}

/** The keys the reference compares a trimmed file content against: current format, then legacy. */
export function ownerKeys(containerId: string, ifname: string): { current: string; legacy: string } {
  return { current: reservationContent(containerId, ifname), legacy: goTrimSpace(containerId) };
}

/** Splits a trimmed file content into its owner, the way a reader of either format sees it. */
export function parseOwner(trimmedContent: string): { containerId: string; ifname: string | null } {
  const at = trimmedContent.indexOf(LINE_BREAK);
  if (at < 0) return { containerId: trimmedContent, ifname: null };
  return { containerId: trimmedContent.slice(0, at), ifname: trimmedContent.slice(at + LINE_BREAK.length) };
}
