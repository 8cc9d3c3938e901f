// Addresses in a result as Go prints them after parsing (net.IP / types.IPNet): lower-case,
// compressed IPv6, host bits kept, Go's quirks for IPv4-mapped CIDRs. A plugin that passes a
// prevResult through applies this to print what the reference would. Uses the Wasm core (Node entry).
import { parseCIDR, parseIP } from '../core/index.js';
import type { Result } from './result.js';

function cidr(text: string): string {
  if (text === '') return text;
  const parsed = parseCIDR(text);
  if (!parsed) throw new Error(`invalid CIDR address: ${text}`);
  return parsed.toString();
}

function ip(text: string | undefined): string | undefined {
  if (text === undefined || text === '') return text;
  const parsed = parseIP(text);
  if (!parsed) throw new Error(`invalid IP address: ${text}`);
  return parsed.toString();
}

/** Re-renders one address-bearing entry: its CIDR field and its optional gateway field. */
function entry<T extends object>(x: T, cidrKey: keyof T, ipKey: keyof T): T {
  const c = { ...x, [cidrKey]: cidr(x[cidrKey] as string) };
  const gateway = ip(x[ipKey] as string | undefined);
  if (gateway !== undefined) (c as Record<keyof T, unknown>)[ipKey] = gateway;
  return c;
}

/** A copy of `r` with every address, gateway and route re-rendered; throws Go's messages for bad ones. */
export function canonicalizeResult(r: Result): Result {
  const out: Result = { ...r };
  if (r.ips) out.ips = r.ips.map((x) => entry(x, 'address', 'gateway'));
  if (r.routes) out.routes = r.routes.map((x) => entry(x, 'dst', 'gw'));
  return out;
}
