// cnirun against cnitool v1.3.0 itself: the same environment, the same container IDs, the same cache
// (cnitool always uses /var/lib/cni; our entries there are named after a network unique to this
// test and removed afterwards), so either tool can check and delete what the other added.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOSTLOCAL_LOOPBACK, Namespaces, REFERENCE, Workspace, buildCnitool } from './harness.js';
import { CLI } from '../cli/support.js';

const pid = process.pid;
const tmp = mkdtempSync(join(tmpdir(), `cnirt-tool-${pid}-`));
const ns = new Namespaces();
const RESULTS = '/var/lib/cni/results';
const network = `tool${pid}`;
let cnitool = '';
before(() => {
  cnitool = buildCnitool(tmp);
});
after(() => {
  ns.removeAll();
  CLI.remove();
  rmSync(tmp, { recursive: true, force: true });
  for (const f of ours()) rmSync(join(RESULTS, f), { force: true });
});

function ours(): string[] {
  try {
    return readdirSync(RESULTS).filter((f) => f.startsWith(`${network}-`));
  } catch {
    return [];
  }
}

function tool(which: 'cnitool' | 'cnirun', args: string[], env: Record<string, string>) {
  const argv = which === 'cnitool' ? [cnitool, ...args] : [process.execPath, CLI.file, ...args];
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(r.status, 0, `${which} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('cnitool adds, cnirun checks and deletes; cnirun adds, cnitool checks and deletes; same output', () => {
  const ws = new Workspace();
  try {
    ws.writeList('10-tool.conflist', HOSTLOCAL_LOOPBACK.conflist(network, '1.1.0', ws.dataDir));
    const c = ns.create('tool');
    const env = { NETCONFPATH: ws.confDir, CNI_PATH: REFERENCE.path.join(':'), CNI_ARGS: 'IgnoreUnknown=1', CNI_IFNAME: 'eth3' };

    const theirs = tool('cnitool', ['add', network, c.path], env);
    assert.equal(ours().length, 1);
    tool('cnirun', ['check', network, c.path], env);
    tool('cnirun', ['del', network, c.path], env);
    assert.deepEqual(ours(), []);
    assert.deepEqual(ws.reserved(network), []);

    const mine = tool('cnirun', ['add', network, c.path], env);
    tool('cnitool', ['check', network, c.path], env);
    // The printed result is the same text, but for the addresses (round robin moved on) and our newline.
    const addrs = (text: string) => (JSON.parse(text).ips as { address: string }[]).map((i) => i.address);
    let expected = theirs;
    addrs(theirs).forEach((a, i) => (expected = expected.replace(a, addrs(mine)[i])));
    assert.equal(mine, `${expected}\n`);
    tool('cnitool', ['del', network, c.path], env);
    assert.deepEqual(ours(), []);
    assert.deepEqual(ws.reserved(network), []);
  } finally {
    ws.cleanup();
  }
});
