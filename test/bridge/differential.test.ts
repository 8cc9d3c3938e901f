// Differential: the same ADD through the reference bridge (Debian 1.1.1 and v1.9.1) and ours,
// each in a lab of its own, must leave the same kernel state: links and their flags, bridge
// membership and port flags, addresses, routes, sysctls and masquerade rules. Random veth
// names and MACs aside. Both use the reference host-local, so the addresses match too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REF_DEBIAN, REF_LATEST, inNs, json, ourPlugin, sh, withLab, type Lab } from './harness.js';
import { bridgeConf, hostLocal, ok } from './fixtures.js';

const ours = ourPlugin('bridge');

const byName = (a: any, b: any) => String(a.n).localeCompare(String(b.n));

function linkState(ns: string) {
  return json(ns, 'ip', '-j', '-d', 'addr', 'show').map((l: any) => ({
    n: l.ifname.replace(/^veth[0-9a-f]{8}$/, 'veth*'),
    kind: l.linkinfo?.info_kind,
    master: l.master,
    mtu: l.mtu,
    flags: l.flags,
    promisc: l.promiscuity,
    slave: l.linkinfo?.info_slave_data && { hairpin: l.linkinfo.info_slave_data.hairpin, isolated: l.linkinfo.info_slave_data.isolated },
    addrs: (l.addr_info ?? []).filter((a: any) => a.scope === 'global').map((a: any) => `${a.local}/${a.prefixlen} brd ${a.broadcast ?? '-'}`),
    linkLocal: (l.addr_info ?? []).filter((a: any) => a.scope === 'link').length,
  })).sort(byName);
}

function routes(ns: string) {
  const strip = (r: any) => ({
    dst: String(r.dst).replace(/^fe80::[0-9a-f:]+$/, 'fe80::<eui64>'),
    gw: r.gateway,
    dev: String(r.dev).replace(/^veth[0-9a-f]{8}$/, 'veth*'),
    scope: r.scope,
    metric: r.metric,
    table: r.table,
    type: r.type,
  });
  // A link-local address gets its local route only once DAD is done (about a second): left out.
  return [4, 6].flatMap((f) => json(ns, 'ip', '-j', `-${f}`, 'route', 'show', 'table', 'all').map(strip))
    .filter((r) => !(r.type === 'local' && r.dst === 'fe80::<eui64>'))
    .map((r) => JSON.stringify(r)).sort();
}

const sysctl = (ns: string, path: string) => sh('ip', ['netns', 'exec', ns, 'cat', `/proc/sys/${path}`]).stdout.trim();

function state(lab: Lab) {
  const c = lab.containers[0];
  const nat = (tool: string) => inNs(lab.host, tool, '-t', 'nat').split('\n').filter((l) => l && !l.startsWith('#')).sort();
  return {
    host: linkState(lab.host),
    container: linkState(c),
    hostRoutes: routes(lab.host),
    containerRoutes: routes(c),
    sysctls: [sysctl(lab.host, 'net/ipv4/ip_forward'), sysctl(lab.host, 'net/ipv6/conf/all/forwarding'),
      sysctl(c, 'net/ipv4/conf/eth0/arp_notify'), sysctl(c, 'net/ipv6/conf/eth0/accept_dad'),
      sysctl(lab.host, 'net/ipv6/conf/bridge0/accept_ra')],
    nat4: nat('iptables-save'),
    nat6: nat('ip6tables-save'),
    nft: inNs(lab.host, 'nft', 'list', 'ruleset').replace(/veth[0-9a-f]{8}/g, 'veth*').replace(/ether saddr \S+/g, 'ether saddr <mac>'),
  };
}

function addWith(bin: string, path: string, make: (lab: Lab) => Record<string, unknown>) {
  return withLab(1, (lab) => {
    ok(lab.exec(bin, 'ADD', make(lab), { path, containerId: 'diff1' }), bin);
    return state(lab);
  });
}

/** [label, config, also compared with Debian 1.1.1 (which has no nftables masquerade)] */
const configs: [string, (lab: Lab) => Record<string, unknown>, boolean?][] = [
  ['L3 dual-stack, isDefaultGateway, ipMasq, mtu', (lab) =>
    bridgeConf({ cniVersion: '1.0.0', isDefaultGateway: true, ipMasq: true, mtu: 1400 }, hostLocal(lab, '192.0.2.0/24', 'fd00:50::/64'))],
  ['L3 IPv4 isGateway, promisc', (lab) =>
    bridgeConf({ cniVersion: '1.0.0', isGateway: true, promiscMode: true }, hostLocal(lab, '203.0.113.0/24'))],
  ['L3 IPv6 without gateway, hairpin', (lab) =>
    bridgeConf({ cniVersion: '1.0.0', hairpinMode: true }, hostLocal(lab, 'fd00:51::/64'))],
  ['L2', () => bridgeConf({ cniVersion: '1.0.0' })],
  ['L2 with macspoofchk', () => bridgeConf({ cniVersion: '1.0.0', macspoofchk: true })],
  ['L3 dual-stack, nftables masquerade', (lab) =>
    bridgeConf({ cniVersion: '1.0.0', isGateway: true, ipMasq: true, ipMasqBackend: 'nftables' }, hostLocal(lab, '198.51.100.0/24', 'fd00:52::/64')), false],
];

for (const [label, make, withDebian = true] of configs) {
  test(`differential: ${label}: same kernel state as the reference (${withDebian ? '1.1.1 and ' : ''}v1.9.1)`, async () => {
    const mine = await addWith(ours, REF_LATEST, make);
    const latest = await addWith(`${REF_LATEST}/bridge`, REF_LATEST, make);
    assert.deepEqual(mine, latest, 'vs v1.9.1');
    if (!withDebian) return;
    const debian = await addWith(`${REF_DEBIAN}/bridge`, REF_DEBIAN, make);
    assert.deepEqual(mine, debian, 'vs Debian 1.1.1');
  });
}
