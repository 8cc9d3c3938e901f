// src/link against real namespaces: batches, labelled failures, JSON reads, sysctls inside a
// netns. Host-side functions are exercised through the plugins (they run in the plugin's netns).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Plan, PlanError } from '../../src/link/plan.js';
import { parseJsonArrays, readLink, readLinks, readRoutes } from '../../src/link/ip.js';
import { toolMessage } from '../../src/link/spawn.js';
import * as cmd from '../../src/link/commands.js';
import { checkNetns, NetnsError } from '../../src/link/netns.js';
import { inNs, withLab } from './harness.js';

test('a plan runs in one namespace and returns what showing commands print', async () => {
  await withLab(1, async (lab) => {
    const ns = lab.nsPath(lab.containers[0]);
    const shown = await new Plan()
      .add(cmd.linkUp('lo'), 'lo up')
      .add('link add name d0 type bridge', 'add d0')
      .add(cmd.addrAdd('192.0.2.9/24', 'd0'), 'addr')
      .add(cmd.linkUp('d0'), 'up')
      .add(cmd.addrShow('d0'), 'show')
      .run(ns);
    assert.equal(shown.length, 1);
    const d0 = (shown[0] as any[])[0];
    assert.equal(d0.ifname, 'd0');
    const v4 = d0.addr_info.filter((a: any) => a.family === 'inet');
    assert.deepEqual(v4.map((a: any) => `${a.local}/${a.prefixlen} ${a.broadcast}`), ['192.0.2.9/24 192.0.2.255']);
    assert.equal((await readLink('d0', ns))?.linkinfo?.info_kind, 'bridge');
    assert.equal(await readLink('nope0', ns), undefined);
    assert.ok((await readLinks(ns)).some((l) => l.ifname === 'lo' && l.flags.includes('UP')));
    const routes = await readRoutes(4, ns);
    assert.ok(routes.some((r) => r.dst === '192.0.2.0/24'));
  });
});

test('a failing line is reported with its label and the kernel message, and stops the batch', async () => {
  await withLab(1, async (lab) => {
    const ns = lab.nsPath(lab.containers[0]);
    const plan = new Plan()
      .add('link add name d1 type bridge', 'first')
      .add('link add name d1 type bridge', 'could not add "d1"')
      .add('link add name d2 type bridge', 'never');
    const err = await plan.run(ns).then(() => null, (e) => e);
    assert.ok(err instanceof PlanError);
    assert.equal(err.index, 1);
    assert.equal(err.message, 'could not add "d1": file exists');
    assert.equal(await readLink('d2', ns), undefined);
  });
});

test('sysctls are written inside the namespace before the batch runs', async () => {
  await withLab(1, async (lab) => {
    const ns = lab.containers[0];
    await new Plan()
      .sysctl('net/ipv4/conf/lo/arp_notify', '1', 'try')
      .sysctl('net/ipv4/conf/nope/arp_notify', '1', 'try')
      .sysctl('net/ipv6/conf/nope/disable_ipv6', '0', 'present')
      .add(cmd.linkUp('lo'), 'up')
      .run(lab.nsPath(ns));
    assert.equal(inNs(ns, 'cat', '/proc/sys/net/ipv4/conf/lo/arp_notify').trim(), '1');
    assert.equal(inNs(lab.host, 'cat', '/proc/sys/net/ipv4/conf/lo/arp_notify').trim(), '0');
    const bad = new Plan().sysctl('net/ipv4/conf/lo/arp_notify', 'x', 'present').run(lab.nsPath(ns));
    await assert.rejects(bad, /failed to write sysctl net\/ipv4\/conf\/lo\/arp_notify/);
  });
});

test('netns paths are checked like the reference does', async () => {
  await withLab(1, async (lab) => {
    assert.doesNotThrow(() => checkNetns(lab.nsPath(lab.containers[0])));
    assert.doesNotThrow(() => checkNetns(`/proc/${process.pid}/ns/net`));
  });
  const missing = (() => { try { checkNetns('/var/run/netns/absent-netns-xyz'); } catch (e) { return e; } })();
  assert.ok(missing instanceof NetnsError && missing.notExist);
  assert.equal(missing.message, 'failed to Statfs "/var/run/netns/absent-netns-xyz": no such file or directory');
  assert.throws(() => checkNetns('/tmp'), /unknown FS magic on "\/tmp": /);
});

test('helpers: concatenated JSON arrays and iproute2 messages', () => {
  assert.deepEqual(parseJsonArrays('[{"a":"]["}][]\n[1,2]'), [[{ a: '][' }], [], [1, 2]]);
  assert.equal(toolMessage('RTNETLINK answers: File exists\nCommand failed -:2\n'), 'file exists');
  assert.equal(toolMessage('Error: argument "x" is wrong: Device does not exist\n'), 'argument "x" is wrong: Device does not exist');
  assert.equal(cmd.addrAdd('fd00::1/64', 'br0'), 'addr add fd00::1/64 dev br0');
  assert.equal(cmd.addrAdd('192.0.2.1/31', 'br0'), 'addr add 192.0.2.1/31 dev br0');
  assert.equal(cmd.routeAppend({ dst: '0.0.0.0/0', gw: '192.0.2.1', priority: 5, table: 7, scope: 0 }, 'eth0'),
    'route append 0.0.0.0/0 via 192.0.2.1 dev eth0 metric 5 table 7 scope 0');
});
