// Config reading: the reference's messages for every config it rejects (the table is checked
// against the reference binaries in differential.test.ts), Go's case-insensitive keys, the order
// range sets are assembled in, and schema messages where the reference has none of its own.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ERROR_CASES } from './support/cases.js';
import { addressesOf, netConf } from './support/conf.js';
import { networkFiles, snapshot, tempDataDir } from './support/dirs.js';
import { cniError, cniResult, runInProcess } from './support/run.js';

const tmp = tempDataDir('hl-config');
after(tmp.remove);
let seq = 0;
const fresh = () => join(tmp.dataDir, `d${seq++}`);

describe('rejected configs: the reference message, code 999, nothing written', () => {
  for (const c of ERROR_CASES) {
    test(c.name, async () => {
      const dataDir = fresh();
      const config = netConf(dataDir, c.ipam, { version: c.cniVersion, top: c.top });
      const before = snapshot(tmp.dataDir);
      const err = cniError(await runInProcess({ command: c.command ?? 'ADD', config, cniArgs: c.cniArgs }));
      assert.deepEqual(err, { code: 999, msg: c.msg });
      // Not even the network directory is created (the reference creates it).
      assert.deepEqual(snapshot(tmp.dataDir), before);
    });
  }
});

describe('keys are matched like Go does: case-insensitively, last one wins', () => {
  test('PascalCase and upper-case keys at every level', async () => {
    const dataDir = fresh();
    const config = {
      CNIVERSION: '1.0.0',
      Name: 'mynet',
      IPAM: { Type: 'host-local', DATADIR: dataDir, Ranges: [[{ SUBNET: '10.9.1.0/24', RangeStart: '10.9.1.9', GateWay: '10.9.1.254' }]], ROUTES: [{ DST: '0.0.0.0/0', GW: '10.9.1.254' }] },
      RuntimeConfig: { IPRanges: [[{ Subnet: '10.9.2.0/24' }]] },
    };
    const out = cniResult(await runInProcess({ command: 'ADD', config }));
    assert.deepEqual(out.ips, [
      { address: '10.9.2.2/24', gateway: '10.9.2.1' },
      { address: '10.9.1.9/24', gateway: '10.9.1.254' },
    ]);
    assert.deepEqual(out.routes, [{ dst: '0.0.0.0/0', gw: '10.9.1.254' }]);
  });

  test('the last of two spellings wins', async () => {
    const dataDir = fresh();
    const config = netConf(dataDir, { subnet: '10.9.1.0/24', Subnet: '10.9.7.0/24' });
    assert.deepEqual(addressesOf(cniResult(await runInProcess({ command: 'ADD', config }))), [{ address: '10.9.7.2/24', gateway: '10.9.7.1' }]);
  });
});

describe('assembly order decides last_reserved_ip.N', () => {
  test('runtimeConfig.ipRanges, then the legacy subnet, then ranges', async () => {
    const dataDir = fresh();
    const config = netConf(dataDir, { subnet: '10.2.0.0/24', ranges: [[{ subnet: '10.3.0.0/24' }]] },
      { top: { runtimeConfig: { ipRanges: [[{ subnet: '10.1.0.0/24' }]] } } });
    const out = cniResult(await runInProcess({ command: 'ADD', config }));
    assert.deepEqual(out.ips.map((ip: { address: string }) => ip.address), ['10.1.0.2/24', '10.2.0.2/24', '10.3.0.2/24']);
    assert.deepEqual(networkFiles(dataDir, 'mynet'), {
      '10.1.0.2': 'dummy\r\neth0', '10.2.0.2': 'dummy\r\neth0', '10.3.0.2': 'dummy\r\neth0',
      'last_reserved_ip.0': '10.1.0.2', 'last_reserved_ip.1': '10.2.0.2', 'last_reserved_ip.2': '10.3.0.2',
    });
  });

  test('one v4 and one v6 set are fine in 0.2.0', async () => {
    const config = netConf(fresh(), { ranges: [[{ subnet: '10.1.0.0/24' }], [{ subnet: 'fd00::/64' }]] }, { version: '0.2.0' });
    const out = cniResult(await runInProcess({ command: 'ADD', config }));
    assert.deepEqual([out.ip4.ip, out.ip6.ip], ['10.1.0.2/24', 'fd00::2/64']);
  });
});

describe('routes are passed through as Go prints them', () => {
  test('host bits kept, IPv6 compressed, v4-mapped printed as IPv4, extra fields of the latest reference', async () => {
    const routes = [
      { dst: '10.0.0.1/8', gw: '::ffff:1.2.3.4', mtu: 1400, advmss: 5, priority: 4, table: 0, scope: 253 },
      { dst: '2001:DB8:0:0::/64', mtu: 0, priority: 0 },
      { dst: '::ffff:10.0.0.1/104' },
      { gw: '1.2.3.4' },
    ];
    const out = cniResult(await runInProcess({ command: 'ADD', config: netConf(fresh(), { subnet: '10.1.0.0/24', routes }) }));
    assert.deepEqual(out.routes, [
      { advmss: 5, dst: '10.0.0.1/8', gw: '1.2.3.4', mtu: 1400, priority: 4, scope: 253, table: 0 },
      { dst: '2001:db8::/64' },
      { dst: '10.0.0.1/8' },
      { dst: '<nil>', gw: '1.2.3.4' },
    ]);
  });
});

describe('values of the wrong type: a message naming the field and the value', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['subnet is a number', { ranges: [[{ subnet: 5 }]] }, /ipam\.ranges\[0\]\[0\]\.subnet.*5/],
    ['ranges is an object', { ranges: { subnet: '10.0.0.0/24' } }, /ipam\.ranges/],
    ['resolvConf is a list', { subnet: '10.0.0.0/24', resolvConf: ['x'] }, /ipam\.resolvConf/],
    ['a route mtu is a string', { subnet: '10.0.0.0/24', routes: [{ dst: '0.0.0.0/0', mtu: '1500' }] }, /ipam\.routes\[0\]\.mtu.*1500/],
  ];
  for (const [name, ipam, pattern] of cases) {
    test(name, async () => {
      const config = netConf(fresh(), {}, { top: {} });
      Object.assign(config.ipam as object, ipam);
      const err = cniError(await runInProcess({ command: 'ADD', config }));
      assert.match(err.msg, pattern);
    });
  }

  test('a null requested IP is an empty one: a coded error where the reference crashes', async () => {
    const config = netConf(fresh(), { subnet: '10.0.0.0/24' }, { top: { args: { cni: { ips: [null] } } } });
    assert.deepEqual(cniError(await runInProcess({ command: 'ADD', config })), { code: 999, msg: 'cannot understand ip: IP <nil> not v4 nor v6' });
  });
});
