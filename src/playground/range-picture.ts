// What one range set looks like after some ADDs and DELs: per subnet, runs of addresses that are
// free, taken or reserved, and where host-local's round robin stands. Runs keep a /64 cheap: their
// number grows with the reservations, never with the size of the subnet.
import { addOffset, distance, parseIP, type CIDR, type IP } from '../core/index.js';
import { newPool } from '../ipam/allocate.js';
import type { StoreTx } from '../store/index.js';
import { rangeFor, type Range, type RangeSet } from '../ipam/range.js';

export type State = 'free' | 'taken' | 'gateway' | 'network' | 'broadcast' | 'outside';

export interface Run {
  from: bigint; // offset from the subnet's network address
  count: bigint;
  state: State;
}

export interface SubnetPicture {
  subnet: CIDR;
  network: IP;
  size: bigint;
  ranges: Range[]; // the set's ranges inside this subnet
  runs: Run[];
  taken: bigint;
  free: bigint;
  last: bigint | null; // offset of last_reserved_ip when it lies here
  next: bigint | null; // offset of the address the next ADD would get
}

export interface RangeSetPicture {
  index: number;
  subnets: SubnetPicture[];
  last: IP | null;
  next: IP | null; // null: the set is full
}

const offsetIn = (network: IP, ip: IP) => distance(network, ip);

function stateAt(offset: bigint, pic: Omit<SubnetPicture, 'runs' | 'taken' | 'free'>, taken: Set<bigint>, gateways: Set<bigint>, inRange: (o: bigint) => boolean): State {
  if (taken.has(offset)) return 'taken';
  if (gateways.has(offset)) return 'gateway';
  if (inRange(offset)) return 'free';
  if (offset === 0n) return 'network';
  if (pic.subnet.ip.family === 4 && offset === pic.size - 1n) return 'broadcast';
  return 'outside';
}

function subnetPicture(subnet: CIDR, ranges: Range[], takenIPs: IP[], last: IP | null, next: IP | null): SubnetPicture {
  const network = subnet.network();
  const size = subnet.size();
  const bounds = ranges.map((r) => [offsetIn(network, r.start), offsetIn(network, r.end)] as const);
  const inRange = (o: bigint) => bounds.some(([a, b]) => o >= a && o <= b);
  const taken = new Set(takenIPs.filter((ip) => subnet.contains(ip)).map((ip) => offsetIn(network, ip)));
  const gateways = new Set(ranges.filter((r) => subnet.contains(r.gateway)).map((r) => offsetIn(network, r.gateway)));
  const here = (ip: IP | null) => (ip && subnet.contains(ip) ? offsetIn(network, ip) : null);
  const base = { subnet, network, size, ranges, last: here(last), next: here(next) };

  // Every address between two breakpoints has the same state as the first one.
  const cuts = new Set<bigint>([0n, size]);
  for (const [a, b] of bounds) cuts.add(a).add(b + 1n);
  for (const o of [...taken, ...gateways, 0n, size - 1n]) cuts.add(o).add(o + 1n);
  const sorted = [...cuts].filter((c) => c >= 0n && c <= size).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const runs: Run[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const state = stateAt(sorted[i], base, taken, gateways, inRange);
    const count = sorted[i + 1] - sorted[i];
    const prev = runs[runs.length - 1];
    if (prev && prev.state === state) prev.count += count;
    else runs.push({ from: sorted[i], count, state });
  }
  const total = (s: State) => runs.filter((r) => r.state === s).reduce((n, r) => n + r.count, 0n);
  return { ...base, runs, taken: total('taken'), free: total('free') };
}

/** The picture of range set `index` given the reservations in `store`. */
export function pictureOf(set: RangeSet, index: number, store: StoreTx): RangeSetPicture {
  const packed = store.packedAddresses();
  const pool = newPool(set);
  let next: IP | null;
  const lastText = store.lastReserved(index);
  const lastIP = lastText === null ? null : parseIP(lastText);
  const last = lastIP && rangeFor(set, lastIP) ? lastIP : null;
  try {
    pool.markPacked(packed);
    next = pool.nextFree(lastIP); // the allocator's own question, asked of the same core
  } finally {
    pool.dispose();
  }
  const takenIPs = store.reservations().flatMap((r) => parseIP(r.ip) ?? []);
  const bySubnet = new Map<string, Range[]>();
  for (const r of set) bySubnet.set(r.subnet.toString(), [...(bySubnet.get(r.subnet.toString()) ?? []), r]);
  const subnets = [...bySubnet.values()].map((ranges) => subnetPicture(ranges[0].subnet, ranges, takenIPs, last, next));
  return { index, subnets, last, next };
}

/** The address at `offset` of the subnet. */
export function addressAt(pic: SubnetPicture, offset: bigint): IP | null {
  return addOffset(pic.network, offset);
}
