// Schema validation: what Go's decoder would reject is rejected, with the field's path and value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CniError } from '../../src/cni/index.js';
import { CONFIG_KINDS, assertValid, describeProblem, validate, type ConfigKind } from '../../src/config/index.js';

const accepted: { kind: ConfigKind; name: string; doc: unknown }[] = [
  { kind: 'netconf', name: 'minimal', doc: { cniVersion: '1.0.0', name: 'n', type: 'x' } },
  { kind: 'netconf', name: 'all common keys', doc: {
    cniVersion: '1.1.0', name: 'n', type: 'x', capabilities: { portMappings: true, ips: false },
    ipam: { type: 'whatever', anything: [1] }, dns: { nameservers: ['10.0.0.1'], domain: 'd', search: ['s'], options: ['o'] },
    args: { cni: { labels: [{ key: 'app', value: 'x' }] } }, runtimeConfig: { portMappings: [{ hostPort: 80 }] },
    prevResult: { cniVersion: '1.0.0', ips: [] }, 'cni.dev/valid-attachments': [{ containerID: 'c', ifname: 'eth0' }],
  } },
  { kind: 'netconf', name: 'nulls are no-ops, as in Go', doc: { name: 'n', cniVersion: null, dns: null, ipam: { type: null } } },
  { kind: 'netconf', name: 'unknown keys are allowed', doc: { name: 'n', whatever: { deep: 1 } } },
  { kind: 'host-local', name: 'ranges, routes, dataDir, resolvConf', doc: {
    cniVersion: '1.0.0', name: 'n',
    ipam: {
      type: 'host-local',
      ranges: [[{ subnet: '10.1.2.0/24', rangeStart: '10.1.2.10', rangeEnd: '10.1.2.20', gateway: '10.1.2.1' }], [{ subnet: '2001:db8::/64' }]],
      routes: [{ dst: '0.0.0.0/0', gw: '10.1.2.1', mtu: 1400, advmss: 1360, priority: 1, table: 0, scope: 0 }],
      dataDir: '/tmp/x', resolvConf: '/etc/resolv.conf',
    },
  } },
  { kind: 'host-local', name: 'legacy single range and the old hyphenated spelling', doc: {
    name: 'n', ipam: { subnet: '10.0.0.0/8', rangeStart: '10.0.0.5', rangeEnd: '10.0.0.9', gateway: '10.0.0.1', 'range-start': '10.0.0.5', 'range-end': '10.0.0.9' },
  } },
  { kind: 'host-local', name: 'capabilities and args', doc: {
    name: 'n', ipam: {}, runtimeConfig: { ips: ['10.0.0.5/24'], ipRanges: [[{ subnet: '10.2.0.0/16' }]], portMappings: [] }, args: { cni: { ips: ['10.0.0.6'], other: 1 } },
  } },
  { kind: 'host-local', name: 'containerd PascalCase ipRanges (Go matches keys case-insensitively)', doc: {
    name: 'n', ipam: { Ranges: [[{ Subnet: '10.0.0.0/24' }]] }, runtimeConfig: { ipRanges: [[{ Subnet: '10.2.0.0/16', RangeStart: '10.2.0.5', Gateway: '10.2.0.1' }]] },
  } },
  { kind: 'host-local', name: 'keys host-local does not decode (it does not embed types.NetConf)', doc: {
    name: 'n', type: 5, capabilities: { ips: 'yes' }, dns: 'x', prevResult: 1, mtu: 'x', ipam: { type: 'host-local' },
  } },
  { kind: 'loopback', name: 'args and runtimeConfig are not decoded by types.NetConf', doc: { name: 'lo', args: 'x', runtimeConfig: 5, 'cni.dev/attachments': 'x' } },
  { kind: 'bridge', name: 'every bridge key', doc: {
    cniVersion: '1.0.0', name: 'n', type: 'bridge', bridge: 'cni0', isGateway: true, isDefaultGateway: false, forceAddress: false,
    ipMasq: true, ipMasqBackend: 'nftables', mtu: 1500, hairpinMode: false, promiscMode: false, vlan: 100,
    vlanTrunk: [{ id: 5 }, { minID: 10, maxID: 20 }], preserveDefaultVlan: true, macspoofchk: true, enabledad: false,
    disableContainerInterface: false, portIsolation: true, runtimeConfig: { mac: 'c2:11:22:33:44:55' }, args: { cni: { mac: 'c2:11:22:33:44:55' } },
    ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/16' }]] },
  } },
  { kind: 'bridge', name: 'another IPAM plugin is not checked as host-local', doc: { name: 'n', ipam: { type: 'dhcp', ranges: 'whatever' } } },
  { kind: 'loopback', name: 'loopback', doc: { cniVersion: '1.0.0', name: 'lo', type: 'loopback' } },
  { kind: 'conflist', name: 'a list with bridge, loopback and a foreign plugin', doc: {
    cniVersion: '1.1.0', cniVersions: ['1.0.0', '1.1.0'], name: 'net', disableCheck: 'True', disableGC: false, loadOnlyInlinedPlugins: true,
    plugins: [{ type: 'bridge', bridge: 'br0', ipam: { type: 'host-local', subnet: '10.0.0.0/8' } }, { type: 'loopback' }, { type: 'portmap', capabilities: { portMappings: true }, snat: true }],
  } },
];

for (const c of accepted) {
  test(`${c.kind} accepts: ${c.name}`, () => {
    assert.deepEqual(validate(c.kind, c.doc), []);
  });
}

const rejected: { kind: ConfigKind; name: string; doc: unknown; messages: string[] }[] = [
  { kind: 'host-local', name: 'a range start that is a number', doc: { name: 'n', ipam: { ranges: [[{ subnet: '10.0.0.0/8', rangeStart: 5 }]] } },
    messages: ['ipam.ranges[0][0].rangeStart: must be a string, got 5'] },
  { kind: 'host-local', name: 'a range set that is an object', doc: { name: 'n', ipam: { ranges: [{ subnet: '10.0.0.0/8' }] } },
    messages: ['ipam.ranges[0]: must be an array, got {"subnet":"10.0.0.0/8"}'] },
  { kind: 'host-local', name: 'a route mtu that is not an integer, a dst that is not a string', doc: { name: 'n', ipam: { routes: [{ dst: 0, mtu: 1.5 }] } },
    messages: ['ipam.routes[0].dst: must be a string, got 0', 'ipam.routes[0].mtu: must be an integer, got 1.5'] },
  { kind: 'host-local', name: 'requested IPs that are not strings', doc: { name: 'n', ipam: {}, runtimeConfig: { ips: [1] }, args: { cni: { ips: 'x' } } },
    messages: ['runtimeConfig.ips[0]: must be a string, got 1', 'args.cni.ips: must be an array, got "x"'] },
  { kind: 'host-local', name: 'PascalCase keys are checked under their schema name', doc: { name: 'n', ipam: { Ranges: [[{ Subnet: 7 }]] } },
    messages: ['ipam.ranges[0][0].subnet: must be a string, got 7'] },
  { kind: 'host-local', name: 'dataDir and resolvConf must be strings', doc: { name: 'n', ipam: { dataDir: false, resolvConf: ['x'] } },
    messages: ['ipam.dataDir: must be a string, got false', 'ipam.resolvConf: must be a string, got ["x"]'] },
  { kind: 'host-local', name: 'the hyphenated spelling is still type-checked', doc: { name: 'n', ipam: { 'range-start': 1 } },
    messages: ['ipam["range-start"]: must be a string, got 1'] },
  { kind: 'host-local', name: 'ipam.name (IPAMConfig.Name) must be a string', doc: { name: 'n', ipam: { NAME: 1 } },
    messages: ['ipam.name: must be a string, got 1'] },
  { kind: 'host-local', name: 'runtimeConfig and args.cni must be objects', doc: { name: 'n', ipam: {}, runtimeConfig: [], args: { cni: 'x' } },
    messages: ['runtimeConfig: must be an object, got []', 'args.cni: must be an object, got "x"'] },
  { kind: 'netconf', name: 'a config that is not an object', doc: [1], messages: ['(config): must be an object, got [1]'] },
  { kind: 'netconf', name: 'a bad network name', doc: { name: 'a/b' },
    messages: ['name: must start with a letter or digit and contain only letters, digits, "_", "." and "-", got "a/b"'] },
  { kind: 'netconf', name: 'capabilities must be booleans, dns lists of strings', doc: { name: 'n', capabilities: { ips: 'yes' }, dns: { nameservers: '1.1.1.1' } },
    messages: ['capabilities.ips: must be a boolean, got "yes"', 'dns.nameservers: must be an array, got "1.1.1.1"'] },
  { kind: 'netconf', name: 'GC attachments', doc: { name: 'n', 'cni.dev/valid-attachments': [{ containerID: 1 }] },
    messages: ['["cni.dev/valid-attachments"][0].containerID: must be a string, got 1'] },
  { kind: 'bridge', name: 'bridge flags of the wrong type', doc: { name: 'n', isGateway: 'true', vlan: '5', portIsolation: 'true', vlanTrunk: [{ minID: 1.5 }] },
    messages: ['isGateway: must be a boolean, got "true"', 'vlan: must be an integer, got "5"', 'vlanTrunk[0].minID: must be an integer, got 1.5', 'portIsolation: must be a boolean, got "true"'] },
  { kind: 'bridge', name: 'with host-local IPAM, host-local keys are checked too', doc: { name: 'n', ipam: { type: 'host-local', ranges: [['10.0.0.0/8']] }, runtimeConfig: { mac: 5 } },
    messages: ['runtimeConfig.mac: must be a string, got 5', 'ipam.ranges[0][0]: must be an object, got "10.0.0.0/8"'] },
  { kind: 'conflist', name: 'a list without name, with a plugin without type', doc: { plugins: [{ name: 'x' }], disableCheck: 'yes' },
    messages: ['name: is required', 'disableCheck: must be true or false, got "yes"', 'plugins[0].type: is required'] },
  { kind: 'conflist', name: 'plugins are checked by their type', doc: { name: 'n', disableGC: 1, plugins: [{ type: 'bridge', mtu: '1500' }, { type: 'loopback', dns: { domain: 1 } }] },
    messages: ['disableGC: must be a boolean or a string, got 1', 'plugins[0].mtu: must be an integer, got "1500"', 'plugins[1].dns.domain: must be a string, got 1'] },
];

for (const c of rejected) {
  test(`${c.kind} rejects: ${c.name}`, () => {
    const problems = validate(c.kind, c.doc);
    assert.deepEqual(problems.map(describeProblem).sort(), [...c.messages].sort());
  });
}

test('problems carry the path, the value and the message separately', () => {
  assert.deepEqual(validate('host-local', { name: 'n', ipam: { ranges: [[{ subnet: '10.0.0.0/8' }, { subnet: { x: 1 } }]] } }), [
    { path: 'ipam.ranges[0][1].subnet', value: { x: 1 }, message: 'must be a string' },
  ]);
});

test('long values are shortened in messages', () => {
  const [p] = validate('netconf', { name: 'n', type: ['a'.repeat(100)] });
  assert.equal(describeProblem(p!), `type: must be a string, got ["${'a'.repeat(55)}...`);
});

test('assertValid throws code 7 with every problem, and passes valid configs', () => {
  assert.doesNotThrow(() => assertValid('loopback', { name: 'lo' }));
  assert.throws(() => assertValid('bridge', { name: 'n', mtu: 'x', ipMasq: 1 }), (err: unknown) => {
    assert.ok(err instanceof CniError);
    assert.equal(err.code, 7);
    assert.equal(err.msg, 'ipMasq: must be a boolean, got 1; mtu: must be an integer, got "x"');
    return true;
  });
});

test('every kind has a compiled validator', () => {
  for (const kind of CONFIG_KINDS) assert.deepEqual(validate(kind, kind === 'conflist' ? { name: 'n' } : {}), []);
});
