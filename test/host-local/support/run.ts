// Running host-local: ours in-process (dispatch) or as the built executable, and the reference
// binaries (Debian 1.1.1, latest v1.9.1), all with the same request shape.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dispatch } from '../../../src/cni/skel.js';
import { hostLocal } from '../../../src/ipam/index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export const OURS = `${root}dist/cni/host-local`;
export const REF_LATEST = `${root}build/reference/host-local`;
export const REF_111 = '/usr/lib/cni/host-local';

export function haveBinary(path: string): boolean {
  return existsSync(path);
}

export interface Request {
  command: string;
  config: unknown; // serialised as JSON unless it is a string already
  containerId?: string;
  ifname?: string;
  cniArgs?: string;
  env?: Record<string, string | undefined>; // overrides, undefined removes
}

export interface Outcome {
  stdout: string;
  stderr: string;
  code: number;
}

export function requestEnv(r: Request): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    CNI_COMMAND: r.command,
    CNI_CONTAINERID: r.containerId ?? 'dummy',
    CNI_NETNS: '/var/run/netns/test',
    CNI_IFNAME: r.ifname ?? 'eth0',
    CNI_PATH: '/opt/cni/bin',
    CNI_ARGS: r.cniArgs ?? '',
    ...r.env,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
}

function stdinOf(r: Request): Buffer {
  return Buffer.from(typeof r.config === 'string' ? r.config : JSON.stringify(r.config));
}

/** Our plugin without a process: what it would print and its exit code. */
export async function runInProcess(r: Request): Promise<Outcome> {
  const out = await dispatch(hostLocal, requestEnv(r), stdinOf(r));
  return { stdout: out.stdout, stderr: out.stderr, code: out.exitCode };
}

/** An executable (ours or a reference) with only the CNI variables and PATH in its environment. */
export function runBinary(bin: string, r: Request): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [], { env: { PATH: process.env.PATH, ...requestEnv(r) } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ stdout, stderr, code: code ?? (signal ? 128 : 1) }));
    child.stdin.on('error', () => {}); // a plugin may exit before reading stdin (VERSION)
    child.stdin.end(stdinOf(r));
  });
}

/** The parsed CNI error of a failed run, or a test failure with what was printed. */
export function cniError(o: Outcome): { code: number; msg: string; details?: string } {
  if (o.code === 0) throw new Error(`expected a failure, got success: ${o.stdout}`);
  return JSON.parse(o.stdout);
}

export function cniResult(o: Outcome): any {
  if (o.code !== 0) throw new Error(`expected success, got exit ${o.code}: ${o.stdout}${o.stderr}`);
  return JSON.parse(o.stdout);
}
