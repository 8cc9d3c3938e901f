// Running cnirun as a process (from source through tsx, or the bundle) with a test environment.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bundle } from '../interop/harness.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// The CLI from source, bundled once for this test file (fast starts).
export const CLI = bundle(fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url)), 'cnirun.cjs');

export interface CliRun { status: number | null; stdout: string; stderr: string }

export function cliArgv(args: string[], hostNs?: string): string[] {
  const argv = [process.execPath, CLI.file, ...args];
  return hostNs ? ['ip', 'netns', 'exec', hostNs, ...argv] : argv;
}

export function cnirun(args: string[], env: Record<string, string>, hostNs?: string): CliRun {
  const argv = cliArgv(args, hostNs);
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', cwd: ROOT, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Started in the background, for signal tests. */
export function cnirunAsync(args: string[], env: Record<string, string>) {
  const argv = cliArgv(args);
  const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b) => (stdout += b));
  child.stderr.on('data', (b) => (stderr += b));
  const done = new Promise<CliRun>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  return { child, done };
}
