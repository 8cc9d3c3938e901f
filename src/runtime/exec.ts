// Running one plugin binary the way libcni's invoke package does: find it in CNI_PATH, give it the
// runtime's environment plus the CNI_* variables, the config on stdin; an error is JSON on stdout,
// stderr is the plugin's log and is passed through to ours.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CniError } from '../cni/errors.js';
import { goQuote } from '../cni/gojson.js';
import { isObject } from './json.js';

export function findInPath(plugin: string, paths: string[]): string {
  if (plugin === '') throw new Error('no plugin name provided');
  if (plugin.includes(sep)) throw new Error(`invalid plugin name: ${plugin}`);
  if (paths.length === 0) throw new Error('no paths provided');
  for (const dir of paths) {
    const full = join(dir, plugin);
    try {
      if (statSync(full).isFile()) return full; // follows symlinks; the exec bit is not checked
    } catch {
      // not there: next directory
    }
  }
  throw new Error(`failed to find plugin "${plugin}" in path [${paths.join(' ')}]`);
}

/** The CNI_* part of a plugin's environment (libcni's invoke.Args). */
export interface InvokeArgs {
  command: string;
  containerId?: string;
  netns?: string;
  ifName?: string;
  /** CNI_ARGS pairs, sent as "K=V;K2=V2". */
  pluginArgs?: [string, string][];
  path: string[];
}

export interface ExecOptions {
  /** Base environment; the CNI_* variables override it. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where the plugin's stderr goes. Default: process.stderr; null drops it. */
  stderr?: NodeJS.WritableStream | null;
  signal?: AbortSignal;
}

export function invokeEnv(args: InvokeArgs, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    CNI_COMMAND: args.command,
    CNI_CONTAINERID: args.containerId ?? '',
    CNI_NETNS: args.netns ?? '',
    CNI_ARGS: (args.pluginArgs ?? []).map(([k, v]) => `${k}=${v}`).join(';'),
    CNI_IFNAME: args.ifName ?? '',
    CNI_PATH: args.path.join(':'),
  };
}

interface RawOutcome { stdout: Buffer; stderr: Buffer; failure?: string; spawnCode?: string }

function runOnce(pluginPath: string, stdin: Buffer, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const child = spawn(pluginPath, [], { env, stdio: ['pipe', 'pipe', 'pipe'], signal });
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => {}); // a plugin that exits without reading stdin (VERSION) closes the pipe
    child.stdin.end(stdin);
    let spawnError: NodeJS.ErrnoException | undefined;
    child.on('error', (e: NodeJS.ErrnoException) => {
      spawnError = e;
    });
    child.on('close', (code, sig) => {
      const res: RawOutcome = { stdout: Buffer.concat(out), stderr: Buffer.concat(err) };
      if (spawnError) {
        res.spawnCode = spawnError.code;
        res.failure = spawnError.name === 'AbortError' ? 'context canceled' : `fork/exec ${pluginPath}: ${ERRNO_TEXT[spawnError.code ?? ''] ?? spawnError.message}`;
      } else if (sig) res.failure = `signal: ${signalName(sig)}`;
      else if (code !== 0) res.failure = `exit status ${code}`;
      resolve(res);
    });
  });
}

// Go prints the C library's text for an exec failure.
const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  ENOENT: 'no such file or directory',
  ENOEXEC: 'exec format error',
  ETXTBSY: 'text file busy',
};

function signalName(sig: NodeJS.Signals): string {
  return ({ SIGKILL: 'killed', SIGTERM: 'terminated', SIGINT: 'interrupt', SIGSEGV: 'segmentation fault', SIGABRT: 'aborted' } as Record<string, string>)[sig] ?? sig;
}

// The error a failed plugin reported, or the runtime's description when it reported none usable.
export function pluginFailure(failure: string, stdout: Buffer, stderr: Buffer): CniError {
  if (stdout.length === 0) {
    if (stderr.length === 0) return new CniError(0, `netplugin failed with no error message: ${failure}`);
    return new CniError(0, `netplugin failed: ${goQuote(stderr.toString())}`);
  }
  const text = stdout.toString();
  try {
    const doc: unknown = JSON.parse(text);
    if (!isObject(doc)) throw new Error(`json: cannot unmarshal ${Array.isArray(doc) ? 'array' : typeof doc} into Go value of type types.Error`);
    const code = doc.code ?? 0;
    const msg = doc.msg ?? '';
    const details = doc.details ?? '';
    if (typeof code !== 'number' || !Number.isInteger(code) || code < 0) throw new Error('json: cannot unmarshal code into Go struct field Error.code of type uint');
    if (typeof msg !== 'string') throw new Error('json: cannot unmarshal msg into Go struct field Error.msg of type string');
    if (typeof details !== 'string') throw new Error('json: cannot unmarshal details into Go struct field Error.details of type string');
    return new CniError(code, msg, details);
  } catch (e) {
    return new CniError(0, `netplugin failed but error parsing its diagnostic message ${goQuote(text)}: ${(e as Error).message}`);
  }
}

// Exec and return stdout; retries "text file busy" (a binary still being written) like libcni.
export async function execPlugin(pluginPath: string, stdin: Buffer, args: InvokeArgs, opts: ExecOptions = {}): Promise<Buffer> {
  const env = invokeEnv(args, opts.env);
  const stderrSink = opts.stderr === undefined ? process.stderr : opts.stderr;
  for (let attempt = 0; ; attempt++) {
    const r = await runOnce(pluginPath, stdin, env, opts.signal);
    if (r.spawnCode === 'ETXTBSY' && attempt < 5) {
      await sleep(1000);
      continue;
    }
    if (stderrSink && r.stderr.length > 0) stderrSink.write(r.stderr);
    if (r.failure) throw pluginFailure(r.failure, r.stdout, r.stderr);
    return r.stdout;
  }
}
