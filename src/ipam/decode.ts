// Reads the host-local network config the way the reference's json.Unmarshal does: keys matched
// case-insensitively, and address strings parsed as they are met, the first bad one (in document
// order) failing with Go's message. Values of the wrong JSON type are skipped here and reported by
// the schema; Go also reports those only after every address string parsed. A null subnet or dst
// is not skipped: Go parses it as "" and fails.
import { parseCIDR, parseIP, type CIDR, type IP } from '../core/index.js';
import type { Route } from '../cni/result.js';
import { isObject, type JsonObject } from '../cni/fields.js';
import { canonicalKeys } from './keys.js';
import type { RangeInput } from './range.js';

const NET_KEYS = ['name', 'cniVersion', 'ipam', 'runtimeConfig', 'args'];
const IPAM_KEYS = ['type', 'routes', 'dataDir', 'resolvConf', 'ranges', 'subnet', 'rangeStart', 'rangeEnd', 'gateway'];
const RANGE_KEYS = ['subnet', 'rangeStart', 'rangeEnd', 'gateway'];
const ROUTE_KEYS = ['dst', 'gw', 'mtu', 'advmss', 'priority', 'table', 'scope'];
const RUNTIME_KEYS = ['ipRanges', 'ips'];
const ARGS_KEYS = ['cni'];
const CNI_ARGS_KEYS = ['ips'];

// The keys of the first host-local (2015, see the seed documents), still honoured when the
// camelCase key is absent.
const HYPHENATED: Record<string, string> = { 'range-start': 'rangeStart', 'range-end': 'rangeEnd' };

/** A requested IP as Go's pkg/ip.IP holds it: null for an empty string. */
export type RequestedIP = IP | null;

export interface DecodedIpam {
  legacy: RangeInput | null; // the top-level subnet/rangeStart/rangeEnd/gateway, when subnet is set
  ranges: RangeInput[][];
  routes: Route[] | null;
  dataDir: string;
  resolvConf: string;
}

export interface DecodedNet {
  name: string;
  cniVersion: string;
  ipam: DecodedIpam | null;
  runtimeRanges: RangeInput[][];
  runtimeIps: RequestedIP[];
  argsIps: RequestedIP[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

// types.IPNet: the string must be a CIDR; null decodes as the empty string.
function cidr(v: unknown): CIDR | null {
  if (v === undefined || (v !== null && typeof v !== 'string')) return null;
  const text = v ?? '';
  const parsed = parseCIDR(text);
  if (!parsed) throw new Error(`invalid CIDR address: ${text}`);
  return parsed;
}

// net.IP: null and "" are no address.
function ip(v: unknown): IP | null {
  if (typeof v !== 'string' || v === '') return null;
  const parsed = parseIP(v);
  if (!parsed) throw new Error(`invalid IP address: ${v}`);
  return parsed;
}

/** pkg/ip.IP text: "ip" or "ip/prefix" (the prefix is checked, then dropped). */
export function parseRequestedIP(text: string): RequestedIP {
  if (text === '') return null;
  const parsed = text.includes('/') ? (parseCIDR(text)?.ip ?? null) : parseIP(text);
  if (!parsed) throw new Error(`invalid IP address ${text}`);
  return parsed;
}

function requested(v: unknown): RequestedIP[] {
  return list(v).map((item) => (typeof item === 'string' ? parseRequestedIP(item) : null));
}

function canonical(v: unknown, keys: string[]): JsonObject | undefined {
  return isObject(v) ? canonicalKeys(v, keys) : undefined;
}

function decodeRange(v: unknown): RangeInput {
  const r = canonical(v, RANGE_KEYS);
  return { subnet: cidr(r?.subnet), rangeStart: ip(r?.rangeStart), rangeEnd: ip(r?.rangeEnd), gateway: ip(r?.gateway) };
}

function decodeRangeSets(v: unknown): RangeInput[][] {
  return list(v).map((set) => list(set).map(decodeRange));
}

function decodeRoute(v: unknown): Route {
  const r = canonical(v, ROUTE_KEYS);
  if (!r) return v as Route; // null or a wrong type: the schema reports it
  const route: Route = { dst: r.dst === undefined ? '<nil>' : String(cidr(r.dst)) };
  const gw = ip(r.gw);
  if (gw) route.gw = gw.toString();
  // Go keeps these only when non-zero (mtu, advmss, priority) or present (table, scope).
  for (const k of ['mtu', 'advmss', 'priority'] as const) if (typeof r[k] === 'number' && r[k] !== 0) route[k] = r[k] as number;
  for (const k of ['table', 'scope'] as const) if (typeof r[k] === 'number') route[k] = r[k] as number;
  return route;
}

function decodeIpam(raw: JsonObject): DecodedIpam {
  const v = canonicalKeys(raw, IPAM_KEYS);
  for (const [hyphen, camel] of Object.entries(HYPHENATED)) {
    if (v[camel] === undefined && v[hyphen] !== undefined) v[camel] = v[hyphen];
  }
  const ipam: DecodedIpam = { legacy: null, ranges: [], routes: null, dataDir: '', resolvConf: '' };
  const legacy: RangeInput = { subnet: null, rangeStart: null, rangeEnd: null, gateway: null };
  // Document order decides which bad value is reported first.
  for (const [key, value] of Object.entries(v)) {
    switch (key) {
      case 'subnet':
        legacy.subnet = cidr(value);
        break;
      case 'rangeStart':
      case 'rangeEnd':
      case 'gateway':
        legacy[key] = ip(value);
        break;
      case 'ranges':
        ipam.ranges = decodeRangeSets(value);
        break;
      case 'routes':
        if (Array.isArray(value)) ipam.routes = value.map(decodeRoute);
        break;
      case 'dataDir':
        ipam.dataDir = str(value);
        break;
      case 'resolvConf':
        ipam.resolvConf = str(value);
        break;
    }
  }
  if (legacy.subnet) ipam.legacy = legacy;
  return ipam;
}

export function decodeNetConf(config: JsonObject): DecodedNet {
  const top = canonicalKeys(config, NET_KEYS);
  const net: DecodedNet = { name: str(top.name), cniVersion: str(top.cniVersion), ipam: null, runtimeRanges: [], runtimeIps: [], argsIps: [] };
  for (const [key, value] of Object.entries(top)) {
    if (key === 'ipam' && isObject(value)) {
      net.ipam = decodeIpam(value);
    } else if (key === 'runtimeConfig' && isObject(value)) {
      for (const [k, v] of Object.entries(canonicalKeys(value, RUNTIME_KEYS))) {
        if (k === 'ipRanges') net.runtimeRanges = decodeRangeSets(v);
        if (k === 'ips') net.runtimeIps = requested(v);
      }
    } else if (key === 'args' && isObject(value)) {
      const cni = canonical(canonicalKeys(value, ARGS_KEYS).cni, CNI_ARGS_KEYS);
      if (cni) net.argsIps = requested(cni.ips);
    }
  }
  return net;
}
