// What the host side looks like: the bridge before an ADD touches anything, and the bridge and
// port once everything is in place. Sysfs answers without a process where it shows our namespace.
import * as cmd from '../link/commands.js';
import { kindOf, readLink, type LinkInfo } from '../link/ip.js';
import { Plan } from '../link/plan.js';
import { linkFromSysfs, sysfsAliases, sysfsIsOurs, sysfsState } from '../link/sysfs.js';
import type { BridgeConf } from './conf.js';
import type { Port } from './port.js';

/**
 * Checked before anything is made, so that a name taken by another kind of link changes nothing.
 * Sysfs answers without a process when it shows our namespace ('exists': details read later).
 */
export async function existingBridge(name: string): Promise<LinkInfo | 'exists' | undefined> {
  const fast = linkFromSysfs(name);
  if (fast === undefined) return undefined;
  const link = fast === null ? await readLink(name) : fast;
  const isBridge = link && ('bridge' in link ? link.bridge : kindOf(link) === 'bridge');
  if (link && !isBridge) throw new Error(`failed to create bridge "${name}": "${name}" already exists but is not a bridge`);
  return fast ? 'exists' : (link as LinkInfo | undefined);
}

const WAITS = [0, 50, 500, 1000, 1000];

type HostLink = Pick<LinkInfo, 'address' | 'operstate'>;

/**
 * The bridge and the host veth once everything is in place: their MACs go in the result (the
 * bridge's may have followed the new port), and the port must be up -- the reference waits
 * for it with these pauses.
 */
export async function hostLinks(conf: BridgeConf, port: Port): Promise<[HostLink, HostLink]> {
  let br!: HostLink;
  let veth!: HostLink;
  for (const wait of WAITS) {
    if (wait) await new Promise((r) => setTimeout(r, wait));
    [br, veth] = await readHost([conf.bridge, port.hostVeth]);
    if (conf.disableContainerInterface || veth.operstate === 'UP') return [br, veth];
  }
  throw new Error(`bridge port in error state: ${veth.operstate.toLowerCase()}`);
}

async function readHost(names: string[]): Promise<HostLink[]> {
  if (sysfsIsOurs()) return names.map(sysfsState);
  const plan = new Plan();
  for (const n of names) plan.add(cmd.linkShow(n), `failed to lookup "${n}"`);
  return (await plan.run()).map((s) => (s as LinkInfo[])[0]);
}


/** Host links carrying `alias` (our host veths, see portAlias). */
export async function linksWithAlias(alias: string): Promise<string[]> {
  if (sysfsIsOurs()) return sysfsAliases().filter(([, a]) => a === alias).map(([n]) => n);
  const all = (await new Plan().add('link show', 'failed to list links').run())[0] as (LinkInfo & { ifalias?: string })[];
  return all.filter((l) => l.ifalias === alias).map((l) => l.ifname);
}
