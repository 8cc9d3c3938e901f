// Errors, versions, identifiers and Go-style field lookup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CniError, Code, SUPPORTED_VERSIONS, compareVersions, formatError, getField, marshalIndent, parseVersion,
  runtimeConfigValue, toCniError, validateContainerId, validateIfName, validateNetworkName, versionAtLeast,
} from '../../src/cni/index.js';

test('error JSON: 4-space indent, details only when set, no trailing newline', () => {
  assert.equal(formatError(new CniError(Code.InvalidEnv, 'interface name is empty')), '{\n    "code": 4,\n    "msg": "interface name is empty"\n}');
  assert.equal(formatError(new CniError(1, 'incompatible CNI versions', 'config is "9"')), '{\n    "code": 1,\n    "msg": "incompatible CNI versions",\n    "details": "config is \\"9\\""\n}');
  assert.equal(formatError(new CniError(999, 'IP <nil> not v4 nor v6 & more')), '{\n    "code": 999,\n    "msg": "IP \\u003cnil\\u003e not v4 nor v6 \\u0026 more"\n}');
});

test('toCniError keeps typed errors and turns anything else into code 999', () => {
  const typed = new CniError(Code.TryAgain, 'busy');
  assert.equal(toCniError(typed), typed);
  assert.deepEqual(toCniError(new RangeError('boom')).toJSON(), { code: 999, msg: 'boom' });
  assert.deepEqual(toCniError(undefined).toJSON(), { code: 999, msg: 'undefined' });
  assert.equal(new CniError(7, 'bad', 'why').message, 'bad; why');
});

test('well-known codes', () => {
  assert.deepEqual(Code, { IncompatibleVersion: 1, UnsupportedField: 2, UnknownContainer: 3, InvalidEnv: 4, IO: 5, Decode: 6, InvalidConfig: 7, InvalidNetNS: 8, TryAgain: 11, NotAvailable: 50, LimitedConnectivity: 51, Internal: 999 });
});

test('versions compare numerically; "" is 0.1.0; Go parse errors', () => {
  assert.deepEqual(SUPPORTED_VERSIONS, ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0']);
  assert.equal(compareVersions('0.10.0', '0.4.0'), 1);
  assert.equal(compareVersions('1.0', '1.0.0'), 0);
  assert.equal(compareVersions('', '0.1.0'), 0);
  assert.equal(compareVersions('0.3.0', '0.3.1'), -1);
  assert.ok(versionAtLeast('1.1.0', '1.1.0'));
  assert.ok(!versionAtLeast('1.0.0', '1.1.0'));
  assert.deepEqual(parseVersion('2'), [2, 0, 0]);
  assert.throws(() => parseVersion('1.x'), { message: 'failed to convert minor version part "x": strconv.Atoi: parsing "x": invalid syntax' });
  assert.throws(() => parseVersion('1.0.'), { message: 'failed to convert micro version part "": strconv.Atoi: parsing "": invalid syntax' });
  assert.throws(() => parseVersion('99999999999999999999'), { message: 'failed to convert major version part "99999999999999999999": strconv.Atoi: parsing "99999999999999999999": value out of range' });
});

test('identifiers: container ID, network name, interface name', () => {
  assert.equal(validateContainerId('a1_.-'), null);
  assert.deepEqual(validateContainerId('')?.toJSON(), { code: 3, msg: 'missing containerID' });
  assert.deepEqual(validateContainerId('_a')?.toJSON(), { code: 4, msg: 'invalid characters in containerID', details: '_a' });
  assert.deepEqual(validateContainerId('a\n')?.toJSON(), { code: 4, msg: 'invalid characters in containerID', details: 'a\n' });
  assert.equal(validateNetworkName('net-1.a_b'), null);
  assert.deepEqual(validateNetworkName('')?.toJSON(), { code: 7, msg: 'missing network name' });
  assert.deepEqual(validateNetworkName('../x')?.toJSON(), { code: 7, msg: 'invalid characters found in network name', details: '../x' });
  assert.equal(validateIfName('eth0'), null);
  assert.equal(validateIfName('a'.repeat(15)), null);
  assert.equal(validateIfName('...'), null);
  assert.equal(validateIfName('a\ufeffb'), null, 'U+FEFF is not a Go space');
  assert.equal(validateIfName('a\u2003b')?.msg, 'interface name contains / or : or whitespace characters');
  assert.equal(validateIfName('a\u0085b')?.msg, 'interface name contains / or : or whitespace characters');
  assert.equal(validateIfName('')?.msg, 'interface name is empty');
});

test('getField matches like Go: case-insensitive, last match wins, null never overrides', () => {
  assert.equal(getField({ name: 'a', NAME: 'b' }, 'name'), 'b');
  assert.equal(getField({ NAME: 'b', name: null }, 'name'), 'b');
  assert.equal(getField({ name: null }, 'name'), null);
  assert.equal(getField({ other: 1 }, 'name'), undefined);
  assert.equal(getField([1], 'name'), undefined);
  assert.equal(getField(null, 'name'), undefined);
});

test('runtimeConfigValue finds containerd\'s PascalCase capability keys', () => {
  const config = { RuntimeConfig: { DNS: { Servers: ['10.0.0.10'] } } };
  assert.deepEqual(runtimeConfigValue(config, 'dns'), { Servers: ['10.0.0.10'] });
  assert.deepEqual(getField(runtimeConfigValue(config, 'dns'), 'servers'), ['10.0.0.10']);
  assert.equal(runtimeConfigValue({}, 'ips'), undefined);
});

test('marshalIndent is Go MarshalIndent: empty containers inline, no trailing newline', () => {
  assert.equal(marshalIndent({ a: [], b: {}, c: [1] }), '{\n    "a": [],\n    "b": {},\n    "c": [\n        1\n    ]\n}');
  assert.equal(marshalIndent('\ud800x\u2029'), '"\ufffdx\\u2029"');
});
