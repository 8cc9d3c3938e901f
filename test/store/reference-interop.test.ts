// Directories shared with the reference host-local binaries (1.1.1 and 1.9.1), both ways, and the
// index noticing what they (or an admin) changed behind our back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NetworkStore } from '../../src/store/index.js';
import { spawn } from 'node:child_process';
import { REFERENCE_BINARIES, runChild, runReference, withTempStore } from './helpers.js';
import { restoreTimes } from '../support/dir-times.js';

const BOTH_FAMILIES = [['192.0.2.0/24'], ['2001:db8::/64']];

for (const ref of REFERENCE_BINARIES) {
  test(`reads a directory written by reference ${ref.version}`, () => withTempStore(async ({ store, dataDir, dir }) => {
    assert.equal(runReference(ref.path, 'ADD', dataDir, 'c1', 'eth0', BOTH_FAMILIES).code, 0);
    assert.equal(runReference(ref.path, 'ADD', dataDir, 'c2', 'eth1', BOTH_FAMILIES).code, 0);
    assert.equal(statSync(join(dir, '192.0.2.2')).mode & 0o777, ref.fileMode);
    await store.withLock((tx) => {
      assert.deepEqual(tx.findByOwner('c1', 'eth0'), ['192.0.2.2', '2001:db8::2']);
      assert.deepEqual(tx.findByOwner('c2', 'eth1'), ['192.0.2.3', '2001:db8::3']);
      assert.deepEqual(tx.findByOwner('c2', 'eth0'), []);
      assert.equal(tx.lastReserved(0), '192.0.2.3');
      assert.equal(tx.lastReserved(1), '2001:db8::3');
      assert.deepEqual(tx.reservations().map((r) => `${r.ip} ${r.containerId} ${r.ifname}`),
        ['192.0.2.2 c1 eth0', '192.0.2.3 c2 eth1', '2001:db8::2 c1 eth0', '2001:db8::3 c2 eth1']);
      const packed = Buffer.from(tx.packedAddresses()).toString('hex').match(/.{32}/g)!.sort();
      assert.deepEqual(packed, [
        '00000000000000000000ffffc0000202', '00000000000000000000ffffc0000203',
        '20010db8000000000000000000000002', '20010db8000000000000000000000003',
      ]);
      assert.equal(tx.reserve('192.0.2.3', 'c3', 'eth0', 0), false);
      assert.deepEqual(tx.releaseByOwner('c1', 'eth0'), ['192.0.2.2', '2001:db8::2']);
    });
    assert.deepEqual(readdirSync(dir).sort(),
      ['192.0.2.3', '2001:db8::3', 'last_reserved_ip.0', 'last_reserved_ip.1', 'lock']);
  }));

  test(`reference ${ref.version} reads, allocates around and releases what we wrote`, () => withTempStore(async ({ store, dataDir, dir }) => {
    await store.withLock((tx) => {
      assert.equal(tx.reserve('2001:db8::2', 'ours', 'eth0', 1), true);
      assert.equal(tx.reserve('192.0.2.2', 'ours', 'eth0', 0), true);
      assert.equal(tx.reserve('192.0.2.7', 'other', 'eth0', 0), true);
    });
    assert.equal(runReference(ref.path, 'CHECK', dataDir, 'ours').code, 0);
    assert.match(runReference(ref.path, 'CHECK', dataDir, 'absent').stdout, /Failed to find address added by container absent/);
    const dup = runReference(ref.path, 'ADD', dataDir, 'ours');
    assert.match(dup.stdout, /192\.0\.2\.2 has been allocated to ours, duplicate allocation is not allowed/);
    // Round robin continues after our last_reserved_ip.0 (192.0.2.7).
    const add = runReference(ref.path, 'ADD', dataDir, 'theirs');
    assert.equal(add.code, 0, add.stdout);
    assert.match(add.stdout, /"192\.0\.2\.8\/24"/);
    assert.equal(runReference(ref.path, 'DEL', dataDir, 'ours').code, 0);
    assert.equal(existsSync(join(dir, '192.0.2.2')), false);
    assert.equal(existsSync(join(dir, '2001:db8::2')), false);
    await store.withLock((tx) => {
      assert.equal(store.lastLoad, 'scan');
      assert.deepEqual(tx.findByOwner('ours', 'eth0'), []);
      assert.deepEqual(tx.findByOwner('theirs', 'eth0'), ['192.0.2.8']);
      assert.equal(tx.has('192.0.2.2'), false);
      assert.equal(tx.lastReserved(0), '192.0.2.8');
    });
  }));
}

test('the index is reused while the directory is unchanged, rebuilt after any outside change', () => withTempStore(async ({ store, dataDir, dir }) => {
  await store.withLock((tx) => tx.reserve('192.0.2.2', 'a', 'eth0', 0));
  await store.withLock((tx) => tx.reserve('192.0.2.3', 'b', 'eth0', 0));
  assert.equal(store.lastLoad, 'index');
  await store.withLock((tx) => assert.deepEqual(tx.findByOwner('b', 'eth0'), ['192.0.2.3']));
  assert.equal(store.lastLoad, 'index');
  // A second store object (another process) trusts the same index file.
  const other = await NetworkStore.open(dataDir, 'n');
  await other.withLock((tx) => assert.equal(tx.packedAddresses().length, 32));
  assert.equal(other.lastLoad, 'index');

  writeFileSync(join(dir, '192.0.2.9'), 'admin\r\neth0');   // added behind our back
  await store.withLock((tx) => assert.deepEqual(tx.findByOwner('admin', 'eth0'), ['192.0.2.9']));
  assert.equal(store.lastLoad, 'scan');
  unlinkSync(join(dir, '192.0.2.2'));                      // removed behind our back
  await store.withLock((tx) => {
    assert.deepEqual(tx.findByOwner('a', 'eth0'), []);
    assert.equal(tx.packedAddresses().length, 32);
  });
  assert.equal(store.lastLoad, 'scan');
  await store.withLock(() => undefined);
  assert.equal(store.lastLoad, 'index');
}));

test('the reference binary changing the directory right after us is noticed', () => withTempStore(async ({ store, dataDir }) => {
  const ref = REFERENCE_BINARIES[1]!;
  for (let round = 0; round < 5; round++) {
    await store.withLock((tx) => tx.reserve(`192.0.2.${100 + round}`, `ours${round}`, 'eth0', 0));
    assert.equal(runReference(ref.path, 'ADD', dataDir, `ref${round}`).code, 0);
    await store.withLock((tx) => {
      assert.deepEqual(tx.findByOwner(`ref${round}`, 'eth0'), [`192.0.2.${101 + round}`]);
      assert.equal(tx.reserve(`192.0.2.${101 + round}`, 'x', 'eth0', 0), false);
    });
    assert.equal(runReference(ref.path, 'DEL', dataDir, `ref${round}`).code, 0);
    await store.withLock((tx) => assert.deepEqual(tx.findByOwner(`ref${round}`, 'eth0'), []));
  }
}));

test('a content edit in place is not seen until the next rebuild (mtime unchanged): index is used', () => withTempStore(async ({ store, dataDir }) => {
  await store.withLock((tx) => tx.reserve('192.0.2.2', 'a', 'eth0', 0));
  writeFileSync(join(dataDir, 'n', '192.0.2.2'), 'b\r\neth0');   // same name: dir mtime unchanged
  await store.withLock((tx) => {
    assert.deepEqual(tx.findByOwner('a', 'eth0'), []);           // hash hit, content check says no
    assert.deepEqual(tx.findByOwner('b', 'eth0'), []);           // not in the index
  });
  assert.equal(store.lastLoad, 'index');
  await store.cleanup();
  await store.withLock((tx) => assert.deepEqual(tx.findByOwner('b', 'eth0'), ['192.0.2.2']));
  assert.equal(readFileSync(join(dataDir, 'n', '192.0.2.2'), 'utf8'), 'b\r\neth0');
}));

test('a reservation made by someone else during our transaction is learnt and then rescanned', () => withTempStore(async ({ store, dir }) => {
  await store.withLock((tx) => {
    writeFileSync(join(dir, '192.0.2.2'), 'intruder\r\neth0');   // as a reference ADD would, without our lock
    assert.equal(tx.reserve('192.0.2.2', 'ours', 'eth0', 0), false);
    assert.equal(tx.packedAddresses().length, 16);
    assert.deepEqual(tx.findByOwner('intruder', 'eth0'), ['192.0.2.2']);
    assert.equal(tx.reserve('192.0.2.3', 'ours', 'eth0', 0), true);
  });
  await store.withLock((tx) => assert.deepEqual(tx.reservations().map((r) => r.ip), ['192.0.2.2', '192.0.2.3']));
  assert.equal(store.lastLoad, 'scan');
}));

test('ours and the reference racing on one directory never give one address to two owners', () => withTempStore(async ({ store, dataDir, dir }) => {
  const ref = REFERENCE_BINARIES[1]!;
  const conf = JSON.stringify({ cniVersion: '1.0.0', name: 'n', ipam: { type: 'host-local', dataDir, ranges: [[{ subnet: '192.0.2.0/24' }]] } });
  const refAdd = (id: string) => new Promise<string | null>((resolve) => {
    const child = spawn(ref.path, [], { env: { CNI_COMMAND: 'ADD', CNI_CONTAINERID: id, CNI_NETNS: '/nonexistent/netns', CNI_IFNAME: 'eth0', CNI_PATH: '/nonexistent' } });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', (code) => resolve(code === 0 ? /"(192\.0\.2\.\d+)\/24"/.exec(out)![1]! : null));
    child.stdin.end(conf);
  });
  const [ours, theirs] = await Promise.all([
    Promise.all(Array.from({ length: 16 }, (_, i) => runChild(['reserve', dataDir, `192.0.2.${i + 2}`, `ours-${i}`]))),
    Promise.all(Array.from({ length: 16 }, (_, i) => refAdd(`ref-${i}`))),
  ]);
  const claims = new Map<string, string>();
  const claim = (ip: string, owner: string) => {
    assert.equal(claims.get(ip), undefined, `${ip} claimed by ${claims.get(ip)} and ${owner}`);
    claims.set(ip, owner);
    assert.equal(readFileSync(join(dir, ip), 'utf8'), `${owner}\r\neth0`);
  };
  ours.forEach((run, i) => { if (run.stdout === 'reserved\n') claim(`192.0.2.${i + 2}`, `ours-${i}`); });
  theirs.forEach((ip, i) => { if (ip) claim(ip, `ref-${i}`); });
  assert.equal(theirs.filter((ip) => ip === null).length, 0);
  await store.withLock((tx) => {
    // A reference write landing between one of our changes and its stamp hides from the table;
    // DEL and CHECK confirm a miss against the directory, as here.
    tx.reconcile();
    assert.equal(tx.packedAddresses().length, claims.size * 16);
    for (const [ip, owner] of claims) assert.deepEqual(tx.findByOwner(owner, 'eth0'), [ip]);
  });
}));

test('reconcile learns files hidden behind our stamp, drops vanished ones, then forces a rebuild', () => withTempStore(async ({ store, dir }) => {
  await store.withLock((tx) => {
    tx.reserve('192.0.2.2', 'a', 'eth0', 0);
    tx.reserve('192.0.2.3', 'b', 'eth0', 0);
  });
  const stamped = statSync(dir, { bigint: true });
  writeFileSync(join(dir, '192.0.2.9'), 'hidden\r\neth0');
  unlinkSync(join(dir, '192.0.2.3'));
  restoreTimes(dir, stamped);
  await store.withLock((tx) => {
    assert.deepEqual(tx.findByOwner('hidden', 'eth0'), []);    // the table trusted the stamp
    assert.equal(tx.reconcile(), true);
    assert.deepEqual(tx.findByOwner('hidden', 'eth0'), ['192.0.2.9']);
    assert.deepEqual(tx.findByOwner('b', 'eth0'), []);
    assert.equal(tx.packedAddresses().length, 2 * 16);
    assert.equal(tx.reconcile(), false);
  });
  assert.equal(store.lastLoad, 'index');
  await store.withLock((tx) => assert.deepEqual(tx.findByOwner('hidden', 'eth0'), ['192.0.2.9']));
  assert.equal(store.lastLoad, 'scan');
}));
