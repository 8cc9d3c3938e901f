// run <network> -- <command...>: what priv-net-run.sh does. A fresh netns is attached to the network,
// the command runs inside it, then the attachment is deleted and the netns removed, also when ADD or
// the command fails and when we are interrupted (Ctrl-C, SIGTERM, SIGHUP).
import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import { loadNetworkConf } from '../runtime/load.js';
import type { RuntimeConf } from '../runtime/types.js';
import { runtimeFor } from './attach.js';
import { readEnv, runtimeConfFor } from './env.js';
import { createNetns, deleteNetns } from './netns.js';

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const signalExit = (sig: NodeJS.Signals): number => 128 + (constants.signals[sig] ?? 1);

function runInNetns(nsName: string, argv: string[], started: (c: ChildProcess) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', nsName, ...argv], { stdio: 'inherit' });
    started(child);
    child.on('error', reject);
    child.on('close', (code, sig) => resolve(sig ? signalExit(sig) : (code ?? 1)));
  });
}

export async function runCommand(network: string, argv: string[], err: NodeJS.WritableStream): Promise<number> {
  const env = readEnv(process.env);
  const list = loadNetworkConf(env.confDir, network); // before anything is created
  const cni = runtimeFor(env);

  let interrupted: NodeJS.Signals | null = null;
  let child: ChildProcess | null = null;
  // Signals are held off until cleanup is done; the running command gets them (it usually has
  // already, from the terminal's process group).
  const onSignal = (sig: NodeJS.Signals) => {
    interrupted ??= sig;
    child?.kill(sig);
  };
  for (const s of SIGNALS) process.on(s, onSignal);

  let ns: { name: string; path: string } | null = null;
  let rt: RuntimeConf | null = null;
  let failed = false;
  try {
    ns = await createNetns();
    rt = runtimeConfFor(env, ns.path);
    await cni.addNetworkList(list, rt);
    if (interrupted) return signalExit(interrupted);
    return await runInNetns(ns.name, argv, (c) => (child = c));
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    // DEL runs even after a failed ADD (spec: a delete must follow an add, whatever its outcome).
    if (rt) {
      try {
        await cni.delNetworkList(list, rt);
      } catch (e) {
        err.write(`cnirun: cleanup: ${(e as Error).message}\n`);
      }
    }
    if (ns) {
      try {
        await deleteNetns(ns.name);
      } catch (e) {
        err.write(`cnirun: cleanup: ${(e as Error).message}\n`);
      }
    }
    for (const s of SIGNALS) process.off(s, onSignal);
    if (failed && interrupted) err.write(`cnirun: interrupted (${interrupted})\n`);
  }
}
