// Pool behaviour: construction errors, marking, and host-local round robin checked against a
// naive model over random operations (dense and sparse bitmaps, several ranges).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreError, IP, Pool, Status, parseIP, type PoolRange } from '../../src/core/index.js';
import { Random } from './helpers/prng.js';

const ip = (s: string) => parseIP(s)!;
const range = (start: string, end: string, skip?: string): PoolRange => ({ start: ip(start), end: ip(end), skip: skip ? ip(skip) : null });

function withPool<T>(ranges: PoolRange[], fn: (p: Pool) => T): T {
  const pool = new Pool(ranges);
  try {
    return fn(pool);
  } finally {
    pool.dispose();
  }
}

function rejects(ranges: PoolRange[], code: number): void {
  assert.throws(() => new Pool(ranges), (e: unknown) => e instanceof CoreError && e.code === code);
}

test('construction rejects empty, reversed, mixed-family and overlapping ranges', () => {
  rejects([], Status.BAD_RANGE);
  rejects([range('10.0.0.9', '10.0.0.1')], Status.BAD_RANGE);
  rejects([range('10.0.0.1', '::1')], Status.BAD_RANGE);
  rejects([range('10.0.0.1', '10.0.0.9'), range('2001:db8::1', '2001:db8::9')], Status.FAMILY);
  rejects([range('10.0.0.1', '10.0.0.9'), range('10.0.0.9', '10.0.0.20')], Status.OVERLAP);
  rejects([range('10.0.1.0', '10.0.1.9'), range('10.0.0.0', '10.0.3.0')], Status.OVERLAP);
  withPool([range('10.0.0.10', '10.0.0.20'), range('10.0.0.1', '10.0.0.9')], (p) => assert.equal(p.size(), 20n));
});

test('a pool takes up to 4096 ranges in any order', () => {
  const single = (k: number): PoolRange => ({ start: IP.fromBigInt(V4 | BigInt(k * 4)), end: IP.fromBigInt(V4 | BigInt(k * 4 + 2)) });
  const ranges = Array.from({ length: 4096 }, (_, i) => single(4095 - i));
  withPool(ranges, (p) => {
    assert.equal(p.size(), 3n * 4096n);
    assert.equal(p.nextFree(IP.fromBigInt(V4 | 2n))?.toBigInt(), V4 | 16380n, 'after the end of the last-listed range comes ranges[0]');
    assert.equal(p.contains(IP.fromBigInt(V4 | 3n)), false);
  });
  rejects([...ranges, single(5000)], Status.TOO_MANY);
});

test('mark, release and isTaken ignore addresses outside the ranges or of the other family', () => {
  withPool([range('10.0.0.1', '10.0.0.6', '10.0.0.1'), range('10.0.1.1', '10.0.1.6')], (p) => {
    assert.equal(p.mark(ip('10.0.0.7')), false);
    assert.equal(p.mark(ip('::a00:1')), false);
    assert.equal(p.contains(ip('10.0.1.6')), true);
    assert.equal(p.contains(ip('10.0.1.7')), false);
    assert.equal(p.contains(ip('::ffff:10.0.1.1')), true);
    assert.equal(p.release(ip('10.0.0.7')), false);
    assert.equal(p.isTaken(ip('10.0.0.7')), false);
    assert.equal(p.mark(ip('10.0.1.1')), true);
    assert.equal(p.takenCount(), 1n);
    assert.equal(p.size(), 12n);
  });
});

test('markPacked marks many addresses across chunks, counting only new ones inside the pool', () => {
  withPool([range('10.0.0.0', '10.0.255.255')], (p) => {
    const n = 10_000;
    const packed = new Uint8Array((n + 2) * 16);
    for (let i = 0; i < n; i++) packed.set(IP.fromBigInt((0xffffn << 32n) | (0x0a000000n + BigInt(i * 3))).bytes, i * 16);
    packed.set(ip('192.168.0.1').bytes, n * 16);
    packed.set(ip('10.0.0.3').bytes, (n + 1) * 16); // duplicate of entry 1
    assert.equal(p.markPacked(packed), n);
    assert.equal(p.takenCount(), BigInt(n));
    assert.equal(p.isTaken(ip('10.0.117.45')), true); // 29997 = 117*256 + 45 = 3 * 9999
    assert.equal(p.isTaken(ip('10.0.117.46')), false);
    assert.equal(p.markPacked(packed), 0);
    assert.throws(() => p.markPacked(new Uint8Array(15)), RangeError);
  });
});

test('filling 300000 addresses exhausts the pool, and a single free address is then found from anywhere', () => {
  withPool([range('10.0.0.0', '10.4.147.223', '10.2.0.0')], (p) => { // 300000 addresses
    let after: IP | null = null;
    let count = 0;
    for (let got = p.takeNext(after); got; got = p.takeNext(after)) {
      count++;
      after = got;
    }
    assert.equal(count, 300_000 - 1);
    assert.equal(p.nextFree(null), null);
    const hole = ip('10.3.33.77');
    assert.equal(p.release(hole), true);
    assert.equal(p.nextFree(null)?.toString(), hole.toString());
    assert.equal(p.nextFree(hole)?.toString(), hole.toString());
    assert.equal(p.nextFree(ip('10.4.147.223'))?.toString(), hole.toString());
  });
});

/** The contract's round robin, by brute force over a model of taken addresses. */
function modelNextFree(ranges: { start: bigint; end: bigint; skip: bigint | null }[], taken: Set<bigint>, after: bigint | null): bigint | null {
  const firstIn = (r: (typeof ranges)[number], from: bigint, to: bigint): bigint | null => {
    for (let c = from; c <= to; c++) if (c !== r.skip && !taken.has(c)) return c;
    return null;
  };
  const index = after === null ? -1 : ranges.findIndex((r) => after >= r.start && after <= r.end);
  const order = index < 0 ? ranges.map((_, k) => k) : ranges.map((_, k) => (index + k) % ranges.length);
  for (const [pos, k] of order.entries()) {
    const r = ranges[k];
    const from = pos === 0 && index >= 0 ? after! + 1n : r.start;
    const found = firstIn(r, from, r.end);
    if (found !== null) return found;
  }
  return index < 0 ? null : firstIn(ranges[index], ranges[index].start, after!);
}

function modelRun(seed: number, spec: { start: bigint; end: bigint; skip: bigint | null }[], hotspots: bigint[]): void {
  const rnd = new Random(seed);
  const pool = new Pool(spec.map((r) => ({ start: IP.fromBigInt(r.start), end: IP.fromBigInt(r.end), skip: r.skip === null ? null : IP.fromBigInt(r.skip) })));
  const taken = new Set<bigint>();
  const inPool = (v: bigint) => spec.some((r) => v >= r.start && v <= r.end);
  const candidate = (): bigint => {
    const base = rnd.pick(hotspots);
    return base + BigInt(rnd.int(20_000)) - 10_000n;
  };
  try {
    for (let step = 0; step < 4000; step++) {
      const op = rnd.int(10);
      if (op < 3) {
        // a run of consecutive marks, so summary words fill up
        const start = candidate();
        const packed: IP[] = [];
        for (let k = 0n; k < BigInt(rnd.int(5000)); k++) packed.push(IP.fromBigInt(start + k));
        const bytes = new Uint8Array(packed.length * 16);
        packed.forEach((a, i) => bytes.set(a.bytes, i * 16));
        let fresh = 0;
        for (const a of packed) {
          const v = a.toBigInt();
          if (inPool(v) && !taken.has(v)) {
            taken.add(v);
            fresh++;
          }
        }
        assert.equal(pool.markPacked(bytes), fresh, `seed ${seed} step ${step} markPacked`);
      } else if (op < 6) {
        const v = rnd.chance(0.7) && taken.size > 0 ? [...taken][rnd.int(Math.min(taken.size, 50))] : candidate();
        assert.equal(pool.release(IP.fromBigInt(v)), taken.delete(v), `seed ${seed} step ${step} release`);
      } else {
        const after = rnd.chance(0.1) ? null : candidate();
        const expected = modelNextFree(spec, taken, after);
        const got = pool.nextFree(after === null ? null : IP.fromBigInt(after));
        assert.equal(got?.toBigInt() ?? null, expected, `seed ${seed} step ${step} nextFree(${after === null ? null : IP.fromBigInt(after)})`);
      }
      if (step % 500 === 0) assert.equal(pool.takenCount(), BigInt(taken.size));
    }
  } finally {
    pool.dispose();
  }
}

const V4 = 0xffffn << 32n;

test('dense ranges follow the round-robin model over random operations (seed 21)', () => {
  const spec = [
    { start: V4 | 0x0a000000n, end: V4 | 0x0a00ffffn, skip: V4 | 0x0a000001n },
    { start: V4 | 0x0b000000n, end: V4 | 0x0b0007ffn, skip: null },
    { start: V4 | 0x09000000n, end: V4 | 0x09000fffn, skip: V4 | 0x09000fffn },
  ];
  modelRun(21, spec, [spec[0].start, spec[0].end, spec[0].start + 4096n * 7n, spec[1].start, spec[2].end]);
});

test('sparse ranges (IPv6 /64 and larger) follow the same model (seed 22)', () => {
  const base = 0x20010db8000000000000000000000000n;
  const spec = [
    { start: base + 1n, end: base + 0xffffffffffffffffn, skip: base + 1n },
    { start: base + (1n << 64n), end: base + (1n << 80n) - 1n, skip: base + (1n << 64n) + 262_144n },
    { start: 0xfd00n << 112n, end: (0xfd00n << 112n) + 100n, skip: null },
  ];
  modelRun(22, spec, [spec[0].start, spec[0].end, base + 262_144n * 3n, spec[1].start + 262_144n, spec[1].end, spec[2].start]);
});

test('the dense/sparse boundary at 2^25 addresses behaves the same on both sides', () => {
  for (const size of [1n << 25n, (1n << 25n) + 1n]) {
    const start = V4 | 0x20000000n;
    const end = start + size - 1n;
    withPool([{ start: IP.fromBigInt(start), end: IP.fromBigInt(end), skip: IP.fromBigInt(end - 1n) }], (p) => {
      assert.equal(p.size(), size);
      for (let v = end - 70n; v <= end; v++) p.mark(IP.fromBigInt(v));
      assert.equal(p.nextFree(IP.fromBigInt(end - 100n))?.toBigInt(), end - 99n);
      assert.equal(p.nextFree(IP.fromBigInt(end - 71n))?.toBigInt(), start, 'wraps to the start');
      p.release(IP.fromBigInt(end - 1n)); // the skip address stays unavailable
      assert.equal(p.nextFree(IP.fromBigInt(end - 71n))?.toBigInt(), start);
      p.release(IP.fromBigInt(end));
      assert.equal(p.nextFree(IP.fromBigInt(end - 71n))?.toBigInt(), end);
    });
  }
});

test('dispose frees the handle: later calls throw, dispose is idempotent, handles are reused', () => {
  const p = new Pool([range('10.0.0.1', '10.0.0.6')]);
  p.dispose();
  p.dispose();
  assert.throws(() => p.nextFree(null), (e: unknown) => e instanceof CoreError && e.code === Status.HANDLE);
  for (let i = 0; i < 5000; i++) new Pool([range('10.0.0.1', '10.0.0.6')]).dispose();
});

test('ranges ending at 255.255.255.255 and ffff:...:ffff fill up and wrap without overflow', () => {
  const MAX = (1n << 128n) - 1n;
  const cases: [bigint, bigint][] = [
    [V4 | 0xffffff00n, V4 | 0xffffffffn],                 // dense, IPv4 top
    [MAX - 255n, MAX],                                     // dense, IPv6 top
    [MAX - (1n << 64n) + 1n, MAX],                         // sparse /64 at the top
    [0n, MAX],                                             // the whole IPv6 space
  ];
  for (const [start, end] of cases) {
    withPool([{ start: IP.fromBigInt(start), end: IP.fromBigInt(end) }], (p) => {
      let after: IP | null = IP.fromBigInt(end - 3n);
      const got: bigint[] = [];
      for (let i = 0; i < 4; i++) {
        after = p.takeNext(after);
        got.push(after!.toBigInt());
      }
      assert.deepEqual(got, [end - 2n, end - 1n, end, start], `${IP.fromBigInt(start)}-${IP.fromBigInt(end)}`);
      assert.equal(p.isTaken(IP.fromBigInt(end)), true);
      assert.equal(p.nextFree(IP.fromBigInt(end))?.toBigInt(), start + 1n);
    });
  }
  withPool([{ start: IP.fromBigInt(MAX - 2n), end: IP.fromBigInt(MAX) }], (p) => {
    assert.equal(p.markPacked(new Uint8Array([...IP.fromBigInt(MAX).bytes, ...IP.fromBigInt(MAX - 1n).bytes, ...IP.fromBigInt(MAX - 2n).bytes])), 3);
    assert.equal(p.nextFree(null), null);
    assert.equal(p.nextFree(IP.fromBigInt(MAX)), null);
  });
});
