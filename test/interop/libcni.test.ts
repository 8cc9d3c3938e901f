// Proof against the real client: the Go libcni (v1.3.0) and our runtime each drive the same plugin
// chains through ADD / CHECK / STATUS / GC / DEL in namespaces created here, and each reads and
// deletes what the other cached. Bridge chains run inside a dedicated test "host" namespace.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Chain, type Driver, type PluginSet, type Reply, DEBIAN, HOSTLOCAL_LOOPBACK, Namespaces, OURS, REFERENCE, Workspace,
  TS_DRIVER_ENTRY, addressOf, available, bridgeChain, bundle, goDriver, tsDriver,
} from './harness.js';

const pid = process.pid;
const tmp = mkdtempSync(join(tmpdir(), `cnirt-go-${pid}-`));
const ns = new Namespaces();
const drivers: Record<string, Driver> = {};
const tsBundle = bundle(TS_DRIVER_ENTRY, 'ts-driver.cjs');
before(() => {
  drivers.ours = tsDriver(tsBundle.file);
  drivers.libcni = goDriver(tmp);
});
after(() => {
  ns.removeAll();
  tsBundle.remove();
  rmSync(tmp, { recursive: true, force: true });
});

function ok(r: Reply, what: string): Reply {
  assert.equal(r.error, undefined, `${what}: ${r.error?.message}`);
  return r;
}

let seq = 0;
function setup(set: PluginSet, chain: Chain) {
  const ws = new Workspace();
  const network = `net${pid}x${seq++}`;
  const hostNs = chain.bridge ? ns.create('h').name : undefined;
  ws.writeList('10-test.conflist', chain.conflist(network, set.version, ws.dataDir));
  const base = { confDir: ws.confDir, network, cacheDir: ws.cacheDir, path: set.path };
  const attachment = (tag: string) => {
    const c = ns.create('c');
    return { ...base, containerId: `${tag}-${pid}`, netns: c.path, ifName: 'eth0', nsName: c.name };
  };
  return { ws, network, hostNs, base, attachment };
}

const ipsOf = (r: Reply): string[] => (r.result.ips as { address: string }[]).map((i) => addressOf(i.address));
const familyOf = (ip: string) => (ip.includes(':') ? 6 : 4);
const cacheName = (network: string, a: { containerId: string; ifName: string }) => `${network}-${a.containerId}-${a.ifName}`;

// One attachment's life with a second one collected by GC, asserting the effects on the host.
async function lifecycle(driver: Driver, set: PluginSet, chain: Chain) {
  const { ws, network, hostNs, base, attachment } = setup(set, chain);
  try {
    const a1 = attachment('one');
    const a2 = attachment('two');
    const r1 = ok(driver.call({ ...a1, op: 'add' }, hostNs), 'add one');
    assert.equal(r1.cniVersion, set.version);
    assert.equal(r1.result.cniVersion, set.version);
    const ips1 = ipsOf(r1);
    assert.deepEqual(ips1.map(familyOf), chain.families);
    assert.deepEqual(ws.reserved(network), [...ips1].sort());
    if (chain.bridge) {
      const gw = addressOf(r1.result.ips[0].gateway);
      const ping = ns.exec(a1.nsName, ['ping', '-c', '1', '-W', '2', gw]);
      assert.equal(ping.status, 0, `ping ${gw} from the container: ${ping.stdout}`);
    }
    ok(driver.call({ ...a1, op: 'check' }, hostNs), 'check one');
    ok(driver.call({ ...base, op: 'status' }, hostNs), 'status');

    const r2 = ok(driver.call({ ...a2, op: 'add' }, hostNs), 'add two');
    const ips2 = ipsOf(r2);
    assert.equal(ips1.some((ip) => ips2.includes(ip)), false);
    assert.deepEqual(ws.cached(), [cacheName(network, a1), cacheName(network, a2)].sort());

    // GC keeps the valid attachment and DELs the other one from its cache entry.
    ok(driver.call({ ...base, op: 'gc', validAttachments: [{ containerID: a1.containerId, ifname: 'eth0' }] }, hostNs), 'gc');
    assert.deepEqual(ws.cached(), [cacheName(network, a1)]);
    assert.deepEqual(ws.reserved(network), [...ips1].sort());
    if (chain.bridge) assert.notEqual(ns.exec(a2.nsName, ['ip', 'link', 'show', 'eth0']).status, 0, 'eth0 of the collected attachment is gone');
    ok(driver.call({ ...a1, op: 'check' }, hostNs), 'check one after gc');

    ok(driver.call({ ...a1, op: 'del' }, hostNs), 'del one');
    assert.deepEqual(ws.cached(), []);
    assert.deepEqual(ws.reserved(network), []);
    ok(driver.call({ ...a1, op: 'del' }, hostNs), 'del one again (idempotent)');
    ok(driver.call({ ...base, op: 'gc', validAttachments: [] }, hostNs), 'gc of nothing');
  } finally {
    ws.cleanup();
  }
}

const sets = [DEBIAN, REFERENCE, OURS].filter(available);
test('plugin sets are installed and built (npm run build)', () => assert.deepEqual(sets, [DEBIAN, REFERENCE, OURS]));

for (const driverName of ['libcni', 'ours']) {
  describe(`${driverName} runtime`, () => {
    for (const set of sets) {
      for (const chain of [HOSTLOCAL_LOOPBACK, bridgeChain(`cb${pid}`)]) {
        test(`drives ${set.name}: ${chain.name}`, () => lifecycle(drivers[driverName], set, chain));
      }
    }
  });
}

for (const set of [REFERENCE, OURS]) describe(`result cache shared with libcni (${set.name} plugins)`, () => {
  const extras = { args: [['IgnoreUnknown', '1'], ['K8S_POD_NAME', 'p']], capabilityArgs: { ips: ['203.0.113.77/24'], other: { x: 1 } } };

  // One side ADDs; the other reads the cache (result, config bytes, args), lists the attachment
  // identically, CHECKs with the cached result and DELs, which must release everything.
  function crossCache(writer: string, reader: string) {
    const { ws, network, base, attachment } = setup(set, HOSTLOCAL_LOOPBACK);
    try {
      const a = { ...attachment(writer.slice(0, 2)), ...extras };
      const added = ok(drivers[writer].call({ ...a, op: 'add' }), `${writer} add`);
      const read = ok(drivers[reader].call({ ...a, op: 'cached' }), `${reader} cached`);
      assert.deepEqual(read.result, added.result);
      assert.equal(read.config, readFileSync(join(ws.confDir, '10-test.conflist'), 'utf8'));
      assert.deepEqual(read.cachedArgs, extras.args);
      assert.deepEqual(read.cachedCapabilityArgs, extras.capabilityArgs);
      const listed = (d: string, containerId: string) => ok(drivers[d].call({ ...base, op: 'attachments', containerId }), `${d} attachments`).attachments;
      for (const id of ['', a.containerId]) assert.deepEqual(listed(reader, id), listed(writer, id));
      assert.equal(listed(reader, '')!.length, 1);
      ok(drivers[reader].call({ ...a, op: 'check' }), `${reader} check`);
      ok(drivers[reader].call({ ...a, op: 'del' }), `${reader} del`);
      assert.deepEqual(ws.cached(), []);
      assert.deepEqual(ws.reserved(network), []);
    } finally {
      ws.cleanup();
    }
  }

  test('libcni writes; we read the result, config and args, CHECK with it and DEL it', () => crossCache('libcni', 'ours'));
  test('we write; libcni reads the result, config and args, CHECKs with it and DELs it', () => crossCache('ours', 'libcni'));

  test('libcni GC collects an attachment we added, from our cache entry alone', () => {
    const { ws, network, base, attachment } = setup(set, HOSTLOCAL_LOOPBACK);
    try {
      const a = attachment('gc');
      ok(drivers.ours.call({ ...a, op: 'add' }), 'our add');
      assert.equal(ws.reserved(network).length, 2);
      ok(drivers.libcni.call({ ...base, op: 'gc', validAttachments: [] }), 'libcni gc');
      assert.deepEqual(ws.cached(), []);
      assert.deepEqual(ws.reserved(network), []);
    } finally {
      ws.cleanup();
    }
  });
});

// Our host-local answers GC itself: a reservation that no cache entry remembers (the runtime lost it)
// is released when libcni's GC says the attachment is not valid. The reference host-local leaks it.
test('libcni GC through our host-local releases a reservation the cache no longer knows', () => {
  const { ws, network, base, attachment } = setup(OURS, HOSTLOCAL_LOOPBACK);
  try {
    const keep = attachment('keep');
    const lost = attachment('lost');
    const kept = ipsOf(ok(drivers.libcni.call({ ...keep, op: 'add' }), 'add keep'));
    ok(drivers.libcni.call({ ...lost, op: 'add' }), 'add lost');
    rmSync(join(ws.cacheDir, 'results', cacheName(network, lost)));
    assert.equal(ws.reserved(network).length, 4);
    ok(drivers.libcni.call({ ...base, op: 'gc', validAttachments: [{ containerID: keep.containerId, ifname: 'eth0' }] }), 'gc');
    assert.deepEqual(ws.reserved(network), [...kept].sort());
    assert.deepEqual(ws.cached(), [cacheName(network, keep)]);
  } finally {
    ws.cleanup();
  }
});

// cniVersions: libcni takes the highest version it knows (1.1.0) whatever the plugins speak; we ask
// each plugin through VERSION and settle on the newest one they all support.
test('cniVersions with the Debian plugins (up to 1.0.0): libcni fails with code 1, we negotiate 1.0.0', () => {
  const { ws, network, attachment } = setup(DEBIAN, HOSTLOCAL_LOOPBACK);
  try {
    const doc = HOSTLOCAL_LOOPBACK.conflist(network, '', ws.dataDir) as Record<string, unknown>;
    delete doc.cniVersion;
    ws.writeList('10-test.conflist', { ...doc, cniVersions: ['0.4.0', '1.1.0', '1.0.0'] });
    const a = attachment('neg');
    const theirs = drivers.libcni.call({ ...a, op: 'add' });
    assert.equal(theirs.cniVersion, '1.1.0');
    assert.equal(theirs.error?.code, 1, theirs.error?.message);
    assert.equal(drivers.libcni.call({ ...a, op: 'del' }).error?.code, 1, 'and so does its DEL');
    assert.deepEqual(ws.reserved(network), []);
    const ours = ok(drivers.ours.call({ ...a, op: 'add', negotiate: true }), 'our add');
    assert.equal(ours.result.cniVersion, '1.0.0');
    ok(drivers.ours.call({ ...a, op: 'check', negotiate: true }), 'our check');
    ok(drivers.ours.call({ ...a, op: 'del', negotiate: true }), 'our del');
    assert.deepEqual(ws.reserved(network), []);
  } finally {
    ws.cleanup();
  }
});

// A deprecated single-plugin .conf is wrapped into a list; the cache stores the wrapper's bytes,
// which must be the same text on both sides (Go marshals the map with sorted keys).
test('a single .conf network: libcni and we cache the same wrapper bytes and read each other', () => {
  const { ws, network, attachment } = setup(REFERENCE, HOSTLOCAL_LOOPBACK);
  try {
    rmSync(join(ws.confDir, '10-test.conflist'));
    ws.writeList('20-single.conf', { type: 'host-local', name: network, cniVersion: '1.0.0', zeta: { b: 1.5, a: [3, 'x'] }, ipam: { type: 'host-local', dataDir: ws.dataDir, subnet: '203.0.113.0/24' } });
    const a = attachment('go');
    const b = attachment('ts');
    ok(drivers.libcni.call({ ...a, op: 'add' }), 'libcni add');
    ok(drivers.ours.call({ ...b, op: 'add' }), 'our add');
    const theirs = ok(drivers.libcni.call({ ...b, op: 'cached' }), 'libcni reads ours');
    const mine = ok(drivers.ours.call({ ...a, op: 'cached' }), 'we read libcni');
    assert.equal(mine.config, theirs.config);
    assert.match(mine.config!, /^{"cniVersion":"1.0.0","name":"[^"]+","plugins":\[{"cniVersion":"1.0.0","ipam":{"dataDir"/);
    ok(drivers.ours.call({ ...a, op: 'del' }), 'we delete libcni');
    ok(drivers.libcni.call({ ...b, op: 'del' }), 'libcni deletes ours');
    assert.deepEqual(ws.cached(), []);
    assert.deepEqual(ws.reserved(network), []);
  } finally {
    ws.cleanup();
  }
});
