// Exec a delegated plugin (the IPAM plugin named by ipam.type) found in CNI_PATH, with the
// reference's lookup rules and error messages (reference-plugins.md 4.2).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../link/spawn.js';
import { builtInFor, runBuiltIn } from './builtin.js';
import { CniError, Code } from './errors.js';
import { goQuote } from './gojson.js';
import { writeAll } from './stdio.js';

export type Env = Record<string, string | undefined>;
export interface ExecOutput { stdout: string; stderr: string; code: number; errno?: string }

export function findInPath(name: string, paths: string[]): string {
  if (!name) throw new Error('no plugin name provided');
  if (name.includes('/')) throw new Error(`invalid plugin name: ${name}`);
  if (paths.length === 0) throw new Error('no paths provided');
  for (const dir of paths) {
    const candidate = join(dir, name);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      /* not in this directory */
    }
  }
  throw new Error(`failed to find plugin "${name}" in path [${paths.join(' ')}]`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the plugin with CNI_COMMAND overridden; a busy executable is retried like the reference. */
export async function execPlugin(pluginPath: string, command: string, stdin: Buffer | string, env: Env): Promise<ExecOutput> {
  const childEnv = { ...env, CNI_COMMAND: command };
  for (let attempt = 0; ; attempt++) {
    const r = await run(pluginPath, [], { input: stdin.toString(), env: childEnv });
    if (r.errno === 'ETXTBSY' && attempt < 5) {
      await sleep(1000);
      continue;
    }
    if (r.stderr && !r.errno) await writeAll(2, r.stderr);
    return r;
  }
}

/** A failed plugin's stdout is its CNI error, passed on with its own code. */
function failure(out: ExecOutput, path: string): CniError {
  if (out.errno) return new CniError(Code.Internal, `netplugin failed with no error message: fork/exec ${path}: ${errnoText(out.errno)}`);
  if (!out.stdout) {
    return out.stderr
      ? new CniError(Code.Internal, `netplugin failed: ${goQuote(out.stderr)}`)
      : new CniError(Code.Internal, `netplugin failed with no error message: exit status ${out.code}`);
  }
  try {
    const e = JSON.parse(out.stdout) as { code?: number; msg?: string; details?: string };
    return new CniError(e.code ?? Code.Internal, e.msg ?? '', e.details);
  } catch (err) {
    return new CniError(Code.Internal, `netplugin failed but error parsing its diagnostic message ${goQuote(out.stdout)}: ${(err as Error).message}`);
  }
}

const errnoText = (errno: string): string =>
  ({ EACCES: 'permission denied', ENOENT: 'no such file or directory', ENOEXEC: 'exec format error' })[errno] ?? errno;

async function delegate(command: string, type: string, stdin: Buffer, env: Env): Promise<string> {
  const paths = (env.CNI_PATH ?? '').split(':').filter((p) => p !== '');
  const path = findInPath(type, paths);
  const builtIn = builtInFor(type, path);
  const out = builtIn ? await runBuiltIn(builtIn, command, stdin, env) : await execPlugin(path, command, stdin, env);
  if (out.code !== 0) throw failure(out, path);
  return out.stdout;
}

/** The IPAM result as parsed JSON (the caller converts it to its own version). */
export async function delegateAdd(type: string, stdin: Buffer, env: Env): Promise<unknown> {
  return JSON.parse(await delegate('ADD', type, stdin, env));
}

export async function delegateDel(type: string, stdin: Buffer, env: Env): Promise<void> {
  await delegate('DEL', type, stdin, env);
}

export async function delegateCheck(type: string, stdin: Buffer, env: Env): Promise<void> {
  await delegate('CHECK', type, stdin, env);
}

export async function delegateStatus(type: string, stdin: Buffer, env: Env): Promise<void> {
  await delegate('STATUS', type, stdin, env);
}
