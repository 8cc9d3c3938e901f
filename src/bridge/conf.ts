// The bridge network configuration: defaults, the reference's semantic checks and messages, and
// the container MAC from its three sources. Field types are checked by src/config beforehand.
import { getField, runtimeConfigValue } from '../cni/fields.js';
import { parseCniArgs } from '../cni/args.js';
import type { DNS } from '../cni/result.js';

export interface BridgeConf {
  cniVersion: string;
  name: string;
  bridge: string;
  isGateway: boolean;
  isDefaultGateway: boolean;
  forceAddress: boolean;
  ipMasq: boolean;
  /** unset: iptables, unless only nftables is installed (masq.ts) */
  ipMasqBackend?: 'iptables' | 'nftables';
  mtu: number;
  hairpinMode: boolean;
  promiscMode: boolean;
  vlan: number;
  /** sorted, deduplicated trunk VIDs; undefined when vlanTrunk is absent */
  vlanTrunk?: number[];
  preserveDefaultVlan: boolean;
  macspoofchk: boolean;
  enabledad: boolean;
  disableContainerInterface: boolean;
  portIsolation: boolean;
  /** normalised container MAC, if any source gave one */
  mac?: string;
  ipamType: string;
  dns?: DNS;
  prevResult?: unknown;
}

const bool = (c: unknown, k: string): boolean => getField(c, k) === true;

export function loadBridgeConf(config: Record<string, unknown>, cniArgs: string | undefined): BridgeConf {
  const vlan = Number(getField(config, 'vlan') ?? 0);
  if (vlan < 0 || vlan > 4094) throw new Error(`invalid VLAN ID ${vlan} (must be between 0 and 4094)`);
  const backend = getField(config, 'ipMasqBackend');
  if (backend !== undefined && backend !== null && backend !== 'iptables' && backend !== 'nftables') {
    throw new Error(`unknown ipmasq backend ${JSON.stringify(backend)}`);
  }
  const isDefaultGateway = bool(config, 'isDefaultGateway');
  const conf: BridgeConf = {
    cniVersion: String(getField(config, 'cniVersion') ?? ''),
    name: String(getField(config, 'name')),
    bridge: (getField(config, 'bridge') as string | undefined) || 'cni0',
    isGateway: bool(config, 'isGateway') || isDefaultGateway,
    isDefaultGateway,
    forceAddress: bool(config, 'forceAddress'),
    ipMasq: bool(config, 'ipMasq'),
    ipMasqBackend: (backend as 'iptables' | 'nftables' | null | undefined) ?? undefined,
    mtu: Number(getField(config, 'mtu') ?? 0),
    hairpinMode: bool(config, 'hairpinMode'),
    promiscMode: bool(config, 'promiscMode'),
    vlan,
    vlanTrunk: collectVlanTrunk(getField(config, 'vlanTrunk')),
    preserveDefaultVlan: bool(config, 'preserveDefaultVlan'),
    macspoofchk: bool(config, 'macspoofchk'),
    enabledad: bool(config, 'enabledad'),
    disableContainerInterface: bool(config, 'disableContainerInterface'),
    portIsolation: bool(config, 'portIsolation'),
    mac: containerMac(config, cniArgs),
    ipamType: String(getField(getField(config, 'ipam'), 'type') ?? ''),
    dns: getField(config, 'dns') as DNS | undefined,
    prevResult: getField(config, 'prevResult'),
  };
  return conf;
}

export const isLayer3 = (c: BridgeConf): boolean => c.ipamType !== '';
export const vlanFiltering = (c: BridgeConf): boolean => c.vlan !== 0 || c.vlanTrunk !== undefined;

interface TrunkEntry { id?: number; minID?: number; maxID?: number }

/** The reference's collectVlanTrunk: checks, dedupes and sorts; `[]` keeps filtering on. */
export function collectVlanTrunk(raw: unknown): number[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const ids = new Set<number>();
  for (const t of raw as TrunkEntry[]) {
    if (t.minID !== undefined && t.maxID !== undefined) {
      if (t.minID <= 0 || t.minID > 4094) throw new Error('incorrect trunk minID parameter');
      if (t.maxID <= 0 || t.maxID > 4094) throw new Error('incorrect trunk maxID parameter');
      if (t.maxID < t.minID) throw new Error('minID is greater than maxID in trunk parameter');
      for (let v = t.minID; v <= t.maxID; v++) ids.add(v);
    } else if (t.minID !== undefined || t.maxID !== undefined) {
      const missing = t.minID === undefined ? 'minID' : 'maxID';
      throw new Error(`minID and maxID should be configured simultaneously, ${missing} is missing`);
    }
    if (t.id !== undefined) {
      if (t.id <= 0 || t.id > 4094) throw new Error('incorrect trunk id parameter');
      ids.add(t.id);
    }
  }
  return [...ids].sort((a, b) => a - b);
}

/** runtimeConfig.mac > args.cni.mac > CNI_ARGS MAC=, checked here rather than after links exist. */
function containerMac(config: unknown, cniArgs: string | undefined): string | undefined {
  const fromArgs = parseCniArgs(cniArgs, ['MAC']).MAC;
  const fromConf = getField(getField(getField(config, 'args'), 'cni'), 'mac');
  const raw = (runtimeConfigValue(config, 'mac') as string | undefined) || (fromConf as string | undefined) || fromArgs;
  if (!raw) return undefined;
  const mac = parseMac(raw);
  if (!mac) throw new Error(`failed to make veth pair: address ${raw}: invalid MAC address`);
  return mac;
}

/** The 6-byte forms of Go's net.ParseMAC (aa:bb:.., aa-bb-.., aabb.ccdd.eeff), lower case. */
export function parseMac(text: string): string | undefined {
  let hex: string | undefined;
  if (/^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i.test(text)) hex = text.replace(/[:-]/g, '');
  else if (/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i.test(text)) hex = text.replace(/\./g, '');
  return hex?.toLowerCase().match(/../g)!.join(':');
}
