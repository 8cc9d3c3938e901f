// Config validation: libcni's load errors, the plugins' schemas and semantic checks, each problem
// with its file and field; unknown keys are warnings.
import { test, afterEach, beforeEach } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { formatProblem, validateFile } from '../../src/runtime/validate.js';
import { type Sandbox, sandbox } from './support.js';

let sb: Sandbox;
beforeEach(() => (sb = sandbox()));
afterEach(() => sb.cleanup());

const lines = (file: string) => validateFile(file).map((p) => formatProblem(p).slice(file.length + 2));

test('a valid bridge + host-local + loopback list has no problems', () => {
  const file = sb.writeConf('a.conflist', {
    cniVersion: '1.1.0', name: 'ok',
    plugins: [{ type: 'bridge', bridge: 'cni0', isGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '192.0.2.0/24' }], [{ subnet: 'fd00::/64' }]] } }, { type: 'loopback' }],
  });
  assert.deepEqual(validateFile(file), []);
});

test('schema problems of every plugin, semantic ones where the types are right, unknown keys as warnings', () => {
  const file = sb.writeConf('a.conflist', {
    cniVersion: '1.1.0', name: 'x', disableCheck: 'maybe',
    plugins: [
      { type: 'bridge', vlan: 5000, ipam: { type: 'host-local', subnet: '10.0.0.0/33' } },
      { type: 'bridge', isGateway: 'yes', ipam: { type: 'host-local', ranges: [[{ subnet: '192.0.2.0/24', rangeStart: '192.0.3.1' }]], rangeStrat: 1 } },
      { type: 'host-local', ipam: { type: 'host-local', subnet: 7 } },
    ],
  });
  assert.deepEqual(lines(file), [
    'error parsing configuration list: invalid value "maybe" for disableCheck',
    'disableCheck: must be true or false, got "maybe"',
    'plugins[0]: invalid VLAN ID 5000 (must be between 0 and 4094)',
    'plugins[0].ipam: invalid CIDR address: 10.0.0.0/33',
    'plugins[1].isGateway: must be a boolean, got "yes"',
    'plugins[1].ipam: invalid range set 0: RangeStart 192.0.3.1 not in network 192.0.2.0/24',
    'plugins[1].ipam.rangeStrat: warning: unknown key (did you mean "rangeStart"?)',
    'plugins[2].ipam.subnet: must be a string, got 7',
  ]);
  assert.equal(validateFile(file).filter((p) => p.warning).length, 1);
});

test('a single .conf is checked as the plugin it is', () => {
  const file = sb.writeConf('a.conf', { cniVersion: '0.4.0', name: 'single', type: 'host-local', ipam: { type: 'host-local', ranges: [[{ subnet: '192.0.2.0/24' }], [{ subnet: '192.0.2.128/25' }]] } });
  assert.deepEqual(lines(file), ['ipam: range set 0 overlaps with 1']);
});

test('plugins from the drop-in folder <dir>/<network>/*.conf are checked under their own file', () => {
  const file = sb.writeConf('a.conflist', { cniVersion: '1.1.0', name: 'drop', plugins: [{ type: 'loopback' }] });
  mkdirSync(join(sb.confDir, 'drop'));
  const dropIn = join(sb.confDir, 'drop', '10-ipam.conf');
  writeFileSync(dropIn, JSON.stringify({ type: 'host-local', ipam: { type: 'host-local', subnet: '192.0.2.0/24', gateway: 5 } }));
  assert.deepEqual(validateFile(file).map(formatProblem), [`${dropIn}: ipam.gateway: must be a string, got 5`]);
});
