// The five verbs of host-local over a validated config and the network's store.
//
// A command that fails leaves the data directory as it was. The reference creates the network
// directory on every command; we create it only for an ADD that succeeds, and answer DEL, CHECK,
// GC and STATUS for a network without a directory as if it were empty.
import { CniError, Code } from '../cni/errors.js';
import type { CmdArgs } from '../cni/skel.js';
import type { Result } from '../cni/result.js';
import { NetworkStore, type StoreTx } from '../store/index.js';
import { commitAllocations, EMPTY_VIEW, newPool, planAllocations, type Allocation, type Owner, type StoreView } from './allocate.js';
import type { IpamConfig } from './config.js';
import { validAttachments } from './gc.js';
import { loadConfig } from './load.js';
import { networkExists } from './network-dir.js';
import { rangeSetString } from './range.js';
import { readResolvConf } from './resolv.js';

// A reservation that appeared between planning and writing (only a writer that does not take
// our lock, such as a reference binary, can cause it): plan again a few times.
const COMMIT_ATTEMPTS = 5;

function owner(a: CmdArgs): Owner {
  return { containerId: a.containerId, ifname: a.ifname };
}

/** Runs `fn` in a transaction on the network's store, or on nothing when it has no directory. */
async function withExisting<T>(cfg: IpamConfig, fn: (tx: StoreTx | null) => T): Promise<T> {
  if (!networkExists(cfg.dataDir, cfg.name)) return fn(null);
  const store = await NetworkStore.open(cfg.dataDir, cfg.name);
  return store.withLock((tx) => fn(tx));
}

function allocate(tx: StoreTx, cfg: IpamConfig, who: Owner): Allocation[] {
  for (let attempt = 1; ; attempt++) {
    const plan = planAllocations(tx, cfg.rangeSets, cfg.requested, who);
    if (commitAllocations(tx, plan, who)) return plan;
    if (attempt === COMMIT_ATTEMPTS) throw new CniError(Code.TryAgain, 'addresses were taken concurrently; try again');
  }
}

export async function add(a: CmdArgs): Promise<Result> {
  const cfg = loadConfig(a.config, a.args);
  // Read before the store is touched, like the reference: a bad path fails with nothing written.
  const dns = cfg.resolvConf ? readResolvConf(cfg.resolvConf) : undefined;
  // A new network gets its directory only once we know the ADD can succeed.
  if (!networkExists(cfg.dataDir, cfg.name)) planAllocations(EMPTY_VIEW, cfg.rangeSets, cfg.requested, owner(a));
  const store = await NetworkStore.open(cfg.dataDir, cfg.name);
  const plan = await store.withLock((tx) => allocate(tx, cfg, owner(a)));
  const result: Result = {
    cniVersion: cfg.cniVersion,
    ips: plan.map(({ ip, range }) => ({ address: `${ip}/${range.subnet.prefix}`, gateway: range.gateway.toString() })),
  };
  if (cfg.routes) result.routes = cfg.routes;
  if (dns) result.dns = dns;
  return result;
}

export async function del(a: CmdArgs): Promise<void> {
  const cfg = loadConfig(a.config, a.args);
  // The reference releases once per range set; from the second call on, only legacy files of the
  // container can match, and those go too.
  await withExisting(cfg, (tx) => {
    if (!tx) return;
    // A miss is confirmed against the directory (a concurrent reference ADD can hide from the table).
    const released = tx.releaseByOwner(a.containerId, a.ifname);
    if (released.length === 0 && tx.reconcile()) tx.releaseByOwner(a.containerId, a.ifname);
    for (let i = 1; i < cfg.rangeSets.length; i++) tx.releaseByOwner(a.containerId, a.ifname);
  });
}

export async function check(a: CmdArgs): Promise<void> {
  const cfg = loadConfig(a.config, a.args);
  const found = await withExisting(cfg, (tx) => {
    if (!tx) return false;
    const held = () => tx.findByOwner(a.containerId, a.ifname).length > 0;
    return held() || (tx.reconcile() && held());
  });
  if (!found) throw new Error(`host-local: Failed to find address added by container ${a.containerId}`);
}

/** Releases every reservation the runtime no longer lists (the reference has no GC). */
export async function gc(a: CmdArgs): Promise<void> {
  const cfg = loadConfig(a.config, a.args);
  const valid = validAttachments(a.config);
  if (!networkExists(cfg.dataDir, cfg.name)) return;
  const store = await NetworkStore.open(cfg.dataDir, cfg.name);
  await store.cleanup();
  if (valid) await store.withLock((tx) => tx.releaseAllExcept(valid));
}

function exhausted(view: StoreView, cfg: IpamConfig): string[] {
  return cfg.rangeSets
    .filter((set) => {
      const pool = newPool(set);
      try {
        pool.markPacked(view.packedAddresses());
        return pool.nextFree(null) === null;
      } finally {
        pool.dispose();
      }
    })
    .map(rangeSetString);
}

/** Ready unless no range set has a free address left (code 50). */
export async function status(a: CmdArgs): Promise<void> {
  const cfg = loadConfig(a.config, a.args);
  const full = await withExisting(cfg, (tx) => exhausted(tx ?? EMPTY_VIEW, cfg));
  if (full.length === cfg.rangeSets.length) {
    throw new CniError(Code.NotAvailable, full.map((set) => `no IP addresses available in range set: ${set}`).join('; '));
  }
}
