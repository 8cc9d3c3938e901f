// Per-option behaviour of our bridge plugin (reference-plugins.md 5.2): MAC sources, bridge
// addresses (ensureAddr), promisc, hairpin, port isolation, spoof check, VLANs, DAD, and the
// two reference bugs fixed here (gw-less IPAM default route; veth left after a failed ADD).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REF_LATEST, addrsOf, inNs, ipamFiles, json, link, links, ourPlugin, sh, withLab } from './harness.js';
import { NET, assertAttached, assertDetached, bridgeConf, defaultRoutes, fails, hostLocal, ok } from './fixtures.js';

const bridge = ourPlugin('bridge');
const refBridge = `${REF_LATEST}/bridge`;

test('container MAC: runtimeConfig.mac > args.cni.mac > CNI_ARGS MAC=', async () => {
  await withLab(1, async (lab) => {
    const m1 = '0a:58:0a:00:00:01';
    const m2 = '0a:58:0a:00:00:02';
    const m3 = '0a:58:0a:00:00:03';
    const cases: [Record<string, unknown>, string | undefined, string][] = [
      [{}, `IgnoreUnknown=1;MAC=${m3}`, m3],
      [{ args: { cni: { mac: m2 } } }, `MAC=${m3}`, m2],
      [{ runtimeConfig: { mac: m1 }, args: { cni: { mac: m2 } } }, `MAC=${m3}`, m1],
      [{ runtimeConfig: { mac: '0A-58-0A-00-00-04' } }, undefined, '0a:58:0a:00:00:04'],
    ];
    for (const [over, args, want] of cases) {
      const conf = bridgeConf(over);
      const res = ok(lab.exec(bridge, 'ADD', conf, { args }));
      assert.equal(res.interfaces[2].mac, want);
      assert.equal(link(lab.containers[0], 'eth0')!.address, want);
      ok(lab.exec(bridge, 'DEL', conf, { args }));
    }
  });
});

test('ensure bridge address: one IPv4 gateway per bridge unless forceAddress; IPv6 only conflicts when overlapping', async () => {
  await withLab(2, async (lab) => {
    const [c1, c2] = lab.containers;
    const first = bridgeConf({ isGateway: true }, hostLocal(lab, '192.0.2.0/24', 'fd00:20::/64'));
    ok(lab.exec(bridge, 'ADD', first, { netns: lab.nsPath(c1) }));
    const other = { ...bridgeConf({ isGateway: true }, hostLocal(lab, '198.51.100.0/24')), name: `${NET}b` };
    const refused = lab.exec(bridge, 'ADD', other, { netns: lab.nsPath(c2), containerId: 'ctr2' });
    fails(refused, 'failed to set bridge addr: "bridge0" already has an IP address different from 198.51.100.1/24');
    assert.equal(link(c2, 'eth0'), undefined, 'the failed ADD removed its veth');
    assert.deepEqual(ipamFiles(lab, `${NET}b`).filter((f) => !f.startsWith('last_')), [], 'and released its IP');
    const forced = ok(lab.exec(bridge, 'ADD', { ...other, forceAddress: true }, { netns: lab.nsPath(c2), containerId: 'ctr2' }));
    assertAttached(lab, forced, { container: c2 });
    const br = link(lab.host, 'bridge0');
    assert.deepEqual(addrsOf(br, 'inet'), ['198.51.100.1/24']);
    const v6 = { ...bridgeConf({ isGateway: true }, hostLocal(lab, 'fd00:21::/64')), name: `${NET}c` };
    ok(lab.exec(bridge, 'ADD', v6, { netns: lab.nsPath(c2), containerId: 'ctr3', ifname: 'eth1' }));
    const global6 = addrsOf(link(lab.host, 'bridge0'), 'inet6').filter((a) => a.startsWith('fd00'));
    assert.deepEqual(global6.sort(), ['fd00:20::1/64', 'fd00:21::1/64']);
    const overlapping = { ...bridgeConf({ isGateway: true }, hostLocal(lab, 'fd00:20::/48')), name: `${NET}d` };
    fails(lab.exec(bridge, 'ADD', overlapping, { netns: lab.nsPath(c2), containerId: 'ctr4', ifname: 'eth2' }),
      'failed to set bridge addr: "bridge0" already has an IP address different from fd00:20::1/48');
  });
});

test('promiscMode sets the bridge promiscuous; hairpin and port isolation are set on the port, on or off', async () => {
  await withLab(1, async (lab) => {
    const slave = (name: string) => link(lab.host, name)!.linkinfo.info_slave_data;
    const plain = bridgeConf();
    const r0 = ok(lab.exec(bridge, 'ADD', plain));
    assert.equal(link(lab.host, 'bridge0')!.promiscuity, 0);
    assert.deepEqual([slave(r0.interfaces[1].name).hairpin, slave(r0.interfaces[1].name).isolated], [false, false]);
    ok(lab.exec(bridge, 'DEL', plain));
    const promisc = bridgeConf({ promiscMode: true, portIsolation: true });
    const r1 = ok(lab.exec(bridge, 'ADD', promisc));
    assert.ok(link(lab.host, 'bridge0')!.flags.includes('PROMISC'));
    assert.equal(slave(r1.interfaces[1].name).isolated, true);
    ok(lab.exec(bridge, 'CHECK', { ...promisc, prevResult: r1 }));
    fails(lab.exec(bridge, 'CHECK', { ...plain, prevResult: r1 }),
      'Bridge interface bridge0 configured Promisc Mode false doesn\'t match current state: true ');
    ok(lab.exec(bridge, 'DEL', promisc));
    const hairpin = bridgeConf({ hairpinMode: true, bridge: 'bridge1' });
    const r2 = ok(lab.exec(bridge, 'ADD', hairpin));
    assert.equal(slave(r2.interfaces[1].name).hairpin, true);
    ok(lab.exec(bridge, 'DEL', hairpin));
  });
});

test('macspoofchk installs the reference nft rules for the port and DEL removes them', async () => {
  await withLab(1, async (lab) => {
    const conf = bridgeConf({ macspoofchk: true });
    const res = ok(lab.exec(bridge, 'ADD', conf, { containerId: 'dummy-0' }));
    const rules = json(lab.host, 'nft', '-j', 'list', 'table', 'bridge', 'nat').nftables.filter((o: any) => o.rule).map((o: any) => o.rule);
    const count = (chain: string) => rules.filter((r: any) => r.chain === chain && r.comment === 'macspoofchk-dummy-0-eth0').length;
    assert.deepEqual([count('PREROUTING'), count('cni-br-iface-dummy-0-eth0'), count('cni-br-iface-dummy-0-eth0-mac')], [1, 1, 2]);
    const text = inNs(lab.host, 'nft', 'list', 'chain', 'bridge', 'nat', 'cni-br-iface-dummy-0-eth0-mac');
    assert.match(text, new RegExp(`ether saddr ${res.interfaces[2].mac} return`));
    assert.match(inNs(lab.host, 'nft', 'list', 'chain', 'bridge', 'nat', 'PREROUTING'), new RegExp(`iifname "${res.interfaces[1].name}" jump`));
    ok(lab.exec(bridge, 'DEL', conf, { containerId: 'dummy-0' }));
    const after = inNs(lab.host, 'nft', 'list', 'table', 'bridge', 'nat');
    assert.doesNotMatch(after, /macspoofchk|cni-br-iface/);
  });
});

test('VLAN and trunk: port VLANs where the kernel filters VLANs, else the same error as the reference and no leftovers', async () => {
  await withLab(1, async (lab) => {
    const probe = sh('ip', ['netns', 'exec', lab.host, 'ip', 'link', 'add', 'vprobe', 'type', 'bridge', 'vlan_filtering', '1']);
    const confs = [bridgeConf({ vlan: 100 }), bridgeConf({ vlanTrunk: [{ id: 101 }, { minID: 200, maxID: 210 }] }),
      bridgeConf({ vlan: 100, vlanTrunk: [{ id: 101 }], preserveDefaultVlan: true })];
    if (probe.code === 0) {
      inNs(lab.host, 'ip', 'link', 'del', 'vprobe');
      const wants = [['100 pvid untagged'], ['1 pvid untagged', '101', ...Array.from({ length: 11 }, (_, i) => `${200 + i}`)], ['1 pvid untagged', '100 pvid untagged', '101']];
      for (const [i, conf] of confs.entries()) {
        const res = ok(lab.exec(bridge, 'ADD', conf));
        const port = json(lab.host, 'bridge', '-j', 'vlan', 'show', 'dev', res.interfaces[1].name)[0];
        const vids = port.vlans.map((v: any) => [v.vlan, ...(v.flags ?? []).map((f: string) => f.split(' ')[0].toLowerCase())].join(' '));
        assert.equal(vids.length, wants[i].length, JSON.stringify(vids));
        ok(lab.exec(bridge, 'DEL', conf));
        inNs(lab.host, 'ip', 'link', 'del', 'bridge0');
      }
    } else {
      for (const conf of confs) {
        const ours = lab.exec(bridge, 'ADD', conf);
        const ref = lab.exec(refBridge, 'ADD', conf, { ifname: 'eth9' });
        fails(ours, 'failed to create bridge "bridge0": could not add "bridge0": operation not supported');
        assert.deepEqual(ours.json, ref.json);
        assert.deepEqual(links(lab.host).map((l) => l.ifname), ['lo']);
      }
    }
  });
});

test('isDefaultGateway with an IPAM default route without gw: one default route (the reference fails with "file exists")', async () => {
  await withLab(1, async (lab) => {
    const ipam = { ...hostLocal(lab, '203.0.113.0/24'), routes: [{ dst: '0.0.0.0/0' }] };
    const conf = bridgeConf({ isDefaultGateway: true }, ipam);
    const res = ok(lab.exec(bridge, 'ADD', conf));
    assert.deepEqual(defaultRoutes(lab.containers[0]), ['4 via 203.0.113.1']);
    assert.deepEqual(res.routes, [{ dst: '0.0.0.0/0' }]);
    ok(lab.exec(bridge, 'DEL', conf));
    const ref = lab.exec(refBridge, 'ADD', conf);
    fails(ref, /failed to add route .*file exists/);
  });
});

test('a failed ADD removes its veth, rules and IP (the reference leaves the veth: plugins#29)', async () => {
  await withLab(1, async (lab) => {
    inNs(lab.containers[0], 'ip', 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'blocker');
    const conf = bridgeConf({ isGateway: true, ipMasq: true }, hostLocal(lab, '192.0.2.0/24'));
    fails(lab.exec(bridge, 'ADD', conf), /^container veth name \("eth0"\) peer provided \("veth[0-9a-f]{8}"\) already exists$/);
    assert.deepEqual(links(lab.host).filter((l) => l.ifname.startsWith('veth')), []);
    assert.deepEqual(ipamFiles(lab, NET).filter((f) => !f.startsWith('last_')), []);
    inNs(lab.containers[0], 'ip', 'link', 'del', 'eth0');
    // A failure after the container side is configured: the result cannot be printed as 0.2.0.
    const v02 = bridgeConf({ cniVersion: '0.2.0', isGateway: true, ipMasq: true }, hostLocal(lab, '192.0.2.0/24', 'fd00:22::/64', 'fd00:23::/64'));
    fails(lab.exec(bridge, 'ADD', v02), /does not support more than 1 address per family/);
    assert.equal(link(lab.containers[0], 'eth0'), undefined);
    assert.doesNotMatch(inNs(lab.host, 'iptables-save', '-t', 'nat'), /CNI-/);
    assert.deepEqual(ipamFiles(lab, NET).filter((f) => !f.startsWith('last_')), []);
  });
});

test('enabledad turns DAD on for the container interface; the default turns it off', async () => {
  await withLab(1, async (lab) => {
    const dad = () => inNs(lab.containers[0], 'cat', '/proc/sys/net/ipv6/conf/eth0/accept_dad').trim();
    for (const [enabledad, want] of [[false, '0'], [true, '1']] as const) {
      const conf = bridgeConf({ enabledad }, hostLocal(lab, 'fd00:24::/64'));
      ok(lab.exec(bridge, 'ADD', conf));
      assert.equal(dad(), want);
      ok(lab.exec(bridge, 'DEL', conf));
    }
  });
});

test('an existing bridge is reused as is (same ifindex), and DEL leaves it', async () => {
  await withLab(1, async (lab) => {
    inNs(lab.host, 'ip', 'link', 'add', 'bridge0', 'type', 'bridge');
    const before = json(lab.host, 'ip', '-j', 'link', 'show', 'bridge0')[0].ifindex;
    const res = ok(lab.exec(bridge, 'ADD', bridgeConf()));
    assert.equal(json(lab.host, 'ip', '-j', 'link', 'show', 'bridge0')[0].ifindex, before);
    ok(lab.exec(bridge, 'DEL', bridgeConf()));
    assertDetached(lab, res);
    assert.ok(link(lab.host, 'bridge0'));
  });
});

test('dns: the config\'s dns wins when set, else the IPAM plugin\'s (host-local resolvConf)', async () => {
  await withLab(1, async (lab) => {
    const resolv = join(lab.dataDir, 'resolv.conf');
    writeFileSync(resolv, 'nameserver 192.0.2.53\nsearch example.test\n');
    const ipam = { ...hostLocal(lab, '192.0.2.0/24'), resolvConf: resolv };
    const fromIpam = bridgeConf({}, ipam);
    assert.deepEqual(ok(lab.exec(bridge, 'ADD', fromIpam)).dns, { nameservers: ['192.0.2.53'], search: ['example.test'] });
    ok(lab.exec(bridge, 'DEL', fromIpam));
    const fromConf = bridgeConf({ dns: { nameservers: ['198.51.100.53'] } }, ipam);
    assert.deepEqual(ok(lab.exec(bridge, 'ADD', fromConf)).dns, { nameservers: ['198.51.100.53'] });
    ok(lab.exec(bridge, 'DEL', fromConf));
  });
});

test('an IPAM failure removes the veth made meanwhile (plugins#29), where the reference leaves it', async () => {
  await withLab(2, async (lab) => {
    const [c1, c2] = lab.containers;
    const conf = bridgeConf({ isGateway: true }, hostLocal(lab, '192.0.2.0/30'));
    ok(lab.exec(bridge, 'ADD', conf, { netns: lab.nsPath(c1) }));
    const full = lab.exec(bridge, 'ADD', conf, { netns: lab.nsPath(c2), containerId: 'ctr2' });
    fails(full, 'failed to allocate for range 0: no IP addresses available in range set: 192.0.2.1-192.0.2.2');
    assert.equal(link(c2, 'eth0'), undefined);
    assert.equal(links(lab.host).filter((l) => l.ifname.startsWith('veth')).length, 1);
    const ref = lab.exec(refBridge, 'ADD', conf, { netns: lab.nsPath(c2), containerId: 'ctr3' });
    assert.equal(ref.code, 1);
    assert.ok(link(c2, 'eth0'), 'the reference left its veth behind');
  });
});

test('CHECK reports a changed bridge MAC and a missing host veth with the reference messages', async () => {
  await withLab(1, async (lab) => {
    const conf = bridgeConf();
    const res = ok(lab.exec(bridge, 'ADD', conf));
    const wrongBridge = structuredClone(res);
    wrongBridge.interfaces[0].mac = '0a:00:00:00:00:01';
    fails(lab.exec(bridge, 'CHECK', { ...conf, prevResult: wrongBridge }), "Bridge interface bridge0 Mac doesn't match: 0a:00:00:00:00:01");
    const wrongVeth = structuredClone(res);
    wrongVeth.interfaces[1].name = 'vethdeadbeef';
    fails(lab.exec(bridge, 'CHECK', { ...conf, prevResult: wrongVeth }), 'Interface name vethdeadbeef not found');
    const wrongNs = structuredClone(res);
    wrongNs.interfaces[2].mac = '0a:00:00:00:00:02';
    fails(lab.exec(bridge, 'CHECK', { ...conf, prevResult: wrongNs }), `Interface eth0 Mac 0a:00:00:00:00:02 doesn't match container Mac: ${res.interfaces[2].mac}`);
    ok(lab.exec(bridge, 'DEL', conf));
  });
});
