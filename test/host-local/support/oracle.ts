// Running one sequence of requests against several host-local executables, each on its own data
// directory, and reducing what they print and leave on disk to what must agree.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { networkFiles } from './dirs.js';
import { REF_111, runBinary, type Outcome, type Request } from './run.js';

export interface Step extends Omit<Request, 'config'> {
  /** The config for a given data directory. */
  config: (dataDir: string) => unknown;
}

export interface Observation {
  code: number;
  stdout: unknown; // parsed JSON, or the raw text when it is not JSON
  files: Record<string, string>;
}

/** The files of the network dir, with their modes when `modes` (the reference 1.1.1 writes 0644). */
export function observeDir(dataDir: string, network: string, modes: boolean): Record<string, string> {
  const files = networkFiles(dataDir, network, { withLock: true });
  if (!modes) return files;
  return Object.fromEntries(
    Object.entries(files).map(([name, content]) => [name, `${(statSync(join(dataDir, network, name)).mode & 0o777).toString(8)} ${content}`]),
  );
}

function parsed(stdout: string): unknown {
  try {
    return JSON.parse(stdout);
  } catch {
    return stdout;
  }
}

/**
 * What the Debian 1.1.1 reference prints, brought to the latest shape (reference-plugins.md 7):
 * 1.x results always carry "dns": {}. Route extras (mtu, priority, ...) are dropped by 1.1.1, so
 * steps compared against it use routes with dst and gw only.
 */
export function asLatest(stdout: unknown): unknown {
  if (typeof stdout !== 'object' || stdout === null || Array.isArray(stdout)) return stdout;
  const copy: Record<string, unknown> = { ...(stdout as Record<string, unknown>) };
  const version = copy.cniVersion;
  const dns = copy.dns as Record<string, unknown> | undefined;
  if ((version === '1.0.0' || version === '1.1.0') && dns && Object.keys(dns).length === 0) delete copy.dns;
  return copy;
}

export async function observe(bin: string, dataDir: string, network: string, step: Step): Promise<Observation & { raw: Outcome }> {
  const raw = await runBinary(bin, { ...step, config: step.config(dataDir) });
  const stdout = bin === REF_111 ? asLatest(parsed(raw.stdout)) : parsed(raw.stdout);
  return { code: raw.code, stdout, files: observeDir(dataDir, network, bin !== REF_111), raw };
}
