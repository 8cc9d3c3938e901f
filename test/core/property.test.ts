// Property tests against independent oracles (BigInt arithmetic, ipaddr.js, node:net), seeded so
// that a failure names its reproducible case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ipaddr from 'ipaddr.js';
import {
  addOffset, distance, formatIPs, IP, nextIP, parseCIDR, parseIP, parseIPs, prevIP,
} from '../../src/core/index.js';
import { Random } from './helpers/prng.js';
import {
  blockContains, dotted, goAccepts, goString, hex128, hostMask, isV4Value, MAX128, randomText, V4_MAPPED,
} from './helpers/oracle.js';

const COUNT = 100_000;
const hex = (ip: IP) => Buffer.from(ip.bytes).toString('hex');

/** Random addresses biased towards zero groups and edges, where formatting rules bite. */
function randomValue(rnd: Random, family: 4 | 6): bigint {
  if (family === 4) {
    const v = rnd.chance(0.05) ? rnd.pick([0n, 0xffffffffn, 1n, 0xfffffffen]) : rnd.bits(32);
    return V4_MAPPED | v;
  }
  let v = rnd.bits(128);
  const zeroMask = rnd.int(256);
  for (let g = 0; g < 8; g++) if (zeroMask & (1 << g)) v &= MAX128 ^ (0xffffn << BigInt(g * 16));
  if (isV4Value(v)) v ^= 1n << 100n; // keep IPv6 family; IPv4-mapped has its own family run
  return v;
}

for (const family of [4, 6] as const) {
  test(`parse/format round trips for ${COUNT} random IPv${family} texts agree with the oracles (seed ${family})`, () => {
    const rnd = new Random(family);
    const values: bigint[] = [];
    const texts: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const v = randomValue(rnd, family);
      values.push(v);
      texts.push(randomText(v, rnd));
    }
    const parsed = parseIPs(texts);
    const formatted = formatIPs(parsed.map((p, i) => {
      assert.ok(p, `rejected ${texts[i]}`);
      return p;
    }));
    for (let i = 0; i < COUNT; i++) {
      assert.ok(goAccepts(texts[i]), `oracle disagrees on ${texts[i]}`);
      assert.equal(hex(parsed[i]!), hex128(values[i]), `bytes of ${texts[i]}`);
      assert.equal(formatted[i], goString(values[i]), `text of ${texts[i]}`);
      assert.equal(parsed[i]!.family, family);
    }
    // The single-address path agrees with the batch path.
    for (let i = 0; i < COUNT; i += 50) {
      const one = parseIP(texts[i]);
      assert.ok(one && one.equals(parsed[i]!) && one.toString() === formatted[i], texts[i]);
    }
  });
}

test('IPv4-mapped IPv6 text parses to IPv4 and prints dotted (seed 46)', () => {
  const rnd = new Random(46);
  for (let i = 0; i < 10_000; i++) {
    const v4 = rnd.bits(32);
    const text = `::ffff:${rnd.chance(0.5) ? dotted(v4) : `${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`}`;
    const ip = parseIP(text);
    assert.ok(ip, text);
    assert.equal(ip.family, 4);
    assert.equal(ip.toString(), dotted(v4));
  }
});

test('mutated texts are accepted exactly when Go accepts them (seed 7)', () => {
  const rnd = new Random(7);
  const alphabet = '0123456789abcdefABCDEF.:::%/ gx';
  const texts: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    let s = randomText(randomValue(rnd, rnd.chance(0.5) ? 4 : 6), rnd);
    const at = rnd.int(s.length + 1);
    const c = alphabet[rnd.int(alphabet.length)];
    const kind = rnd.int(3);
    s = kind === 0 ? s.slice(0, at) + c + s.slice(at) : kind === 1 ? s.slice(0, at) + s.slice(at + 1) : s.slice(0, at) + c + s.slice(at + 1);
    texts.push(s);
  }
  const parsed = parseIPs(texts);
  let accepted = 0;
  texts.forEach((s, i) => {
    assert.equal(parsed[i] !== null, goAccepts(s), JSON.stringify(s));
    if (parsed[i]) {
      accepted++;
      assert.equal(parsed[i]!.toString(), goString(BigInt('0x' + hex(parsed[i]!))));
    }
  });
  assert.ok(accepted > COUNT / 5 && accepted < COUNT, `mutations should mix valid and invalid (${accepted})`);
});

function randomBlock(rnd: Random, family: 4 | 6): { value: bigint; prefix: number; text: string } {
  const value = randomValue(rnd, family);
  const prefix = family === 4 ? rnd.int(33) : rnd.int(129);
  const text = `${family === 4 ? dotted(value & 0xffffffffn) : goString(value)}/${prefix}`;
  return { value, prefix, text };
}

for (const family of [4, 6] as const) {
  test(`CIDR parse, bounds, contains and overlap for ${COUNT} random IPv${family} blocks (seed ${10 + family})`, () => {
    const rnd = new Random(10 + family);
    const bits = family === 4 ? 32 : 128;
    let contained = 0;
    let overlapping = 0;
    for (let i = 0; i < COUNT; i++) {
      const { value, prefix, text } = randomBlock(rnd, family);
      const block = parseCIDR(text);
      assert.ok(block, text);
      assert.equal(block.prefix, prefix);
      assert.equal(block.maskBits, bits);
      assert.equal(hex(block.ip), hex128(value));
      const p128 = prefix + 128 - bits;
      const net = value & (MAX128 ^ hostMask(p128));
      if (i % 4 === 0) {
        assert.equal(hex(block.network()), hex128(net), `network of ${text}`);
        assert.equal(hex(block.last()), hex128(net | hostMask(p128)), `last of ${text}`);
        assert.equal(block.hasHostBits(), net !== value);
        assert.equal(block.size(), 1n << BigInt(bits - prefix));
      }
      // A probe near the block (inside or just past either end) or anywhere.
      const near = rnd.chance(0.5) ? net + rnd.bits(Math.min(bits - prefix + 1, 40)) - 1n : randomValue(rnd, family);
      const probe = near < 0n || near > MAX128 ? value : near;
      const expected = blockContains(value, p128, probe);
      const probeIP = IP.fromBigInt(probe);
      assert.equal(block.contains(probeIP), expected, `${text} contains ${probeIP}`);
      if (family === 4 && isV4Value(probe)) {
        const ipa = ipaddr.IPv4.parse(dotted(probe & 0xffffffffn));
        assert.equal(ipa.match(ipaddr.IPv4.parse(dotted(value & 0xffffffffn)), prefix), expected);
      }
      if (expected) contained++;
      const other = randomBlock(rnd, family);
      const otherBlock = parseCIDR(other.text)!;
      const shorter = Math.min(prefix, other.prefix) + 128 - bits;
      const overlap = blockContains(value, shorter, other.value & (MAX128 ^ hostMask(other.prefix + 128 - bits)));
      assert.equal(block.overlaps(otherBlock), overlap, `${text} overlaps ${other.text}`);
      assert.equal(otherBlock.overlaps(block), overlap, `${other.text} overlaps ${text}`);
      if (overlap) overlapping++;
    }
    assert.ok(contained > COUNT / 10 && overlapping > COUNT / 10, `cases must mix outcomes (${contained}, ${overlapping})`);
  });
}

test('arithmetic agrees with BigInt, including at the family edges (seed 99)', () => {
  const rnd = new Random(99);
  for (let i = 0; i < 20_000; i++) {
    const family = rnd.chance(0.5) ? 4 : 6;
    const v = randomValue(rnd, family);
    const ip = IP.fromBigInt(v);
    const low = family === 4 ? V4_MAPPED : 0n;
    const high = family === 4 ? V4_MAPPED | 0xffffffffn : MAX128;
    const n = (rnd.chance(0.5) ? -1n : 1n) * rnd.bits(rnd.chance(0.5) ? 16 : family === 4 ? 33 : 128);
    const sum = v + n;
    const expected = sum < low || sum > high ? null : hex128(sum);
    const got = addOffset(ip, n);
    assert.equal(got && hex(got), expected, `${ip} + ${n}`);
    if (got) assert.equal(distance(ip, got), n);
    assert.equal(nextIP(ip)?.toBigInt() ?? null, v === high ? null : v + 1n);
    assert.equal(prevIP(ip)?.toBigInt() ?? null, v === low ? null : v - 1n);
  }
});
