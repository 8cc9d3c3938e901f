// IP and CIDR API details not covered by the shared vectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addOffset, CIDR, formatIPs, formatPacked, IP, nextIP, parseCIDR, parseIP, parseIPs, parseIPsPacked,
} from '../../src/core/index.js';

const ip = (s: string) => parseIP(s)!;

test('IP exposes 16 bytes, the family and the 128-bit value', () => {
  const v4 = ip('192.0.2.1');
  assert.deepEqual([...v4.bytes], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 192, 0, 2, 1]);
  assert.equal(v4.family, 4);
  assert.equal(v4.toBigInt(), 0xffffc0000201n);
  assert.equal(ip('2001:db8::1').family, 6);
  assert.equal(ip('::ffff:192.0.2.1').family, 4);
  assert.equal(JSON.stringify({ a: v4 }), '{"a":"192.0.2.1"}');
});

test('IP.fromBytes accepts 4 or 16 bytes and copies them', () => {
  const raw = Uint8Array.from([10, 1, 2, 3]);
  const a = IP.fromBytes(raw);
  raw[0] = 99;
  assert.equal(a.toString(), '10.1.2.3');
  assert.equal(IP.fromBytes(ip('fe80::1').bytes).toString(), 'fe80::1');
  assert.throws(() => IP.fromBytes([1, 2, 3]), RangeError);
  assert.throws(() => IP.fromBigInt(1n << 128n), RangeError);
});

test('equals and compare treat IPv4 and its mapped form as one address, and sort IPv4 first', () => {
  assert.ok(ip('10.0.0.1').equals(ip('::ffff:a00:1')));
  assert.ok(!ip('10.0.0.1').equals(ip('10.0.0.2')));
  const sorted = ['::1', '10.0.0.2', 'fe80::', '10.0.0.1', '0.0.0.0', '::'].map(ip).sort((a, b) => a.compare(b));
  assert.deepEqual(sorted.map(String), ['0.0.0.0', '10.0.0.1', '10.0.0.2', '::', '::1', 'fe80::']);
});

test('parseIP rejects non-ASCII look-alikes, over-long text and surrounding whitespace', () => {
  for (const s of ['１.2.3.4', '1.2.3.4\u0000', `${'0:'.repeat(30)}0`, ' ::1', '::1\n', '']) assert.equal(parseIP(s), null, JSON.stringify(s));
});

test('parseIPs keeps positions for invalid entries, including ones with newlines or non-ASCII', () => {
  const texts = ['10.0.0.1', 'bad', '1.2.3.4\n5.6.7.8', '::1', 'ü::1', '', 'x'.repeat(100), 'FE80::1'];
  assert.deepEqual(parseIPs(texts).map((p) => p && p.toString()), ['10.0.0.1', null, null, '::1', null, null, null, 'fe80::1']);
  assert.deepEqual(parseIPs([]), []);
});

test('parseIPs and formatIPs handle batches larger than one Wasm call', () => {
  const texts = Array.from({ length: 20_000 }, (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
  const parsed = parseIPs(texts);
  assert.deepEqual(formatIPs(parsed as IP[]), texts);
  assert.equal(parsed[19_999]!.toString(), '10.0.78.31');
});

test('formatIPs handles addresses from different sources in one call', () => {
  const batch = parseIPs(['10.0.0.1', '10.0.0.2', '10.0.0.3']) as IP[];
  const mixed = [batch[2], IP.fromBytes([192, 0, 2, 1]), batch[0], batch[1], ip('fe80::1'), nextIP(batch[2])!, batch[2]];
  assert.deepEqual(formatIPs(mixed), ['10.0.0.3', '192.0.2.1', '10.0.0.1', '10.0.0.2', 'fe80::1', '10.0.0.4', '10.0.0.3']);
});

test('parseIPsPacked gives the same bytes and kinds as parseIP, and formatPacked reverses it', () => {
  const texts = ['10.0.0.1', 'nope', '::ffff:10.0.0.1', '2001:DB8::1', ...Array.from({ length: 9000 }, (_, i) => `fd00::${i.toString(16)}`)];
  const { bytes, kinds } = parseIPsPacked(texts);
  assert.equal(bytes.length, texts.length * 16);
  assert.deepEqual([...kinds.subarray(0, 5)], [4, 0, 6, 6, 6]);
  texts.forEach((t, i) => {
    const one = parseIP(t);
    if (one) assert.deepEqual(bytes.subarray(i * 16, i * 16 + 16), one.bytes, t);
  });
  const valid = texts.filter((_, i) => kinds[i] !== 0);
  const packedValid = new Uint8Array(valid.length * 16);
  let at = 0;
  kinds.forEach((k, i) => {
    if (k !== 0) packedValid.set(bytes.subarray(i * 16, i * 16 + 16), 16 * at++);
  });
  assert.deepEqual(formatPacked(packedValid), valid.map((t) => parseIP(t)!.toString()));
  assert.throws(() => formatPacked(new Uint8Array(17)), RangeError);
});

test('addOffset rejects offsets beyond 128 bits and nextIP leaves IPv4 unchanged on failure', () => {
  assert.equal(addOffset(ip('::'), 1n << 128n), null);
  assert.equal(addOffset(ip('::'), -(1n << 128n)), null);
  const last = ip('255.255.255.255');
  assert.equal(nextIP(last), null);
  assert.equal(last.toString(), '255.255.255.255');
});

test('CIDR keeps the host bits as written and prints like Go', () => {
  const c = parseCIDR('10.1.2.3/16')!;
  assert.equal(c.ip.toString(), '10.1.2.3');
  assert.equal(c.network().toString(), '10.1.0.0');
  assert.equal(c.hasHostBits(), true);
  assert.equal(parseCIDR('10.1.0.0/16')!.hasHostBits(), false);
  assert.equal(c.prefix128, 112);
  assert.equal(String(parseCIDR('::ffff:10.1.2.3/112')), '10.1.2.3/16');
  assert.equal(parseCIDR('::ffff:10.1.2.3/112')!.maskBits, 128);
  assert.equal(parseCIDR(`10.0.0.0/${'0'.repeat(2000)}8`)?.prefix, 8, 'Go accepts any number of leading zeros');
});

test('CIDR size and usable range follow host-local', () => {
  assert.equal(parseCIDR('::/0')!.size(), 1n << 128n);
  assert.equal(parseCIDR('10.0.0.0/8')!.size(), 1n << 24n);
  const r = parseCIDR('10.0.0.0/25')!.usableRange()!;
  assert.deepEqual([r.start.toString(), r.end.toString()], ['10.0.0.1', '10.0.0.126']);
  const r6 = parseCIDR('2001:db8::/64')!.usableRange()!;
  assert.deepEqual([r6.start.toString(), r6.end.toString()], ['2001:db8::1', '2001:db8::ffff:ffff:ffff:ffff']);
  assert.equal(parseCIDR('10.0.0.0/31')!.usableRange(), null);
  assert.equal(parseCIDR('2001:db8::/127')!.usableRange(), null);
});

test('overlap never crosses families and is symmetric for nested blocks', () => {
  const v4 = parseCIDR('0.0.0.0/24')!;
  const v6 = parseCIDR('::/24')!;
  assert.equal(v4.overlaps(v6), false);
  assert.equal(v6.overlaps(v4), false);
  const outer = parseCIDR('10.0.0.0/8')!;
  const inner = parseCIDR('10.200.0.0/16')!;
  assert.equal(outer.overlaps(inner), true);
  assert.equal(inner.overlaps(outer), true);
  assert.equal(inner.overlaps(parseCIDR('10.201.0.0/16')!), false);
});

test('the CIDR constructor validates its prefix', () => {
  assert.throws(() => new CIDR(ip('10.0.0.0'), 33, 32), RangeError);
  assert.throws(() => new CIDR(ip('::'), 24, 32), RangeError);
  assert.equal(new CIDR(ip('::'), 0, 128).toString(), '::/0');
});
