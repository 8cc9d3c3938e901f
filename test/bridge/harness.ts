// Namespace harness for the bridge and loopback tests (run as root).
//
// Network safety: every plugin run happens inside a dedicated "host" test namespace
// (`ip netns exec <host> <plugin>`), so the bridge, the host veths, forwarding sysctls and the
// iptables/nftables rules live there and the real host namespace is never touched. Container
// namespaces are separate test namespaces. Addresses come from 192.0.2.0/24, 198.51.100.0/24,
// 203.0.113.0/24 and fd00::/8 only, and packets only travel between these namespaces.
//
// Every name includes process.pid (other engineers run namespace tests at the same time), and
// everything a lab made is removed in `dispose`, which the tests call from finally/after.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const OURS = join(ROOT, 'dist/cni');
export const REF_DEBIAN = '/usr/lib/cni';
export const REF_LATEST = join(ROOT, 'build/reference');

let serial = 0;
/** A name unique to this process and call, short enough for an interface (15 chars). */
export function uniqueName(tag: string): string {
  return `${tag}${process.pid.toString(36)}${(serial++).toString(36)}`.slice(0, 15);
}

export interface Sh { code: number; stdout: string; stderr: string }

export function sh(cmd: string, args: string[], input?: string, env?: NodeJS.ProcessEnv): Sh {
  const r = spawnSync(cmd, args, { input, env: env ?? process.env, encoding: 'utf8' });
  return { code: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs a command in a named test namespace and returns stdout; throws on failure. */
export function inNs(ns: string, ...args: string[]): string {
  const r = sh('ip', ['netns', 'exec', ns, ...args]);
  if (r.code !== 0) throw new Error(`${args.join(' ')} in ${ns}: ${r.stderr}`);
  return r.stdout;
}

export const json = <T = any>(ns: string, ...args: string[]): T => JSON.parse(inNs(ns, ...args) || '[]') as T;

export interface PluginRun { code: number; stdout: string; stderr: string; json: any }

function withJson(r: Sh): PluginRun {
  let json: any;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return { ...r, json };
}

export interface Lab {
  host: string;
  containers: string[];
  dataDir: string;
  nsPath(ns: string): string;
  /** Runs a plugin binary inside the host namespace. */
  exec(bin: string, command: string, conf: object, opts?: ExecOpts): PluginRun;
  /** The same, without waiting (for concurrent ADDs). */
  execAsync(bin: string, command: string, conf: object, opts?: ExecOpts): Promise<PluginRun>;
  dispose(): void;
}

export interface ExecOpts {
  containerId?: string;
  ifname?: string;
  netns?: string;
  args?: string;
  /** CNI_PATH (default: the latest reference's directory, for its host-local) */
  path?: string;
  /** enter the host namespace with `nsenter --net` (sysfs then shows another namespace) */
  nsenter?: boolean;
}

export function createLab(containers = 1): Lab {
  const host = uniqueName('cbh');
  const names = Array.from({ length: containers }, () => uniqueName('cbc'));
  const dataDir = mkdtempSync(join(tmpdir(), `cni-bridge-test-${process.pid}-`));
  const made: string[] = [];
  const lab: Lab = {
    host,
    containers: names,
    dataDir,
    nsPath: (ns) => `/var/run/netns/${ns}`,
    exec(bin, command, conf, opts = {}) {
      const [cmd, args, env] = invocation(bin, command, opts);
      return withJson(sh(cmd, args, JSON.stringify(conf), env));
    },
    execAsync(bin, command, conf, opts = {}) {
      const [cmd, args, env] = invocation(bin, command, opts);
      return new Promise((done) => {
        const child = spawn(cmd, args, { env });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (b) => (stdout += b));
        child.stderr.on('data', (b) => (stderr += b));
        child.on('close', (code) => done(withJson({ code: code ?? 1, stdout, stderr })));
        child.stdin.end(JSON.stringify(conf));
      });
    },
    dispose() {
      for (const ns of made.reverse()) sh('ip', ['netns', 'del', ns]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  function invocation(bin: string, command: string, opts: ExecOpts): [string, string[], NodeJS.ProcessEnv] {
    const env = {
      PATH: process.env.PATH,
      CNI_COMMAND: command,
      CNI_CONTAINERID: opts.containerId ?? 'ctr1',
      CNI_NETNS: opts.netns ?? lab.nsPath(names[0]),
      CNI_IFNAME: opts.ifname ?? 'eth0',
      CNI_PATH: opts.path ?? REF_LATEST,
      ...(opts.args !== undefined ? { CNI_ARGS: opts.args } : {}),
    };
    const enter = opts.nsenter ? ['nsenter', `--net=${lab.nsPath(host)}`, '--'] : ['ip', 'netns', 'exec', host];
    return [enter[0], [...enter.slice(1), bin], env];
  }
  try {
    for (const ns of [host, ...names]) {
      const r = sh('ip', ['netns', 'add', ns]);
      if (r.code !== 0) throw new Error(`ip netns add ${ns}: ${r.stderr}`);
      made.push(ns);
    }
    inNs(host, 'ip', 'link', 'set', 'lo', 'up');
  } catch (e) {
    lab.dispose();
    throw e;
  }
  return lab;
}

/** Runs `fn` with a fresh lab and always disposes it. */
export async function withLab<T>(containers: number, fn: (lab: Lab) => T | Promise<T>): Promise<T> {
  const lab = createLab(containers);
  try {
    return await fn(lab);
  } finally {
    lab.dispose();
  }
}

export function ourPlugin(name: string): string {
  const bin = join(OURS, name);
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first`);
  return bin;
}

/** The IPAM files of a network in a lab's dataDir (reservations and last_reserved_ip.N). */
export function ipamFiles(lab: Lab, network: string): string[] {
  const dir = join(lab.dataDir, network);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f !== 'lock') : [];
}

export interface LinkJson { ifname: string; address: string; flags: string[]; master?: string; operstate: string; linkinfo?: any; addr_info?: any[]; link_index?: number; promiscuity?: number; mtu: number }

export const links = (ns: string): LinkJson[] => json(ns, 'ip', '-j', '-d', 'addr', 'show');
export const link = (ns: string, name: string): LinkJson | undefined => links(ns).find((l) => l.ifname === name);
export const addrsOf = (l: LinkJson | undefined, family: 'inet' | 'inet6'): string[] =>
  (l?.addr_info ?? []).filter((a) => a.family === family).map((a) => `${a.local}/${a.prefixlen}`);
