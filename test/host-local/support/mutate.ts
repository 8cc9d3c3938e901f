// Random host-local requests for fuzzing: valid configs and environments, mutated. Whatever the
// mutation, the config's dataDir is forced back to the test's directory, so nothing escapes it.
import type { Request } from './run.js';

// The seeded PRNG the protocol fuzzer uses, so that a failing case can be replayed from its seed.
export { prng } from '../../cni/support/fuzz.js';

export type Random = () => number;

const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)];

const ADDRESSES = ['10.40.0.5', '10.40.0.1', '10.40.0.0', '10.40.0.255', '10.41.0.7', '::ffff:10.40.0.9', 'fd40::5', 'fd40::1',
  'fd40::', '2001:db8::1', '1.2.3', '10.40.0.256', '::', '0.0.0.0', '255.255.255.255', 'fe80::1%eth0', ' 10.40.0.5', ''];
const CIDRS = ['10.40.0.0/24', '10.40.0.0/30', '10.40.0.0/31', '10.40.0.0/32', '10.40.1.0/24', '10.40.0.1/24', '10.0.0.0/8',
  'fd40::/64', 'fd40::/126', 'fd40::/127', 'fd40::1/64', '::ffff:10.40.0.0/120', '10.40.0.0/33', '0.0.0.0/0', '::/0', '10.40.0.0', '/24'];
const STRINGS = ['', 'x', 'host-local', '1.0.0', '0.3.1', '9.9.9', 'a.b', '\u0000', '<&>', 'É', '/nonexistent', '/etc', 'IP=1', '  '];
const VERSIONS = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0', '', '1.1', '2.0.0', 'x.y.z', '01.0.0'];

function randomScalar(r: Random): unknown {
  switch (Math.floor(r() * 9)) {
    case 0: return pick(r, ADDRESSES);
    case 1: return pick(r, CIDRS);
    case 2: return pick(r, STRINGS);
    case 3: return pick(r, [0, -1, 1.5, 1400, 2 ** 53, 1e300]);
    case 4: return pick(r, [true, false, null]);
    case 5: return [];
    case 6: return {};
    case 7: return [pick(r, ADDRESSES), pick(r, CIDRS)];
    default: return [[{ subnet: pick(r, CIDRS) }]];
  }
}

function randomCase(r: Random, key: string): string {
  return [...key].map((c) => (r() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('');
}

type Node = Record<string, unknown> | unknown[];

/** Every object or array inside `v`, with `v` itself. */
function containers(v: unknown, out: Node[] = []): Node[] {
  if (typeof v !== 'object' || v === null) return out;
  out.push(v as Node);
  for (const child of Object.values(v)) containers(child, out);
  return out;
}

function mutateOnce(r: Random, doc: Record<string, unknown>): void {
  const target = pick(r, containers(doc));
  const keys = Object.keys(target);
  const key = keys.length > 0 ? pick(r, keys) : null;
  const t = target as Record<string, unknown>;
  switch (Math.floor(r() * 6)) {
    case 0: // drop a value
      if (key !== null) {
        if (Array.isArray(target)) target.splice(Number(key), 1);
        else delete t[key];
      }
      break;
    case 1: // replace a value
      if (key !== null) t[key] = randomScalar(r);
      break;
    case 2: // the same key in another case, after the original (Go: last wins)
      if (key !== null && !Array.isArray(target)) t[randomCase(r, key)] = r() < 0.5 ? t[key] : randomScalar(r);
      break;
    case 3: // a new element or key
      if (Array.isArray(target)) target.push(r() < 0.5 && target.length > 0 ? structuredClone(target[0]) : randomScalar(r));
      else t[pick(r, ['subnet', 'rangeStart', 'rangeEnd', 'gateway', 'routes', 'ranges', 'ips', 'ipRanges', 'args', 'cni', 'runtimeConfig', 'resolvConf', 'range-start', 'mtu', 'cni.dev/valid-attachments', 'x'])] = randomScalar(r);
      break;
    case 4: // a part of the document copied elsewhere
      if (key !== null) t[key] = structuredClone(pick(r, containers(doc)));
      break;
    default: // a string slightly off
      if (key !== null && typeof t[key] === 'string') {
        const s = t[key] as string;
        const at = Math.floor(r() * (s.length + 1));
        t[key] = s.slice(0, at) + pick(r, ['', '0', ':', '.', '/', 'ff', ' ']) + s.slice(at + 1);
      }
  }
}

const fold = (k: string) => k.toLowerCase().replace(/\u017f/g, 's');

/** Every value Go could read as `ipam.dataDir` now says `dataDir`. */
function pinDataDir(doc: unknown, dataDir: string): void {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return;
  for (const [k, ipam] of Object.entries(doc)) {
    if (fold(k) !== 'ipam' || typeof ipam !== 'object' || ipam === null || Array.isArray(ipam)) continue;
    const fields = ipam as Record<string, unknown>;
    for (const f of Object.keys(fields)) if (fold(f) === 'datadir') delete fields[f];
    fields.dataDir = dataDir;
  }
}

function baseConfigs(dataDir: string, resolvConf: string): Record<string, unknown>[] {
  const ipam = (more: Record<string, unknown>) => ({ type: 'host-local', dataDir, ...more });
  return [
    { cniVersion: '1.0.0', name: 'fuzz', ipam: ipam({ subnet: '10.40.0.0/24' }) },
    { cniVersion: '1.1.0', name: 'fuzz', ipam: ipam({ ranges: [[{ subnet: '10.40.0.0/24', rangeStart: '10.40.0.5', rangeEnd: '10.40.0.50', gateway: '10.40.0.1' }], [{ subnet: 'fd40::/64' }]], routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0', gw: 'fd40::1', mtu: 1400 }] }) },
    { cniVersion: '0.4.0', name: 'fuzz', ipam: ipam({ ranges: [[{ subnet: '10.40.0.0/30' }, { subnet: '10.40.1.0/30' }]] }) },
    { cniVersion: '1.0.0', name: 'fuzz', ipam: ipam({ subnet: '10.40.0.0/24', resolvConf }), args: { cni: { ips: ['10.40.0.9'] } }, runtimeConfig: { ips: ['fd40::9/64'], ipRanges: [[{ subnet: 'fd40::/64' }]] } },
    { cniVersion: '0.2.0', name: 'fuzz', ipam: ipam({ subnet: 'fd40::/126', 'range-start': 'fd40::2' }) },
    { cniVersion: '1.1.0', name: 'fuzz', ipam: ipam({ subnet: '10.40.0.0/24' }), 'cni.dev/valid-attachments': [{ containerID: 'c1', ifname: 'eth0' }] },
  ];
}

// Mostly requests that get past the protocol checks, so that host-local itself is exercised.
const COMMANDS = ['ADD', 'ADD', 'ADD', 'ADD', 'ADD', 'ADD', 'DEL', 'DEL', 'DEL', 'CHECK', 'CHECK', 'GC', 'GC', 'STATUS', 'STATUS', 'VERSION', '', 'NOPE'];
const IDS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'x.y_z-1', '10.40.0.5'];
const BAD_IDS = ['', 'bad id', '-x', 'a'.repeat(300)];
const IFNAMES = ['eth0', 'eth1', '', 'a'.repeat(16), '.', '..', 'a/b', 'a:b', 'a b'];
const CNI_ARGS = ['', '', '', '', '', '', 'IP=10.40.0.7', 'IP=10.40.0.8', 'IgnoreUnknown=1;IP=fd40::8', 'IP=fd40::7/64', 'IP=', 'IP=x', 'IgnoreUnknown=1;K8S_POD_NAME=p', 'K=V', 'IP=1=2', ';', 'IgnoreUnknown=maybe;X=1', 'IP=10.40.0.1'];

/** One fuzzed request whose config can only ever name `dataDir` as its data directory. */
export function fuzzRequest(r: Random, dataDir: string, resolvConf: string): Request {
  const doc = structuredClone(pick(r, baseConfigs(dataDir, resolvConf)));
  const rounds = Math.floor(r() * 4);
  for (let i = 0; i < rounds; i++) mutateOnce(r, doc);
  const command = pick(r, COMMANDS);
  if (r() < 0.2) doc.cniVersion = pick(r, VERSIONS);
  else if ((command === 'GC' || command === 'STATUS') && r() < 0.8) doc.cniVersion = '1.1.0';
  pinDataDir(doc, dataDir);
  let config: unknown = doc;
  if (r() < 0.05) {
    // Raw text damage: kept only if it no longer parses (a parsable result could name another dataDir).
    const text = JSON.stringify(doc);
    const at = Math.floor(r() * text.length);
    const damaged = r() < 0.5 ? text.slice(0, at) : text.slice(0, at) + pick(r, ['"', '{', ',', '\\', '\u00ff']) + text.slice(at + 1);
    try {
      JSON.parse(damaged);
    } catch {
      config = damaged;
    }
  }
  const env: Record<string, string | undefined> = {};
  if (r() < 0.05) env.CNI_NETNS = undefined;
  if (r() < 0.05) env.CNI_PATH = undefined;
  return {
    command,
    config,
    containerId: r() < 0.95 ? pick(r, IDS) : pick(r, BAD_IDS),
    ifname: r() < 0.9 ? 'eth0' : pick(r, IFNAMES),
    cniArgs: pick(r, CNI_ARGS),
    env,
  };
}
