// End to end: two test namespaces on one bridge through our bridge and our host-local; they
// ping each other over IPv4 and IPv6 (only each other's addresses, inside the lab), and after
// DEL nothing per-container remains: links, addresses, masquerade rules, IPAM reservations.
// The bridge and its gateway addresses stay by design, as with the reference (plugins#282).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OURS, inNs, ipamFiles, link, links, ourPlugin, withLab } from './harness.js';
import { NET, assertAttached, bridgeConf, hostLocal, ok } from './fixtures.js';

const bridge = ourPlugin('bridge');
ourPlugin('host-local'); // built by npm run build next to ours

test('two namespaces on one bridge ping each other over IPv4 and IPv6; DEL leaves nothing of theirs', async () => {
  await withLab(2, async (lab) => {
    const conf = bridgeConf({ isDefaultGateway: true, ipMasq: true }, hostLocal(lab, '192.0.2.0/24', 'fd00:40::/64'));
    const opts = (i: number) => ({ containerId: `e2e${i}`, netns: lab.nsPath(lab.containers[i]), path: OURS });
    const results = [0, 1].map((i) => ok(lab.exec(bridge, 'ADD', conf, opts(i)), `ADD ${i}`));
    results.forEach((r, i) => assertAttached(lab, r, { container: lab.containers[i] }));
    const [a, b] = results.map((r) => r.ips.map((ip: any) => ip.address.split('/')[0]));
    assert.notDeepEqual(a, b);
    for (const [from, to] of [[0, b], [1, a]] as const) {
      inNs(lab.containers[from], 'ping', '-c', '1', '-W', '5', to[0]);
      inNs(lab.containers[from], 'ping', '-6', '-c', '1', '-W', '5', to[1]);
    }
    for (const i of [0, 1]) ok(lab.exec(bridge, 'CHECK', { ...conf, prevResult: results[i] }, opts(i)), `CHECK ${i}`);
    for (const i of [0, 1]) ok(lab.exec(bridge, 'DEL', conf, opts(i)), `DEL ${i}`);
    for (const i of [0, 1]) assert.equal(link(lab.containers[i], 'eth0'), undefined);
    assert.deepEqual(links(lab.host).map((l) => l.ifname).sort(), ['bridge0', 'lo']);
    assert.doesNotMatch(inNs(lab.host, 'iptables-save', '-t', 'nat'), /CNI-/);
    assert.doesNotMatch(inNs(lab.host, 'ip6tables-save', '-t', 'nat'), /CNI-/);
    assert.deepEqual(ipamFiles(lab, NET).filter((f) => !f.startsWith('last_reserved_ip')), []);
  });
});
