// cnirun end to end: cnitool's commands and environment, validate, run and install, against the
// reference plugins (v1.9.1) in namespaces created here.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HOSTLOCAL_LOOPBACK, Namespaces, REFERENCE, Workspace, bridgeChain } from '../interop/harness.js';
import { CLI, ROOT, cnirun, cnirunAsync } from './support.js';

const pid = process.pid;
const ns = new Namespaces();
after(() => {
  ns.removeAll();
  CLI.remove();
});

function workspace(chain = HOSTLOCAL_LOOPBACK, plugins?: object[]) {
  const ws = new Workspace();
  const network = `cli${pid}x${Math.floor(Math.random() * 1e6)}`;
  const doc = chain.conflist(network, '1.1.0', ws.dataDir) as { plugins: object[] };
  if (plugins) doc.plugins = plugins;
  ws.writeList('10-test.conflist', doc);
  const env = { NETCONFPATH: ws.confDir, CNI_PATH: REFERENCE.path.join(':'), CNI_CACHE_DIR: ws.cacheDir };
  return { ws, network, env };
}

const cnitoolId = (netns: string) => `cnitool-${createHash('sha512').update(netns).digest('hex').slice(0, 20)}`;
// Our run namespaces are named cnirun-<pid of the cnirun process>-...; none may be left behind.
const leftoverRunNs = (cliPid?: number) =>
  (existsSync('/var/run/netns') ? readdirSync('/var/run/netns') : []).filter((n) => n.startsWith(cliPid ? `cnirun-${cliPid}-` : 'cnirun-'));

describe('usage', () => {
  test('help prints the usage on stdout; no command, unknown ones and wrong arity fail on stderr', () => {
    const help = cnirun(['help'], {});
    assert.equal(help.status, 0);
    assert.match(help.stdout, /cnirun add +<network> <netns>/);
    assert.match(help.stdout, /NETCONFPATH/);
    for (const [args, msg] of [[[], /no command given/], [['frob'], /unknown command "frob"/], [['add', 'x'], /add takes \[-i <ifname>\] <network> <netns>/], [['del', '-i'], /-i needs an interface name/], [['run', 'x', '--'], /run takes <network> -- <command>/]] as const) {
      const r = cnirun([...args], {});
      assert.equal(r.status, 1, args.join(' '));
      assert.match(r.stderr, msg);
      assert.equal(r.stdout, '');
    }
  });
});

describe('add / check / status / gc / del', () => {
  test('the cnitool workflow, with cnitool container IDs, CNI_IFNAME, CNI_ARGS and CAP_ARGS', () => {
    const { ws, network, env } = workspace(HOSTLOCAL_LOOPBACK, [
      { type: 'host-local', capabilities: { ips: true }, ipam: { type: 'host-local', dataDir: '', ranges: [[{ subnet: '203.0.113.0/24' }]] } },
      { type: 'loopback' },
    ]);
    // dataDir must point into the workspace
    const list = JSON.parse(readFileSync(join(ws.confDir, '10-test.conflist'), 'utf8'));
    list.plugins[0].ipam.dataDir = ws.dataDir;
    ws.writeList('10-test.conflist', list);
    try {
      const c = ns.create('cli');
      const full = { ...env, CNI_IFNAME: 'net1', CNI_ARGS: 'IgnoreUnknown=1;FOO=bar', CAP_ARGS: '{"ips":["203.0.113.50/24"]}' };
      const add = cnirun(['add', network, c.path], full);
      assert.equal(add.status, 0, add.stderr);
      const result = JSON.parse(add.stdout);
      assert.equal(result.cniVersion, '1.1.0');
      assert.deepEqual(result.ips, [{ address: '203.0.113.50/24', gateway: '203.0.113.1' }]);
      assert.match(add.stdout, /^{\n {4}"cniVersion"/); // printed like cnitool: 4-space indent
      const cacheName = `${network}-${cnitoolId(c.path)}-net1`;
      assert.deepEqual(ws.cached(), [cacheName]);
      const cached = JSON.parse(readFileSync(join(ws.cacheDir, 'results', cacheName), 'utf8'));
      assert.deepEqual(cached.cniArgs, [['IgnoreUnknown', '1'], ['FOO', 'bar']]);
      assert.equal(ns.exec(c.name, ['ip', 'link', 'show', 'lo']).stdout.includes('UP'), true);

      for (const cmd of ['check', 'status']) {
        const r = cnirun([cmd, network, c.path], full);
        assert.equal(r.status, 0, `${cmd}: ${r.stderr}`);
        assert.equal(r.stdout, '');
      }
      const gc = cnirun(['gc', network, c.path], full);
      assert.equal(gc.status, 0, gc.stderr);
      assert.deepEqual(ws.cached(), []);
      assert.deepEqual(ws.reserved(network), []);
      const del = cnirun(['del', network, c.path], full);
      assert.equal(del.status, 0, del.stderr);

      // cnitool's -i/--ifname wins over CNI_IFNAME
      const flagged = cnirun(['add', '-i', 'net7', network, c.path], { ...full, CAP_ARGS: '' });
      assert.equal(flagged.status, 0, flagged.stderr);
      assert.deepEqual(ws.cached(), [`${network}-${cnitoolId(c.path)}-net7`]);
      assert.equal(cnirun(['del', '--ifname=net7', network, c.path], full).status, 0);
      assert.deepEqual(ws.cached(), []);
      assert.deepEqual(ws.reserved(network), []);
    } finally {
      ws.cleanup();
    }
  });

  test('errors go to stderr with exit 1: unknown network, bad CNI_ARGS, bad CAP_ARGS, plugin errors', () => {
    const { ws, network, env } = workspace();
    try {
      const cases: [Record<string, string>, string, RegExp][] = [
        [env, 'nonet', /^no net configuration with name "nonet" in /],
        [{ ...env, CNI_ARGS: 'A=1;B' }, network, /^invalid CNI_ARGS pair "B"/],
        [{ ...env, CAP_ARGS: '[1]' }, network, /^CAP_ARGS: must be a JSON object/],
        [{ ...env, CNI_IFNAME: 'a/b' }, network, /failed \(add\): interface name contains \/ or : or whitespace characters/],
        [{ ...env, CNI_PATH: join(ws.root, 'nobin') }, network, /failed to find plugin "host-local"/],
      ];
      for (const [e, net, msg] of cases) {
        const r = cnirun(['add', net, '/var/run/netns/none'], e);
        assert.equal(r.status, 1);
        assert.match(r.stderr, msg);
        assert.equal(r.stdout, '');
      }
    } finally {
      ws.cleanup();
    }
  });
});

describe('validate', () => {
  test('good files pass; every problem is reported with its file and field, exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), `cnirt-val-${pid}-`));
    try {
      writeFileSync(join(dir, '10-good.conflist'), JSON.stringify({ cniVersion: '1.0.0', name: 'good', plugins: [{ type: 'loopback' }] }));
      const good = cnirun(['validate', join(dir, '10-good.conflist')], {});
      assert.equal(good.status, 0, good.stderr);
      assert.match(good.stdout, /1 file\(s\) OK/);

      writeFileSync(join(dir, '20-broken.conflist'), '{"name": "x", "plugins": [');
      writeFileSync(join(dir, '30-names.conflist'), JSON.stringify({ cniVersion: '9.9.9', name: 'bad name', plugins: [{ type: 'loopback' }] }));
      writeFileSync(join(dir, '40-single.conf'), JSON.stringify({ cniVersion: '1.0.0', name: 'single' }));
      const bad = cnirun(['validate', dir], {});
      assert.equal(bad.status, 1);
      const lines = bad.stderr.trim().split('\n');
      const at = (f: string) => join(dir, f);
      assert.deepEqual(lines.slice(0, -1), [
        `${at('20-broken.conflist')}: error parsing configuration list: unexpected end of JSON input`,
        `${at('30-names.conflist')}: name: must start with a letter or digit and contain only letters, digits, "_", "." and "-", got "bad name"`,
        `${at('30-names.conflist')}: cniVersion: is not a version our plugins speak (0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0), got "9.9.9"`,
        `${at('40-single.conf')}: error parsing configuration: missing 'type'`,
      ]);
      assert.match(lines.at(-1)!, /4 problem\(s\) in 3 file\(s\)/);

      // with CNI_PATH: the plugins must be there and speak the list's version (Debian's: up to 1.0.0)
      const plugins = join(dir, 'plugins');
      mkdirSync(plugins);
      writeFileSync(join(plugins, '10-new.conflist'), JSON.stringify({ cniVersion: '1.1.0', name: 'n', plugins: [{ type: 'bridge', ipam: { type: 'dhcpx' } }, { type: 'nope' }] }));
      writeFileSync(join(plugins, '20-ok.conflist'), JSON.stringify({ cniVersions: ['1.1.0', '1.0.0'], name: 'ok', plugins: [{ type: 'loopback' }] }));
      const withPath = cnirun(['validate', plugins], { CNI_PATH: '/usr/lib/cni' });
      assert.equal(withPath.status, 1);
      const at10 = join(plugins, '10-new.conflist');
      assert.deepEqual(withPath.stderr.trim().split('\n'), [
        `${at10}: plugins[0].cniVersion: plugin bridge does not support config version "1.1.0" (it supports 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0)`,
        `${at10}: plugins[0].ipam.type: failed to find plugin "dhcpx" in path [/usr/lib/cni]`,
        `${at10}: plugins[1].type: failed to find plugin "nope" in path [/usr/lib/cni]`,
        '3 problem(s) in 1 file(s)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('run', () => {
  test('runs the command in an attached netns, passes its exit status, and cleans everything up', () => {
    const { ws, network, env } = workspace();
    try {
      const before = leftoverRunNs();
      const r = cnirun(['run', network, '--', 'sh', '-c', 'ip -o addr show lo; exit 7'], env);
      assert.equal(r.status, 7, r.stderr);
      assert.match(r.stdout, /inet 127\.0\.0\.1\/8/);
      assert.deepEqual(ws.cached(), []);
      assert.deepEqual(ws.reserved(network), []);
      assert.deepEqual(leftoverRunNs(), before);
    } finally {
      ws.cleanup();
    }
  });

  test('a bridge network from inside a test host namespace: the container reaches its gateway', () => {
    const host = ns.create('h');
    const { ws, network, env } = workspace(bridgeChain(`cr${pid}`));
    try {
      const r = cnirun(['run', network, '--', 'ping', '-c', '1', '-W', '2', '198.51.100.1'], env, host.name);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /1 received/);
      assert.deepEqual(ws.cached(), []);
      assert.deepEqual(ws.reserved(network), []);
    } finally {
      ws.cleanup();
    }
  });

  test('a failing ADD is reported and still cleaned up (DEL, netns removed)', () => {
    const { ws, network, env } = workspace(HOSTLOCAL_LOOPBACK, [{ type: 'loopback' }, { type: 'host-local', ipam: { type: 'host-local', subnet: 'not-a-subnet' } }]);
    try {
      const before = leftoverRunNs();
      const r = cnirun(['run', network, '--', 'true'], env);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /plugin type="host-local" failed \(add\): /);
      assert.deepEqual(leftoverRunNs(), before);
      assert.deepEqual(ws.cached(), []);
    } finally {
      ws.cleanup();
    }
  });

  test('SIGINT while the command runs: the command ends, then DEL and netns removal', async () => {
    const { ws, network, env } = workspace();
    try {
      const { child, done } = cnirunAsync(['run', network, '--', 'sleep', '30'], env);
      // wait for the attachment to exist
      for (let i = 0; i < 100 && ws.cached().length === 0; i++) await sleep(100);
      assert.equal(ws.cached().length, 1, 'attached');
      assert.equal(leftoverRunNs(child.pid).length, 1);
      await sleep(300);
      child.kill('SIGINT');
      const r = await done;
      assert.equal(r.status, 130, r.stderr);
      assert.deepEqual(ws.cached(), []);
      assert.deepEqual(ws.reserved(network), []);
      assert.deepEqual(leftoverRunNs(child.pid), []);
    } finally {
      ws.cleanup();
    }
  });
});

describe('install', () => {
  test('copies the plugin executables, ipam.wasm and code caches (not other files), executables 0755', () => {
    const root = mkdtempSync(join(tmpdir(), `cnirt-inst-${pid}-`));
    try {
      const from = join(root, 'dist');
      mkdirSync(from);
      const files: Record<string, string> = { bridge: '#!/usr/bin/env node\n1', 'host-local': '#!/usr/bin/env node\n2', loopback: '#!/usr/bin/env node\n3', 'ipam.wasm': 'wasm', 'bridge.v8cache': 'cache', 'package.json': '{}', 'notes.txt': 'x' };
      for (const [f, text] of Object.entries(files)) writeFileSync(join(from, f), text);
      const dir = join(root, 'bin');
      const r = cnirun(['install', '--from', from, dir], {});
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(readdirSync(dir).sort(), ['bridge', 'bridge.v8cache', 'host-local', 'ipam.wasm', 'loopback']);
      for (const f of readdirSync(dir)) {
        assert.equal(readFileSync(join(dir, f), 'utf8'), files[f]);
        assert.equal(statSync(join(dir, f)).mode & 0o777, f.includes('.') ? 0o644 : 0o755);
      }
      assert.match(r.stdout, new RegExp(`installed bridge, bridge.v8cache, host-local, ipam.wasm, loopback into ${dir}`));
      // without --from: the build output next to the CLI
      const fromBuild = cnirun(['install', join(root, 'bin2')], {});
      assert.equal(fromBuild.status, 0, fromBuild.stderr);
      for (const f of ['bridge', 'host-local', 'loopback', 'ipam.wasm', 'host-local.v8cache']) assert.ok(existsSync(join(root, 'bin2', f)), f);
      const installed = spawnSync(join(root, 'bin2', 'host-local'), [], { env: { PATH: process.env.PATH, WASM_CNI_CODE_CACHE: 'report' }, encoding: 'utf8' });
      assert.match(installed.stderr, /^code cache: used\n/);
      const empty = cnirun(['install', '--from', join(root, 'bin2', 'nothing'), join(root, 'bin3')], {});
      assert.equal(empty.status, 1);
      assert.match(empty.stderr, /ENOENT|no plugin executables/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('the bundled executable runs and finds the Wasm core next to the plugins', () => {
    const bundle = join(ROOT, 'dist/cli/cnirun');
    assert.ok(existsSync(bundle), 'npm run build produces dist/cli/cnirun');
    const dir = mkdtempSync(join(tmpdir(), `cnirt-b-${pid}-`));
    try {
      // a CIDR the core must parse to refuse
      writeFileSync(join(dir, 'a.conflist'), JSON.stringify({ cniVersion: '1.1.0', name: 'b', plugins: [{ type: 'host-local', ipam: { type: 'host-local', subnet: '192.0.2.0/33' } }] }));
      const r = spawnSync(bundle, ['validate', dir], { encoding: 'utf8' });
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stderr, `${join(dir, 'a.conflist')}: plugins[0].ipam: invalid CIDR address: 192.0.2.0/33\n1 problem(s) in 1 file(s)\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
