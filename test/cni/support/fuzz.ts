// Deterministic generators of mutated CNI invocations.

/** mulberry32: small seeded PRNG so that failures reproduce. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Invocation { env: Record<string, string>; stdin: Buffer }

const COMMANDS = ['ADD', 'DEL', 'CHECK', 'GC', 'STATUS', 'VERSION', '', 'add', 'FOO', 'ADD '];
const IDS = ['ctr1', '', '-x', 'a b', 'abc_.-', 'é', '0', 'x'.repeat(300)];
const IFNAMES = ['eth0', '', '.', '..', 'a/b', 'a:b', 'a b', 'abcdefghijklmnop', 'abcdefghijklmno', 'éééééééé'];
const NETNS = ['/var/run/netns/x', '', '/proc/self/ns/net'];
const PATHS = ['/opt/cni/bin', '', '/a:/b', ':'];
const ARGS = ['', 'IP=10.0.0.1', 'IgnoreUnknown=1;x=y', 'x=y', 'a=b=c', ';', 'IgnoreUnknown=maybe'];
const VERSIONS = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0', '', '1.2.0', 'x', '1.1.0.0', '01.0.0'];
const NAMES = ['net1', '', 'a/b', 'a b', '-n', 'ok.name_1-2'];
const JUNK = ['{', '}', '[', ']', '"', ':', ',', '\\', 'null', '1e', '-', '\u0000', 'é', '\ud800', '\n', 'true', '{"name":5}'];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function seedConfig(rand: () => number): string {
  const doc: Record<string, unknown> = { name: pick(rand, NAMES), type: 'host-local' };
  if (rand() < 0.9) doc.cniVersion = pick(rand, VERSIONS);
  if (rand() < 0.3) doc.cniVersion = Math.floor(rand() * 3);
  if (rand() < 0.2) doc.NAME = pick(rand, [...NAMES, null, 7] as unknown[]);
  if (rand() < 0.5) doc.ipam = { type: 'host-local', ranges: [[{ subnet: '10.0.0.0/24' }]] };
  if (rand() < 0.1) return JSON.stringify([doc]);
  return JSON.stringify(doc);
}

function mutate(rand: () => number, text: string): string {
  let s = text;
  const edits = Math.floor(rand() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (s.length + 1));
    const op = rand();
    if (op < 0.4) s = s.slice(0, at) + pick(rand, JUNK) + s.slice(at);
    else if (op < 0.7) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 5));
    else s = s.slice(0, at);
  }
  return s;
}

export function randomInvocation(rand: () => number): Invocation {
  const env: Record<string, string> = {};
  const maybe = (name: string, values: string[], p = 0.85) => { if (rand() < p) env[name] = pick(rand, values); };
  maybe('CNI_COMMAND', COMMANDS, 0.97);
  maybe('CNI_CONTAINERID', IDS);
  maybe('CNI_NETNS', NETNS);
  maybe('CNI_IFNAME', IFNAMES);
  maybe('CNI_PATH', PATHS);
  maybe('CNI_ARGS', ARGS, 0.4);
  maybe('CNI_NETNS_OVERRIDE', ['1', 'true', '0'], 0.2);
  return { env, stdin: Buffer.from(mutate(rand, seedConfig(rand))) };
}
