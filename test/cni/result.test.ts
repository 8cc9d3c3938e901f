// Conversions between the internal (1.1.0) result and every wire version, table-driven.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatResult, formatResultLabelled, parseResult, resultAsVersion, type Result } from '../../src/cni/index.js';

const full: Result = {
  cniVersion: '1.1.0',
  interfaces: [
    { name: 'cni0', mac: '0a:58:0a:01:02:01', mtu: 1500 },
    { name: 'eth0', mac: '0a:58:0a:01:02:02', sandbox: '/var/run/netns/ctr', socketPath: '/run/vhost.sock', pciID: '0000:04:00.5' },
  ],
  ips: [
    { address: '10.1.2.2/24', gateway: '10.1.2.1', interface: 1 },
    { address: '10.1.3.2/24', interface: 0 },
    { address: '2001:db8::2/64', gateway: '2001:db8::1', interface: 1 },
  ],
  routes: [
    { dst: '0.0.0.0/0', gw: '10.1.2.1', priority: 10, table: 0, scope: 0 },
    { dst: '2001:db8:9::/48', mtu: 1280, advmss: 1220 },
  ],
  dns: { nameservers: ['10.1.2.1'], domain: 'cluster.local', search: ['svc.cluster.local'], options: ['ndots:5'] },
};

const cases: { name: string; from: Result; version: string; expected: unknown }[] = [
  {
    name: '1.1.0 sorts every key and keeps 1.1 fields', from: full, version: '1.1.0',
    expected: {
      cniVersion: '1.1.0',
      dns: { domain: 'cluster.local', nameservers: ['10.1.2.1'], options: ['ndots:5'], search: ['svc.cluster.local'] },
      interfaces: [
        { mac: '0a:58:0a:01:02:01', mtu: 1500, name: 'cni0' },
        { mac: '0a:58:0a:01:02:02', name: 'eth0', pciID: '0000:04:00.5', sandbox: '/var/run/netns/ctr', socketPath: '/run/vhost.sock' },
      ],
      ips: [
        { address: '10.1.2.2/24', gateway: '10.1.2.1', interface: 1 },
        { address: '10.1.3.2/24', interface: 0 },
        { address: '2001:db8::2/64', gateway: '2001:db8::1', interface: 1 },
      ],
      routes: [
        { dst: '0.0.0.0/0', gw: '10.1.2.1', priority: 10, scope: 0, table: 0 },
        { advmss: 1220, dst: '2001:db8:9::/48', mtu: 1280 },
      ],
    },
  },
  {
    name: '1.0.0 keeps interface mtu, socketPath and pciID like the reference', from: full, version: '1.0.0',
    expected: undefined, // checked below: same as 1.1.0 except cniVersion
  },
  {
    name: '0.4.0 drops 1.1 interface fields, adds ip versions, keeps route fields', from: full, version: '0.4.0',
    expected: {
      cniVersion: '0.4.0',
      interfaces: [{ name: 'cni0', mac: '0a:58:0a:01:02:01' }, { name: 'eth0', mac: '0a:58:0a:01:02:02', sandbox: '/var/run/netns/ctr' }],
      ips: [
        { version: '4', interface: 1, address: '10.1.2.2/24', gateway: '10.1.2.1' },
        { version: '4', interface: 0, address: '10.1.3.2/24' },
        { version: '6', interface: 1, address: '2001:db8::2/64', gateway: '2001:db8::1' },
      ],
      routes: [
        { dst: '0.0.0.0/0', gw: '10.1.2.1', priority: 10, table: 0, scope: 0 },
        { dst: '2001:db8:9::/48', mtu: 1280, advmss: 1220 },
      ],
      dns: { nameservers: ['10.1.2.1'], domain: 'cluster.local', search: ['svc.cluster.local'], options: ['ndots:5'] },
    },
  },
  {
    name: '0.2.0 keeps the first address per family and splits routes (dst and gw only)', from: full, version: '0.2.0',
    expected: {
      cniVersion: '0.2.0',
      ip4: { ip: '10.1.2.2/24', gateway: '10.1.2.1', routes: [{ dst: '0.0.0.0/0', gw: '10.1.2.1' }] },
      ip6: { ip: '2001:db8::2/64', gateway: '2001:db8::1', routes: [{ dst: '2001:db8:9::/48' }] },
      dns: { nameservers: ['10.1.2.1'], domain: 'cluster.local', search: ['svc.cluster.local'], options: ['ndots:5'] },
    },
  },
  {
    name: 'an empty version prints as 0.1.0', from: { cniVersion: '1.1.0', ips: [{ address: '2001:db8::5/64' }] }, version: '',
    expected: { cniVersion: '0.1.0', ip6: { ip: '2001:db8::5/64' }, dns: {} },
  },
  { name: '1.0.0 without content', from: { cniVersion: '1.1.0' }, version: '1.0.0', expected: { cniVersion: '1.0.0' } },
  { name: '1.0.0 omits an all-empty dns', from: { cniVersion: '1.1.0', dns: { nameservers: [], search: [] } }, version: '1.1.0', expected: { cniVersion: '1.1.0' } },
  { name: '0.3.1 always has dns', from: { cniVersion: '1.1.0' }, version: '0.3.1', expected: { cniVersion: '0.3.1', dns: {} } },
  {
    name: 'an IPv4-mapped IPv6 address counts as version 4',
    from: { cniVersion: '1.1.0', ips: [{ address: '::ffff:10.0.0.1/120' }] }, version: '0.3.0',
    expected: { cniVersion: '0.3.0', ips: [{ version: '4', address: '::ffff:10.0.0.1/120' }], dns: {} },
  },
  {
    name: 'an interface index of -1 (allowed by spec-upgrades.md) is kept',
    from: { cniVersion: '1.1.0', ips: [{ address: '10.0.0.1/8', interface: -1 }] }, version: '0.4.0',
    expected: { cniVersion: '0.4.0', ips: [{ version: '4', interface: -1, address: '10.0.0.1/8' }], dns: {} },
  },
];

for (const c of cases) {
  test(`result conversion: ${c.name}`, () => {
    const expected = c.expected ?? { ...(resultAsVersion(c.from, '1.1.0') as object), cniVersion: c.version };
    const text = formatResult(c.from, c.version);
    assert.deepEqual(JSON.parse(text), expected);
    // Key order is part of the format: compare the text, not only the value.
    assert.equal(text, JSON.stringify(expected, null, 4));
  });
}

test('0.1.0/0.2.0 need an address', () => {
  for (const v of ['0.1.0', '0.2.0']) {
    assert.throws(() => formatResult({ cniVersion: '1.1.0', routes: [{ dst: '0.0.0.0/0' }] }, v), { message: 'cannot convert: no valid IP addresses' });
  }
});

test('versions we do not speak are refused', () => {
  assert.throws(() => formatResult(full, '0.5.0'), /unsupported CNI result version "0.5.0"/);
  assert.throws(() => parseResult({ cniVersion: '2.0.0' }), /unsupported CNI result version "2.0.0"/);
});

test('Go escapes <, > and & and U+2028 in printed strings', () => {
  const text = formatResult({ cniVersion: '1.0.0', interfaces: [{ name: 'a<b>&c\u2028' }] }, '1.0.0');
  assert.match(text, /"name": "a\\u003cb\\u003e\\u0026c\\u2028"/);
});

const parseCases: { name: string; doc: unknown; asVersion?: string; expected: Result }[] = [
  {
    name: '0.2.0: ip4 then ip6, their routes concatenated in that order',
    doc: { cniVersion: '0.2.0', ip6: { ip: '2001:db8::2/64', routes: [{ dst: '::/0', gw: '2001:db8::1' }] }, ip4: { ip: '10.0.0.2/8', gateway: '10.0.0.1', routes: [{ dst: '0.0.0.0/0' }] }, dns: { nameservers: ['8.8.8.8'] } },
    expected: { cniVersion: '0.2.0', ips: [{ address: '10.0.0.2/8', gateway: '10.0.0.1' }, { address: '2001:db8::2/64' }], routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0', gw: '2001:db8::1' }], dns: { nameservers: ['8.8.8.8'] } },
  },
  {
    name: 'no cniVersion is 0.1.0',
    doc: { ip4: { ip: '10.0.0.2/8' } },
    expected: { cniVersion: '0.1.0', ips: [{ address: '10.0.0.2/8' }] },
  },
  {
    name: '0.4.0: version fields dropped, interface index kept (even 0)',
    doc: { cniVersion: '0.4.0', interfaces: [{ name: 'eth0', sandbox: '/ns' }], ips: [{ version: '4', interface: 0, address: '10.0.0.2/8' }], routes: [], dns: {} },
    expected: { cniVersion: '0.4.0', interfaces: [{ name: 'eth0', sandbox: '/ns' }], ips: [{ address: '10.0.0.2/8', interface: 0 }] },
  },
  {
    name: 'keys match case-insensitively (Go decoding)',
    doc: { CNIVersion: '1.0.0', IPs: [{ Address: '10.0.0.2/8', GATEWAY: '10.0.0.1' }], Routes: [{ Dst: '0.0.0.0/0', Table: 0 }] },
    expected: { cniVersion: '1.0.0', ips: [{ address: '10.0.0.2/8', gateway: '10.0.0.1' }], routes: [{ dst: '0.0.0.0/0', table: 0 }] },
  },
  {
    name: 'asVersion: without its own cniVersion a prevResult takes the config version',
    doc: { ips: [{ version: '4', address: '10.0.0.2/8' }] }, asVersion: '0.4.0',
    expected: { cniVersion: '0.4.0', ips: [{ address: '10.0.0.2/8' }] },
  },
  {
    name: 'asVersion: its own version is kept when the config version\'s shape accepts it',
    doc: { cniVersion: '0.3.1', ips: [{ version: '4', address: '10.0.0.2/8' }] }, asVersion: '0.4.0',
    expected: { cniVersion: '0.3.1', ips: [{ address: '10.0.0.2/8' }] },
  },
  {
    name: 'asVersion 0.2.0 reads ip4/ip6 even if the document has ips',
    doc: { ips: [{ address: '10.0.0.2/8' }], ip4: { ip: '10.0.0.3/8' } }, asVersion: '0.2.0',
    expected: { cniVersion: '0.2.0', ips: [{ address: '10.0.0.3/8' }] },
  },
  {
    name: 'zero-valued optional numbers are dropped except table and scope',
    doc: { cniVersion: '1.1.0', interfaces: [{ name: 'x', mtu: 0 }], routes: [{ dst: '1.0.0.0/8', mtu: 0, priority: 0, scope: 0 }] },
    expected: { cniVersion: '1.1.0', interfaces: [{ name: 'x' }], routes: [{ dst: '1.0.0.0/8', scope: 0 }] },
  },
];

for (const c of parseCases) {
  test(`parseResult: ${c.name}`, () => {
    assert.deepEqual(parseResult(c.doc, c.asVersion), c.expected);
  });
}

test('parseResult with asVersion refuses a prevResult of another shape, like the reference', () => {
  assert.throws(() => parseResult({ cniVersion: '1.1.0' }, '0.4.0'), { message: 'result type supports [0.3.0 0.3.1 0.4.0] but unmarshalled CNIVersion is "1.1.0"' });
  assert.throws(() => parseResult({ cniVersion: '0.4.0' }, '1.0.0'), { message: 'result type supports [1.0.0 1.1.0] but unmarshalled CNIVersion is "0.4.0"' });
  assert.throws(() => parseResult({ cniVersion: '' }, '0.3.0'), { message: 'result type supports [0.3.0 0.3.1 0.4.0] but unmarshalled CNIVersion is ""' });
  assert.throws(() => parseResult({ cniVersion: '0.3.0' }, '0.2.0'), { message: 'result type supports [ 0.1.0 0.2.0] but unmarshalled CNIVersion is "0.3.0"' });
  // Go injects the config version under "CNIVersion" and the byte-order-last spelling wins.
  assert.equal(parseResult({ CNIVERSION: '0.3.0' }, '0.4.0').cniVersion, '0.4.0');
  assert.equal(parseResult({ cniversion: '0.3.0' }, '0.4.0').cniVersion, '0.3.0');
});

test('parseResult takes JSON text and bytes', () => {
  const text = '{"cniVersion":"1.0.0","ips":[{"address":"10.0.0.2/8"}]}';
  const expected = { cniVersion: '1.0.0', ips: [{ address: '10.0.0.2/8' }] };
  assert.deepEqual(parseResult(text), expected);
  assert.deepEqual(parseResult(Buffer.from(text)), expected);
});

test('parseResult names the bad field', () => {
  assert.throws(() => parseResult({ cniVersion: '1.0.0', ips: {} }), { message: 'invalid result: ips must be an array, got object' });
  assert.throws(() => parseResult({ cniVersion: '1.0.0', ips: [{ address: 5 }] }), { message: 'invalid result: ips[0].address must be a string, got number' });
  assert.throws(() => parseResult({ cniVersion: '1.0.0', routes: [{ dst: '::/0', mtu: 1.5 }] }), { message: 'invalid result: routes[0].mtu must be an integer, got number' });
  assert.throws(() => parseResult({ cniVersion: '1.0.0', dns: { search: [1] } }), { message: 'invalid result: dns.search[0] must be a string, got number' });
  assert.throws(() => parseResult([]), { message: 'invalid result: result must be an object, got array' });
  assert.throws(() => parseResult({ cniVersion: 1 }), { message: 'invalid result: cniVersion must be a string, got number' });
});

test('every version round-trips the content it can carry', () => {
  for (const v of ['0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0']) {
    const printed = formatResult(full, v);
    assert.equal(formatResult(parseResult(printed), v), printed, v);
  }
  const v02 = formatResult(full, '0.2.0');
  assert.equal(formatResult(parseResult(v02), '0.2.0'), v02);
});

test('formatResultLabelled prints the 1.x shape under any label, like the reference loopback', () => {
  const lo: Result = {
    cniVersion: '1.1.0',
    interfaces: [{ name: 'lo', mac: '00:00:00:00:00:00', sandbox: '/proc/self/ns/net' }],
    ips: [{ address: '127.0.0.1/8', interface: 0 }, { address: '::1/128', interface: 0 }],
  };
  // Observed from build/reference/loopback (v1.9.1) with cniVersion 0.2.0 and "".
  const body = (v: string) => `{
    "cniVersion": "${v}",
    "interfaces": [
        {
            "mac": "00:00:00:00:00:00",
            "name": "lo",
            "sandbox": "/proc/self/ns/net"
        }
    ],
    "ips": [
        {
            "address": "127.0.0.1/8",
            "interface": 0
        },
        {
            "address": "::1/128",
            "interface": 0
        }
    ]
}`;
  for (const v of ['0.2.0', '0.4.0', '1.1.0']) assert.equal(formatResultLabelled(lo, v), body(v));
  assert.equal(formatResultLabelled(lo, ''), '{\n    "cniVersion": "0.1.0",\n    "ip4": {\n        "ip": "127.0.0.1/8"\n    },\n    "ip6": {\n        "ip": "::1/128"\n    },\n    "dns": {}\n}');
});
