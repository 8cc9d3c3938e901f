// Ranges and range sets: defaults, validation and membership with the reference's exact rules
// and messages (reference-plugins.md 1.3). An error thrown here is a plain Error whose message
// the caller prefixes ("invalid range set N: ...").
import type { CIDR, IP } from '../core/index.js';

/** A range as written in the config, after its strings were parsed. */
export interface RangeInput {
  subnet: CIDR | null; // null: the key was absent
  rangeStart: IP | null;
  rangeEnd: IP | null;
  gateway: IP | null;
}

/** A canonical range: every field filled in. */
export interface Range {
  subnet: CIDR;
  start: IP;
  end: IP;
  gateway: IP;
}

export type RangeSet = Range[];

// Go's net.IP of the subnet has the family of its address, not of the mask: ::ffff:a.b.c.d/n
// is an IPv4 address under an IPv6 mask, which the reference rejects as a version mismatch.
function maskFamily(subnet: CIDR): 4 | 6 {
  return subnet.maskBits === 32 ? 4 : 6;
}

/** Range.Contains with a partially built range: start/end may still be missing. */
function inRange(subnet: CIDR, start: IP | null, end: IP | null, ip: IP): boolean {
  if (ip.family !== subnet.ip.family || !subnet.contains(ip)) return false;
  // Go's ip.Cmp answers -2 across families, which counts as "before the start" but never as
  // "after the end".
  if (start && (start.family !== ip.family || ip.compare(start) < 0)) return false;
  if (end && end.family === ip.family && ip.compare(end) > 0) return false;
  return true;
}

export function canonicalizeRange(r: RangeInput): Range {
  const subnet = r.subnet;
  if (!subnet) throw new Error('IP <nil> not v4 nor v6');
  if (subnet.prefix > subnet.maskBits - 2) throw new Error(`Network ${subnet} too small to allocate from`);
  if (subnet.ip.family !== maskFamily(subnet)) throw new Error('IPNet IP and Mask version mismatch');
  if (subnet.hasHostBits()) {
    throw new Error(
      `Network has host bits set. For a subnet mask of length ${subnet.prefix} the network address is ${subnet.network()}`,
    );
  }
  // Defaults: network+1 .. the last address, minus the broadcast for IPv4.
  const usable = subnet.usableRange() as { start: IP; end: IP };
  const gateway = r.gateway ?? usable.start;
  let start = usable.start;
  if (r.rangeStart) {
    start = r.rangeStart;
    if (!inRange(subnet, start, r.rangeEnd, start)) throw new Error(`RangeStart ${start} not in network ${subnet}`);
  }
  let end = usable.end;
  if (r.rangeEnd) {
    end = r.rangeEnd;
    if (!inRange(subnet, start, end, end)) throw new Error(`RangeEnd ${end} not in network ${subnet}`);
  }
  return { subnet, start, end, gateway };
}

export function rangeContains(r: Range, ip: IP): boolean {
  return inRange(r.subnet, r.start, r.end, ip);
}

export function rangeString(r: Range): string {
  return `${r.start}-${r.end}`;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  if (a.start.family !== b.start.family) return false;
  return rangeContains(a, b.start) || rangeContains(a, b.end) || rangeContains(b, a.start) || rangeContains(b, a.end);
}

export function canonicalizeRangeSet(inputs: RangeInput[]): RangeSet {
  if (inputs.length === 0) throw new Error('empty range set');
  const set: RangeSet = [];
  for (const input of inputs) {
    const r = canonicalizeRange(input);
    if (set.length > 0 && r.start.family !== set[0].start.family) throw new Error('mixed address families');
    set.push(r);
  }
  for (let i = 0; i < set.length; i++) {
    for (let j = i + 1; j < set.length; j++) {
      if (rangesOverlap(set[i], set[j])) {
        throw new Error(`subnets ${rangeString(set[i])} and ${rangeString(set[j])} overlap`);
      }
    }
  }
  return set;
}

export function rangeSetFamily(set: RangeSet): 4 | 6 {
  return set[0].start.family;
}

export function rangeSetString(set: RangeSet): string {
  return set.map(rangeString).join(',');
}

/** The first range of the set holding `ip` (RangeSet.RangeFor), or null. */
export function rangeFor(set: RangeSet, ip: IP): Range | null {
  return set.find((r) => rangeContains(r, ip)) ?? null;
}

export function rangeSetsOverlap(a: RangeSet, b: RangeSet): boolean {
  return a.some((ra) => b.some((rb) => rangesOverlap(ra, rb)));
}
