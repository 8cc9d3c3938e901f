// calcGateways: gateway per IP, default routes for isDefaultGateway, and the addresses the
// bridge must hold. Unlike the reference, an IPAM default route without a gateway counts as the
// family's default route (it gets the gateway when installed), so no duplicate is appended.
import { nextIP, parseCIDR, type CIDR } from '../core/index.js';
import type { Result } from '../cni/result.js';
import type { BridgeConf } from './conf.js';

export interface Gateways { 4: string[]; 6: string[] }

function cidrOf(text: string): CIDR {
  const c = parseCIDR(text);
  if (!c) throw new Error(`Unknown IP object: ${text}`);
  return c;
}

const familyOf = (c: CIDR): 4 | 6 => c.ip.family;

/** Mutates `result` (interface index, gateways, routes); returns gateway CIDRs per family. */
export function calcGateways(result: Result, conf: BridgeConf): Gateways {
  const gws: Gateways = { 4: [], 6: [] };
  const defaultDone = { 4: false, 6: false };
  result.routes ??= [];
  for (const ipc of result.ips ?? []) {
    const cidr = cidrOf(ipc.address);
    const family = familyOf(cidr);
    ipc.interface = 2;
    if (!ipc.gateway && conf.isGateway) ipc.gateway = nextIP(cidr.network())?.toString();
    if (conf.isDefaultGateway && !defaultDone[family]) {
      if (!result.routes.some((r) => isDefaultRoute(r.dst, family))) {
        result.routes.push({ dst: family === 4 ? '0.0.0.0/0' : '::/0', gw: ipc.gateway });
      }
      defaultDone[family] = true;
    }
    if (conf.isGateway && ipc.gateway) gws[family].push(`${ipc.gateway}/${cidr.prefix}`);
  }
  if (result.routes.length === 0) delete result.routes;
  return gws;
}

function isDefaultRoute(dst: string, family: 4 | 6): boolean {
  const c = parseCIDR(dst);
  return c !== null && c.prefix === 0 && familyOf(c) === family;
}

/** "10.1.2.3/24" -> { ip: "10.1.2.3", network: "10.1.2.0/24", family } for masquerade rules. */
export function masqNet(address: string): { ip: string; network: string; family: 4 | 6 } {
  const c = cidrOf(address);
  return { ip: c.ip.toString(), network: `${c.network()}/${c.prefix}`, family: familyOf(c) };
}
