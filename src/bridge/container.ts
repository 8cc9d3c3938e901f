// The container side, in one process inside CNI_NETNS: sysctls, then the reference's
// ConfigureIface (addresses, link up, routes), then a read of the interface for its MAC.
import * as cmd from '../link/commands.js';
import { readLink, type LinkInfo } from '../link/ip.js';
import { Plan } from '../link/plan.js';
import type { Result } from '../cni/result.js';
import type { BridgeConf } from './conf.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Returns the container link as it is at the end (MAC, addresses). */
export async function configureContainer(conf: BridgeConf, result: Result | undefined, netns: string, ifname: string): Promise<LinkInfo> {
  const plan = new Plan();
  if (result) l3Lines(plan, conf, result, ifname);
  else if (!conf.disableContainerInterface) plan.add(cmd.linkUp(ifname), `failed to set "${ifname}" up`);
  plan.add(cmd.addrShow(ifname), `failed to lookup "${ifname}"`);
  const shown = await plan.run(netns);
  let link = (shown.at(-1) as LinkInfo[])[0];
  if (result && hasV6Gateway(result)) link = await settle(link, netns, ifname);
  return link;
}

function l3Lines(plan: Plan, conf: BridgeConf, result: Result, ifname: string): void {
  if (conf.enabledad) {
    plan.sysctl(`net/ipv6/conf/${ifname}/enhanced_dad`, '1', 'try').sysctl(`net/ipv6/conf/${ifname}/accept_dad`, '1', 'try');
  } else {
    plan.sysctl(`net/ipv6/conf/${ifname}/accept_dad`, '0', 'try');
  }
  plan.sysctl(`net/ipv4/conf/${ifname}/arp_notify`, '1', 'try');
  const ips = result.ips ?? [];
  if (ips.some((ip) => ip.address.includes(':'))) {
    for (const dev of ['lo', ifname]) plan.sysctl(`net/ipv6/conf/${dev}/disable_ipv6`, '0', 'present');
    plan.sysctl(`net/ipv6/conf/${ifname}/keep_addr_on_down`, '1', 'present');
  }
  const gw: { 4?: string; 6?: string } = {};
  for (const ip of ips) {
    plan.add(cmd.addrAdd(ip.address, ifname), `failed to add IP addr ${ip.address} to "${ifname}"`);
    const family = ip.address.includes(':') ? 6 : 4;
    if (ip.gateway) gw[family] ??= ip.gateway;
  }
  plan.add(cmd.linkUp(ifname), `failed to set "${ifname}" UP`);
  for (const r of result.routes ?? []) {
    const via = r.gw ?? gw[r.dst.includes(':') ? 6 : 4];
    const route = { ...r, gw: via };
    const where = `${r.dst} via ${via ?? '<nil>'} dev ${ifname} metric ${r.priority ?? 0} (Scope: ${r.scope ?? 0}, Table: ${r.table ?? 0})`;
    plan.add(cmd.routeAppend(route, ifname), `failed to add route '${where}'`);
  }
}

const hasV6Gateway = (r: Result): boolean => (r.ips ?? []).some((ip) => ip.gateway?.includes(':'));

/** SettleAddresses: wait (5 s at most) until no IPv6 address is tentative (only with DAD on). */
async function settle(link: LinkInfo, netns: string, ifname: string): Promise<LinkInfo> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const v6 = (link.addr_info ?? []).filter((a) => a.family === 'inet6');
    const failed = v6.find((a) => a.dadfailed);
    if (failed) throw new Error(`failed to settle addresses for "${ifname}": link ${ifname} has address ${failed.local} in DADFAILED state`);
    if (!v6.some((a) => a.tentative)) return link;
    if (Date.now() > deadline) {
      if (link.operstate !== 'UP') return link;
      throw new Error(`failed to settle addresses for "${ifname}": link ${ifname} still has tentative addresses after 5000000000 seconds`);
    }
    await sleep(50);
    link = (await readLink(ifname, netns)) ?? link;
  }
}
