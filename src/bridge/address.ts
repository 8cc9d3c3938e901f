// ensureAddr: the plan lines that give the bridge (or VLAN gateway) its gateway addresses.
// IPv4: one address per bridge, any other conflicts; IPv6: only overlapping subnets conflict.
import { parseCIDR } from '../core/index.js';
import type { AddrInfo } from '../link/ip.js';
import { addrAdd, addrDel } from '../link/commands.js';
import type { Plan } from '../link/plan.js';

function overlaps(a: string, b: string): boolean {
  const x = parseCIDR(a)!;
  const y = parseCIDR(b)!;
  return x.contains(y.ip) || y.contains(x.ip);
}

/** Adds lines to `plan`; `current` is updated as the kernel's list would be after each step. */
export function ensureAddrs(plan: Plan, dev: string, gateways: string[], current: AddrInfo[], force: boolean, wrap: string): void {
  const have = current.map((a) => ({ cidr: `${a.local}/${a.prefixlen}`, v4: a.family === 'inet' }));
  for (const gw of gateways) {
    const v4 = !gw.includes(':');
    const same = have.filter((a) => a.v4 === v4);
    if (same.some((a) => a.cidr === gw)) continue;
    for (const a of same) {
      if (!v4 && !overlaps(a.cidr, gw)) continue;
      if (!force) throw new Error(`${wrap}: "${dev}" already has an IP address different from ${gw}`);
      plan.add(addrDel(a.cidr, dev), `${wrap}: could not remove IP address from "${dev}"`);
      have.splice(have.indexOf(a), 1);
    }
    plan.add(addrAdd(gw, dev, true), `${wrap}: could not add IP address ${gw} to "${dev}"`);
    have.push({ cidr: gw, v4 });
  }
}
