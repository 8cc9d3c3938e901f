// Config assembly in the reference's order (reference-plugins.md 1.2): requested IPs, then range
// sets as `runtimeConfig.ipRanges..., legacy subnet, ranges...` (the index of a set is the N of
// last_reserved_ip.N), then per-set validation, the per-family limit of old versions, overlaps.
import type { IP } from '../core/index.js';
import type { Route } from '../cni/result.js';
import { versionAtLeast } from '../cni/version.js';
import type { DecodedNet, RequestedIP } from './decode.js';
import { canonicalizeRangeSet, rangeSetFamily, rangeSetsOverlap, type RangeSet } from './range.js';

export const DEFAULT_DATA_DIR = '/var/lib/cni/networks';

export interface IpamConfig {
  name: string;
  cniVersion: string;
  dataDir: string;
  resolvConf: string; // '' when not set
  routes: Route[] | null;
  rangeSets: RangeSet[];
  requested: IP[]; // CNI_ARGS IP, then args.cni.ips, then runtimeConfig.ips; duplicates removed
}

function collectRequested(envIP: RequestedIP | undefined, net: DecodedNet): IP[] {
  // An empty IP= in CNI_ARGS is ignored; an empty entry anywhere else is an error.
  const all: RequestedIP[] = [...(envIP ? [envIP] : []), ...net.argsIps, ...net.runtimeIps];
  const seen = new Map<string, IP>();
  for (const ip of all) {
    if (!ip) throw new Error('cannot understand ip: IP <nil> not v4 nor v6');
    seen.set(ip.toString(), seen.get(ip.toString()) ?? ip);
  }
  return [...seen.values()];
}

/** `envIP` parses CNI_ARGS (the reference does so only once `ipam` is known to be there). */
export function assembleConfig(net: DecodedNet, envIP: () => RequestedIP | undefined): IpamConfig {
  const ipam = net.ipam;
  if (!ipam) throw new Error("IPAM config missing 'ipam' key");
  const requested = collectRequested(envIP(), net);

  const inputs = [...net.runtimeRanges, ...(ipam.legacy ? [[ipam.legacy]] : []), ...ipam.ranges];
  if (inputs.length === 0) throw new Error('no IP ranges specified');
  const rangeSets = inputs.map((set, i) => {
    try {
      return canonicalizeRangeSet(set);
    } catch (err) {
      throw new Error(`invalid range set ${i}: ${(err as Error).message}`);
    }
  });

  const v4 = rangeSets.filter((s) => rangeSetFamily(s) === 4).length;
  if ((v4 > 1 || rangeSets.length - v4 > 1) && !atLeast(net.cniVersion, '0.3.0')) {
    throw new Error(`CNI version ${net.cniVersion} does not support more than 1 address per family`);
  }
  for (let i = 0; i < rangeSets.length; i++) {
    for (let j = i + 1; j < rangeSets.length; j++) {
      if (rangeSetsOverlap(rangeSets[i], rangeSets[j])) throw new Error(`range set ${i} overlaps with ${j}`);
    }
  }

  return {
    name: net.name,
    cniVersion: net.cniVersion,
    dataDir: ipam.dataDir || DEFAULT_DATA_DIR,
    resolvConf: ipam.resolvConf,
    routes: ipam.routes,
    rangeSets,
    requested,
  };
}

// An empty or unparsable version counts as older than any.
function atLeast(version: string, min: string): boolean {
  try {
    return versionAtLeast(version, min);
  } catch {
    return false;
  }
}
