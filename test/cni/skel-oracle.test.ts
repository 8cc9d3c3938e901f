// Every skel check that fires before the plugin runs, compared byte for byte with the latest
// reference host-local, plus the code and message we expect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatch } from '../../src/cni/index.js';
import { unreachableHostLocal } from './support/plugins.js';
import { LATEST_HOST_LOCAL, containerEnv, runReference } from './support/reference.js';

interface Case { name: string; env: Record<string, string>; stdin: string; code?: number; msg?: string; details?: string; exit?: number }

const ok = (v: string) => `{"name":"net1","cniVersion":"${v}"}`;
const ALL = '["0.1.0" "0.2.0" "0.3.0" "0.3.1" "0.4.0" "1.0.0" "1.1.0"]';

const cases: Case[] = [
  { name: 'ADD with no other variable lists all missing ones', env: { CNI_COMMAND: 'ADD' }, stdin: ok('1.0.0'), code: 4, msg: 'required env variables [CNI_CONTAINERID,CNI_NETNS,CNI_IFNAME,CNI_PATH] missing' },
  { name: 'DEL does not require CNI_NETNS', env: { CNI_COMMAND: 'DEL' }, stdin: ok('1.0.0'), code: 4, msg: 'required env variables [CNI_CONTAINERID,CNI_IFNAME,CNI_PATH] missing' },
  { name: 'CHECK requires CNI_NETNS', env: containerEnv('CHECK', { CNI_NETNS: '' }), stdin: ok('1.0.0'), code: 4, msg: 'required env variables [CNI_NETNS] missing' },
  { name: 'GC requires only CNI_PATH', env: { CNI_COMMAND: 'GC' }, stdin: ok('1.1.0'), code: 4, msg: 'required env variables [CNI_PATH] missing' },
  { name: 'STATUS requires only CNI_PATH', env: { CNI_COMMAND: 'STATUS', CNI_CONTAINERID: '-bad' }, stdin: ok('1.1.0'), code: 4, msg: 'required env variables [CNI_PATH] missing' },
  { name: 'VERSION ignores stdin', env: { CNI_COMMAND: 'VERSION' }, stdin: 'not json', exit: 0 },
  { name: 'VERSION ignores a bad container ID', env: { CNI_COMMAND: 'VERSION', CNI_CONTAINERID: '-x' }, stdin: '', exit: 0 },
  { name: 'container ID must start alphanumeric', env: containerEnv('ADD', { CNI_CONTAINERID: '-bad' }), stdin: 'zz', code: 4, msg: 'invalid characters in containerID', details: '-bad' },
  { name: 'container ID is checked before ifname', env: containerEnv('DEL', { CNI_CONTAINERID: 'a b', CNI_IFNAME: 'a/b' }), stdin: 'zz', code: 4, msg: 'invalid characters in containerID', details: 'a b' },
  { name: 'ifname with a slash', env: containerEnv('ADD', { CNI_IFNAME: 'a/b' }), stdin: 'zz', code: 4, msg: 'interface name contains / or : or whitespace characters' },
  { name: 'ifname with a colon', env: containerEnv('CHECK', { CNI_IFNAME: 'eth0:1' }), stdin: 'zz', code: 4, msg: 'interface name contains / or : or whitespace characters' },
  { name: 'ifname with a tab', env: containerEnv('ADD', { CNI_IFNAME: 'a\tb' }), stdin: 'zz', code: 4, msg: 'interface name contains / or : or whitespace characters' },
  { name: 'ifname with a no-break space', env: containerEnv('ADD', { CNI_IFNAME: 'a\u00a0b' }), stdin: 'zz', code: 4, msg: 'interface name contains / or : or whitespace characters' },
  { name: 'ifname "."', env: containerEnv('ADD', { CNI_IFNAME: '.' }), stdin: 'zz', code: 4, msg: 'interface name is . or ..' },
  { name: 'ifname ".."', env: containerEnv('DEL', { CNI_IFNAME: '..' }), stdin: 'zz', code: 4, msg: 'interface name is . or ..' },
  { name: 'ifname of 16 bytes', env: containerEnv('ADD', { CNI_IFNAME: 'abcdefghijklmnop' }), stdin: 'zz', code: 4, msg: 'interface name is too long', details: 'interface name should be less than 16 characters' },
  { name: 'ifname of 9 characters but 18 bytes', env: containerEnv('ADD', { CNI_IFNAME: 'ééééééééé' }), stdin: 'zz', code: 4, msg: 'interface name is too long', details: 'interface name should be less than 16 characters' },
  { name: 'ifname of 15 bytes passes', env: containerEnv('ADD', { CNI_IFNAME: 'abcdefghijklmno' }), stdin: 'zz', code: 6, msg: "error unmarshall network config: invalid character 'z' looking for beginning of value" },
  { name: 'stdin that is not JSON', env: containerEnv('ADD'), stdin: '{"name":', code: 6, msg: 'error unmarshall network config: unexpected end of JSON input' },
  { name: 'stdin that is an array', env: containerEnv('ADD'), stdin: '[1]', code: 6, msg: 'error unmarshall network config: json: cannot unmarshal array into Go value of type struct { Name string "json:\\"name\\"" }' },
  { name: 'stdin that is a string', env: { CNI_COMMAND: 'GC', CNI_PATH: '/x' }, stdin: '"x"', code: 6, msg: 'error unmarshall network config: json: cannot unmarshal string into Go value of type struct { Name string "json:\\"name\\"" }' },
  { name: 'name that is a number', env: containerEnv('ADD'), stdin: '{"name":5}', code: 6, msg: 'error unmarshall network config: json: cannot unmarshal number into Go struct field .name of type string' },
  { name: 'a later good spelling does not hide a bad name', env: containerEnv('ADD'), stdin: '{"name":5,"NAME":"ok"}', code: 6, msg: 'error unmarshall network config: json: cannot unmarshal number into Go struct field .name of type string' },
  { name: 'a later good spelling does not hide a bad cniVersion', env: containerEnv('ADD'), stdin: '{"name":"n","cniVersion":[],"CNIVERSION":"1.0.0"}', code: 6, msg: 'decoding version from network config: json: cannot unmarshal array into Go struct field .cniVersion of type string' },
  { name: 'stdin null has no name', env: containerEnv('ADD'), stdin: 'null', code: 7, msg: 'missing network name' },
  { name: 'missing name', env: containerEnv('ADD'), stdin: '{"cniVersion":"1.0.0"}', code: 7, msg: 'missing network name' },
  { name: 'empty name', env: containerEnv('DEL'), stdin: '{"name":""}', code: 7, msg: 'missing network name' },
  { name: 'name with a slash', env: containerEnv('ADD'), stdin: '{"name":"a/b"}', code: 7, msg: 'invalid characters found in network name', details: 'a/b' },
  { name: 'name is matched case-insensitively', env: { CNI_COMMAND: 'GC', CNI_PATH: '/x' }, stdin: '{"NAME":"a b"}', code: 7, msg: 'invalid characters found in network name', details: 'a b' },
  { name: 'a null name does not override an earlier one', env: { CNI_COMMAND: 'STATUS', CNI_PATH: '/x' }, stdin: '{"NAME":"a","name":null}', code: 1, msg: 'config version does not allow STATUS' },
  { name: 'name with characters Go escapes', env: containerEnv('ADD'), stdin: '{"name":"a<b>&\\u2028\\ud800\\b\\u0001é\\u007f"}', code: 7, msg: 'invalid characters found in network name', details: 'a<b>&\u2028\ufffd\b\u0001é\u007f' },
  { name: 'cniVersion that is a number', env: containerEnv('ADD'), stdin: '{"name":"n","cniVersion":1}', code: 6, msg: 'decoding version from network config: json: cannot unmarshal number into Go struct field .cniVersion of type string' },
  { name: 'unsupported cniVersion', env: containerEnv('ADD'), stdin: ok('9.9'), code: 1, msg: 'incompatible CNI versions', details: `config is "9.9", plugin supports ${ALL}` },
  { name: 'cniVersion with a leading zero is not matched', env: containerEnv('DEL'), stdin: ok('01.0.0'), code: 1, msg: 'incompatible CNI versions', details: `config is "01.0.0", plugin supports ${ALL}` },
  { name: 'cniVersion is matched case-insensitively', env: { CNI_COMMAND: 'STATUS', CNI_PATH: '/x' }, stdin: '{"name":"n","CNIVERSION":"1.0.0"}', code: 1, msg: 'config version does not allow STATUS' },
  { name: 'CHECK on 0.3.1', env: containerEnv('CHECK'), stdin: ok('0.3.1'), code: 1, msg: 'config version does not allow CHECK' },
  { name: 'CHECK without cniVersion (0.1.0)', env: containerEnv('CHECK'), stdin: '{"name":"n"}', code: 1, msg: 'config version does not allow CHECK' },
  { name: 'CHECK with an unparsable version', env: containerEnv('CHECK'), stdin: ok('x.1'), code: 6, msg: 'failed to convert major version part "x": strconv.Atoi: parsing "x": invalid syntax' },
  { name: 'CHECK with a bad minor version', env: containerEnv('CHECK'), stdin: ok('1.y'), code: 6, msg: 'failed to convert minor version part "y": strconv.Atoi: parsing "y": invalid syntax' },
  { name: 'CHECK with too many parts', env: containerEnv('CHECK'), stdin: ok('1.1.0.0'), code: 6, msg: 'invalid version "1.1.0.0": too many parts' },
  { name: 'CHECK newer than the plugin', env: containerEnv('CHECK'), stdin: ok('1.2.0'), code: 1, msg: 'plugin version does not allow CHECK' },
  { name: 'CHECK of an unlisted version between ours', env: containerEnv('CHECK'), stdin: ok('0.5.0'), code: 1, msg: 'incompatible CNI versions', details: `config is "0.5.0", plugin supports ${ALL}` },
  { name: 'GC on 1.0.0', env: { CNI_COMMAND: 'GC', CNI_PATH: '/x' }, stdin: ok('1.0.0'), code: 1, msg: 'config version does not allow GC' },
  { name: 'GC newer than the plugin', env: { CNI_COMMAND: 'GC', CNI_PATH: '/x' }, stdin: ok('1.2.0'), code: 1, msg: 'plugin version does not allow GC' },
  { name: 'GC without a GC function succeeds silently', env: { CNI_COMMAND: 'GC', CNI_PATH: '/x' }, stdin: ok('1.1.0'), exit: 0 },
  { name: 'STATUS on 0.4.0', env: { CNI_COMMAND: 'STATUS', CNI_PATH: '/x' }, stdin: ok('0.4.0'), code: 1, msg: 'config version does not allow STATUS' },
  { name: 'STATUS without a STATUS function succeeds silently', env: { CNI_COMMAND: 'STATUS', CNI_PATH: '/x', CNI_NETNS: '/proc/self/ns/net' }, stdin: ok('1.1.0'), exit: 0 },
  { name: 'unknown command', env: { CNI_COMMAND: 'FOO' }, stdin: ok('1.1.0'), code: 4, msg: 'unknown CNI_COMMAND: FOO' },
  { name: 'commands are case-sensitive', env: { CNI_COMMAND: 'gc', CNI_PATH: '/x' }, stdin: ok('1.1.0'), code: 4, msg: 'unknown CNI_COMMAND: gc' },
  { name: 'unknown command still parses stdin first', env: { CNI_COMMAND: 'FOO' }, stdin: 'zz', code: 6, msg: "error unmarshall network config: invalid character 'z' looking for beginning of value" },
  { name: 'unknown command ignores identifiers', env: { CNI_COMMAND: 'FOO', CNI_CONTAINERID: '-x' }, stdin: ok('1.1.0'), code: 4, msg: 'unknown CNI_COMMAND: FOO' },
];

for (const c of cases) {
  test(`skel matches the reference: ${c.name}`, async () => {
    const ours = await dispatch(unreachableHostLocal, c.env, Buffer.from(c.stdin));
    const theirs = runReference(LATEST_HOST_LOCAL, c.env, c.stdin);
    assert.equal(ours.stdout, theirs.stdout);
    assert.equal(ours.exitCode, theirs.exitCode);
    if (c.code !== undefined) {
      const expected: Record<string, unknown> = { code: c.code, msg: c.msg };
      if (c.details !== undefined) expected.details = c.details;
      assert.deepEqual(JSON.parse(ours.stdout), expected);
      assert.equal(ours.exitCode, 1);
    } else {
      assert.equal(ours.exitCode, c.exit);
    }
  });
}

test('skel matches the reference: no CNI_COMMAND prints the about text to stderr', async () => {
  const ours = await dispatch(unreachableHostLocal, {}, Buffer.from(''));
  const theirs = runReference(LATEST_HOST_LOCAL, {}, '');
  assert.deepEqual(ours, { stdout: '', stderr: theirs.stderr, exitCode: 0 });
  assert.equal(ours.stderr, 'CNI host-local plugin version unknown\nCNI protocol versions supported: 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0\n');
});

test('skel matches the reference: VERSION output', async () => {
  const ours = await dispatch(unreachableHostLocal, { CNI_COMMAND: 'VERSION' }, Buffer.from('{}'));
  assert.equal(ours.stdout, runReference(LATEST_HOST_LOCAL, { CNI_COMMAND: 'VERSION' }, '{}').stdout);
  assert.equal(ours.stdout, '{"cniVersion":"1.1.0","supportedVersions":["0.1.0","0.2.0","0.3.0","0.3.1","0.4.0","1.0.0","1.1.0"]}\n');
});
