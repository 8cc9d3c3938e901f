// skel behaviour once the plugin runs: results, thrown errors, optional verbs, the netns post-check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CniError, Code, SUPPORTED_VERSIONS, dispatch, formatResultLabelled, type CmdArgs, type PluginSpec } from '../../src/cni/index.js';
import { containerEnv } from './support/reference.js';

const result = { cniVersion: '1.1.0', ips: [{ address: '10.0.0.2/24', gateway: '10.0.0.1' }] };

function recorder(overrides: Partial<PluginSpec> = {}): PluginSpec & { calls: CmdArgs[] } {
  const calls: CmdArgs[] = [];
  return {
    name: 'rec', versions: SUPPORTED_VERSIONS, calls,
    add: async (a) => { calls.push(a); return result; },
    del: async (a) => { calls.push(a); },
    check: async (a) => { calls.push(a); },
    ...overrides,
  };
}

const conf = (v: string, extra: object = {}) => Buffer.from(JSON.stringify({ cniVersion: v, name: 'net1', ...extra }));

test('ADD prints the result in the config version', async () => {
  const p = recorder();
  const out = await dispatch(p, containerEnv('ADD'), conf('0.4.0'));
  assert.equal(out.exitCode, 0);
  assert.equal(out.stdout, JSON.stringify({ cniVersion: '0.4.0', ips: [{ version: '4', address: '10.0.0.2/24', gateway: '10.0.0.1' }], dns: {} }, null, 4));
  const noVersion = await dispatch(p, containerEnv('ADD'), Buffer.from('{"name":"n"}'));
  assert.match(noVersion.stdout, /"cniVersion": "0.1.0",\n    "ip4"/);
});

test('the plugin gets the parsed environment and config', async () => {
  const p = recorder();
  const env = containerEnv('DEL', { CNI_ARGS: 'IP=1.2.3.4', CNI_PATH: '/opt/cni/bin:/usr/lib/cni', CNI_NETNS: '' });
  const stdin = conf('1.0.0', { ipam: { type: 'host-local' } });
  const out = await dispatch(p, env, stdin);
  assert.deepEqual(out, { stdout: '', stderr: '', exitCode: 0 });
  const a = p.calls[0]!;
  assert.equal(a.command, 'DEL');
  assert.equal(a.containerId, 'ctr1');
  assert.equal(a.netns, '');
  assert.equal(a.ifname, 'eth0');
  assert.equal(a.args, 'IP=1.2.3.4');
  assert.deepEqual(a.path, ['/opt/cni/bin', '/usr/lib/cni']);
  assert.deepEqual(a.config, { cniVersion: '1.0.0', name: 'net1', ipam: { type: 'host-local' } });
  assert.equal(a.stdin, stdin);
  assert.equal(a.env, env);
});

test('a CniError keeps its code, msg and details', async () => {
  const p = recorder({ add: async () => { throw new CniError(Code.InvalidConfig, 'bad range', 'ipam.ranges[0]'); } });
  const out = await dispatch(p, containerEnv('ADD'), conf('1.0.0'));
  assert.equal(out.exitCode, 1);
  assert.equal(out.stdout, '{\n    "code": 7,\n    "msg": "bad range",\n    "details": "ipam.ranges[0]"\n}');
});

test('any other throw becomes code 999 with its message and no stack', async () => {
  for (const thrown of [new TypeError('x is <undefined>'), 'a string', 42, null]) {
    const p = recorder({ del: async () => { throw thrown; } });
    const out = await dispatch(p, containerEnv('DEL'), conf('1.0.0'));
    assert.equal(out.exitCode, 1);
    const parsed = JSON.parse(out.stdout);
    assert.equal(parsed.code, 999);
    assert.equal(parsed.msg, thrown instanceof Error ? thrown.message : String(thrown));
    assert.doesNotMatch(out.stdout, /at .*:\d+:\d+/);
  }
  const p = recorder({ del: async () => { throw new Error('a<b'); } });
  assert.match((await dispatch(p, containerEnv('DEL'), conf('1.0.0'))).stdout, /"msg": "a\\u003cb"/);
});

test('a result that cannot be converted is code 999', async () => {
  const p = recorder({ add: async () => ({ cniVersion: '1.1.0' }) });
  const out = await dispatch(p, containerEnv('ADD'), conf('0.2.0'));
  assert.deepEqual(JSON.parse(out.stdout), { code: 999, msg: 'cannot convert: no valid IP addresses' });
});

test('GC and STATUS run when the plugin has them, and their errors keep codes', async () => {
  const seen: string[] = [];
  const p = recorder({
    gc: async (a) => { seen.push(`gc ${JSON.stringify(a.config['cni.dev/valid-attachments'])}`); },
    status: async () => { throw new CniError(Code.NotAvailable, 'no addresses left'); },
  });
  const gcOut = await dispatch(p, { CNI_COMMAND: 'GC', CNI_PATH: '/x' }, conf('1.1.0', { 'cni.dev/valid-attachments': [{ containerID: 'c', ifname: 'eth0' }] }));
  assert.deepEqual(gcOut, { stdout: '', stderr: '', exitCode: 0 });
  assert.deepEqual(seen, ['gc [{"containerID":"c","ifname":"eth0"}]']);
  const st = await dispatch(p, { CNI_COMMAND: 'STATUS', CNI_PATH: '/x' }, conf('1.1.0'));
  assert.deepEqual(st, { stdout: '{\n    "code": 50,\n    "msg": "no addresses left"\n}', stderr: '', exitCode: 1 });
});

test('a plugin that stops at 1.0.0 refuses 1.1.0 configs with its own list', async () => {
  const p = recorder({ versions: ['0.3.1', '0.4.0', '1.0.0'], gc: async () => {} });
  const gc = await dispatch(p, { CNI_COMMAND: 'GC', CNI_PATH: '/x' }, conf('1.1.0'));
  assert.deepEqual(JSON.parse(gc.stdout), { code: 1, msg: 'plugin version does not allow GC' });
  const add = await dispatch(p, containerEnv('ADD'), conf('1.1.0'));
  assert.deepEqual(JSON.parse(add.stdout), { code: 1, msg: 'incompatible CNI versions', details: 'config is "1.1.0", plugin supports ["0.3.1" "0.4.0" "1.0.0"]' });
  const version = await dispatch(p, { CNI_COMMAND: 'VERSION' }, Buffer.alloc(0));
  assert.equal(version.stdout, '{"cniVersion":"1.1.0","supportedVersions":["0.3.1","0.4.0","1.0.0"]}\n');
});

test('the about text uses the build version when given', async () => {
  const out = await dispatch(recorder({ buildVersion: 'v0.1.0' }), {}, Buffer.alloc(0));
  assert.equal(out.stderr.split('\n')[0], 'CNI rec plugin v0.1.0');
});

test('netns post-check: own netns after ADD prints the result, then code 8', async () => {
  const own = (ns: string) => ns === '/proc/self/ns/net';
  const env = containerEnv('ADD', { CNI_NETNS: '/proc/self/ns/net' });
  const out = await dispatch(recorder(), env, conf('1.0.0'), { isOwnNetns: own });
  assert.equal(out.exitCode, 1);
  assert.ok(out.stdout.startsWith('{\n    "cniVersion": "1.0.0"'));
  assert.ok(out.stdout.endsWith('}{\n    "code": 8,\n    "msg": "plugin\'s netns and netns from CNI_NETNS should not be the same"\n}'));
  for (const override of ['1', 'true', 'TRUE']) {
    const o = await dispatch(recorder(), { ...env, CNI_NETNS_OVERRIDE: override }, conf('1.0.0'), { isOwnNetns: own });
    assert.equal(o.exitCode, 0, override);
  }
  const other = await dispatch(recorder(), containerEnv('ADD'), conf('1.0.0'), { isOwnNetns: own });
  assert.equal(other.exitCode, 0);
});

test('netns post-check: DEL with no or an unopenable netns succeeds; CHECK is not post-checked', async () => {
  let asked = 0;
  const throwing = (): boolean => { asked++; throw new Error('ENOENT'); };
  const noNetns = await dispatch(recorder(), containerEnv('DEL', { CNI_NETNS: '' }), conf('1.0.0'), { isOwnNetns: throwing });
  assert.equal(noNetns.exitCode, 0);
  assert.equal(asked, 0);
  const gone = await dispatch(recorder(), containerEnv('DEL', { CNI_NETNS: '/var/run/netns/gone' }), conf('1.0.0'), { isOwnNetns: throwing });
  assert.deepEqual(gone, { stdout: '', stderr: '', exitCode: 0 });
  assert.equal(asked, 1);
  const check = await dispatch(recorder(), containerEnv('CHECK', { CNI_NETNS: '/proc/self/ns/net' }), conf('1.0.0'), { isOwnNetns: () => true });
  assert.equal(check.exitCode, 0);
});

test('a plugin without ADD answers with a coded error, not a crash', async () => {
  const p: PluginSpec = { name: 'partial', versions: SUPPORTED_VERSIONS };
  const out = await dispatch(p, containerEnv('ADD'), conf('1.0.0'));
  assert.deepEqual(JSON.parse(out.stdout), { code: 999, msg: 'plugin partial does not implement ADD' });
});

// pluginMain, as a process.
const echoPlugin = fileURLToPath(new URL('./support/echo-plugin.ts', import.meta.url));

function runEcho(env: Record<string, string>, stdin: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', echoPlugin], { env: { PATH: process.env.PATH, ...env }, input: stdin, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status };
}

test('pluginMain prints the result without a trailing newline and exits 0', () => {
  const r = runEcho(containerEnv('ADD', { CNI_NETNS: '/var/run/netns/x' }), '{"cniVersion":"1.0.0","name":"n"}');
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.stdout, '{\n    "cniVersion": "1.0.0",\n    "ips": [\n        {\n            "address": "10.0.0.2/24",\n            "gateway": "10.0.0.1"\n        }\n    ]\n}');
});

test('pluginMain exits 1 with the error JSON on stdout for typed and untyped errors', () => {
  const typed = runEcho(containerEnv('ADD', { CNI_ARGS: 'fail=typed' }), '{"cniVersion":"1.0.0","name":"n"}');
  assert.equal(typed.exitCode, 1);
  assert.equal(typed.stdout, '{\n    "code": 7,\n    "msg": "bad config",\n    "details": "details here"\n}');
  const plain = runEcho(containerEnv('ADD', { CNI_ARGS: 'fail=plain' }), '{"cniVersion":"1.0.0","name":"n"}');
  assert.equal(plain.exitCode, 1);
  assert.equal(plain.stdout, '{\n    "code": 999,\n    "msg": "something broke"\n}');
  assert.equal(plain.stderr, '');
});

test('pluginMain: own netns after ADD fails with code 8 (real /proc check)', () => {
  const r = runEcho(containerEnv('ADD', { CNI_NETNS: '/proc/self/ns/net' }), '{"cniVersion":"1.0.0","name":"n"}');
  assert.equal(r.exitCode, 1);
  assert.match(r.stdout, /}\{\n    "code": 8,/);
  const del = runEcho(containerEnv('DEL', { CNI_NETNS: '/nonexistent/netns' }), '{"cniVersion":"1.0.0","name":"n"}');
  assert.deepEqual(del, { stdout: '', stderr: '', exitCode: 0 });
});

test('pluginMain: VERSION and the about text', () => {
  assert.equal(runEcho({ CNI_COMMAND: 'VERSION' }, '').stdout, '{"cniVersion":"1.1.0","supportedVersions":["0.1.0","0.2.0","0.3.0","0.3.1","0.4.0","1.0.0","1.1.0"]}\n');
  const about = runEcho({}, '');
  assert.equal(about.exitCode, 0);
  assert.equal(about.stdout, '');
  assert.match(about.stderr, /^CNI echo plugin version unknown\nCNI protocol versions supported: 0\.1\.0, /);
});

test('a plugin can choose how its ADD result is printed', async () => {
  const p = recorder({ printResult: formatResultLabelled });
  const out = await dispatch(p, containerEnv('ADD'), conf('0.4.0'));
  assert.equal(out.stdout, JSON.stringify({ cniVersion: '0.4.0', ips: [{ address: '10.0.0.2/24', gateway: '10.0.0.1' }] }, null, 4));
});

test('stdin given as a reader is read only after the environment passed; read errors are code 5', async () => {
  let reads = 0;
  const reader = async () => { reads++; return conf('1.0.0'); };
  const missing = await dispatch(recorder(), { CNI_COMMAND: 'ADD' }, reader);
  assert.equal(JSON.parse(missing.stdout).code, 4);
  assert.equal((await dispatch(recorder(), { CNI_COMMAND: 'VERSION' }, reader)).exitCode, 0);
  assert.equal(reads, 0);
  assert.equal((await dispatch(recorder(), containerEnv('ADD'), reader)).exitCode, 0);
  assert.equal(reads, 1);
  const broken = await dispatch(recorder(), containerEnv('ADD'), async () => { throw new Error('read /dev/stdin: EIO'); });
  assert.deepEqual(JSON.parse(broken.stdout), { code: 5, msg: 'error reading from stdin: read /dev/stdin: EIO' });
});

test('pluginMain does not wait for stdin when the environment is incomplete', async () => {
  // stdin stays open: a plugin that read it first would hang until the timeout.
  const child = spawn(process.execPath, ['--import', 'tsx', echoPlugin], { env: { PATH: process.env.PATH, CNI_COMMAND: 'ADD' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d) => { stdout += d; });
  const timer = setTimeout(() => child.kill(), 10_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  child.stdin.destroy();
  assert.equal(code, 1);
  assert.match(stdout, /required env variables \[CNI_CONTAINERID,CNI_NETNS,CNI_IFNAME,CNI_PATH\] missing/);
});
