// loopback in a test namespace, side by side with the reference for every spec version:
// ADD brings lo up and reports its addresses (or passes prevResult through), DEL brings it
// down, CHECK fails while it is down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REF_LATEST, link, ourPlugin, withLab } from '../bridge/harness.js';

const loopback = ourPlugin('loopback');
const conf = (cniVersion: string, extra: object = {}) => ({ cniVersion, name: `lo${process.pid}`, type: 'loopback', ...extra });

for (const version of ['0.3.1', '0.4.0', '1.0.0', '1.1.0']) {
  test(`[${version}] ADD sets lo UP and returns its addresses like the reference; DEL sets it DOWN`, async () => {
    await withLab(1, async (lab) => {
      const ns = lab.containers[0];
      const ours = lab.exec(loopback, 'ADD', conf(version), { args: 'none' });
      assert.equal(ours.code, 0, ours.stdout);
      assert.ok(link(ns, 'lo')!.flags.includes('UP'));
      assert.deepEqual(ours.json.interfaces, [{ mac: '00:00:00:00:00:00', name: 'lo', sandbox: lab.nsPath(ns) }]);
      assert.deepEqual(ours.json.ips.map((ip: any) => ip.address), ['127.0.0.1/8', '::1/128']);
      if (version >= '1.0.0') {
        const ref = lab.exec(`${REF_LATEST}/loopback`, 'ADD', conf(version), { args: 'none' });
        assert.equal(ours.stdout, ref.stdout);
      }
      if (version >= '0.4.0') assert.equal(lab.exec(loopback, 'CHECK', conf(version)).code, 0);
      assert.equal(lab.exec(loopback, 'DEL', conf(version)).code, 0);
      assert.ok(!link(ns, 'lo')!.flags.includes('UP'));
      if (version >= '0.4.0') {
        const down = lab.exec(loopback, 'CHECK', conf(version));
        assert.deepEqual(down.json, { code: 999, msg: 'loopback interface is down' });
      }
    });
  });
}

test('ADD with a prevResult passes it through unchanged', async () => {
  await withLab(1, async (lab) => {
    const prevResult = { cniVersion: '1.0.0', interfaces: [{ name: 'eth0', sandbox: lab.nsPath(lab.containers[0]) }], ips: [{ address: '192.0.2.5/24', interface: 0 }] };
    const ours = lab.exec(loopback, 'ADD', conf('1.0.0', { prevResult }));
    const ref = lab.exec(`${REF_LATEST}/loopback`, 'ADD', conf('1.0.0', { prevResult }));
    assert.equal(ours.code, 0, ours.stdout);
    assert.equal(ours.stdout, ref.stdout);
    assert.deepEqual(ours.json.ips, [{ address: '192.0.2.5/24', interface: 0 }]);
  });
});

test('DEL with an empty or vanished netns succeeds; ADD into a missing netns fails like the reference', async () => {
  await withLab(1, async (lab) => {
    assert.equal(lab.exec(loopback, 'DEL', conf('1.0.0'), { netns: '' }).code, 0);
    assert.equal(lab.exec(loopback, 'DEL', conf('1.0.0'), { netns: '/var/run/netns/absent-lo-test' }).code, 0);
    const ours = lab.exec(loopback, 'ADD', conf('1.0.0'), { netns: '/var/run/netns/absent-lo-test' });
    const ref = lab.exec(`${REF_LATEST}/loopback`, 'ADD', conf('1.0.0'), { netns: '/var/run/netns/absent-lo-test' });
    assert.equal(ours.code, 1);
    assert.deepEqual(ours.json, ref.json);
  });
});
