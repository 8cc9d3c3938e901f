// bridge CHECK against prevResult, with the reference's checks and messages
// (reference-plugins.md 2.9). IPAM is only asked in L3 mode, so L2 configs can pass.
import type { CmdArgs } from '../cni/skel.js';
import { parseResult, type Interface, type Result } from '../cni/result.js';
import { delegateCheck } from '../cni/delegate.js';
import { kindOf, readLink, readLinks, readRoutes, type LinkInfo } from '../link/ip.js';
import { isLayer3, type BridgeConf } from './conf.js';
import { loadConf } from './load.js';
import { openNetns } from './netns.js';

export async function cmdCheck(a: CmdArgs): Promise<void> {
  const conf = loadConf(a);
  openNetns(a.netns);
  if (isLayer3(conf)) await delegateCheck(conf.ipamType, a.stdin, a.env);
  if (conf.prevResult === undefined || conf.prevResult === null) throw new Error('Required prevResult missing');
  const prev = parseResult(conf.prevResult, conf.cniVersion);
  const ifaces = prev.interfaces ?? [];
  const brEntry = ifaces.find((i) => i.name === conf.bridge);
  const ctrEntry = ifaces.find((i) => i.name === a.ifname && i.sandbox === a.netns);
  const [hostLinks, ctr] = await Promise.all([readLinks(), readLink(a.ifname, a.netns)]);
  if (!brEntry) throw new Error(`CNI created bridge ${conf.bridge} in host namespace was not found`);
  checkBridge(conf, brEntry, hostLinks);
  if (!ctrEntry) throw new Error(`CNI created interface in container ${a.ifname} not found`);
  if (ctrEntry.sandbox !== a.netns) throw new Error(`Sandbox in prevResult ${ctrEntry.sandbox} doesn't match configured netns: ${a.netns}`);
  const container = checkContainer(ctrEntry, ctr);
  checkHostVeth(conf, ifaces, hostLinks, container);
  await checkAddressesAndRoutes(prev, a, container);
}

function checkBridge(conf: BridgeConf, entry: Interface, links: LinkInfo[]): void {
  if (!entry.name) throw new Error('Interface name missing ');
  const br = links.find((l) => l.ifname === entry.name);
  if (!br) throw new Error(`Interface name ${entry.name} not found`);
  if (entry.sandbox) throw new Error(`Interface ${entry.name} should not be in sandbox`);
  if (kindOf(br) !== 'bridge') throw new Error(`Interface ${entry.name} does not have link type of bridge`);
  if (entry.mac && entry.mac !== br.address) throw new Error(`Bridge interface ${entry.name} Mac doesn't match: ${entry.mac}`);
  const promisc = br.flags.includes('PROMISC');
  if (promisc !== conf.promiscMode) {
    throw new Error(`Bridge interface ${entry.name} configured Promisc Mode ${conf.promiscMode} doesn't match current state: ${promisc} `);
  }
}

function checkContainer(entry: Interface, link: LinkInfo | undefined): LinkInfo {
  if (!link) throw new Error(`Interface name ${entry.name} not found`);
  if (kindOf(link) !== 'veth') throw new Error(`Error: Container interface ${entry.name} not of type veth`);
  if (link.link_index === undefined) throw new Error(`Unable to obtain veth peer index for veth ${entry.name}`);
  if (entry.mac && entry.mac !== link.address) {
    throw new Error(`Interface ${entry.name} Mac ${entry.mac} doesn't match container Mac: ${link.address}`);
  }
  return link;
}

/** Some listed host veth must be the container's peer and a port of the bridge. */
function checkHostVeth(conf: BridgeConf, ifaces: Interface[], links: LinkInfo[], container: LinkInfo): void {
  for (const entry of ifaces) {
    if (entry.sandbox || entry.name === conf.bridge) continue;
    const link = links.find((l) => l.ifname === entry.name);
    if (!link) throw new Error(`Interface name ${entry.name} not found`);
    if (kindOf(link) !== 'veth') continue;
    if (link.ifindex === container.link_index && link.link_index === container.ifindex && link.master === conf.bridge) {
      if (entry.mac && entry.mac !== link.address) throw new Error(`Interface ${entry.name} Mac doesn't match: ${entry.mac} not found`);
      return;
    }
  }
  throw new Error(`CNI veth created for bridge ${conf.bridge} was not found`);
}

async function checkAddressesAndRoutes(prev: Result, a: CmdArgs, container: LinkInfo): Promise<void> {
  const have = new Set((container.addr_info ?? []).map((x) => `${x.local}/${x.prefixlen}`));
  for (const ip of prev.ips ?? []) {
    if (!have.has(ip.address)) throw new Error(`Failed to match addr ${ip.address} on interface ${a.ifname}`);
  }
  const wanted = prev.routes ?? [];
  if (wanted.length === 0) return;
  const [v4, v6] = await Promise.all([readRoutes(4, a.netns), readRoutes(6, a.netns)]);
  for (const r of wanted) {
    const table = r.dst.includes(':') ? v6 : v4;
    const found = table.some((x) => x.dst === r.dst && (!r.gw || x.gateway === r.gw));
    if (!found) throw new Error(`Expected Route ${JSON.stringify(r)} not found in routing table`);
  }
}
