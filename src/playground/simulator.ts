// A session of ADD and DEL calls replayed on the current config: replaying (rather than keeping a
// live store) lets an edited config, or a shared link, show exactly what these calls would give.
import { loadConfig } from '../ipam/load.js';
import type { RangeSet } from '../ipam/range.js';
import { invoke, type Invocation, type Outcome } from './host-local-sim.js';
import { MemoryStore } from './memory-store.js';
import { pictureOf, type RangeSetPicture } from './range-picture.js';

export interface Step {
  call: Invocation;
  outcome: Outcome;
}

export interface Simulation {
  store: MemoryStore;
  steps: Step[];
  pictures: RangeSetPicture[]; // empty when the config has no usable ranges
}

function rangeSets(stdin: string): RangeSet[] {
  try {
    return loadConfig(JSON.parse(stdin), '').rangeSets;
  } catch {
    return [];
  }
}

export async function simulate(stdin: string, calls: Invocation[]): Promise<Simulation> {
  const store = new MemoryStore();
  const steps: Step[] = [];
  for (const call of calls) steps.push({ call, outcome: await invoke(store, stdin, call) });
  const pictures = rangeSets(stdin).map((set, i) => pictureOf(set, i, store));
  return { store, steps, pictures };
}
