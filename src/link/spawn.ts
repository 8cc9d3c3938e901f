// The one place where src/link starts processes. Every tool runs through here so that the
// spawns of a plugin command can be counted: with CNI_LINK_SPAWN_LOG=<file>, each spawn appends
// a line "<ms since process start> <argv>" to that file (bench/bridge.ts uses it).
import { spawn } from 'node:child_process';
import { accessSync, appendFileSync, constants } from 'node:fs';
import { join } from 'node:path';

export interface RunResult { stdout: string; stderr: string; code: number; errno?: string }

export interface RunOptions {
  input?: string;
  /** run inside this network namespace (any nsfs path), through nsenter */
  netns?: string;
  /** the whole environment of the child (default: inherited) */
  env?: Record<string, string | undefined>;
}

export async function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const argv = opts.netns ? [which('nsenter'), `--net=${opts.netns}`, '--', which(cmd), ...args] : [which(cmd), ...args];
  countSpawn(argv);
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => {}); // a tool that exits early closes its stdin
    child.on('error', (e: NodeJS.ErrnoException) =>
      resolve({ stdout: '', stderr: `${argv[0]}: ${e.message}`, code: 127, errno: e.code }));
    child.on('close', (code) =>
      resolve({ stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), code: code ?? 1 }),
    );
    child.stdin.end(opts.input ?? '');
  });
}

/** Like run, but a non-zero exit becomes an Error carrying the tool's own message. */
export async function runOk(cmd: string, args: string[], opts: RunOptions = {}): Promise<string> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new ToolError(cmd, r);
  return r.stdout;
}

export class ToolError extends Error {
  constructor(readonly tool: string, readonly result: RunResult) {
    super(toolMessage(result.stderr) || `${tool} exited with ${result.code}`);
  }
}

/** "RTNETLINK answers: File exists\nCommand failed -:2" -> "file exists", the way Go's errno prints. */
export function toolMessage(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/^Command failed/.test(l));
  const first = lines[0] ?? '';
  const m = /^(?:RTNETLINK answers|Error): (.*)$/.exec(first);
  if (!m) return first;
  const text = m[1].replace(/\.$/, '');
  return text.charAt(0).toLowerCase() + text.slice(1);
}

const found = new Map<string, string>();

/** The tool's absolute path, looked up once: each exec then skips the PATH walk of failed execve calls. */
export function which(cmd: string): string {
  if (cmd.includes('/')) return cmd;
  let path = found.get(cmd);
  if (path === undefined) {
    path = cmd;
    for (const dir of (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
      try {
        accessSync(join(dir, cmd), constants.X_OK);
        path = join(dir, cmd);
        break;
      } catch {
        /* not in this directory */
      }
    }
    found.set(cmd, path);
  }
  return path;
}

function countSpawn(argv: string[]): void {
  const log = process.env.CNI_LINK_SPAWN_LOG;
  if (log) appendFileSync(log, `${Math.round(performance.now())} ${argv.join(" ").replace(/\n/g, " ")}\n`);
}
