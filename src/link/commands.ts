// iproute2 batch lines for the link operations the plugins need. Values are interface names,
// addresses and numbers that the plugins have validated, so no quoting is needed.
export interface RouteSpec { dst: string; gw?: string; priority?: number; table?: number; scope?: number }

/** With `mac`, the bridge keeps that MAC instead of following its lowest port MAC. */
export const bridgeAdd = (name: string, mtu: number, vlanFiltering: boolean, mac?: string): string =>
  `link add name ${name}${mtu > 0 ? ` mtu ${mtu}` : ''}${mac ? ` address ${mac}` : ''} type bridge${vlanFiltering ? ' vlan_filtering 1' : ''}`;

/** Both ends are created where they belong: `host` here, `peer` directly in `peerNetns`. */
export function vethAdd(host: string, hostMac: string, peer: string, peerNetns: string, mtu: number, peerMac?: string): string {
  const m = mtu > 0 ? ` mtu ${mtu}` : '';
  const pm = peerMac ? ` address ${peerMac}` : '';
  return `link add name ${host}${m} address ${hostMac} type veth peer name ${peer}${m}${pm} netns ${peerNetns}`;
}

export const linkUp = (dev: string): string => `link set dev ${dev} up`;
export const linkDown = (dev: string): string => `link set dev ${dev} down`;
export const linkDel = (dev: string): string => `link del dev ${dev}`;
export const linkShow = (dev: string): string => `link show dev ${dev}`;
export const addrShow = (dev: string): string => `addr show dev ${dev}`;
export const promiscOn = (dev: string): string => `link set dev ${dev} promisc on`;
export const setMac = (dev: string, mac: string): string => `link set dev ${dev} address ${mac}`;
export const setAlias = (dev: string, alias: string): string => `link set dev ${dev} alias ${alias}`;
export const setMaster = (dev: string, master: string): string => `link set dev ${dev} master ${master}`;

const onOff = (b: boolean): string => (b ? 'on' : 'off');
export const hairpin = (dev: string, on: boolean): string => `link set dev ${dev} type bridge_slave hairpin ${onOff(on)}`;
export const isolated = (dev: string, on: boolean): string => `link set dev ${dev} type bridge_slave isolated ${onOff(on)}`;

/**
 * IPv4 gets its broadcast computed, as the reference's netlink library does for prefixes < 31.
 * `replace` succeeds when the address is already there (another ADD may have just added it).
 */
export function addrAdd(cidr: string, dev: string, replace = false): string {
  const v4 = !cidr.includes(':');
  const prefix = Number(cidr.split('/')[1]);
  return `addr ${replace ? 'replace' : 'add'} ${cidr}${v4 && prefix < 31 ? ' brd +' : ''} dev ${dev}`;
}

export const addrDel = (cidr: string, dev: string): string => `addr del ${cidr} dev ${dev}`;

/** `append` = NLM_F_CREATE|NLM_F_APPEND, so several routes to one destination (ECMP) coexist. */
export function routeAppend(r: RouteSpec, dev: string): string {
  let line = `route append ${r.dst}${r.gw ? ` via ${r.gw}` : ''} dev ${dev}`;
  if (r.priority) line += ` metric ${r.priority}`;
  if (r.table) line += ` table ${r.table}`;
  if (r.scope !== undefined) line += ` scope ${r.scope}`;
  return line;
}

// `bridge` tool lines (Plan('bridge')): VLAN membership of a bridge port.
export const vlanDel = (dev: string, vid: number): string => `vlan del dev ${dev} vid ${vid} master`;
export const vlanAdd = (dev: string, vid: number, pvidUntagged: boolean): string =>
  `vlan add dev ${dev} vid ${vid}${pvidUntagged ? ' pvid untagged' : ''} master`;
