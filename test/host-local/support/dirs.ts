// Temporary data directories and what is in them.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDataDir(tag = 'hl'): { dataDir: string; remove: () => void } {
  const dataDir = mkdtempSync(join(tmpdir(), `${tag}-`));
  return { dataDir, remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** name -> content of the regular files of a network directory (ours and the reference's layout). */
export function networkFiles(dataDir: string, network: string, opts: { withLock?: boolean } = {}): Record<string, string> {
  const dir = join(dataDir, network);
  const files: Record<string, string> = {};
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return files;
  }
  for (const name of names) {
    if (name === 'lock' && !opts.withLock) continue;
    const path = join(dir, name);
    if (statSync(path).isFile()) files[name] = readFileSync(path, 'latin1');
  }
  return files;
}

/** Only the reservations: files whose name is an address. */
export function reservations(dataDir: string, network: string): Record<string, string> {
  const all = networkFiles(dataDir, network);
  return Object.fromEntries(Object.entries(all).filter(([name]) => /^[0-9a-f.:]+$/i.test(name) && /[.:]/.test(name)));
}

/** Every file under dataDir with its content and mode, for byte-for-byte comparisons. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(d, name);
      const st = statSync(path);
      if (st.isDirectory()) {
        out[`${rel}${name}/`] = `dir ${(st.mode & 0o777).toString(8)}`;
        walk(path, `${rel}${name}/`);
      } else {
        out[`${rel}${name}`] = `${(st.mode & 0o777).toString(8)} ${readFileSync(path, 'latin1')}`;
      }
    }
  };
  walk(dir, '');
  return out;
}

/**
 * Creates a reservation file as a plugin does ("id\r\nifname", or a bare legacy id). An existing
 * file is replaced by a new one, as when an older plugin version wrote it: files are never
 * rewritten in place by any plugin, and the store's index relies on that.
 */
export function writeReservation(dataDir: string, network: string, ip: string, content: string): void {
  const dir = join(dataDir, network);
  mkdirSync(dir, { recursive: true });
  rmSync(join(dir, ip), { force: true });
  writeFileSync(join(dir, ip), content, { mode: 0o600 });
}

export function writeLastReserved(dataDir: string, network: string, set: number, ip: string): void {
  const dir = join(dataDir, network);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `last_reserved_ip.${set}`), ip, { mode: 0o600 });
}
