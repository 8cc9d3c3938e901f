// Allocation order and range defaults, as the reference's allocator_test.go and range_test.go
// pin them down, observed the way a user sees them: which address an ADD returns given the
// files already in the network directory.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { addressesOf, netConf } from './support/conf.js';
import { networkFiles, reservations, tempDataDir, writeLastReserved, writeReservation } from './support/dirs.js';
import { cniError, cniResult, runInProcess } from './support/run.js';

const tmp = tempDataDir('hl-alloc');
after(tmp.remove);
let seq = 0;

interface Setup {
  ranges: Record<string, unknown>[][];
  taken?: string[];
  last?: string; // last_reserved_ip.0
  requested?: string;
}

function prepare(s: Setup): { dataDir: string; conf: Record<string, unknown> } {
  const dataDir = join(tmp.dataDir, `d${seq++}`);
  for (const ip of s.taken ?? []) writeReservation(dataDir, 'mynet', ip, `other\r\neth0`);
  if (s.last) writeLastReserved(dataDir, 'mynet', 0, s.last);
  const top = s.requested ? { args: { cni: { ips: [s.requested] } } } : {};
  return { dataDir, conf: netConf(dataDir, { ranges: s.ranges }, { top }) };
}

async function addOnce(s: Setup, containerId = 'dummy'): Promise<string> {
  const { conf } = prepare(s);
  return addressesOf(cniResult(await runInProcess({ command: 'ADD', config: conf, containerId })))[0].address.split('/')[0];
}

async function addError(s: Setup): Promise<string> {
  const { conf } = prepare(s);
  return cniError(await runInProcess({ command: 'ADD', config: conf })).msg;
}

const net29 = [[{ subnet: '10.0.0.0/29' }]];
const hosts29 = ['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6'];

describe('round robin (allocator_test.go)', () => {
  const cases: [string, Setup, string][] = [
    ['fresh /29', { ranges: net29 }, '10.0.0.2'],
    ['fresh IPv6 /64', { ranges: [[{ subnet: '2001:db8:1::/64' }]] }, '2001:db8:1::2'],
    ['fresh /30', { ranges: [[{ subnet: '10.0.0.0/30' }]] }, '10.0.0.2'],
    ['.2 taken', { ranges: net29, taken: ['10.0.0.2'] }, '10.0.0.3'],
    ['last .5', { ranges: net29, last: '10.0.0.5' }, '10.0.0.6'],
    ['last .3, .4 and .5 taken', { ranges: net29, last: '10.0.0.3', taken: ['10.0.0.4', '10.0.0.5'] }, '10.0.0.6'],
    ['last .5, .6 taken: wraps past the gateway', { ranges: net29, last: '10.0.0.5', taken: ['10.0.0.6'] }, '10.0.0.2'],
    ['last outside the set, .2 taken', { ranges: net29, last: '10.0.0.128', taken: ['10.0.0.2'] }, '10.0.0.3'],
    ['garbage last_reserved_ip', { ranges: net29, last: 'not an ip' }, '10.0.0.2'],
    ['only the last one is free', { ranges: net29, last: '10.0.0.3', taken: hosts29.filter((ip) => ip !== '10.0.0.3') }, '10.0.0.3'],
    ['two /30s, no last', { ranges: [[{ subnet: '10.0.0.0/30' }, { subnet: '10.0.1.0/30' }]] }, '10.0.0.2'],
    ['two /30s, last in the first', { ranges: [[{ subnet: '10.0.0.0/30' }, { subnet: '10.0.1.0/30' }]], last: '10.0.0.2' }, '10.0.1.2'],
    ['three /30s, last in the third: wraps to the first', { ranges: [[{ subnet: '10.0.0.0/30' }, { subnet: '10.0.1.0/30' }, { subnet: '10.0.2.0/30' }]], last: '10.0.2.2' }, '10.0.0.2'],
    ['explicit starts at the network address, last at the end of range 0',
      { ranges: [[{ subnet: '192.168.1.0/30', rangeStart: '192.168.1.0', rangeEnd: '192.168.1.3' }, { subnet: '192.168.2.0/30', rangeStart: '192.168.2.0', rangeEnd: '192.168.2.3' }]], last: '192.168.1.3' },
      '192.168.2.0'],
    ['explicit starts at the network address, no last',
      { ranges: [[{ subnet: '192.168.1.0/30', rangeStart: '192.168.1.0', rangeEnd: '192.168.1.3' }, { subnet: '192.168.2.0/30', rangeStart: '192.168.2.0', rangeEnd: '192.168.2.3' }]] },
      '192.168.1.0'],
    ['a gateway outside the subnet makes .1 allocatable', { ranges: [[{ subnet: '10.9.0.0/24', gateway: '192.168.0.1' }]] }, '10.9.0.1'],
    ['IPv6 hands out the last address of the subnet', { ranges: [[{ subnet: 'fd00::/126' }]], last: 'fd00::2' }, 'fd00::3'],
  ];
  for (const [name, setup, want] of cases) {
    test(name, async () => assert.equal(await addOnce(setup), want));
  }

  test('iterates .2 to .6 and then reports the set as exhausted (no broadcast)', async () => {
    const { dataDir, conf } = prepare({ ranges: net29 });
    const got = [];
    for (let i = 0; i < 5; i++) {
      got.push(addressesOf(cniResult(await runInProcess({ command: 'ADD', config: conf, containerId: `c${i}` })))[0].address);
    }
    assert.deepEqual(got, hosts29.map((ip) => `${ip}/29`));
    const err = cniError(await runInProcess({ command: 'ADD', config: conf, containerId: 'c5' }));
    assert.equal(err.msg, 'failed to allocate for range 0: no IP addresses available in range set: 10.0.0.1-10.0.0.6');
    assert.equal(Object.keys(reservations(dataDir, 'mynet')).length, 5);
  });

  test('does not reuse a released address before a full cycle', async () => {
    const { conf } = prepare({ ranges: net29 });
    const first = cniResult(await runInProcess({ command: 'ADD', config: conf }));
    assert.equal((await runInProcess({ command: 'DEL', config: conf })).code, 0);
    const second = cniResult(await runInProcess({ command: 'ADD', config: conf }));
    assert.deepEqual([addressesOf(first)[0].address, addressesOf(second)[0].address], ['10.0.0.2/29', '10.0.0.3/29']);
  });

  const full: [string, Setup, string][] = [
    ['/30', { ranges: [[{ subnet: '10.0.0.0/30' }]], taken: ['10.0.0.2'] }, '10.0.0.1-10.0.0.2'],
    ['/29', { ranges: net29, taken: hosts29 }, '10.0.0.1-10.0.0.6'],
    ['two /30s', { ranges: [[{ subnet: '10.0.0.0/30' }, { subnet: '10.0.1.0/30' }]], taken: ['10.0.0.2', '10.0.1.2'] }, '10.0.0.1-10.0.0.2,10.0.1.1-10.0.1.2'],
  ];
  for (const [name, setup, set] of full) {
    test(`a full ${name} gives a meaningful error`, async () => {
      assert.equal(await addError(setup), `failed to allocate for range 0: no IP addresses available in range set: ${set}`);
    });
  }
});

describe('requested IPs (allocator_test.go, config_test.go)', () => {
  const net = [[{ subnet: '192.168.1.0/29' }]];

  test('allocates the requested IP', async () => {
    assert.equal(await addOnce({ ranges: net, requested: '192.168.1.5' }), '192.168.1.5');
  });

  test('fails when the requested IP is allocated, even to the same container', async () => {
    assert.equal(await addError({ ranges: net, requested: '192.168.1.5', taken: ['192.168.1.5'] }),
      'failed to allocate for range 0: requested IP address 192.168.1.5 is not available in range set 192.168.1.1-192.168.1.6');
  });

  test('CNI_ARGS IP with and without prefix, v4-mapped form canonicalised', async () => {
    for (const [cniArgs, want] of [['IP=10.1.2.10', '10.1.2.10'], ['IP=10.1.2.11/24', '10.1.2.11'], ['IgnoreUnknown=1;K8S_POD_NAME=x;IP=::ffff:10.1.2.12', '10.1.2.12'], ['IP=', '10.1.2.2']]) {
      const { conf } = prepare({ ranges: [[{ subnet: '10.1.2.0/24' }]] });
      const out = cniResult(await runInProcess({ command: 'ADD', config: conf, cniArgs }));
      assert.equal(addressesOf(out)[0].address, `${want}/24`, cniArgs);
    }
  });

  test('requested IPs are taken from CNI_ARGS, then args.cni.ips, then runtimeConfig.ips', async () => {
    const dataDir = join(tmp.dataDir, `d${seq++}`);
    const conf = netConf(dataDir, { ranges: [[{ subnet: '10.1.2.0/24' }], [{ subnet: '10.1.3.0/24' }], [{ subnet: 'fd00::/64' }]] }, {
      top: { args: { cni: { ips: ['10.1.2.20/24', '10.1.3.30'] } }, runtimeConfig: { IPS: ['fd00::40/64', '10.1.2.50'] } },
    });
    // CNI_ARGS's 10.1.2.10 claims set 0 first; 10.1.2.20 and 10.1.2.50 are left over.
    const err = cniError(await runInProcess({ command: 'ADD', config: conf, cniArgs: 'IP=10.1.2.10' }));
    assert.equal(err.msg, 'failed to allocate all requested IPs: 10.1.2.20 10.1.2.50');
    const ok = cniResult(await runInProcess({ command: 'ADD', config: { ...conf, runtimeConfig: { ips: ['fd00::40/64'] } } }));
    assert.deepEqual(addressesOf(ok).map((a) => a.address), ['10.1.2.20/24', '10.1.3.30/24', 'fd00::40/64']);
  });

  test('the same requested IP given twice is one request', async () => {
    assert.equal(await addOnce({ ranges: [[{ subnet: '10.1.2.0/24' }]], requested: '10.1.2.9' }), '10.1.2.9');
    const { conf } = prepare({ ranges: [[{ subnet: '10.1.2.0/24' }]] });
    const out = cniResult(await runInProcess({ command: 'ADD', config: { ...conf, args: { cni: { ips: ['10.1.2.9', '10.1.2.9/24'] } } } }));
    assert.equal(addressesOf(out)[0].address, '10.1.2.9/24');
  });
});

describe('range defaults (range_test.go), seen in the range set a message names', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['IPv4 /24', { subnet: '10.1.2.0/24' }, '10.1.2.9', '10.1.2.1-10.1.2.254'],
    ['IPv4 /25', { subnet: '10.1.2.0/25' }, '10.1.2.9', '10.1.2.1-10.1.2.126'],
    ['IPv6 /64: no broadcast', { subnet: '2001:db8:1::/64' }, '2001:db8:1::9', '2001:db8:1::1-2001:db8:1:0:ffff:ffff:ffff:ffff'],
    ['all fields', { subnet: '10.1.2.0/24', rangeStart: '10.1.2.9', rangeEnd: '10.1.2.99', gateway: '10.1.2.254' }, '10.1.2.9', '10.1.2.9-10.1.2.99'],
  ];
  for (const [name, range, taken, set] of cases) {
    test(name, async () => {
      assert.equal(await addError({ ranges: [[range]], taken: [taken], requested: taken }),
        `failed to allocate for range 0: requested IP address ${taken} is not available in range set ${set}`);
    });
  }

  test('an explicit start at the network address and end at the broadcast are allocatable', async () => {
    const { dataDir, conf } = prepare({ ranges: [[{ subnet: '10.9.5.0/30', rangeStart: '10.9.5.0', rangeEnd: '10.9.5.3' }]] });
    for (const id of ['a', 'b', 'c']) cniResult(await runInProcess({ command: 'ADD', config: conf, containerId: id }));
    assert.deepEqual(Object.keys(reservations(dataDir, 'mynet')).sort(), ['10.9.5.0', '10.9.5.2', '10.9.5.3']);
  });

  test('legacy subnet with the 2015 hyphenated range-start/range-end', async () => {
    const dataDir = join(tmp.dataDir, `d${seq++}`);
    const conf = netConf(dataDir, { subnet: '3ffe:ffff:0:01ff::/64', 'range-start': '3ffe:ffff:0:01ff::0010', 'range-end': '3ffe:ffff:0:01ff::0020', routes: [{ dst: '3ffe:ffff:0:01ff::1/64' }] });
    const out = cniResult(await runInProcess({ command: 'ADD', config: conf }));
    assert.deepEqual(out.ips, [{ address: '3ffe:ffff:0:1ff::10/64', gateway: '3ffe:ffff:0:1ff::1' }]);
    assert.deepEqual(out.routes, [{ dst: '3ffe:ffff:0:1ff::1/64' }]);
    assert.deepEqual(networkFiles(dataDir, 'mynet'), { '3ffe:ffff:0:1ff::10': 'dummy\r\neth0', 'last_reserved_ip.0': '3ffe:ffff:0:1ff::10' });
  });
});
