// ipMasq with both backends: the reference's rule layout and comments, removal on DEL, and
// removal when the netns is already gone or CNI_NETNS is empty (the reference leaks the
// iptables rules then: plugins#810). Rules are installed and inspected only, inside the lab's
// host namespace; no traffic is ever sent through them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { inNs, json, ourPlugin, sh, withLab } from './harness.js';
import { NET, bridgeConf, hostLocal, ok } from './fixtures.js';

const bridge = ourPlugin('bridge');
const sha512 = (s: string) => createHash('sha512').update(s).digest('hex');
const chain = (id: string) => `CNI-${sha512(NET + id).slice(0, 24)}`;

const natRules = (ns: string, tool: string) =>
  inNs(ns, tool, '-t', 'nat').split('\n').filter((l) => l.includes('CNI-')).join('\n');

function masqChecks(ns: string): any[] {
  const r = sh('ip', ['netns', 'exec', ns, 'nft', '-j', 'list', 'table', 'inet', 'cni_plugins_masquerade']);
  if (r.code !== 0) return [];
  return JSON.parse(r.stdout).nftables.filter((o: any) => o.rule?.chain === 'masq_checks').map((o: any) => o.rule);
}

for (const backend of [undefined, 'iptables']) {
  test(`iptables masquerade (ipMasqBackend ${backend ?? 'unset'}): the reference's rules, removed by DEL`, async () => {
    await withLab(1, async (lab) => {
      const conf = bridgeConf({ isGateway: true, ipMasq: true, ipMasqBackend: backend }, hostLocal(lab, '192.0.2.0/24', 'fd00:30::/64'));
      ok(lab.exec(bridge, 'ADD', conf, { containerId: 'm1' }));
      const c = chain('m1');
      const comment = `-m comment --comment "name: \\"${NET}\\" id: \\"m1\\""`;
      assert.equal(natRules(lab.host, 'iptables-save'), [
        `:${c} - [0:0]`,
        `-A POSTROUTING -s 192.0.2.2/32 ${comment} -j ${c}`,
        `-A ${c} -d 192.0.2.0/24 ${comment} -j ACCEPT`,
        `-A ${c} ! -d 224.0.0.0/4 ${comment} -j MASQUERADE`,
      ].join('\n'));
      assert.match(natRules(lab.host, 'ip6tables-save'), new RegExp(`-A POSTROUTING -s fd00:30::2/128 .* -j ${c}`));
      ok(lab.exec(bridge, 'DEL', conf, { containerId: 'm1' }));
      assert.equal(natRules(lab.host, 'iptables-save'), '');
      assert.equal(natRules(lab.host, 'ip6tables-save'), '');
    });
  });
}

test('nftables masquerade: one rule per IP in masq_checks with the reference comment, removed by DEL', async () => {
  await withLab(1, async (lab) => {
    const conf = bridgeConf({ isGateway: true, ipMasq: true, ipMasqBackend: 'nftables' }, hostLocal(lab, '198.51.100.0/24'));
    ok(lab.exec(bridge, 'ADD', conf, { containerId: 'm2' }));
    const rules = masqChecks(lab.host);
    assert.equal(rules.length, 1);
    const prefix = `${sha512(NET).slice(0, 16)}-${sha512('eth0:m2').slice(0, 16)}`;
    assert.equal(rules[0].comment, `${prefix}, net: ${NET}, if: eth0, id: m2`);
    const text = inNs(lab.host, 'nft', 'list', 'chain', 'inet', 'cni_plugins_masquerade', 'masq_checks');
    assert.match(text, /ip saddr 198\.51\.100\.2 ip daddr != 198\.51\.100\.0\/24 masquerade/);
    const post = inNs(lab.host, 'nft', 'list', 'chain', 'inet', 'cni_plugins_masquerade', 'postrouting');
    assert.match(post, /ip daddr 224\.0\.0\.0\/4 return[\s\S]*ip6 daddr ff00::\/8 return[\s\S]*goto masq_checks/);
    assert.equal(natRules(lab.host, 'iptables-save'), '', 'no iptables rules with the nftables backend');
    ok(lab.exec(bridge, 'DEL', conf, { containerId: 'm2' }));
    assert.deepEqual(masqChecks(lab.host), []);
  });
});

test('DEL removes masquerade rules of both backends when the netns is gone or CNI_NETNS is empty (plugins#810)', async () => {
  await withLab(2, async (lab) => {
    const [c1, c2] = lab.containers;
    const v4 = bridgeConf({ isGateway: true, ipMasq: true }, hostLocal(lab, '192.0.2.0/24'));
    const nft = { ...bridgeConf({ isGateway: true, ipMasq: true, ipMasqBackend: 'nftables' }, hostLocal(lab, 'fd00:31::/64')), name: `${NET}n` };
    ok(lab.exec(bridge, 'ADD', v4, { containerId: 'g1', netns: lab.nsPath(c1) }));
    ok(lab.exec(bridge, 'ADD', nft, { containerId: 'g2', netns: lab.nsPath(c2) }));
    assert.notEqual(natRules(lab.host, 'iptables-save'), '');
    assert.equal(masqChecks(lab.host).length, 1);
    sh('ip', ['netns', 'del', c1]);
    ok(lab.exec(bridge, 'DEL', v4, { containerId: 'g1', netns: lab.nsPath(c1) }));
    assert.equal(natRules(lab.host, 'iptables-save'), '');
    ok(lab.exec(bridge, 'DEL', nft, { containerId: 'g2', netns: '' }));
    assert.deepEqual(masqChecks(lab.host), []);
    const leftovers = json(lab.host, 'ip', '-j', 'link', 'show').map((l: any) => l.ifname);
    assert.deepEqual(leftovers.filter((n: string) => n.startsWith('veth')), [], 'the host veth is found by its alias');
    assert.equal(json(c2, 'ip', '-j', 'link', 'show').length, 1, 'and its container end went with it');
  });
});
