// host-local as the playground runs it: the plugin's own config loader and allocator (src/ipam),
// behind the plugin's own protocol layer (src/cni dispatch), over an in-memory store. Only the
// data directory is replaced, so an ADD here answers what `dist/cni/host-local` would print.
import { dispatch, type CmdArgs, type PluginSpec } from '../cni/dispatch.js';
import type { Result } from '../cni/result.js';
import { SUPPORTED_VERSIONS } from '../cni/version.js';
import { commitAllocations, planAllocations } from '../ipam/allocate.js';
import { loadConfig } from '../ipam/load.js';
import { MemoryStore } from './memory-store.js';

export interface Invocation {
  command: 'ADD' | 'DEL';
  containerId: string;
  ifname: string;
  cniArgs?: string;
}

export interface Outcome {
  ok: boolean;
  stdout: string; // exactly what the plugin prints: the result in the config's cniVersion, or the error
  code?: number; // CNI error code when !ok
  message?: string; // its msg (and details)
}

function inMemoryHostLocal(store: MemoryStore): PluginSpec {
  return {
    name: 'host-local',
    versions: SUPPORTED_VERSIONS,
    async add(a: CmdArgs): Promise<Result> {
      // resolvConf names a file on the node, which a browser cannot read: the result leaves dns out.
      const cfg = loadConfig(a.config, a.args);
      const owner = { containerId: a.containerId, ifname: a.ifname };
      const plan = planAllocations(store, cfg.rangeSets, cfg.requested, owner);
      commitAllocations(store, plan, owner); // single-threaded: the plan cannot go stale
      const result: Result = {
        cniVersion: cfg.cniVersion,
        ips: plan.map(({ ip, range }) => ({ address: `${ip}/${range.subnet.prefix}`, gateway: range.gateway.toString() })),
      };
      if (cfg.routes) result.routes = cfg.routes;
      return result;
    },
    async del(a: CmdArgs): Promise<void> {
      const cfg = loadConfig(a.config, a.args);
      // Once per range set, like the reference (later passes only find legacy files).
      for (let i = 0; i < cfg.rangeSets.length; i++) store.releaseByOwner(a.containerId, a.ifname);
    },
  };
}

// dispatch reads stdin as bytes (a Buffer in Node); browsers have no Buffer, but the UTF-8 bytes
// in a Uint8Array are all it uses.
function stdinOf(text: string): Buffer {
  if (typeof Buffer !== 'undefined') return Buffer.from(text);
  return new TextEncoder().encode(text) as Buffer;
}

/** Runs one host-local command on `store` with `config` (the plugin's stdin) as a runtime would. */
export async function invoke(store: MemoryStore, config: string, call: Invocation): Promise<Outcome> {
  const env = {
    CNI_COMMAND: call.command,
    CNI_CONTAINERID: call.containerId,
    CNI_NETNS: `/var/run/netns/${call.containerId}`,
    CNI_IFNAME: call.ifname,
    CNI_PATH: '/opt/cni/bin',
    CNI_ARGS: call.cniArgs ?? '',
  };
  const out = await dispatch(inMemoryHostLocal(store), env, stdinOf(config));
  if (out.exitCode === 0) return { ok: true, stdout: out.stdout };
  let code: number | undefined;
  let message = out.stdout;
  try {
    const err = JSON.parse(out.stdout) as { code: number; msg: string; details?: string };
    code = err.code;
    message = err.details ? `${err.msg}: ${err.details}` : err.msg;
  } catch {
    // not JSON: keep the raw text
  }
  return { ok: false, stdout: out.stdout, code, message };
}

/** Would a first ADD on an empty data directory succeed? The plugin's verdict on the config. */
export function verdict(config: string): Promise<Outcome> {
  return invoke(new MemoryStore(), config, { command: 'ADD', containerId: 'playground', ifname: 'eth0' });
}
