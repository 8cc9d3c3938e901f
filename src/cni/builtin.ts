// Delegation without a second process: when the IPAM plugin found in CNI_PATH is a bundle from the
// very build this executable came from, its code is already loaded here, so run it in-process.
// Same code, same env, same stdin: only the ~40 ms of a second node start-up go away. Any other
// file (the reference binary, another build of ours, a wrapper script) is exec'd as before.
import { openSync, readSync, closeSync } from 'node:fs';
import { dispatch, type PluginSpec } from './dispatch.js';
import type { Env, ExecOutput } from './delegate.js';
import { writeAll } from './stdio.js';

const builtIns = new Map<string, PluginSpec>();

/** Called by a plugin entry for each plugin its bundle carries (e.g. bridge carries host-local). */
export function registerBuiltIn(spec: PluginSpec): void {
  builtIns.set(spec.name, spec);
}

/** The marker line rollup writes under the shebang: `// wasm-cni <plugin> build <id>`. */
function markerOf(path: string | undefined): { plugin: string; build: string } | null {
  if (!path) return null;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(160);
    const n = readSync(fd, head, 0, head.length, 0);
    const m = /^#![^\n]*\n\/\/ wasm-cni (\S+) build (\S+)\n/.exec(head.subarray(0, n).toString('latin1'));
    return m ? { plugin: m[1]!, build: m[2]! } : null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

let ownBuild: string | null | undefined;

/** The spec to run in-process for the plugin file at `path`, or null to exec it. */
export function builtInFor(type: string, path: string): PluginSpec | null {
  const spec = builtIns.get(type);
  if (!spec) return null;
  if (ownBuild === undefined) ownBuild = markerOf(process.argv[1])?.build ?? null;
  const theirs = markerOf(path);
  return ownBuild !== null && theirs?.plugin === type && theirs.build === ownBuild ? spec : null;
}

export async function runBuiltIn(spec: PluginSpec, command: string, stdin: Buffer, env: Env): Promise<ExecOutput> {
  const out = await dispatch(spec, { ...env, CNI_COMMAND: command }, stdin);
  if (out.stderr) await writeAll(2, out.stderr);
  return { stdout: out.stdout, stderr: '', code: out.exitCode };
}
