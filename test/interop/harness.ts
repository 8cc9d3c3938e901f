// Shared pieces of the interop tests: namespaces we own, the two drivers (libcni in Go, our runtime)
// speaking one JSON protocol, plugin sets and the chains they are driven through.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { buildSync } from 'esbuild';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GO_DIR = fileURLToPath(new URL('./libcni-driver', import.meta.url));
const TS_DRIVER = fileURLToPath(new URL('./ts-driver.ts', import.meta.url));

export interface Reply {
  result?: any;
  error?: { message: string; code?: number };
  cniVersion?: string;
  config?: string;
  cachedArgs?: [string, string][];
  cachedCapabilityArgs?: Record<string, unknown>;
  attachments?: any[];
  versions?: string[];
}

export type Driver = { name: string; call(req: Record<string, unknown>, hostNs?: string): Reply };

function sh(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: opts.cwd, env: opts.env, maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

function inNs(hostNs: string | undefined, argv: string[]): string[] {
  return hostNs ? ['ip', 'netns', 'exec', hostNs, ...argv] : argv;
}

function callProcess(argv: string[], req: Record<string, unknown>, hostNs?: string): Reply {
  const full = inNs(hostNs, [...argv, JSON.stringify(req)]);
  const out = sh(full[0], full.slice(1));
  return JSON.parse(out) as Reply;
}

// go needs a cache directory; a CI environment without HOME gets one in the test's temp dir.
function goEnv(outDir: string): NodeJS.ProcessEnv {
  return process.env.HOME || process.env.GOCACHE ? process.env : { ...process.env, GOCACHE: join(outDir, 'gocache'), GOPATH: join(outDir, 'gopath') };
}

/** Builds the Go program once (modules come from the Go proxy on the first run). */
export function goDriver(outDir: string): Driver {
  const bin = join(outDir, 'libcni-driver');
  sh('go', ['build', '-buildvcs=false', '-o', bin, '.'], { cwd: GO_DIR, env: goEnv(outDir) });
  return { name: 'libcni', call: (req, hostNs) => callProcess([bin], req, hostNs) };
}

/**
 * One CommonJS file of a TypeScript entry, for processes that start many times (through tsx each
 * start costs about a second). It goes to build/<dir>/ so that the Wasm core (build/ipam.wasm) and
 * dist/cni are found relative to it as from dist/cli. Call remove() in an after hook.
 */
export function bundle(entry: string, name: string): { file: string; remove(): void } {
  const dir = join(ROOT, 'build', `cnirt-test-${process.pid}-${randomBytes(3).toString('hex')}`);
  const file = join(dir, name);
  buildSync({
    entryPoints: [entry], outfile: file, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error',
    // import.meta.url as in the rollup bundles: the file's own URL
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** cnitool v1.3.0 itself, built from the same module as the driver. */
export function buildCnitool(outDir: string): string {
  const bin = join(outDir, 'cnitool');
  sh('go', ['build', '-buildvcs=false', '-o', bin, 'github.com/containernetworking/cni/cnitool'], { cwd: GO_DIR, env: goEnv(outDir) });
  return bin;
}

export function tsDriver(file: string): Driver {
  return { name: 'ours', call: (req, hostNs) => callProcess([process.execPath, file], req, hostNs) };
}

export const TS_DRIVER_ENTRY = TS_DRIVER;

// ---- namespaces: every name carries our pid, everything is removed in after hooks ----

export class Namespaces {
  private readonly names: string[] = [];
  private n = 0;
  create(tag: string): { name: string; path: string } {
    const name = `cnirt-${tag}-${process.pid}-${this.n++}`;
    sh('ip', ['netns', 'add', name]);
    this.names.push(name);
    return { name, path: `/var/run/netns/${name}` };
  }
  exec(ns: string, argv: string[]): { status: number | null; stdout: string } {
    const r = spawnSync('ip', ['netns', 'exec', ns, ...argv], { encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout + r.stderr };
  }
  removeAll(): void {
    for (const name of this.names.splice(0)) spawnSync('ip', ['netns', 'del', name]);
  }
}

// ---- plugin sets and chains ----

export interface PluginSet {
  name: string;
  path: string[];
  /** The newest spec version the set speaks. */
  version: string;
}

export const DEBIAN: PluginSet = { name: 'debian 1.1.1', path: ['/usr/lib/cni'], version: '1.0.0' };
export const REFERENCE: PluginSet = { name: 'reference v1.9.1', path: [join(ROOT, 'build/reference')], version: '1.1.0' };
export const OURS: PluginSet = { name: 'ours', path: [join(ROOT, 'dist/cni')], version: '1.1.0' };

export function available(set: PluginSet): boolean {
  return ['bridge', 'host-local', 'loopback'].every((p) => set.path.some((d) => existsSync(join(d, p))));
}

export interface Chain {
  name: string;
  /** Needs a test host namespace (it creates links on the host side). */
  bridge: boolean;
  conflist(network: string, version: string, dataDir: string): object;
  /** IPs a result of this chain carries, by family. */
  families: number[];
}

// host-local as the first plugin (IPAM only, no links) and loopback passing its result through.
export const HOSTLOCAL_LOOPBACK: Chain = {
  name: 'host-local + loopback',
  bridge: false,
  families: [4, 6],
  conflist: (network, version, dataDir) => ({
    cniVersion: version,
    name: network,
    plugins: [
      { type: 'host-local', ipam: { type: 'host-local', dataDir, ranges: [[{ subnet: '203.0.113.0/24' }], [{ subnet: 'fd00:cafe::/64' }]] } },
      { type: 'loopback' },
    ],
  }),
};

export function bridgeChain(bridgeName: string): Chain {
  return {
    name: 'bridge(host-local) + loopback',
    bridge: true,
    families: [4],
    conflist: (network, version, dataDir) => ({
      cniVersion: version,
      name: network,
      plugins: [
        { type: 'bridge', bridge: bridgeName, isGateway: true, ipam: { type: 'host-local', dataDir, subnet: '198.51.100.0/24' } },
        { type: 'loopback' },
      ],
    }),
  };
}

// ---- per-scenario files ----

export class Workspace {
  readonly root = mkdtempSync(join(tmpdir(), `cnirt-interop-${process.pid}-`));
  readonly confDir = join(this.root, 'net.d');
  readonly cacheDir = join(this.root, 'cache');
  readonly dataDir = join(this.root, 'data');
  constructor() {
    mkdirSync(this.confDir);
  }
  writeList(file: string, doc: object): void {
    writeFileSync(join(this.confDir, file), JSON.stringify(doc, null, 2));
  }
  /** Addresses host-local holds for a network (its reservation files are named by IP). */
  reserved(network: string): string[] {
    const dir = join(this.dataDir, network);
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter((f) => f !== 'lock' && !f.startsWith('last_reserved_ip')).sort();
  }
  cached(): string[] {
    const dir = join(this.cacheDir, 'results');
    return existsSync(dir) ? readdirSync(dir).sort() : [];
  }
  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export const addressOf = (cidr: string): string => cidr.split('/')[0];
