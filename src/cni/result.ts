// Results: one internal shape (spec 1.1.0) and the conversions to and from every spec version,
// printed exactly like the latest reference (cni library >= 1.2.3) does.
import { getField, isObject } from './fields.js';
import { marshalIndent } from './gojson.js';
import { SUPPORTED_VERSIONS } from './version.js';

export interface Interface { name: string; mac?: string; sandbox?: string; mtu?: number; socketPath?: string; pciID?: string }
export interface IPConfig { address: string; gateway?: string; interface?: number }
export interface Route { dst: string; gw?: string; mtu?: number; advmss?: number; priority?: number; table?: number; scope?: number }
export interface DNS { nameservers?: string[]; domain?: string; search?: string[]; options?: string[] }
export interface Result { cniVersion: string; interfaces?: Interface[]; ips?: IPConfig[]; routes?: Route[]; dns?: DNS }

type Shape = 'v02' | 'v04' | 'v1';

/** Which wire shape a version uses; "" is 0.1.0 as in the reference. */
export function resultShape(version: string): Shape {
  switch (version) {
    case '': case '0.1.0': case '0.2.0': return 'v02';
    case '0.3.0': case '0.3.1': case '0.4.0': return 'v04';
    case '1.0.0': case '1.1.0': return 'v1';
  }
  throw new Error(`unsupported CNI result version ${JSON.stringify(version)}`);
}

/** Like Go's IP.To4() != nil on the address part of "ip" or "ip/len" (IPv4-mapped IPv6 counts as 4). */
export function isIPv4Text(text: string): boolean {
  const ip = text.split('/')[0]!;
  if (!ip.includes(':')) return true;
  return /^(::ffff:|(0{1,4}:){5}ffff:)\d+\.\d+\.\d+\.\d+$/i.test(ip);
}

// ---------------------------------------------------------------------------------------------
// Parsing (any version -> internal)

class ResultDecodeError extends Error {}

const at = (path: string, key: string): string => (path ? `${path}.${key}` : key);

function fail(path: string, want: string, got: unknown): never {
  const kind = got === null ? 'null' : Array.isArray(got) ? 'array' : typeof got;
  throw new ResultDecodeError(`invalid result: ${path} must be ${want}, got ${kind}`);
}

function optString(obj: unknown, key: string, path: string): string | undefined {
  const v = getField(obj, key);
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') fail(at(path, key), 'a string', v);
  return v;
}

function requiredString(obj: unknown, key: string, path: string): string {
  return optString(obj, key, path) ?? '';
}

function optInt(obj: unknown, key: string, path: string, keepZero = false): number | undefined {
  const v = getField(obj, key);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(at(path, key), 'an integer', v);
  return v === 0 && !keepZero ? undefined : v;
}

function optStrings(obj: unknown, key: string, path: string): string[] | undefined {
  const v = getField(obj, key);
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) fail(at(path, key), 'an array of strings', v);
  v.forEach((s, i) => { if (typeof s !== 'string') fail(`${at(path, key)}[${i}]`, 'a string', s); });
  return v.length > 0 ? [...(v as string[])] : undefined;
}

function list(obj: unknown, key: string, path: string): unknown[] {
  const v = getField(obj, key);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(at(path, key), 'an array', v);
  return v;
}

function objectAt(v: unknown, path: string): unknown {
  if (v === null) return {};
  if (!isObject(v)) fail(path, 'an object', v);
  return v;
}

function parseRoute(v: unknown, path: string, v02: boolean): Route {
  const o = objectAt(v, path);
  const route: Route = { dst: requiredString(o, 'dst', path) };
  const gw = optString(o, 'gw', path);
  if (gw !== undefined) route.gw = gw;
  if (v02) return route;
  const extras: [keyof Route, number | undefined][] = [
    ['mtu', optInt(o, 'mtu', path)],
    ['advmss', optInt(o, 'advmss', path)],
    ['priority', optInt(o, 'priority', path)],
    ['table', optInt(o, 'table', path, true)],
    ['scope', optInt(o, 'scope', path, true)],
  ];
  for (const [k, n] of extras) if (n !== undefined) (route as unknown as Record<string, number>)[k] = n;
  return route;
}

function parseDNS(v: unknown): DNS | undefined {
  if (v === undefined || v === null) return undefined;
  const o = objectAt(v, 'dns');
  const dns: DNS = {};
  const nameservers = optStrings(o, 'nameservers', 'dns');
  const domain = optString(o, 'domain', 'dns');
  const search = optStrings(o, 'search', 'dns');
  const options = optStrings(o, 'options', 'dns');
  if (nameservers) dns.nameservers = nameservers;
  if (domain !== undefined) dns.domain = domain;
  if (search) dns.search = search;
  if (options) dns.options = options;
  return isDnsEmpty(dns) ? undefined : dns;
}

function parseV02(doc: unknown, version: string): Result {
  const result: Result = { cniVersion: version };
  const ips: IPConfig[] = [];
  const routes: Route[] = [];
  for (const family of ['ip4', 'ip6']) {
    const raw = getField(doc, family);
    if (raw === undefined || raw === null) continue;
    const o = objectAt(raw, family);
    const ip: IPConfig = { address: requiredString(o, 'ip', family) };
    const gateway = optString(o, 'gateway', family);
    if (gateway !== undefined) ip.gateway = gateway;
    ips.push(ip);
    list(o, 'routes', family).forEach((r, i) => routes.push(parseRoute(r, `${family}.routes[${i}]`, true)));
  }
  if (ips.length) result.ips = ips;
  if (routes.length) result.routes = routes;
  const dns = parseDNS(getField(doc, 'dns'));
  if (dns) result.dns = dns;
  return result;
}

function parseInterface(v: unknown, path: string): Interface {
  const o = objectAt(v, path);
  const iface: Interface = { name: requiredString(o, 'name', path) };
  const mac = optString(o, 'mac', path);
  const mtu = optInt(o, 'mtu', path);
  const sandbox = optString(o, 'sandbox', path);
  const socketPath = optString(o, 'socketPath', path);
  const pciID = optString(o, 'pciID', path);
  if (mac !== undefined) iface.mac = mac;
  if (mtu !== undefined) iface.mtu = mtu;
  if (sandbox !== undefined) iface.sandbox = sandbox;
  if (socketPath !== undefined) iface.socketPath = socketPath;
  if (pciID !== undefined) iface.pciID = pciID;
  return iface;
}

function parseIPConfig(v: unknown, path: string): IPConfig {
  const o = objectAt(v, path);
  const ip: IPConfig = { address: requiredString(o, 'address', path) };
  const gateway = optString(o, 'gateway', path);
  const index = optInt(o, 'interface', path, true);
  if (gateway !== undefined) ip.gateway = gateway;
  if (index !== undefined) ip.interface = index;
  return ip;
}

function parseV04OrV1(doc: unknown, version: string): Result {
  const result: Result = { cniVersion: version };
  const interfaces = list(doc, 'interfaces', '').map((v, i) => parseInterface(v, `interfaces[${i}]`));
  const ips = list(doc, 'ips', '').map((v, i) => parseIPConfig(v, `ips[${i}]`));
  const routes = list(doc, 'routes', '').map((v, i) => parseRoute(v, `routes[${i}]`, false));
  if (interfaces.length) result.interfaces = interfaces;
  if (ips.length) result.ips = ips;
  if (routes.length) result.routes = routes;
  const dns = parseDNS(getField(doc, 'dns'));
  if (dns) result.dns = dns;
  return result;
}

/** The versions each Go result type accepts in its own cniVersion ("" only for 0.1/0.2). */
const SHAPE_VERSIONS: Record<Shape, string[]> = {
  v02: ['', '0.1.0', '0.2.0'],
  v04: ['0.3.0', '0.3.1', '0.4.0'],
  v1: ['1.0.0', '1.1.0'],
};

/**
 * The cniVersion Go ends up with for a prevResult: it injects the config's version under the key
 * "CNIVersion" (unless that key is set), re-marshals the map with sorted keys and decodes
 * case-insensitively, so the last key in byte order that spells cniVersion wins.
 */
function prevResultVersion(doc: Record<string, unknown>, configVersion: string): unknown {
  const spellings = Object.keys(doc).filter((k) => k.toLowerCase() === 'cniversion');
  const values = new Map(spellings.map((k) => [k, doc[k]]));
  if (values.get('CNIVersion') === undefined || values.get('CNIVersion') === '') values.set('CNIVersion', configVersion);
  let found: unknown = undefined;
  for (const k of [...values.keys()].sort()) if (values.get(k) !== null) found = values.get(k);
  return found;
}

/**
 * A result of any version (object, JSON text or bytes) in the internal shape. Keys match
 * case-insensitively, like Go. With `asVersion` it parses like the reference parses a prevResult:
 * the shape is the config version's, and the result's own cniVersion (the config's when absent)
 * must belong to that shape, else `result type supports [...] but unmarshalled CNIVersion is "x"`.
 */
export function parseResult(json: unknown, asVersion?: string): Result {
  let doc = json;
  if (typeof doc === 'string' || doc instanceof Uint8Array) {
    const text = typeof doc === 'string' ? doc : new TextDecoder().decode(doc);
    doc = JSON.parse(text);
  }
  if (!isObject(doc)) fail('result', 'an object', doc);
  const own = asVersion === undefined ? getField(doc, 'cniVersion') : prevResultVersion(doc, asVersion);
  if (own !== undefined && own !== null && typeof own !== 'string') fail('cniVersion', 'a string', own);
  const version = (own as string | undefined | null) ?? '';
  const shape = resultShape(asVersion ?? version);
  if (!SHAPE_VERSIONS[shape].includes(version)) {
    const listed = SHAPE_VERSIONS[shape].join(' ');
    throw new ResultDecodeError(`result type supports [${listed}] but unmarshalled CNIVersion is ${JSON.stringify(version)}`);
  }
  return shape === 'v02' ? parseV02(doc, version || '0.1.0') : parseV04OrV1(doc, version);
}

// ---------------------------------------------------------------------------------------------
// Printing (internal -> any version)

function isDnsEmpty(dns: DNS | undefined): boolean {
  return !dns || (!dns.nameservers?.length && !dns.domain && !dns.search?.length && !dns.options?.length);
}

/** DNS in Go struct order with omitempty fields. */
function dnsObject(dns: DNS | undefined): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (dns?.nameservers?.length) o.nameservers = dns.nameservers;
  if (dns?.domain) o.domain = dns.domain;
  if (dns?.search?.length) o.search = dns.search;
  if (dns?.options?.length) o.options = dns.options;
  return o;
}

/** Route in Go struct order: dst, gw, mtu, advmss, priority, table, scope (table/scope keep 0). */
function routeObject(r: Route, onlyDstGw: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = { dst: r.dst };
  if (r.gw) o.gw = r.gw;
  if (onlyDstGw) return o;
  if (r.mtu) o.mtu = r.mtu;
  if (r.advmss) o.advmss = r.advmss;
  if (r.priority) o.priority = r.priority;
  if (r.table !== undefined) o.table = r.table;
  if (r.scope !== undefined) o.scope = r.scope;
  return o;
}

/** IP entry in Go struct order; 0.3.x/0.4.0 put the derived "version" first. */
function ipObject(ip: IPConfig, withVersion: boolean): Record<string, unknown> {
  const x: Record<string, unknown> = withVersion ? { version: isIPv4Text(ip.address) ? '4' : '6' } : {};
  if (ip.interface !== undefined) x.interface = ip.interface;
  x.address = ip.address;
  if (ip.gateway) x.gateway = ip.gateway;
  return x;
}

function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeysDeep(v[k]);
  return out;
}

/** 1.0.0/1.1.0: the reference round-trips through a map, so keys are sorted and empty dns dropped. */
function toV1(r: Result, version: string): unknown {
  const o: Record<string, unknown> = { cniVersion: version };
  if (r.interfaces?.length) {
    o.interfaces = r.interfaces.map((i) => {
      const x: Record<string, unknown> = { name: i.name };
      if (i.mac) x.mac = i.mac;
      if (i.mtu) x.mtu = i.mtu;
      if (i.sandbox) x.sandbox = i.sandbox;
      if (i.socketPath) x.socketPath = i.socketPath;
      if (i.pciID) x.pciID = i.pciID;
      return x;
    });
  }
  if (r.ips?.length) {
    o.ips = r.ips.map((ip) => ipObject(ip, false));
  }
  if (r.routes?.length) o.routes = r.routes.map((rt) => routeObject(rt, false));
  if (!isDnsEmpty(r.dns)) o.dns = dnsObject(r.dns);
  return sortKeysDeep(o);
}

/** 0.3.x/0.4.0: struct order, "version" first in each ip, dns always present. */
function toV04(r: Result, version: string): unknown {
  const o: Record<string, unknown> = { cniVersion: version };
  if (r.interfaces?.length) {
    o.interfaces = r.interfaces.map((i) => {
      const x: Record<string, unknown> = { name: i.name };
      if (i.mac) x.mac = i.mac;
      if (i.sandbox) x.sandbox = i.sandbox;
      return x;
    });
  }
  if (r.ips?.length) {
    o.ips = r.ips.map((ip) => ipObject(ip, true));
  }
  if (r.routes?.length) o.routes = r.routes.map((rt) => routeObject(rt, false));
  o.dns = dnsObject(r.dns);
  return o;
}

interface V02IP { ip: string; gateway?: string; routes?: Record<string, unknown>[] }

/** 0.1.0/0.2.0: first v4 and first v6 address only, routes split by destination family. */
function toV02(r: Result, version: string): unknown {
  let ip4: V02IP | undefined;
  let ip6: V02IP | undefined;
  const make = (ip: IPConfig): V02IP => (ip.gateway ? { ip: ip.address, gateway: ip.gateway } : { ip: ip.address });
  for (const ip of r.ips ?? []) {
    if (isIPv4Text(ip.address)) ip4 ??= make(ip);
    else ip6 ??= make(ip);
  }
  if (!ip4 && !ip6) throw new Error('cannot convert: no valid IP addresses');
  for (const route of r.routes ?? []) {
    const target = isIPv4Text(route.dst) ? ip4 : ip6;
    if (target) (target.routes ??= []).push(routeObject(route, true));
  }
  const o: Record<string, unknown> = { cniVersion: version };
  if (ip4) o.ip4 = ip4;
  if (ip6) o.ip6 = ip6;
  o.dns = dnsObject(r.dns);
  return o;
}

/** The wire object of `r` in `cniVersion` ("" means 0.1.0). Throws the reference's conversion errors. */
export function resultAsVersion(r: Result, cniVersion: string): unknown {
  const version = cniVersion || '0.1.0';
  if (!SUPPORTED_VERSIONS.includes(version)) throw new Error(`unsupported CNI result version ${JSON.stringify(version)}`);
  const shape = resultShape(version);
  if (shape === 'v1') return toV1(r, version);
  if (shape === 'v04') return toV04(r, version);
  return toV02(r, version);
}

/** The result text exactly as the latest reference prints it: 4-space indent, no trailing newline. */
export function formatResult(r: Result, cniVersion: string): string {
  return marshalIndent(resultAsVersion(r, cniVersion));
}

/**
 * What the reference prints for a 1.x result that was created already labelled with the config's
 * version (loopback does this): Go's converter sees "same version" and prints the 1.x shape as is,
 * even for 0.x labels. Only an empty version converts for real (to 0.1.0).
 */
export function formatResultLabelled(r: Result, cniVersion: string): string {
  if (cniVersion === '') return formatResult(r, '');
  return marshalIndent(toV1(r, cniVersion));
}

