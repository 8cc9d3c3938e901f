// Runs the language-neutral vectors of test/vectors/ through the TypeScript API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  addOffset, distance, nextIP, parseCIDR, parseIP, Pool, prevIP, type IP,
} from '../../src/core/index.js';

function load<T>(name: string): { cases: T[] } {
  return JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), 'utf8'));
}

function ip(text: string): IP {
  const parsed = parseIP(text);
  assert.ok(parsed, `vector address ${text} must parse`);
  return parsed;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const show = (v: IP | null) => (v === null ? null : v.toString());

interface AddressCase { in: string; valid: boolean; family?: number; hex?: string; text?: string }

test('addresses.json: parse and format agree with Go net.ParseIP / IP.String', () => {
  const cases = load<AddressCase>('addresses.json').cases;
  assert.ok(cases.length > 100);
  for (const c of cases) {
    const parsed = parseIP(c.in);
    assert.equal(parsed !== null, c.valid, `valid(${JSON.stringify(c.in)})`);
    if (!parsed) continue;
    assert.equal(hex(parsed.bytes), c.hex, `bytes of ${c.in}`);
    assert.equal(parsed.family, c.family, `family of ${c.in}`);
    assert.equal(parsed.toString(), c.text, `text of ${c.in}`);
  }
});

test('addresses-fuzz.json: near-miss texts parse and format exactly as in Go', () => {
  const cases = load<{ in: string; text: string | null }>('addresses-fuzz.json').cases;
  for (const c of cases) assert.equal(show(parseIP(c.in)), c.text, JSON.stringify(c.in));
});

interface CidrCase {
  in: string; valid: boolean; hex?: string; prefix?: number; bits?: number; string?: string;
  network?: string; last?: string; usable?: [string, string]; probes?: { ip: string; contains: boolean }[];
}

test('cidrs.json: parse, bounds, usable range and containment agree with Go', () => {
  const cases = load<CidrCase>('cidrs.json').cases;
  for (const c of cases) {
    const block = parseCIDR(c.in);
    assert.equal(block !== null, c.valid, `valid(${JSON.stringify(c.in)})`);
    if (!block) continue;
    assert.equal(hex(block.ip.bytes), c.hex, `ip of ${c.in}`);
    assert.equal(block.prefix, c.prefix, `prefix of ${c.in}`);
    assert.equal(block.maskBits, c.bits, `bits of ${c.in}`);
    assert.equal(block.toString(), c.string, `string of ${c.in}`);
    assert.equal(block.network().toString(), c.network, `network of ${c.in}`);
    assert.equal(block.last().toString(), c.last, `last of ${c.in}`);
    const usable = block.usableRange();
    assert.deepEqual(usable && [usable.start.toString(), usable.end.toString()], c.usable ?? null, `usable of ${c.in}`);
    for (const p of c.probes ?? []) {
      assert.equal(block.contains(ip(p.ip)), p.contains, `${c.in} contains ${p.ip}`);
    }
  }
});

test('overlaps.json: every pair of blocks overlaps exactly as Go networks contain each other', () => {
  const cases = load<{ a: string; b: string; overlaps: boolean }>('overlaps.json').cases;
  for (const c of cases) assert.equal(parseCIDR(c.a)!.overlaps(parseCIDR(c.b)!), c.overlaps, `${c.a} overlaps ${c.b}`);
});

interface ArithCase { op: string; a: string; b?: string; n?: string; expect: string | number | null }

test('arith.json: next, prev, add, distance and compare', () => {
  for (const c of load<ArithCase>('arith.json').cases) {
    const a = ip(c.a);
    const label = `${c.op} ${JSON.stringify(c)}`;
    switch (c.op) {
      case 'next': assert.equal(show(nextIP(a)), c.expect, label); break;
      case 'prev': assert.equal(show(prevIP(a)), c.expect, label); break;
      case 'add': assert.equal(show(addOffset(a, BigInt(c.n!))), c.expect, label); break;
      case 'distance':
        if (c.expect === null) assert.throws(() => distance(a, ip(c.b!)), /mixed address families/, label);
        else assert.equal(distance(a, ip(c.b!)), BigInt(c.expect), label);
        break;
      case 'compare': assert.equal(a.compare(ip(c.b!)), c.expect, label); break;
      default: assert.fail(`unknown op ${c.op}`);
    }
  }
});

interface PoolStep { op: string; after?: string | null; ip?: string; expect: unknown }
interface PoolCase { name: string; ranges: { start: string; end: string; skip?: string }[]; taken?: string[]; steps: PoolStep[] }

function runStep(pool: Pool, step: PoolStep): unknown {
  const after = step.after ? ip(step.after) : null;
  switch (step.op) {
    case 'next_free': return show(pool.nextFree(after));
    case 'take_next': return show(pool.takeNext(after));
    case 'sequence': {
      const seen: (string | null)[] = [];
      let cursor = after;
      for (let guard = 0; guard < 1000; guard++) {
        const got = pool.takeNext(cursor);
        seen.push(show(got));
        if (!got) break;
        cursor = got;
      }
      return seen;
    }
    case 'mark': return pool.mark(ip(step.ip!));
    case 'release': return pool.release(ip(step.ip!));
    case 'is_taken': return pool.isTaken(ip(step.ip!));
    case 'taken_count': return pool.takenCount().toString();
    case 'size': return pool.size().toString();
    default: throw new Error(`unknown op ${step.op}`);
  }
}

for (const c of load<PoolCase>('pools.json').cases) {
  test(`pools.json: ${c.name}`, () => {
    const pool = new Pool(c.ranges.map((r) => ({ start: ip(r.start), end: ip(r.end), skip: r.skip ? ip(r.skip) : null })));
    try {
      if (c.taken) {
        const packed = new Uint8Array(c.taken.length * 16);
        c.taken.forEach((t, i) => packed.set(ip(t).bytes, i * 16));
        assert.equal(pool.markPacked(packed), c.taken.length);
      }
      for (const step of c.steps) assert.deepEqual(runStep(pool, step), step.expect, `${step.op} ${JSON.stringify(step)}`);
    } finally {
      pool.dispose();
    }
  });
}
