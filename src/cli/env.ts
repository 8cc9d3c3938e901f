// What the attachment commands take from the environment, read exactly as cnitool reads it.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { DEFAULT_CACHE_DIR } from '../runtime/cache.js';
import { DEFAULT_CONF_DIR } from '../runtime/load.js';
import type { RuntimeConf } from '../runtime/types.js';

export interface CliEnv {
  confDir: string;
  path: string[];
  cacheDir: string;
  ifName: string;
  args?: [string, string][];
  capabilityArgs?: Record<string, unknown>;
}

// Every pair needs exactly one '=' with text on both sides.
export function parseCniArgsPairs(raw: string): [string, string][] {
  return raw.split(';').map((pair) => {
    const kv = pair.split('=');
    if (kv.length !== 2 || kv[0] === '' || kv[1] === '') throw new Error(`invalid CNI_ARGS pair ${JSON.stringify(pair)}`);
    return [kv[0], kv[1]];
  });
}

export function readEnv(env: NodeJS.ProcessEnv): CliEnv {
  const out: CliEnv = {
    confDir: env.NETCONFPATH || DEFAULT_CONF_DIR,
    // filepath.SplitList: an empty variable is no directories at all
    path: env.CNI_PATH ? env.CNI_PATH.split(':') : [],
    cacheDir: env.CNI_CACHE_DIR || DEFAULT_CACHE_DIR,
    // set-but-empty is used as is (the plugins then report it)
    ifName: env.CNI_IFNAME ?? 'eth0',
  };
  if (env.CAP_ARGS) {
    let caps: unknown;
    try {
      caps = JSON.parse(env.CAP_ARGS);
    } catch (e) {
      throw new Error(`CAP_ARGS: ${(e as Error).message}`);
    }
    if (caps !== null && (typeof caps !== 'object' || Array.isArray(caps))) throw new Error('CAP_ARGS: must be a JSON object');
    if (caps) out.capabilityArgs = caps as Record<string, unknown>;
  }
  if (env.CNI_ARGS) out.args = parseCniArgsPairs(env.CNI_ARGS);
  return out;
}

// cnitool's container ID: "cnitool-" and the first 10 bytes of sha512(absolute netns path) in hex.
export function containerIdFor(netnsPath: string): string {
  return `cnitool-${createHash('sha512').update(resolve(netnsPath)).digest('hex').slice(0, 20)}`;
}

export function runtimeConfFor(env: CliEnv, netnsPath: string): RuntimeConf {
  const netns = resolve(netnsPath);
  return { containerId: containerIdFor(netns), netns, ifName: env.ifName, args: env.args, capabilityArgs: env.capabilityArgs };
}
