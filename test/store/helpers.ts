// Shared by the store tests: temp data dirs, the reference binaries, a child process driver.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { type IndexTuning, NetworkStore } from '../../src/store/index.js';

export const REFERENCE_BINARIES = [
  { version: '1.1.1', path: '/usr/lib/cni/host-local', fileMode: 0o644 },
  { version: '1.9.1', path: fileURLToPath(new URL('../../build/reference/host-local', import.meta.url)), fileMode: 0o600 },
];

/** A fresh data dir under /tmp, removed by the returned cleanup. */
export function tempDataDir(): { dataDir: string; cleanup: () => void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'store-test-'));
  return { dataDir, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

export interface RefRun { code: number | null; stdout: string; stderr: string }

/** Runs a reference host-local command against `dataDir`, network "n", the given range sets. */
export function runReference(
  binary: string, command: 'ADD' | 'DEL' | 'CHECK', dataDir: string, containerId: string,
  ifname = 'eth0', ranges: string[][] = [['192.0.2.0/24']],
): RefRun {
  const conf = {
    cniVersion: '1.0.0', name: 'n',
    ipam: { type: 'host-local', dataDir, ranges: ranges.map((set) => set.map((subnet) => ({ subnet }))) },
  };
  const r = spawnSync(binary, [], {
    input: JSON.stringify(conf),
    env: { CNI_COMMAND: command, CNI_CONTAINERID: containerId, CNI_NETNS: '/nonexistent/netns', CNI_IFNAME: ifname, CNI_PATH: '/nonexistent' },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const CHILD_SOURCE = fileURLToPath(new URL('./child.ts', import.meta.url));
let childBundle: string | null = null;

// esbuild comes with tsx. A bundle starts in ~0.1 s where tsx takes ~0.5 s of CPU: that is what
// lets 64 children start together on a small machine.
function bundledChild(): string {
  if (!childBundle) {
    const dir = mkdtempSync(join(tmpdir(), 'store-child-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    childBundle = join(dir, 'child.cjs');
    buildSync({ entryPoints: [CHILD_SOURCE], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: childBundle, logLevel: 'error' });
  }
  return childBundle;
}

/** Starts test/store/child.ts in its own node process (see there for the commands). */
export function startChild(args: string[]) {
  return spawn(process.execPath, [bundledChild(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs a child to completion. */
export function runChild(args: string[]): Promise<RefRun> {
  return new Promise((resolve, reject) => {
    const child = startChild(args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `fn` with a store on network "n" in a fresh data dir, removed afterwards. */
export async function withTempStore(
  fn: (ctx: { store: NetworkStore; dataDir: string; dir: string }) => Promise<void>,
  tuning: IndexTuning = {},
): Promise<void> {
  const { dataDir, cleanup } = tempDataDir();
  try {
    const store = await NetworkStore.open(dataDir, 'n', tuning);
    await fn({ store, dataDir, dir: join(dataDir, 'n') });
  } finally {
    cleanup();
  }
}
