// The bytes and modes of what the store writes, and how it reads what others wrote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NetworkStore, addressBytes } from '../../src/store/index.js';
import { goTrimSpace } from '../../src/store/layout.js';
import { withTempStore } from './helpers.js';

const hex = (path: string) => readFileSync(path).toString('hex');
const mode = (path: string) => statSync(path).mode & 0o777;

test('a reservation is "id\\r\\nifname" with no trailing newline, mode 0600', () => withTempStore(async ({ store, dataDir }) => {
  assert.equal(await store.withLock((tx) => tx.reserve('192.0.2.2', 'abc', 'eth0', 0)), true);
  const dir = join(dataDir, 'n');
  assert.equal(hex(join(dir, '192.0.2.2')), '6162630d0a65746830');
  assert.equal(mode(join(dir, '192.0.2.2')), 0o600);
  assert.equal(readFileSync(join(dir, 'last_reserved_ip.0'), 'utf8'), '192.0.2.2');
  assert.equal(mode(join(dir, 'last_reserved_ip.0')), 0o600);
}));

test('the container ID is trimmed, the ifname is not', () => withTempStore(async ({ store, dataDir }) => {
  await store.withLock((tx) => tx.reserve('2001:db8::2', '   dummy\n ', 'eth0 ', 3));
  const dir = join(dataDir, 'n');
  assert.equal(readFileSync(join(dir, '2001:db8::2'), 'utf8'), 'dummy\r\neth0 ');
  assert.equal(readFileSync(join(dir, 'last_reserved_ip.3'), 'utf8'), '2001:db8::2');
}));

test('open creates the network dir 0755 and an empty lock file like the reference', () => withTempStore(async ({ dir }) => {
  assert.equal(mode(dir), 0o755 & ~process.umask());
  assert.equal(statSync(join(dir, 'lock')).size, 0);
  assert.equal(mode(join(dir, 'lock')), 0o750 & ~process.umask());
  assert.deepEqual(readdirSync(dir), ['lock']);
}));

test('reserve refuses an address that is taken, whoever holds it', () => withTempStore(async ({ store, dataDir }) => {
  await store.withLock((tx) => {
    assert.equal(tx.reserve('192.0.2.5', 'a', 'eth0', 0), true);
    assert.equal(tx.reserve('192.0.2.5', 'b', 'eth0', 0), false);
    assert.equal(tx.reserve('192.0.2.5', 'a', 'eth0', 0), false);
    assert.equal(tx.has('192.0.2.5'), true);
    assert.equal(tx.has('192.0.2.6'), false);
  });
  assert.equal(readFileSync(join(dataDir, 'n', '192.0.2.5'), 'utf8'), 'a\r\neth0');
}));

test('a reservation whose last_reserved_ip cannot be written is rolled back (the reference keeps it)', () => withTempStore(async ({ store, dir }) => {
  mkdirSync(join(dir, 'last_reserved_ip.0'));   // rename(2) cannot replace a directory
  await store.withLock((tx) => {
    assert.throws(() => tx.reserve('192.0.2.2', 'a', 'eth0', 0), /EISDIR|directory/);
    assert.deepEqual(tx.findByOwner('a', 'eth0'), []);
    assert.equal(tx.packedAddresses().length, 0);
    assert.equal(tx.reserve('192.0.2.3', 'b', 'eth0', 1), true);   // the transaction goes on
  });
  assert.deepEqual(readdirSync(dir).sort(), ['192.0.2.3', 'last_reserved_ip.0', 'last_reserved_ip.1', 'lock']);
  await store.withLock((tx) => assert.deepEqual(tx.reservations().map((r) => r.ip), ['192.0.2.3']));
}));

test('legacy ID-only files and padded contents are found, listed and released', () => withTempStore(async ({ store, dir }) => {
  writeFileSync(join(dir, '192.0.2.10'), 'legacy');
  writeFileSync(join(dir, '192.0.2.11'), '  padded\r\neth0\n\n');
  writeFileSync(join(dir, '192.0.2.12'), 'padded\neth0');          // LF only: not the same key
  writeFileSync(join(dir, '192.0.2.13'), '');                      // the reference's empty-file leak
  writeFileSync(join(dir, '192.0.2.14'), 'na\u00efve\r\neth0\u3000');      // non-ASCII, Unicode space
  await store.withLock((tx) => {
    assert.deepEqual(tx.findByOwner('legacy', 'eth0'), ['192.0.2.10']);
    assert.deepEqual(tx.findByOwner(' legacy ', 'eth9'), ['192.0.2.10']);
    assert.deepEqual(tx.findByOwner('padded', 'eth0'), ['192.0.2.11']);
    assert.deepEqual(tx.findByOwner('padded', 'eth1'), []);
    assert.deepEqual(tx.findByOwner('na\u00efve', 'eth0'), ['192.0.2.14']);
    assert.deepEqual(tx.reservations(), [
      { ip: '192.0.2.10', containerId: 'legacy', ifname: null },
      { ip: '192.0.2.11', containerId: 'padded', ifname: 'eth0' },
      { ip: '192.0.2.12', containerId: 'padded\neth0', ifname: null },
      { ip: '192.0.2.13', containerId: '', ifname: null },
      { ip: '192.0.2.14', containerId: 'na\u00efve', ifname: 'eth0' },
    ]);
    assert.equal(tx.packedAddresses().length, 5 * 16);
  });
  await store.withLock((tx) => {
    assert.deepEqual(tx.releaseByOwner('padded', 'eth0'), ['192.0.2.11']);
    assert.deepEqual(tx.releaseByOwner('legacy', 'eth0'), ['192.0.2.10']);
    assert.deepEqual(tx.releaseByOwner('nobody', 'eth0'), []);
  });
  assert.deepEqual(readdirSync(dir).sort(), ['192.0.2.12', '192.0.2.13', '192.0.2.14', 'lock']);
}));

test('DEL semantics: legacy files of the ID go only when no current-format file matched', () => withTempStore(async ({ store, dir }) => {
  writeFileSync(join(dir, '192.0.2.20'), 'c\r\neth0');
  writeFileSync(join(dir, '192.0.2.21'), 'c');
  writeFileSync(join(dir, '192.0.2.22'), 'c\r\neth1');
  await store.withLock((tx) => {
    assert.deepEqual(tx.findByOwner('c', 'eth0'), ['192.0.2.20', '192.0.2.21']);
    assert.deepEqual(tx.releaseByOwner('c', 'eth0'), ['192.0.2.20']);
    assert.deepEqual(tx.releaseByOwner('c', 'eth0'), ['192.0.2.21']);
    assert.deepEqual(tx.findByOwner('c', 'eth1'), ['192.0.2.22']);
  });
}));

test('only IP-named files are reservations; lock and last_reserved_ip are not', () => withTempStore(async ({ store, dir }) => {
  writeFileSync(join(dir, 'last_reserved_ip.0'), '192.0.2.30');
  writeFileSync(join(dir, 'notes'), 'x\r\neth0');
  writeFileSync(join(dir, '192.0.2.030'), 'x\r\neth0');   // leading zero: not an IP to Go
  writeFileSync(join(dir, 'fe80::1%eth0'), 'x\r\neth0');  // zone: not an IP to Go
  writeFileSync(join(dir, '::ffff:192.0.2.31'), 'x\r\neth0');
  await store.withLock((tx) => {
    assert.deepEqual(tx.findByOwner('x', 'eth0'), ['::ffff:192.0.2.31']);
    assert.deepEqual(tx.findByOwner('192.0.2.30', 'eth0'), []);
    assert.equal(Buffer.from(tx.packedAddresses()).toString('hex'), '00000000000000000000ffffc000021f');
    assert.equal(tx.lastReserved(0), '192.0.2.30');
    assert.equal(tx.lastReserved(1), null);
  });
}));

test('release removes one file; GC keeps exactly the valid attachments', () => withTempStore(async ({ store, dir }) => {
  writeFileSync(join(dir, '192.0.2.40'), 'legacy');
  writeFileSync(join(dir, '192.0.2.41'), '');
  await store.withLock((tx) => {
    tx.reserve('192.0.2.42', 'a', 'eth0', 0);
    tx.reserve('192.0.2.43', 'a', 'eth1', 0);
    tx.reserve('192.0.2.44', 'b', 'eth0', 0);
    assert.equal(tx.release('192.0.2.44'), true);
    assert.equal(tx.release('192.0.2.44'), false);
    assert.deepEqual(tx.releaseAllExcept([{ containerId: 'a', ifname: 'eth0' }, { containerId: 'legacy', ifname: 'eth0' }]),
      ['192.0.2.41', '192.0.2.43']);
  });
  assert.deepEqual(readdirSync(dir).sort(), ['192.0.2.40', '192.0.2.42', 'last_reserved_ip.0', 'lock']);
}));

test('a transaction cannot be used after withLock returns', () => withTempStore(async ({ store }) => {
  const tx = await store.withLock((t) => t);
  assert.throws(() => tx.reserve('192.0.2.2', 'a', 'eth0', 0), /outside withLock/);
}));

test('addressBytes accepts what net.ParseIP accepts, in the 16-byte form', () => {
  const cases: [string, string | null][] = [
    ['192.0.2.1', '00000000000000000000ffffc0000201'],
    ['0.0.0.0', '00000000000000000000ffff00000000'],
    ['::ffff:192.0.2.1', '00000000000000000000ffffc0000201'],
    ['::', '00000000000000000000000000000000'],
    ['2001:db8::2', '20010db8000000000000000000000002'],
    ['2001:DB8:0:0:0:0:0:2', '20010db8000000000000000000000002'],
    ['::1.2.3.4', '00000000000000000000000001020304'],
    ['1::2:1.2.3.4', '00010000000000000000000201020304'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
    ['192.0.2.01', null], ['256.0.0.1', null], ['1.2.3', null], ['1.2.3.4.5', null],
    ['fe80::1%eth0', null], ['1:2:3:4:5:6:7:8:9', null], ['1:2:3:4:5:6:7::8', null], ['1:::2', null],
    ['::1::', null], ['12345::', null], ['lock', null], ['last_reserved_ip.0', null], ['', null],
    ['192.0.2.0/24', null], [':1.2.3.4', null],
  ];
  for (const [text, expected] of cases) {
    const bytes = addressBytes(text);
    assert.equal(bytes ? Buffer.from(bytes).toString('hex') : null, expected, text);
  }
});

test('goTrimSpace trims what Go trims', () => {
  assert.equal(goTrimSpace(' \t\r\n\v\f\u0085\u00a0x y\u3000\u2028'), 'x y');
  assert.equal(goTrimSpace('\ufeffx'), '\ufeffx');
});

test('network names cannot reach outside the data dir or into our side directory', () => withTempStore(async ({ dataDir }) => {
  for (const name of ['', '..', '../x', '.wasm-cni', '.']) {
    await assert.rejects(NetworkStore.open(dataDir, name), /network name/, name);
  }
}));

test('a network dir on another filesystem gets its temp files inside it (link cannot cross)', () => withTempStore(async ({ dataDir }) => {
  const elsewhere = mkdtempSync('/dev/shm/store-test-');
  try {
    symlinkSync(elsewhere, join(dataDir, 'm'));
    const store = await NetworkStore.open(dataDir, 'm');
    await store.withLock((tx) => {
      assert.equal(tx.reserve('192.0.2.2', 'a', 'eth0', 0), true);
      assert.equal(tx.reserve('192.0.2.3', 'b', 'eth0', 0), true);
    });
    assert.equal(readFileSync(join(elsewhere, '192.0.2.3'), 'utf8'), 'b\r\neth0');
    assert.deepEqual(readdirSync(elsewhere).sort(), ['192.0.2.2', '192.0.2.3', 'last_reserved_ip.0', 'lock']);
    await store.withLock((tx) => assert.deepEqual(tx.findByOwner('a', 'eth0'), ['192.0.2.2']));
  } finally {
    rmSync(elsewhere, { recursive: true, force: true });
  }
}));

test('a network dir removed and recreated behind our back is rescanned', () => withTempStore(async ({ store, dataDir, dir }) => {
  await store.withLock((tx) => tx.reserve('192.0.2.2', 'a', 'eth0', 0));
  rmSync(dir, { recursive: true });
  const reopened = await NetworkStore.open(dataDir, 'n');
  await reopened.withLock((tx) => {
    assert.equal(tx.packedAddresses().length, 0);
    assert.deepEqual(tx.findByOwner('a', 'eth0'), []);
  });
  assert.equal(reopened.lastLoad, 'scan');
  // Removed again while a store object is open: its next transaction recreates it.
  rmSync(dir, { recursive: true });
  assert.equal(await reopened.withLock((tx) => tx.reserve('192.0.2.3', 'b', 'eth0', 0)), true);
  assert.equal(readFileSync(join(dir, '192.0.2.3'), 'utf8'), 'b\r\neth0');
}));

test('an IP-named directory blocks its address like a file, and is never anyone\'s', () => withTempStore(async ({ store, dir }) => {
  mkdirSync(join(dir, '192.0.2.50'));
  await store.withLock((tx) => {
    assert.equal(Buffer.from(tx.packedAddresses()).toString('hex'), '00000000000000000000ffffc0000232');
    assert.equal(tx.reserve('192.0.2.50', 'a', 'eth0', 0), false);
    assert.deepEqual(tx.reservations(), []);
    assert.deepEqual(tx.releaseAllExcept([]), []);
    assert.equal(tx.release('192.0.2.50'), false);
    assert.equal(tx.packedAddresses().length, 16);
  });
  await store.withLock((tx) => assert.equal(tx.packedAddresses().length, 16));
  assert.equal(store.lastLoad, 'index');
}));

test('cleanup removes temp files left by crashes (not fresh ones) and forces a rebuild', () => withTempStore(async ({ store, dataDir }) => {
  const tempDir = join(dataDir, '.wasm-cni', 'tmp');
  const old = join(tempDir, '.123.abc.wasm-cni-tmp');
  const fresh = join(tempDir, '.456.def.wasm-cni-tmp');
  writeFileSync(old, 'x\r\neth0');
  writeFileSync(fresh, 'y\r\neth0');
  const twoMinutesAgo = new Date(Date.now() - 120_000);
  utimesSync(old, twoMinutesAgo, twoMinutesAgo);
  await store.withLock(() => undefined);
  assert.equal(await store.cleanup(), 0);   // withLock already took the old one
  assert.deepEqual(readdirSync(tempDir), ['.456.def.wasm-cni-tmp']);
  utimesSync(fresh, twoMinutesAgo, twoMinutesAgo);
  assert.equal(await store.cleanup(), 1);
  await store.withLock(() => undefined);
  assert.equal(store.lastLoad, 'scan');
}));
