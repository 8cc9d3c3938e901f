// The reference's "host-local Operations" cases (reference-plugins.md 5.1), for every spec version,
// run in-process through the same dispatch the executable uses.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addressesOf, isLegacyVersion, netConf, VERSIONS } from './support/conf.js';
import { networkFiles, reservations, tempDataDir, writeReservation } from './support/dirs.js';
import { cniError, cniResult, runInProcess, type Request } from './support/run.js';

const tmp = tempDataDir('hl-ops');
after(tmp.remove);
let seq = 0;
const fresh = () => join(tmp.dataDir, `d${seq++}`);

const resolvConf = join(tmp.dataDir, 'resolv.conf');
writeFileSync(resolvConf, 'nameserver 192.0.2.53\nsearch example.com\ndomain example.com\noptions ndots:2\n');

const routes = [
  { dst: '0.0.0.0/0' },
  { dst: '::/0' },
  { dst: '192.168.0.0/16', gw: '1.1.1.1' },
  { dst: '2001:db8:2::0/64', gw: '2001:db8:3::1' },
];

const run = (config: unknown, command: string, more: Partial<Request> = {}) => runInProcess({ command, config, ...more });

for (const version of VERSIONS) {
  describe(`[${version}] host-local operations`, () => {
    const multiV4Allowed = !isLegacyVersion(version);

    test('allocates and releases addresses with ADD/DEL', async () => {
      const dataDir = fresh();
      const conf = netConf(dataDir, {
        ranges: [[{ subnet: '10.1.2.0/24' }, { subnet: '10.2.2.0/24' }], [{ subnet: '2001:db8:1::/64' }]],
        routes,
        resolvConf,
      }, { version });
      const out = await run(conf, 'ADD');
      const result = cniResult(out);
      assert.deepEqual(addressesOf(result), [
        { address: '10.1.2.2/24', gateway: '10.1.2.1' },
        { address: '2001:db8:1::2/64', gateway: '2001:db8:1::1' },
      ]);
      assert.equal(out.stdout.includes('"version":'), ['0.3.0', '0.3.1', '0.4.0'].includes(version));
      if (!isLegacyVersion(version)) {
        assert.deepEqual(result.routes, [
          { dst: '0.0.0.0/0' },
          { dst: '::/0' },
          { dst: '192.168.0.0/16', gw: '1.1.1.1' },
          { dst: '2001:db8:2::/64', gw: '2001:db8:3::1' },
        ]);
      }
      assert.deepEqual(result.dns, { nameservers: ['192.0.2.53'], domain: 'example.com', search: ['example.com'], options: ['ndots:2'] });
      assert.deepEqual(networkFiles(dataDir, 'mynet'), {
        '10.1.2.2': 'dummy\r\neth0',
        '2001:db8:1::2': 'dummy\r\neth0',
        'last_reserved_ip.0': '10.1.2.2',
        'last_reserved_ip.1': '2001:db8:1::2',
      });
      assert.equal((await run(conf, 'DEL')).code, 0);
      assert.deepEqual(reservations(dataDir, 'mynet'), {});
    });

    test('allocates and releases addresses on specific interface with ADD/DEL', async () => {
      const dataDir = fresh();
      const conf0 = netConf(dataDir, { ranges: [[{ subnet: '10.1.2.0/24' }]] }, { version, name: 'mynet0' });
      const conf1 = netConf(dataDir, { ranges: [[{ subnet: '10.2.3.0/24' }]] }, { version, name: 'mynet1' });
      assert.deepEqual(addressesOf(cniResult(await run(conf0, 'ADD', { ifname: 'eth0' }))), [{ address: '10.1.2.2/24', gateway: '10.1.2.1' }]);
      assert.deepEqual(addressesOf(cniResult(await run(conf1, 'ADD', { ifname: 'eth1' }))), [{ address: '10.2.3.2/24', gateway: '10.2.3.1' }]);
      assert.deepEqual(reservations(dataDir, 'mynet0'), { '10.1.2.2': 'dummy\r\neth0' });
      assert.deepEqual(reservations(dataDir, 'mynet1'), { '10.2.3.2': 'dummy\r\neth1' });
      assert.equal((await run(conf0, 'DEL', { ifname: 'eth0' })).code, 0);
      assert.deepEqual(reservations(dataDir, 'mynet0'), {});
      assert.deepEqual(reservations(dataDir, 'mynet1'), { '10.2.3.2': 'dummy\r\neth1' });
      assert.equal((await run(conf1, 'DEL', { ifname: 'eth1' })).code, 0);
      assert.deepEqual(reservations(dataDir, 'mynet1'), {});
    });

    test('repeat allocating addresses on specific interface for same container ID with ADD', async () => {
      const dataDir = fresh();
      const conf = netConf(dataDir, { ranges: [[{ subnet: '10.1.2.0/24' }]] }, { version });
      cniResult(await run(conf, 'ADD', { containerId: 'dummy' }));
      assert.equal(cniError(await run(conf, 'ADD', { containerId: 'dummy' })).msg,
        'failed to allocate for range 0: 10.1.2.2 has been allocated to dummy, duplicate allocation is not allowed');
      assert.deepEqual(addressesOf(cniResult(await run(conf, 'ADD', { containerId: 'other' }))), [{ address: '10.1.2.3/24', gateway: '10.1.2.1' }]);
      assert.equal(cniError(await run(conf, 'ADD', { containerId: 'dummy' })).code, 999);
    });

    test('verify DEL works on backwards compatible allocate', async () => {
      const dataDir = fresh();
      const conf = netConf(dataDir, { ranges: [[{ subnet: '10.1.2.0/24' }]] }, { version });
      cniResult(await run(conf, 'ADD'));
      writeReservation(dataDir, 'mynet', '10.1.2.2', 'dummy');
      assert.equal((await run(conf, 'DEL')).code, 0);
      assert.deepEqual(reservations(dataDir, 'mynet'), {});
    });

    test("doesn't error when passed an unknown ID on DEL", async () => {
      const conf = netConf(fresh(), { subnet: '10.1.2.0/24' }, { version });
      const out = await run(conf, 'DEL', { containerId: 'unknown' });
      assert.deepEqual([out.code, out.stdout], [0, '']);
    });

    test('ignores whitespace in disk files', async () => {
      const dataDir = fresh();
      const conf = netConf(dataDir, { ranges: [[{ subnet: '10.1.2.0/24' }]] }, { version });
      // The container ID must pass skel's validation, so the whitespace comes from the file side.
      cniResult(await run(conf, 'ADD'));
      writeReservation(dataDir, 'mynet', '10.1.2.2', '   dummy\r\neth0\n ');
      assert.equal((await run(conf, 'DEL')).code, 0);
      assert.deepEqual(reservations(dataDir, 'mynet'), {});
    });

    test('does not output an error message upon initial subnet creation', async () => {
      const out = await run(netConf(fresh(), { subnet: '10.1.2.0/24' }, { version }), 'ADD');
      assert.equal(out.code, 0);
      assert.doesNotMatch(out.stdout + out.stderr, /Error retrieving last reserved ip/);
    });

    test('allocates a custom IP when requested by config args', async () => {
      const dataDir = fresh();
      const conf = netConf(dataDir, { ranges: [[{ subnet: '10.1.2.0/24' }]] }, { version, top: { args: { cni: { ips: ['10.1.2.88'] } } } });
      assert.deepEqual(addressesOf(cniResult(await run(conf, 'ADD'))), [{ address: '10.1.2.88/24', gateway: '10.1.2.1' }]);
      assert.deepEqual(reservations(dataDir, 'mynet'), { '10.1.2.88': 'dummy\r\neth0' });
    });

    test('allocates custom IPs from multiple ranges', async () => {
      const dataDir = fresh();
      const conf = netConf(dataDir, { ranges: [[{ subnet: '10.1.2.0/24' }], [{ subnet: '10.1.3.0/24' }]] },
        { version, top: { args: { cni: { ips: ['10.1.2.88', '10.1.3.77'] } } } });
      const out = await run(conf, 'ADD');
      if (!multiV4Allowed) {
        assert.equal(cniError(out).msg, `CNI version ${version} does not support more than 1 address per family`);
        return;
      }
      assert.deepEqual(addressesOf(cniResult(out)), [
        { address: '10.1.2.88/24', gateway: '10.1.2.1' },
        { address: '10.1.3.77/24', gateway: '10.1.3.1' },
      ]);
    });

    test('allocates custom IPs from multiple protocols', async () => {
      const dataDir = fresh();
      const conf = netConf(dataDir, { ranges: [[{ subnet: '172.16.1.0/24' }, { subnet: '10.1.2.0/24' }], [{ subnet: '2001:db8:1::/48' }]] },
        { version, top: { args: { cni: { ips: ['10.1.2.88', '2001:db8:1::999'] } } } });
      assert.deepEqual(addressesOf(cniResult(await run(conf, 'ADD'))), [
        { address: '10.1.2.88/24', gateway: '10.1.2.1' },
        { address: '2001:db8:1::999/48', gateway: '2001:db8:1::1' },
      ]);
    });

    test('fails if a requested custom IP is not used', async () => {
      const dataDir = fresh();
      const conf = netConf(dataDir, { ranges: [[{ subnet: '10.1.2.0/24' }], [{ subnet: '10.1.3.0/24' }]] },
        { version, top: { args: { cni: { ips: ['10.1.2.88', '10.1.2.77'] } } } });
      const err = cniError(await run(conf, 'ADD'));
      if (!multiV4Allowed) assert.equal(err.msg, `CNI version ${version} does not support more than 1 address per family`);
      else assert.equal(err.msg, 'failed to allocate all requested IPs: 10.1.2.77');
      // Nothing was written, not even the round-robin pointer (the reference leaves that moved).
      assert.deepEqual(networkFiles(dataDir, 'mynet'), {});
    });
  });
}
