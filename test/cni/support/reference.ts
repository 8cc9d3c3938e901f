// Runs the reference plugins (the oracle) with exactly the given environment and stdin.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** host-local v1.9.1, built by scripts/install-reference.sh: the format we must match. */
export const LATEST_HOST_LOCAL = join(root, 'build/reference/host-local');

export interface Run { stdout: string; stderr: string; exitCode: number }

/** `cwd` matters when a config holds a relative dataDir: keep such runs out of the repository. */
export function runReference(binary: string, env: Record<string, string | undefined>, stdin: string | Buffer, cwd?: string): Run {
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run bash scripts/install-reference.sh`);
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
  const r = spawnSync(binary, [], { env: clean, input: stdin, encoding: 'utf8', cwd });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status ?? -1 };
}

const made: string[] = [];
// Each test file runs in its own process: what this file's tests made goes when it exits.
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cni-proto-'));
  made.push(dir);
  return dir;
}

/** The environment of an ADD/DEL/CHECK that passes every skel check. */
export function containerEnv(command: string, extra: Record<string, string> = {}): Record<string, string> {
  return { CNI_COMMAND: command, CNI_CONTAINERID: 'ctr1', CNI_NETNS: '/var/run/netns/none', CNI_IFNAME: 'eth0', CNI_PATH: '/opt/cni/bin', ...extra };
}
