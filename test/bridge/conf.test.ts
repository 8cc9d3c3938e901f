// The bridge config's own checks, table-driven like the reference's collectVlanTrunk tables,
// plus MAC parsing and the VLAN range. Pure functions: no namespaces needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectVlanTrunk, loadBridgeConf, parseMac } from '../../src/bridge/conf.js';

test('collectVlanTrunk succeeds: empty, a range, an id, an id and a range (deduplicated, sorted)', () => {
  assert.deepEqual(collectVlanTrunk([]), []);
  assert.deepEqual(collectVlanTrunk([{ minID: 100, maxID: 105 }]), [100, 101, 102, 103, 104, 105]);
  assert.deepEqual(collectVlanTrunk([{ id: 100 }]), [100]);
  assert.deepEqual(collectVlanTrunk([{ id: 102 }, { minID: 100, maxID: 103 }, { id: 50 }]), [50, 100, 101, 102, 103]);
  assert.equal(collectVlanTrunk(undefined), undefined);
});

test('collectVlanTrunk fails with the reference messages', () => {
  const cases: [object[], string][] = [
    [[{ minID: 100 }], 'minID and maxID should be configured simultaneously, maxID is missing'],
    [[{ maxID: 100 }], 'minID and maxID should be configured simultaneously, minID is missing'],
    [[{ minID: 0, maxID: 100 }], 'incorrect trunk minID parameter'],
    [[{ minID: 4095, maxID: 4095 }], 'incorrect trunk minID parameter'],
    [[{ minID: 1, maxID: 0 }], 'incorrect trunk maxID parameter'],
    [[{ minID: 1, maxID: 4095 }], 'incorrect trunk maxID parameter'],
    [[{ minID: 200, maxID: 100 }], 'minID is greater than maxID in trunk parameter'],
    [[{ id: 0 }], 'incorrect trunk id parameter'],
    [[{ id: 4095 }], 'incorrect trunk id parameter'],
  ];
  for (const [trunk, msg] of cases) assert.throws(() => collectVlanTrunk(trunk), { message: msg }, JSON.stringify(trunk));
});

test('VLAN IDs outside 0..4094 are refused; defaults apply', () => {
  const base = { cniVersion: '1.0.0', name: 'n', type: 'bridge' };
  for (const vlan of [-100, 5000]) {
    assert.throws(() => loadBridgeConf({ ...base, vlan }, ''), { message: `invalid VLAN ID ${vlan} (must be between 0 and 4094)` });
  }
  const c = loadBridgeConf({ ...base, isDefaultGateway: true, ipam: {} }, '');
  assert.equal(c.bridge, 'cni0');
  assert.equal(c.isGateway, true, 'isDefaultGateway implies isGateway');
  assert.equal(c.ipamType, '');
  assert.equal(c.ipMasqBackend, undefined);
});

test('MACs in the forms Go accepts for 6 bytes, lower-cased; others refused', () => {
  assert.equal(parseMac('0A:58:0A:00:00:01'), '0a:58:0a:00:00:01');
  assert.equal(parseMac('0a-58-0a-00-00-01'), '0a:58:0a:00:00:01');
  assert.equal(parseMac('0a58.0a00.0001'), '0a:58:0a:00:00:01');
  for (const bad of ['0a:58:0a:00:00', '0a:58-0a:00:00:01', 'zz:58:0a:00:00:01', '']) assert.equal(parseMac(bad), undefined, bad);
});
