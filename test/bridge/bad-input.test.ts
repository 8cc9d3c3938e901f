// Bad input gives the reference's coded error (same code and message as v1.9.1) and changes
// nothing: no links, addresses, rules or IPAM files appear in the lab's namespaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REF_LATEST, inNs, ipamFiles, links, ourPlugin, sh, withLab, type Lab } from './harness.js';
import { NET, bridgeConf, hostLocal } from './fixtures.js';

const bridge = ourPlugin('bridge');

function snapshot(lab: Lab): string {
  const nft = sh('ip', ['netns', 'exec', lab.host, 'nft', 'list', 'ruleset']).stdout;
  return JSON.stringify({
    host: links(lab.host).map((l) => [l.ifname, l.flags, l.addr_info?.map((a) => a.local)]),
    container: links(lab.containers[0]).map((l) => [l.ifname, l.flags]),
    nat4: inNs(lab.host, 'iptables-save', '-t', 'nat').replace(/^#.*$/gm, ''),
    nat6: inNs(lab.host, 'ip6tables-save', '-t', 'nat').replace(/^#.*$/gm, ''),
    nft,
    ipam: ipamFiles(lab, NET),
  });
}

const cases: [string, (lab: Lab) => Record<string, unknown>, string?][] = [
  ['unknown masquerade backend', (lab) => bridgeConf({ ipMasq: true, ipMasqBackend: 'ebtables' }, hostLocal(lab, '192.0.2.0/24'))],
  ['VLAN 5000', () => bridgeConf({ vlan: 5000 })],
  ['VLAN -100', () => bridgeConf({ vlan: -100 })],
  ['trunk without maxID', () => bridgeConf({ vlanTrunk: [{ minID: 5 }] })],
  ['trunk minID > maxID', () => bridgeConf({ vlanTrunk: [{ minID: 9, maxID: 5 }] })],
  ['trunk id 0', () => bridgeConf({ vlanTrunk: [{ id: 0 }] })],
  ['hairpin with promisc', () => bridgeConf({ hairpinMode: true, promiscMode: true })],
  ['bad MAC in runtimeConfig', () => bridgeConf({ runtimeConfig: { mac: 'zz:11' } })],
  ['bad MAC in CNI_ARGS', () => bridgeConf(), 'MAC=01:02'],
  ['unknown CNI_ARGS key', () => bridgeConf(), 'FOO=1'],
  ['bridge name of a non-bridge link', () => bridgeConf({ bridge: 'lo' })],
  ['IPAM with disableContainerInterface', (lab) => bridgeConf({ disableContainerInterface: true }, hostLocal(lab, '192.0.2.0/24'))],
  ['missing IPAM plugin', () => bridgeConf({}, { type: 'no-such-ipam' })],
];

for (const [label, make, args] of cases) {
  test(`bad input: ${label}`, async () => {
    await withLab(1, async (lab) => {
      const conf = make(lab);
      const before = snapshot(lab);
      const ours = lab.exec(bridge, 'ADD', conf, { args });
      assert.equal(ours.code, 1, ours.stdout);
      assert.equal(snapshot(lab), before, 'nothing changed');
      const ref = lab.exec(`${REF_LATEST}/bridge`, 'ADD', conf, { args });
      assert.deepEqual(ours.json, ref.json);
    });
  });
}
