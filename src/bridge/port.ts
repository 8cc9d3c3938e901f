// The host side of an attachment. Part one (no IPAM needed, so it runs while IPAM does): the
// bridge if missing, the veth pair with its container end created directly in CNI_NETNS, port
// flags, VLANs. Part two (once the addresses are known): the bridge's gateway addresses and its
// pinned MAC -- one ip batch each.
import * as cmd from '../link/commands.js';
import { kindOf, readLink, type LinkInfo } from '../link/ip.js';
import { deleteLink } from '../link/delete.js';
import { Plan, PlanError } from '../link/plan.js';
import { trySysctl } from '../link/sysctl.js';
import { ensureAddrs } from './address.js';
import { isLayer3, vlanFiltering, type BridgeConf } from './conf.js';
import { randomBytes } from '../store/random.js';   // names and MACs need no secrecy

export const randomVethName = (): string => `veth${randomBytes(4).toString('hex')}`;

/** A random locally administered unicast MAC, as the kernel gives a veth or a new bridge. */
export function randomMac(): string {
  const b = randomBytes(6);
  b[0] = (b[0] & 0xfe) | 0x02;
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

export interface PortSpec {
  conf: BridgeConf;
  /** 'exists': a bridge known to exist whose details the batch reads before our port joins */
  bridge: LinkInfo | 'exists' | undefined;
  netns: string;
  ifname: string;
  containerId: string;
}

/** The host veth's alias names its attachment, so that DEL without CNI_NETNS can still find it. */
export const portAlias = (containerId: string, ifname: string): string => `cni/${containerId}/${ifname}`;

/**
 * MACs are chosen here, so later steps (spoof check) need not read them back. `bridge` is the
 * bridge as it was before our port joined (undefined if this ADD created it).
 */
export interface Port { hostVeth: string; hostMac: string; containerMac: string; bridge: LinkInfo | undefined }

export async function createPort(spec: PortSpec): Promise<Port> {
  try {
    return await attach(spec);
  } catch (e) {
    // Another ADD created the bridge since we looked: use it, as the reference ignores EEXIST.
    if (e instanceof BridgeRace) return attach({ ...spec, bridge: 'exists' });
    throw e;
  }
}

class BridgeRace extends Error {}

async function attach(spec: PortSpec): Promise<Port> {
  const { conf } = spec;
  const br = conf.bridge;
  const containerMac = conf.mac ?? randomMac();
  for (let attempt = 0; ; attempt++) {
    const hostVeth = randomVethName();
    const hostMac = randomMac();
    const plan = new Plan();
    const reads = spec.bridge === 'exists'; // again on a retry: no port of ours joined yet
    if (reads) plan.add(cmd.addrShow(br), `failed to create bridge "${br}": could not lookup "${br}"`);
    if (attempt === 0) bridgeLines(plan, spec);
    const vethLine = plan.lines.length;
    plan.add(cmd.vethAdd(hostVeth, hostMac, spec.ifname, spec.netns, conf.mtu, containerMac), 'failed to make veth pair');
    plan.add(cmd.setAlias(hostVeth, portAlias(spec.containerId, spec.ifname)), `failed to set alias on "${hostVeth}"`);
    plan.add(cmd.setMaster(hostVeth, br), `failed to connect "${hostVeth}" to bridge ${br}`);
    plan.add(cmd.hairpin(hostVeth, conf.hairpinMode), `failed to setup hairpin mode for ${hostVeth}`);
    plan.add(cmd.isolated(hostVeth, conf.portIsolation), `failed to set isolated on for ${hostVeth}`);
    plan.add(cmd.linkUp(hostVeth), `failed to set "${hostVeth}" up`);
    let shown: unknown[];
    try {
      shown = await plan.run();
    } catch (e) {
      if (e instanceof PlanError && e.index === 0 && !spec.bridge && e.detail === 'file exists') throw new BridgeRace();
      if (e instanceof PlanError && e.index === vethLine && e.detail === 'file exists' && attempt < 9) {
        if (await readLink(spec.ifname, spec.netns)) {
          throw new Error(`container veth name ("${spec.ifname}") peer provided ("${hostVeth}") already exists`);
        }
        continue; // the random host name was taken: try another
      }
      throw e;
    }
    trySysctl(`net/ipv6/conf/${br}/accept_ra`, '0');
    trySysctl(`net/ipv6/conf/${hostVeth}/accept_ra`, '0');
    const bridge = reads ? (shown[0] as LinkInfo[])[0] : (spec.bridge as LinkInfo | undefined);
    try {
      if (bridge && kindOf(bridge) !== 'bridge') { // only after a race with something else taking the name
        throw new Error(`failed to create bridge "${br}": "${br}" already exists but is not a bridge`);
      }
      await setVlans(conf, hostVeth, bridge);
    } catch (e) {
      await deleteLink(hostVeth).catch(() => false); // the caller only undoes a port it got
      throw e;
    }
    return { hostVeth, hostMac, containerMac, bridge };
  }
}

function bridgeLines(plan: Plan, { conf, bridge }: PortSpec): void {
  const br = conf.bridge;
  const wrap = `failed to create bridge "${br}"`;
  const mac = holdsGateway(conf) ? randomMac() : undefined; // born pinned, see pinnedMac
  if (!bridge) plan.add(cmd.bridgeAdd(br, conf.mtu, vlanFiltering(conf), mac), `${wrap}: could not add "${br}"`);
  if (conf.promiscMode) plan.add(cmd.promiscOn(br), `${wrap}: could not set promiscuous mode on "${br}"`);
  plan.add(cmd.linkUp(br), wrap);
}

/** Part two as a plan: gateway addresses (throws on a conflict before anything runs) and pin. */
export function finishPlan(conf: BridgeConf, port: Port, addrs: string[]): Plan {
  const br = conf.bridge;
  const bridge = port.bridge;
  const plan = new Plan();
  ensureAddrs(plan, br, addrs, bridge?.addr_info ?? [], conf.forceAddress, 'failed to set bridge addr');
  const pinned = pinnedMac(bridge, addrs);
  if (pinned) plan.add(cmd.setMac(br, pinned), "failed to set bridge addr: could not set bridge's mac");
  return plan;
}

/**
 * The reference pins the bridge MAC when it gives the bridge an address, to the MAC the bridge
 * had before our port joined (so it stops following its lowest port MAC): the current one for an
 * existing bridge, a random one for a new bridge -- which we give it at creation, so that ADDs
 * racing onto the new bridge all see, pin and report that same MAC.
 */
function pinnedMac(bridge: LinkInfo | undefined, addrs: string[]): string | undefined {
  return addrs.length > 0 && bridge ? bridge.address : undefined;
}

/** Whether this ADD will put gateway addresses on the bridge itself. */
const holdsGateway = (conf: BridgeConf): boolean => isLayer3(conf) && conf.isGateway && conf.vlan === 0;

async function setVlans(conf: BridgeConf, port: string, bridge: LinkInfo | undefined): Promise<void> {
  if (!vlanFiltering(conf)) return;
  const plan = new Plan('bridge');
  if (!conf.preserveDefaultVlan) {
    const pvid = Number(bridge?.linkinfo?.info_data?.vlan_default_pvid ?? 1);
    if (pvid !== 0) plan.add(cmd.vlanDel(port, pvid), `failed to remove default vlan on interface "${port}"`);
  }
  if (conf.vlan !== 0) plan.add(cmd.vlanAdd(port, conf.vlan, true), `failed to setup vlan tag on interface "${port}"`);
  for (const vid of conf.vlanTrunk ?? []) plan.add(cmd.vlanAdd(port, vid, false), `failed to setup vlan tag on interface "${port}"`);
  if (conf.vlan === 0 && conf.vlanTrunk) {
    plan.add(cmd.vlanAdd(port, 1, true), `failed to setup default native vlan tag on interface "${port}"`);
  }
  await plan.run();
}
