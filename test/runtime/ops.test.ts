// List operations against scripted plugins: what each plugin is sent, in which order, and what the
// runtime makes of the answers (libcni's api_test behaviours).
import { test, describe, afterEach, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { CniRuntime, cniErrorOf, confListFromBytes, type NetworkConfigList, type RuntimeConf } from '../../src/runtime/index.js';
import { type Sandbox, sandbox } from './support.js';

let sb: Sandbox;
let stderr: string;
let rt: CniRuntime;
beforeEach(() => {
  sb = sandbox();
  sb.addPlugin('first');
  sb.addPlugin('second');
  stderr = '';
  const sink = new Writable({ write: (chunk, _enc, cb) => { stderr += chunk.toString(); cb(); } });
  rt = new CniRuntime({ path: [join(sb.root, 'empty'), sb.bin], cacheDir: sb.cacheDir, stderr: sink });
});
afterEach(() => sb.cleanup());

function makeList(doc: Record<string, unknown>): NetworkConfigList {
  return confListFromBytes(Buffer.from(JSON.stringify({ cniVersion: '1.1.0', name: 'testnet', plugins: [{ type: 'first' }, { type: 'second' }], ...doc })));
}
const att: RuntimeConf = { containerId: 'ctr1', netns: '/var/run/netns/x', ifName: 'eth0', args: [['IgnoreUnknown', '1'], ['K', 'V']] };
const cacheFile = (id = 'ctr1', ifName = 'eth0') => join(sb.cacheDir, 'results', `testnet-${id}-${ifName}`);
const commands = () => sb.calls().map((c) => `${c.command} ${c.type}`);

describe('ADD', () => {
  test('runs plugins in order, chaining prevResult, with name/cniVersion injected and the CNI_* env set', async () => {
    const result = await rt.addNetworkList(makeList({}), att);
    const calls = sb.calls();
    assert.deepEqual(commands(), ['ADD first', 'ADD second']);
    assert.equal(calls[0].stdin.prevResult, undefined);
    // the first result re-read in its version's shape (empty ips dropped, as libcni does)
    assert.deepEqual(calls[1].stdin.prevResult, { cniVersion: '1.1.0', interfaces: [{ name: 'first-eth0' }] });
    assert.equal(calls[1].stdin.name, 'testnet');
    assert.equal(calls[1].stdin.cniVersion, '1.1.0');
    assert.deepEqual(calls[0].env, {
      CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'ctr1', CNI_NETNS: '/var/run/netns/x', CNI_IFNAME: 'eth0',
      CNI_ARGS: 'IgnoreUnknown=1;K=V', CNI_PATH: `${join(sb.root, 'empty')}:${sb.bin}`,
    });
    assert.deepEqual(result.interfaces, [{ name: 'first-eth0' }, { name: 'second-eth0' }]);
  });

  test('writes the final result to the cache in cniCacheV1 format, with the list bytes in base64', async () => {
    const list = makeList({});
    await rt.addNetworkList(list, { ...att, capabilityArgs: { ips: ['192.0.2.5/24'] } });
    const cached = JSON.parse(readFileSync(cacheFile(), 'utf8'));
    assert.deepEqual(Object.keys(cached), ['kind', 'containerId', 'config', 'ifName', 'networkName', 'netns', 'cniArgs', 'capabilityArgs', 'result']);
    assert.equal(cached.kind, 'cniCacheV1');
    assert.equal(Buffer.from(cached.config, 'base64').toString(), list.bytes.toString());
    assert.deepEqual(cached.cniArgs, [['IgnoreUnknown', '1'], ['K', 'V']]);
    assert.deepEqual(cached.capabilityArgs, { ips: ['192.0.2.5/24'] });
    assert.deepEqual(cached.result.interfaces, [{ name: 'first-eth0' }, { name: 'second-eth0' }]);
  });

  test('runtimeConfig holds only capabilities the plugin declares and the runtime provides; capabilities stay', async () => {
    const list = makeList({ plugins: [{ type: 'first', capabilities: { ips: true, mac: true, portMappings: false } }, { type: 'second' }] });
    await rt.addNetworkList(list, { ...att, capabilityArgs: { ips: ['192.0.2.5/24'], portMappings: [{ hostPort: 1 }], bandwidth: {} } });
    const [first, second] = sb.calls();
    assert.deepEqual(first.stdin.runtimeConfig, { ips: ['192.0.2.5/24'] });
    assert.deepEqual(first.stdin.capabilities, { ips: true, mac: true, portMappings: false });
    assert.equal(second.stdin.runtimeConfig, undefined);
  });

  test('a failing plugin stops the chain, keeps its code, and nothing is cached', async () => {
    const list = makeList({ plugins: [{ type: 'first' }, { type: 'second', fake: { ADD: { error: { code: 7, msg: 'bad config', details: 'subnet' } } } }, { type: 'first' }] });
    await assert.rejects(rt.addNetworkList(list, att), (e: Error) => {
      assert.equal(e.message, 'plugin type="second" failed (add): bad config; subnet');
      assert.equal(cniErrorOf(e)?.code, 7);
      return true;
    });
    assert.deepEqual(commands(), ['ADD first', 'ADD second']);
    assert.equal(existsSync(cacheFile()), false);
  });

  test('invalid container ID, interface name or network name is refused before any plugin runs', async () => {
    await assert.rejects(rt.addNetworkList(makeList({}), { ...att, containerId: '-bad' }), /failed \(add\): invalid characters in containerID; -bad/);
    await assert.rejects(rt.addNetworkList(makeList({}), { ...att, ifName: 'a-very-long-ifname' }), /interface name is too long/);
    await assert.rejects(rt.addNetworkList(makeList({ name: 'bad/name' }), att), /invalid characters found in network name/);
    await assert.rejects(rt.addNetworkList(makeList({}), { ...att, containerId: '' }), (e: Error) => cniErrorOf(e)?.code === 3);
    assert.deepEqual(sb.calls(), []);
  });

  test('a result without cniVersion takes the config version', async () => {
    const list = makeList({ cniVersion: '1.0.0', plugins: [{ type: 'first', fake: { ADD: { result: { ips: [{ address: '192.0.2.9/24' }] } } } }] });
    const r = await rt.addNetworkList(list, att);
    assert.equal(r.cniVersion, '1.0.0');
  });
});

describe('plugin errors and output', () => {
  const failWith = (ADD: object) => makeList({ plugins: [{ type: 'first', fake: { ADD } }] });

  test('exit without output: "netplugin failed with no error message"', async () => {
    await assert.rejects(rt.addNetworkList(failWith({ exit: 3 }), att), { message: 'plugin type="first" failed (add): netplugin failed with no error message: exit status 3' });
  });

  test('stderr only: quoted into the message', async () => {
    await assert.rejects(rt.addNetworkList(failWith({ exit: 1, stderr: 'boom\n' }), att), { message: 'plugin type="first" failed (add): netplugin failed: "boom\\n"' });
  });

  test('stdout that is not an error object', async () => {
    await assert.rejects(rt.addNetworkList(failWith({ exit: 1, stdout: 'oops' }), att), /netplugin failed but error parsing its diagnostic message "oops": /);
  });

  test('an aborted call kills the plugin (libcni: context cancelled or timed out)', async () => {
    const started = Date.now();
    await assert.rejects(rt.addNetworkList(failWith({ sleep: 20000 }), att, { signal: AbortSignal.timeout(300) }), /failed \(add\): netplugin failed with no error message: context canceled/);
    assert.ok(Date.now() - started < 10000);
  });

  test('stderr of a successful plugin is passed through', async () => {
    await rt.addNetworkList(failWith({ stderr: 'log line\n' }), att);
    assert.equal(stderr, 'log line\n');
  });

  test('a plugin file that cannot be executed', async () => {
    writeFileSync(join(sb.bin, 'noexec'), '#!/bin/sh\n', { mode: 0o644 });
    await assert.rejects(rt.addNetworkList(makeList({ plugins: [{ type: 'noexec' }] }), att), {
      message: `plugin type="noexec" failed (add): netplugin failed with no error message: fork/exec ${join(sb.bin, 'noexec')}: permission denied`,
    });
  });

  test('a plugin missing from every path directory', async () => {
    await assert.rejects(rt.addNetworkList(makeList({ plugins: [{ type: 'nope' }] }), att), {
      message: `plugin type="nope" failed (add): failed to find plugin "nope" in path [${join(sb.root, 'empty')} ${sb.bin}]`,
    });
  });
});

describe('CHECK and DEL', () => {
  test('CHECK passes the cached result as prevResult to every plugin, in order', async () => {
    const list = makeList({});
    const added = await rt.addNetworkList(list, att);
    sb.clearCalls();
    await rt.checkNetworkList(list, att);
    assert.deepEqual(commands(), ['CHECK first', 'CHECK second']);
    for (const c of sb.calls()) assert.deepEqual(c.stdin.prevResult, added);
  });

  test('CHECK: disableCheck runs nothing; a list below 0.4.0 is refused', async () => {
    await rt.checkNetworkList(makeList({ disableCheck: true }), att);
    await assert.rejects(rt.checkNetworkList(makeList({ cniVersion: '0.3.1' }), att), { message: 'configuration version "0.3.1" does not support the CHECK command' });
    assert.deepEqual(sb.calls(), []);
  });

  test('CHECK stops at the first failure', async () => {
    const list = makeList({ plugins: [{ type: 'first', fake: { CHECK: { error: { code: 11, msg: 'try later' } } } }, { type: 'second' }] });
    await assert.rejects(rt.checkNetworkList(list, att), (e: Error) => cniErrorOf(e)?.code === 11);
    assert.deepEqual(commands(), ['CHECK first']);
  });

  test('DEL runs in reverse with the cached result, then removes the cache', async () => {
    const list = makeList({});
    const added = await rt.addNetworkList(list, att);
    sb.clearCalls();
    await rt.delNetworkList(list, att);
    assert.deepEqual(commands(), ['DEL second', 'DEL first']);
    for (const c of sb.calls()) assert.deepEqual(c.stdin.prevResult, added);
    assert.equal(existsSync(cacheFile()), false);
  });

  test('DEL tolerates a corrupt or empty cache: no prevResult, cache removed', async () => {
    for (const content of ['', '{"kind":"cniCacheV1","result":{"cniVersion":"7.7.7"}}', '{not json']) {
      mkdirSync(join(sb.cacheDir, 'results'), { recursive: true });
      writeFileSync(cacheFile(), content);
      sb.clearCalls();
      await rt.delNetworkList(makeList({}), att);
      assert.deepEqual(commands(), ['DEL second', 'DEL first']);
      for (const c of sb.calls()) assert.equal(c.stdin.prevResult, undefined);
      assert.equal(existsSync(cacheFile()), false);
    }
  });

  test('a failed DEL keeps the cache so that it can be retried', async () => {
    const failing = makeList({ plugins: [{ type: 'first' }, { type: 'second', fake: { DEL: { error: { code: 999, msg: 'busy' } } } }] });
    await rt.addNetworkList(failing, att);
    await assert.rejects(rt.delNetworkList(failing, att), { message: 'plugin type="second" failed (delete): busy' });
    assert.equal(existsSync(cacheFile()), true);
    await rt.delNetworkList(makeList({}), att);
    assert.equal(existsSync(cacheFile()), false);
  });

  test('below 0.4.0 DEL sends no prevResult even with a cache', async () => {
    const list = makeList({ cniVersion: '0.3.1' });
    await rt.addNetworkList(list, att);
    sb.clearCalls();
    await rt.delNetworkList(list, att);
    for (const c of sb.calls()) assert.equal(c.stdin.prevResult, undefined);
  });

  test('the cached result is converted to the list version before it becomes prevResult', async () => {
    mkdirSync(join(sb.cacheDir, 'results'), { recursive: true });
    const cached = { kind: 'cniCacheV1', containerId: 'ctr1', config: '', ifName: 'eth0', networkName: 'testnet', result: { cniVersion: '1.1.0', ips: [{ address: '192.0.2.7/24', gateway: '192.0.2.1' }] } };
    writeFileSync(cacheFile(), JSON.stringify(cached));
    await rt.delNetworkList(makeList({ cniVersion: '0.4.0' }), att);
    assert.deepEqual(sb.calls()[0].stdin.prevResult, { cniVersion: '0.4.0', ips: [{ version: '4', address: '192.0.2.7/24', gateway: '192.0.2.1' }], dns: {} });
  });

  test('a legacy cache file (bare result, libcni 0.7) is read as the result', async () => {
    mkdirSync(join(sb.cacheDir, 'results'), { recursive: true });
    const legacy = { cniVersion: '1.1.0', ips: [{ address: '192.0.2.7/24' }] };
    writeFileSync(cacheFile(), JSON.stringify(legacy));
    await rt.checkNetworkList(makeList({}), att);
    assert.deepEqual(sb.calls()[0].stdin.prevResult, legacy);
  });
});

describe('GC', () => {
  const other: RuntimeConf = { containerId: 'ctr2', netns: '/var/run/netns/y', ifName: 'net1', capabilityArgs: { ips: ['192.0.2.9/24'] } };

  test('DELs every cached attachment of the network not in the valid set, then GC with both keys', async () => {
    const list = makeList({ plugins: [{ type: 'first', capabilities: { ips: true } }, { type: 'second' }] });
    await rt.addNetworkList(list, att);
    await rt.addNetworkList(list, other);
    // an attachment of another network is never touched
    await rt.addNetworkList({ ...list, name: 'othernet' }, other);
    sb.clearCalls();
    const valid = [{ containerID: 'ctr1', ifname: 'eth0' }];
    await rt.gcNetworkList(list, { validAttachments: valid });
    assert.deepEqual(commands(), ['DEL second', 'DEL first', 'GC first', 'GC second']);
    const [delSecond, delFirst, gc] = sb.calls();
    assert.equal(delSecond.env.CNI_CONTAINERID, 'ctr2');
    assert.equal(delSecond.env.CNI_NETNS, '/var/run/netns/y');
    assert.equal(delSecond.env.CNI_IFNAME, 'net1');
    assert.deepEqual(delFirst.stdin.runtimeConfig, { ips: ['192.0.2.9/24'] });
    assert.deepEqual(gc.stdin['cni.dev/valid-attachments'], valid);
    assert.deepEqual(gc.stdin['cni.dev/attachments'], valid);
    assert.deepEqual(gc.env, { CNI_COMMAND: 'GC', CNI_CONTAINERID: '', CNI_NETNS: '', CNI_IFNAME: '', CNI_ARGS: '', CNI_PATH: `${join(sb.root, 'empty')}:${sb.bin}` });
    assert.equal(existsSync(cacheFile()), true);
    assert.equal(existsSync(cacheFile('ctr2', 'net1')), false);
    assert.equal(existsSync(join(sb.cacheDir, 'results', 'othernet-ctr2-net1')), true);
  });

  test('without args (as cnitool) every attachment is stale and GC gets no attachment keys', async () => {
    const list = makeList({});
    await rt.addNetworkList(list, att);
    sb.clearCalls();
    await rt.gcNetworkList(list);
    assert.deepEqual(commands(), ['DEL second', 'DEL first', 'GC first', 'GC second']);
    assert.equal('cni.dev/valid-attachments' in sb.calls()[2].stdin, false);
  });

  test('errors do not stop GC; they are all reported', async () => {
    const list = makeList({ plugins: [{ type: 'first', fake: { GC: { error: { code: 5, msg: 'disk' } } } }, { type: 'second', fake: { GC: { exit: 2 } } }] });
    await assert.rejects(rt.gcNetworkList(list, { validAttachments: [] }), {
      message: 'failed to GC plugin first: disk\nfailed to GC plugin second: netplugin failed with no error message: exit status 2',
    });
    assert.deepEqual(commands(), ['GC first', 'GC second']);
  });

  test('disableGC runs nothing; below 1.1.0 only the stale DELs run', async () => {
    await rt.addNetworkList(makeList({ cniVersion: '1.0.0' }), att);
    sb.clearCalls();
    await rt.gcNetworkList(makeList({ disableGC: true }), { validAttachments: [] });
    assert.deepEqual(sb.calls(), []);
    await rt.gcNetworkList(makeList({ cniVersion: '1.0.0' }), { validAttachments: [] });
    assert.deepEqual(commands(), ['DEL second', 'DEL first']);
  });
});

describe('STATUS', () => {
  test('runs each plugin in order and stops at the first error, code preserved', async () => {
    const list = makeList({ plugins: [{ type: 'first' }, { type: 'second', fake: { STATUS: { error: { code: 50, msg: 'not available' } } } }, { type: 'first' }] });
    await assert.rejects(rt.getStatusNetworkList(list), (e: Error) => {
      assert.equal(cniErrorOf(e)?.code, 50);
      assert.equal(e.message, 'not available');
      return true;
    });
    assert.deepEqual(commands(), ['STATUS first', 'STATUS second']);
    const first = sb.calls()[0];
    assert.equal(first.env.CNI_CONTAINERID, '');
    assert.equal(first.stdin.name, 'testnet');
    assert.equal('runtimeConfig' in first.stdin || 'prevResult' in first.stdin, false);
  });

  test('a list below 1.1.0 runs nothing', async () => {
    await rt.getStatusNetworkList(makeList({ cniVersion: '1.0.0' }));
    assert.deepEqual(sb.calls(), []);
  });
});

describe('versions', () => {
  test('VERSION probes with dummy values; cniVersions settles on the newest version all plugins support', async () => {
    sb.addPlugin('old', { versions: ['0.3.1', '0.4.0', '1.0.0'] });
    const list = makeList({ cniVersion: undefined, cniVersions: ['1.1.0', '1.0.0', '0.4.0'], plugins: [{ type: 'first' }, { type: 'old' }] });
    assert.equal(list.cniVersion, '1.1.0'); // libcni's choice
    await rt.addNetworkList(list, att);
    const calls = sb.calls();
    const versionCalls = calls.filter((c) => c.command === 'VERSION');
    assert.equal(versionCalls.length, 2);
    assert.deepEqual(versionCalls[0].stdin, { cniVersion: '1.1.0' });
    assert.equal(versionCalls[0].env.CNI_NETNS, 'dummy');
    assert.equal(versionCalls[0].env.CNI_PATH, 'dummy');
    for (const c of calls.filter((c) => c.command === 'ADD')) assert.equal(c.stdin.cniVersion, '1.0.0');
    const libcniLike = new CniRuntime({ path: [sb.bin], cacheDir: sb.cacheDir, negotiateVersions: false });
    sb.clearCalls();
    await libcniLike.delNetworkList(list, att);
    assert.deepEqual(sb.calls().map((c) => c.stdin.cniVersion), ['1.1.0', '1.1.0']);
  });

  test('validateNetworkList: every plugin must support the version; the capabilities are collected', async () => {
    sb.addPlugin('old', { versions: ['0.3.1'] });
    sb.addPlugin('ancient', { versionError: 'unknown CNI_COMMAND: VERSION' });
    const caps = await rt.validateNetworkList(makeList({ plugins: [{ type: 'first', capabilities: { ips: true, mac: false } }, { type: 'second', capabilities: { portMappings: true } }] }));
    assert.deepEqual(caps.sort(), ['ips', 'portMappings']);
    await assert.rejects(rt.validateNetworkList(makeList({ plugins: [{ type: 'old' }, { type: 'ancient' }] })), {
      message: 'plugin old does not support config version "1.1.0"\nplugin ancient does not support config version "1.1.0"',
    });
    assert.deepEqual(await rt.validateNetworkList(makeList({ cniVersion: '0.1.0', plugins: [{ type: 'ancient' }] })), []);
  });
});
