// Unknown keys with typo suggestions, and Go-style key normalisation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, normalizeConfig, suggestName, unknownFields, validate } from '../../src/config/index.js';

test('typos are reported with the closest known key', () => {
  const doc = {
    name: 'n', cniVersoin: '1.0.0', bridgee: 'x', isGatway: true,
    ipam: { type: 'host-local', rangez: [], rout: [], ranges: [[{ subnet: '10.0.0.0/8', rangStart: '10.0.0.2', gatway: '10.0.0.1' }]] },
  };
  assert.deepEqual(unknownFields('bridge', doc), [
    { path: 'cniVersoin', suggestion: 'cniVersion' },
    { path: 'bridgee', suggestion: 'bridge' },
    { path: 'isGatway', suggestion: 'isGateway' },
    { path: 'ipam.rangez', suggestion: 'ranges' },
    { path: 'ipam.rout', suggestion: 'routes' },
    { path: 'ipam.ranges[0][0].rangStart', suggestion: 'rangeStart' },
    { path: 'ipam.ranges[0][0].gatway', suggestion: 'gateway' },
  ]);
});

test('keys far from any known one have no suggestion', () => {
  assert.deepEqual(unknownFields('loopback', { name: 'lo', somethingElse: 1 }), [{ path: 'somethingElse' }]);
});

test('the hyphenated range-start/range-end are reported: the reference ignores them', () => {
  assert.deepEqual(unknownFields('host-local', { name: 'n', ipam: { subnet: '10.0.0.0/8', 'range-start': '10.0.0.5', 'range-end': '10.0.0.9' } }), [
    { path: 'ipam["range-start"]', suggestion: 'rangeStart' },
    { path: 'ipam["range-end"]', suggestion: 'rangeEnd' },
  ]);
});

test('case variants, open maps and cni.dev/ keys are not reported', () => {
  const doc = {
    Name: 'n', CNIVersion: '1.0.0', 'cni.dev/valid-attachments': [], 'cni.dev/custom': 1,
    ipam: { Ranges: [[{ Subnet: '10.0.0.0/8' }]] },
    runtimeConfig: { portMappings: [], bandwidth: {}, ipRanges: [[{ RangeStart: '10.0.0.2' }]] },
    args: { cni: { labels: [] }, other: true }, prevResult: { anything: 1 },
  };
  assert.deepEqual(unknownFields('host-local', doc), []);
});

test('host-local does not report the main plugin\'s keys, only its own sections', () => {
  const doc = { name: 'n', type: 'bridge', bridge: 'cni0', isGateway: true, ipam: { type: 'host-local', subnet: '10.0.0.0/8', dataDirr: '/x' } };
  assert.deepEqual(unknownFields('host-local', doc), [{ path: 'ipam.dataDirr', suggestion: 'dataDir' }]);
});

test('unknown keys inside an IPAM section of another type are not reported', () => {
  assert.deepEqual(unknownFields('bridge', { name: 'n', ipam: { type: 'dhcp', daemonSocketPath: '/x' } }), []);
  assert.deepEqual(unknownFields('bridge', { name: 'n', ipam: { type: 'host-local', daemonSocketPath: '/x' } }), [{ path: 'ipam.daemonSocketPath' }]);
});

test('conflist plugins are checked by their type', () => {
  const list = { name: 'n', plugins: [{ type: 'bridge', isDefaultGatway: true }, { typ: 'loopback' }, { type: 'portmap', snat: true }], disableChek: true };
  assert.deepEqual(unknownFields('conflist', list), [
    { path: 'plugins[0].isDefaultGatway', suggestion: 'isDefaultGateway' },
    { path: 'plugins[1].typ', suggestion: 'type' },
    { path: 'plugins[2].snat' },
    { path: 'disableChek', suggestion: 'disableCheck' },
  ]);
});

test('normalizeConfig spells keys as the schema does, last match winning, nulls of fields dropped', () => {
  const doc = {
    NAME: 'a', name: 'b', cniVersion: '1.0.0', CNIVERSION: null,
    ipam: { Type: 'host-local', RANGES: [[{ Subnet: '10.0.0.0/24', RangeStart: '10.0.0.5' }]], Unknown: 1 },
    runtimeConfig: { ipRanges: [[{ SUBNET: '10.1.0.0/16' }]], PortMappings: [] },
  };
  assert.deepEqual(normalizeConfig('host-local', doc), {
    name: 'b', cniVersion: '1.0.0',
    ipam: { type: 'host-local', ranges: [[{ subnet: '10.0.0.0/24', rangeStart: '10.0.0.5' }]], Unknown: 1 },
    runtimeConfig: { ipRanges: [[{ subnet: '10.1.0.0/16' }]], PortMappings: [] },
  });
  assert.equal(normalizeConfig('netconf', 'text'), 'text');
});

test('edit distance and suggestions', () => {
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('same', 'same'), 0);
  assert.equal(suggestName('gatewy', ['gateway', 'subnet']), 'gateway');
  assert.equal(suggestName('range_end', ['rangeEnd', 'rangeStart']), 'rangeEnd');
  assert.equal(suggestName('xyz', ['gateway', 'subnet']), undefined);
  assert.equal(suggestName('abc', []), undefined);
});

test('deeply nested values under unknown keys are left alone', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 20000; i++) deep = [deep];
  const doc = { name: 'n', extra: deep, ipam: { type: 'host-local', extra: deep }, runtimeConfig: { portMappings: deep } };
  assert.deepEqual(unknownFields('bridge', doc), [{ path: 'extra' }, { path: 'ipam.extra' }]);
  const normalized = normalizeConfig('bridge', doc) as Record<string, unknown>;
  assert.equal(normalized.extra, deep);
  assert.deepEqual(validate('bridge', doc), []);
});
