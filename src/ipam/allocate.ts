// Which address each range set hands out, decided inside one store transaction with the
// reference's policy and messages (reference-plugins.md 1.4, 1.5): a requested IP if one falls in
// the set, otherwise round robin from last_reserved_ip.N, skipping the gateway.
//
// Unlike the reference, nothing is written until every set has its address, so a failed ADD
// leaves the directory exactly as it was (the reference writes, then releases, and keeps the
// moved last_reserved_ip).
import { Pool, parseIP, type IP } from '../core/index.js';
import type { StoreTx } from '../store/index.js';
import { rangeFor, rangeSetString, type Range, type RangeSet } from './range.js';

export interface Allocation {
  rangeSet: number;
  ip: IP;
  range: Range;
}

/** What planning reads; an empty view stands for a network directory that does not exist yet. */
export type StoreView = Pick<StoreTx, 'has' | 'findByOwner' | 'packedAddresses' | 'lastReserved'>;

export const EMPTY_VIEW: StoreView = {
  has: () => false,
  findByOwner: () => [],
  packedAddresses: () => new Uint8Array(0),
  lastReserved: () => null,
};

export interface Owner {
  containerId: string;
  ifname: string;
}

function requestedIn(set: RangeSet, wanted: IP[]): { ip: IP; range: Range } | null {
  for (let i = 0; i < wanted.length; i++) {
    const range = rangeFor(set, wanted[i]);
    if (range) return { ip: wanted.splice(i, 1)[0], range };
  }
  return null;
}

function takeRequested(tx: StoreView, set: RangeSet, ip: IP, range: Range): IP {
  if (ip.equals(range.gateway)) throw new Error(`requested ip ${ip} is subnet's gateway`);
  if (tx.has(ip.toString())) {
    throw new Error(`requested IP address ${ip} is not available in range set ${rangeSetString(set)}`);
  }
  return ip;
}

// The reference lists the owner's files in directory-walk order (by name) and reports the first
// one inside this set.
function rejectDuplicate(tx: StoreView, set: RangeSet, owner: Owner): void {
  const names = tx.findByOwner(owner.containerId, owner.ifname).sort();
  for (const name of names) {
    const ip = parseIP(name);
    if (ip && rangeFor(set, ip)) {
      throw new Error(`${ip} has been allocated to ${owner.containerId}, duplicate allocation is not allowed`);
    }
  }
}

export function newPool(set: RangeSet): Pool {
  return new Pool(set.map((r) => ({ start: r.start, end: r.end, skip: r.gateway })));
}

// Round robin nearly always lands on a free address within a few steps: ask the directory about
// those first (the reference's own test, a file of that name), and load every reservation into
// the pool only when they are all taken.
const PROBED_CANDIDATES = 8;

function nextFree(tx: StoreView, set: RangeSet, index: number): IP {
  const pool = newPool(set);
  try {
    const last = tx.lastReserved(index);
    const start = last === null ? null : parseIP(last);
    let candidate = start;
    for (let i = 0; i < PROBED_CANDIDATES; i++) {
      candidate = pool.nextFree(candidate);   // nothing marked yet: the next one in round-robin order
      if (!candidate) break;
      if (!tx.has(candidate.toString())) return candidate;
    }
    pool.markPacked(tx.packedAddresses());
    const ip = pool.nextFree(start);
    if (!ip) throw new Error(`no IP addresses available in range set: ${rangeSetString(set)}`);
    return ip;
  } finally {
    pool.dispose();
  }
}

/** One address per range set, or the reference's error for the first set that has none. */
export function planAllocations(tx: StoreView, sets: RangeSet[], requested: IP[], owner: Owner): Allocation[] {
  const wanted = [...requested];
  const plan = sets.map((set, index) => {
    try {
      const asked = requestedIn(set, wanted);
      if (asked) return { rangeSet: index, ip: takeRequested(tx, set, asked.ip, asked.range), range: asked.range };
      rejectDuplicate(tx, set, owner);
      const ip = nextFree(tx, set, index);
      return { rangeSet: index, ip, range: rangeFor(set, ip) as Range };
    } catch (err) {
      throw new Error(`failed to allocate for range ${index}: ${(err as Error).message}`);
    }
  });
  if (wanted.length > 0) throw new Error(`failed to allocate all requested IPs: ${wanted.join(' ')}`);
  return plan;
}

/** Writes the planned reservations; if one was taken meanwhile, undoes the others and says so. */
export function commitAllocations(tx: StoreTx, plan: Allocation[], owner: Owner): boolean {
  const done: Allocation[] = [];
  for (const a of plan) {
    if (!tx.reserve(a.ip.toString(), owner.containerId, owner.ifname, a.rangeSet)) {
      for (const d of done) tx.release(d.ip.toString());
      return false;
    }
    done.push(a);
  }
  return true;
}
