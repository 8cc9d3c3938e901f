// add | check | del | gc | status <network> <netns>: cnitool's commands on the runtime library.
import { marshalIndent } from '../cni/gojson.js';
import { CniRuntime } from '../runtime/cni.js';
import { loadNetworkConf } from '../runtime/load.js';
import { type CliEnv, readEnv, runtimeConfFor } from './env.js';

export const ATTACH_COMMANDS = ['add', 'check', 'del', 'gc', 'status'] as const;
export type AttachCommand = (typeof ATTACH_COMMANDS)[number];

export function runtimeFor(env: CliEnv): CniRuntime {
  return new CniRuntime({ path: env.path, cacheDir: env.cacheDir });
}

export async function attachCommand(cmd: AttachCommand, network: string, netnsPath: string, out: NodeJS.WritableStream, ifName?: string): Promise<void> {
  const env = readEnv(process.env);
  if (ifName !== undefined) env.ifName = ifName;
  const list = loadNetworkConf(env.confDir, network);
  const rt = runtimeConfFor(env, netnsPath);
  const cni = runtimeFor(env);
  switch (cmd) {
    case 'add': {
      const result = await cni.addNetworkList(list, rt);
      out.write(`${marshalIndent(result)}\n`);
      return;
    }
    case 'check':
      return cni.checkNetworkList(list, rt);
    case 'del':
      return cni.delNetworkList(list, rt);
    case 'gc':
      return cni.gcNetworkList(list); // no valid set: like cnitool, every cached attachment goes
    case 'status':
      return cni.getStatusNetworkList(list);
  }
}
