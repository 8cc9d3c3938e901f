// The reference bridge test categories (reference-plugins.md 5.2) against our plugin, each in
// namespaces of its own (see harness.ts): L3 v4/v6/dual-stack for every spec version, L2,
// CHECK after ADD, DEL without ADD, DEL after the netns is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addrsOf, inNs, ipamFiles, link, links, ourPlugin, sh, withLab } from './harness.js';
import { NET, assertAttached, assertDetached, bridgeConf, defaultRoutes, fails, hostLocal, ok } from './fixtures.js';

const bridge = ourPlugin('bridge');
const VERSIONS = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'];

const layouts: [string, string[], string[]][] = [
  ['IPv4', ['192.0.2.0/24'], ['4 via 192.0.2.1']],
  ['IPv6', ['fd00:10::/64'], ['6 via fd00:10::1']],
  ['dual-stack', ['198.51.100.0/24', 'fd00:11::/64'], ['4 via 198.51.100.1', '6 via fd00:11::1']],
];

for (const [label, subnets, defaults] of layouts) {
  test(`L3 ${label}: ADD with isDefaultGateway and mtu, then DEL, in every spec version`, async () => {
    await withLab(1, async (lab) => {
      for (const version of VERSIONS) {
        const conf = bridgeConf({ cniVersion: version, isDefaultGateway: true, mtu: 1400 }, hostLocal(lab, ...subnets));
        const add = lab.exec(bridge, 'ADD', conf);
        const legacy = version === '0.1.0' || version === '0.2.0';
        const res = ok(add, `ADD ${version}`);
        assert.equal(res.cniVersion, version);
        if (legacy) {
          assert.ok(res.ip4 || res.ip6);
        } else {
          assertAttached(lab, res);
          const br = link(lab.host, 'bridge0')!;
          assert.equal(br.mtu, 1400);
          for (const s of subnets) {
            const gw = s.replace(/0\/24$|:\/64$/, (m) => (m === '0/24' ? '1/24' : ':1/64'));
            assert.ok([...addrsOf(br, 'inet'), ...addrsOf(br, 'inet6')].includes(gw), `${gw} on bridge`);
          }
          assert.notEqual(br.address, res.interfaces[1].mac, 'bridge MAC pinned, not following the port');
          assert.equal(link(lab.host, res.interfaces[1].name)!.mtu, 1400);
          assert.equal(link(lab.containers[0], 'eth0')!.mtu, 1400);
          assert.deepEqual(defaultRoutes(lab.containers[0]), defaults);
          assert.equal(inNs(lab.containers[0], 'cat', '/proc/sys/net/ipv4/conf/eth0/arp_notify').trim(), '1');
        }
        ok(lab.exec(bridge, 'DEL', conf), `DEL ${version}`);
        assert.equal(link(lab.containers[0], 'eth0'), undefined);
        assert.deepEqual(ipamFiles(lab, NET).filter((f) => !f.startsWith('last_reserved')), []);
      }
    });
  });
}

test('L3 with three subnets is refused for 0.2.0 on ADD', async () => {
  await withLab(1, async (lab) => {
    const conf = bridgeConf({ cniVersion: '0.2.0', isGateway: true }, hostLocal(lab, '203.0.113.0/24', 'fd00:12::/64', 'fd00:13::/64'));
    fails(lab.exec(bridge, 'ADD', conf), 'CNI version 0.2.0 does not support more than 1 address per family');
    assert.equal(link(lab.containers[0], 'eth0'), undefined, 'the failed ADD was undone');
  });
});

test('L2: "ipam": {} attaches without addresses; the bridge MAC follows the port', async () => {
  await withLab(1, async (lab) => {
    const conf = bridgeConf();
    const res = ok(lab.exec(bridge, 'ADD', conf));
    assert.deepEqual(Object.keys(res).sort(), ['cniVersion', 'interfaces']);
    assertAttached(lab, res);
    assert.equal(addrsOf(link(lab.host, 'bridge0'), 'inet').length, 0);
    assert.ok(link(lab.containers[0], 'eth0')!.flags.includes('UP'));
    ok(lab.exec(bridge, 'CHECK', { ...conf, prevResult: res }), 'CHECK in L2 mode');
    fails(lab.exec(bridge, 'ADD', { ...conf, cniVersion: '0.2.0' }, { ifname: 'eth1' }), 'cannot convert: no valid IP addresses');
    ok(lab.exec(bridge, 'DEL', conf));
    assertDetached(lab, res);
  });
});

test('disableContainerInterface leaves the container end down, and refuses IPAM', async () => {
  await withLab(1, async (lab) => {
    const conf = bridgeConf({ disableContainerInterface: true });
    const res = ok(lab.exec(bridge, 'ADD', conf));
    assert.ok(!link(lab.containers[0], 'eth0')!.flags.includes('UP'));
    ok(lab.exec(bridge, 'DEL', conf));
    assertDetached(lab, res);
    fails(lab.exec(bridge, 'ADD', bridgeConf({ disableContainerInterface: true }, hostLocal(lab, '192.0.2.0/24'))),
      'cannot use IPAM when DisableContainerInterface flag is set');
  });
});

test('CHECK after ADD passes, and fails once the container address is gone', async () => {
  await withLab(1, async (lab) => {
    const conf = bridgeConf({ isDefaultGateway: true }, hostLocal(lab, '192.0.2.0/24', 'fd00:14::/64'));
    const res = ok(lab.exec(bridge, 'ADD', conf));
    ok(lab.exec(bridge, 'CHECK', { ...conf, prevResult: res }));
    fails(lab.exec(bridge, 'CHECK', conf), 'Required prevResult missing');
    inNs(lab.containers[0], 'ip', 'addr', 'del', res.ips[0].address, 'dev', 'eth0');
    fails(lab.exec(bridge, 'CHECK', { ...conf, prevResult: res }), `Failed to match addr ${res.ips[0].address} on interface eth0`);
    inNs(lab.containers[0], 'ip', 'link', 'del', 'eth0');
    fails(lab.exec(bridge, 'CHECK', { ...conf, prevResult: res }), 'Interface name eth0 not found');
    ok(lab.exec(bridge, 'DEL', conf));
  });
});

test('DEL with no prior ADD succeeds, also twice and with an empty CNI_NETNS', async () => {
  await withLab(1, async (lab) => {
    const conf = bridgeConf({ ipMasq: true }, hostLocal(lab, '192.0.2.0/24'));
    ok(lab.exec(bridge, 'DEL', conf));
    ok(lab.exec(bridge, 'DEL', conf));
    ok(lab.exec(bridge, 'DEL', conf, { netns: '' }));
    assert.equal(link(lab.host, 'bridge0'), undefined, 'DEL creates nothing');
  });
});

test('DEL after the netns is gone releases the IP and removes the host veth with it', async () => {
  await withLab(1, async (lab) => {
    const conf = bridgeConf({ isGateway: true }, hostLocal(lab, '192.0.2.0/24'));
    const res = ok(lab.exec(bridge, 'ADD', conf));
    assert.equal(ipamFiles(lab, NET).includes(res.ips[0].address.split('/')[0]), true);
    sh('ip', ['netns', 'del', lab.containers[0]]);
    ok(lab.exec(bridge, 'DEL', conf));
    assert.equal(link(lab.host, res.interfaces[1].name), undefined);
    assert.equal(ipamFiles(lab, NET).includes(res.ips[0].address.split('/')[0]), false);
  });
});

test('STATUS asks the IPAM plugin (L3) or just succeeds (L2); GC succeeds', async () => {
  await withLab(1, async (lab) => {
    ok(lab.exec(bridge, 'STATUS', bridgeConf({}, hostLocal(lab, '192.0.2.0/24'))));
    ok(lab.exec(bridge, 'STATUS', bridgeConf()));
    ok(lab.exec(bridge, 'GC', bridgeConf({}, hostLocal(lab, '192.0.2.0/24'))));
    fails(lab.exec(bridge, 'STATUS', bridgeConf({}, { type: 'no-such-ipam' })), /^failed to find plugin "no-such-ipam" in path/);
  });
});

test('under a bare nsenter (sysfs of another namespace) the bridge is looked up through iproute2', async () => {
  await withLab(1, async (lab) => {
    fails(lab.exec(bridge, 'ADD', bridgeConf({ bridge: 'lo' }), { nsenter: true }),
      'failed to create bridge "lo": "lo" already exists but is not a bridge');
    const conf = bridgeConf({ isGateway: true }, hostLocal(lab, '192.0.2.0/24'));
    const first = ok(lab.exec(bridge, 'ADD', conf, { nsenter: true }));
    assertAttached(lab, first);
    const pinned = link(lab.host, 'bridge0')!.address;
    const second = ok(lab.exec(bridge, 'ADD', conf, { nsenter: true, ifname: 'eth1', containerId: 'ctr2' }));
    assert.equal(second.interfaces[0].mac, pinned, 'the existing bridge keeps its pinned MAC');
    ok(lab.exec(bridge, 'DEL', conf, { nsenter: true }));
    ok(lab.exec(bridge, 'DEL', conf, { nsenter: true, ifname: 'eth1', containerId: 'ctr2', netns: '' }));
    assertDetached(lab, second, 'eth1');
  });
});

test('concurrent ADDs onto a bridge that does not exist yet all succeed, and DELs clean up', async () => {
  await withLab(4, async (lab) => {
    const conf = bridgeConf({ isGateway: true }, hostLocal(lab, '198.51.100.0/24', 'fd00:15::/64'));
    const opts = (i: number) => ({ containerId: `par${i}`, netns: lab.nsPath(lab.containers[i]) });
    const adds = await Promise.all(lab.containers.map((_, i) => lab.execAsync(bridge, 'ADD', conf, opts(i))));
    // Each result's bridge MAC is the bridge's MAC now: racing ADDs did not change it.
    adds.forEach((r, i) => assertAttached(lab, ok(r, `ADD ${i}`), { container: lab.containers[i] }));
    assert.deepEqual(addrsOf(link(lab.host, 'bridge0'), 'inet'), ['198.51.100.1/24']);
    const dels = await Promise.all(lab.containers.map((_, i) => lab.execAsync(bridge, 'DEL', conf, opts(i))));
    dels.forEach((r, i) => ok(r, `DEL ${i}`));
    assert.equal(links(lab.host).filter((l) => l.ifname.startsWith('veth')).length, 0);
  });
});
