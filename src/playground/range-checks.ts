// Every range problem of a host-local config, each at its field. The plugin stops at the first
// one; here each range and set goes through the plugin's own canonicalisation (src/ipam/range.ts),
// so the messages are the plugin's, worded as the plugin would print them for that set.
// Also advice: things host-local accepts that are probably not what was meant.
import { nextIP } from '../core/index.js';
import { isObject } from '../cni/fields.js';
import { decodeNetConf } from '../ipam/decode.js';
import { canonicalizeRange, canonicalizeRangeSet, rangesOverlap, rangeSetsOverlap, type Range, type RangeInput, type RangeSet } from '../ipam/range.js';
import type { Steps } from './targets.js';

export interface Finding {
  steps: Steps; // relative to the plugin config
  severity: 'error' | 'warning';
  message: string;
  hint?: string; // our explanation, when the plugin's words mislead
}

interface SetSource {
  steps: Steps;
  rangeSteps: (j: number) => Steps;
  inputs: RangeInput[];
}

/** The range sets in host-local's assembly order (runtime ipRanges, legacy subnet, ranges). */
function setSources(config: unknown): SetSource[] | null {
  let net;
  try {
    net = decodeNetConf(isObject(config) ? config : {});
  } catch {
    return null; // a malformed address: the plugin's verdict names it
  }
  const sets: SetSource[] = net.runtimeRanges.map((inputs, k) => ({
    steps: ['runtimeConfig', 'ipRanges', k],
    rangeSteps: (j: number) => ['runtimeConfig', 'ipRanges', k, j],
    inputs,
  }));
  if (net.ipam?.legacy) sets.push({ steps: ['ipam'], rangeSteps: () => ['ipam'], inputs: [net.ipam.legacy] });
  for (const [k, inputs] of (net.ipam?.ranges ?? []).entries()) {
    sets.push({ steps: ['ipam', 'ranges', k], rangeSteps: (j) => ['ipam', 'ranges', k, j], inputs });
  }
  return sets;
}

// canonicalizeRange's messages start with the field they are about.
function fieldOf(message: string): string {
  if (message.startsWith('RangeStart')) return 'rangeStart';
  if (message.startsWith('RangeEnd')) return 'rangeEnd';
  return 'subnet';
}

// The reference says "RangeStart X not in network N" also when X is in N but after rangeEnd.
function startAfterEnd(input: RangeInput, message: string): string | null {
  const { subnet, rangeStart, rangeEnd } = input;
  if (!message.startsWith('RangeStart') || !subnet || !rangeStart || !rangeEnd) return null;
  if (!subnet.contains(rangeStart) || rangeStart.compare(rangeEnd) <= 0) return null;
  return `rangeStart ${rangeStart} is inside ${subnet} but after rangeEnd ${rangeEnd}`;
}

function advice(r: Range, input: RangeInput, at: Steps): Finding[] {
  const out: Finding[] = [];
  const { subnet } = r;
  if (input.gateway && !subnet.contains(r.gateway)) {
    out.push({ steps: [...at, 'gateway'], severity: 'warning', message: `gateway ${r.gateway} is outside ${subnet}: host-local does not check this, so containers get a gateway they cannot reach and ${nextIP(subnet.network())} becomes allocatable` });
  }
  if (input.rangeStart && r.start.equals(subnet.network())) {
    out.push({ steps: [...at, 'rangeStart'], severity: 'warning', message: `rangeStart ${r.start} is the network address of ${subnet}: host-local will hand it out` });
  }
  if (input.rangeEnd && subnet.ip.family === 4 && r.end.equals(subnet.last())) {
    out.push({ steps: [...at, 'rangeEnd'], severity: 'warning', message: `rangeEnd ${r.end} is the broadcast address of ${subnet}: host-local will hand it out` });
  }
  return out;
}

function checkSet(i: number, src: SetSource, out: Finding[]): RangeSet | null {
  const ranges: Range[] = [];
  src.inputs.forEach((input, j) => {
    try {
      const r = canonicalizeRange(input);
      ranges.push(r);
      out.push(...advice(r, input, src.rangeSteps(j)));
    } catch (err) {
      const message = (err as Error).message;
      const finding: Finding = { steps: [...src.rangeSteps(j), fieldOf(message)], severity: 'error', message: `invalid range set ${i}: ${message}` };
      const hint = startAfterEnd(input, message);
      if (hint) finding.hint = hint;
      out.push(finding);
    }
  });
  if (ranges.length !== src.inputs.length) return null;
  try {
    return canonicalizeRangeSet(src.inputs);
  } catch (err) {
    const message = `invalid range set ${i}: ${(err as Error).message}`;
    out.push({ steps: culprit(ranges, src), severity: 'error', message });
    return null;
  }
}

// The range a set-level failure is about: the first of another family, or the later of two that overlap.
function culprit(ranges: Range[], src: SetSource): Steps {
  if (ranges.length === 0) return src.steps;
  const otherFamily = ranges.findIndex((r) => r.start.family !== ranges[0].start.family);
  if (otherFamily >= 0) return [...src.rangeSteps(otherFamily), 'subnet'];
  for (let b = 1; b < ranges.length; b++) {
    for (let a = 0; a < b; a++) if (rangesOverlap(ranges[a], ranges[b])) return [...src.rangeSteps(b), 'subnet'];
  }
  return src.steps;
}

export function rangeFindings(config: unknown): Finding[] {
  const sources = setSources(config);
  if (!sources) return [];
  const out: Finding[] = [];
  const sets = sources.map((src, i) => checkSet(i, src, out));
  for (let j = 0; j < sets.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = sets[i];
      const b = sets[j];
      if (a && b && rangeSetsOverlap(a, b)) out.push({ steps: sources[j].steps, severity: 'error', message: `range set ${i} overlaps with ${j}` });
    }
  }
  return out;
}

/** Where the plugin config keeps range set `i` (for messages that name a set). */
export function rangeSetSteps(config: unknown, i: number): Steps | null {
  return setSources(config)?.[i]?.steps ?? null;
}
