// The built executables (dist/cni/*): one file each, started through V8's code cache when the
// cache next to it belongs to the same build, and exactly the same program when it does not.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const binDir = fileURLToPath(new URL('../../dist/cni/', import.meta.url));
const PLUGINS = ['bridge', 'host-local', 'loopback'];
const work = mkdtempSync(join(tmpdir(), 'wasm-cni-exe-'));
after(() => rmSync(work, { recursive: true, force: true }));

function run(path: string, env: Record<string, string>, stdin = '') {
  const r = spawnSync(path, [], { input: stdin, encoding: 'utf8', env: { PATH: process.env.PATH!, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cacheReport = (path: string) => run(path, { WASM_CNI_CODE_CACHE: 'report', CNI_COMMAND: 'VERSION' }, '{}').stderr.split('\n')[0];

/** A copy of host-local and the Wasm it needs in a directory of its own. */
function isolatedHostLocal(tag: string): string {
  const dir = join(work, tag);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of ['host-local', 'ipam.wasm', 'package.json']) copyFileSync(join(binDir, f), join(dir, f));
  return join(dir, 'host-local');
}

function addThenCheck(bin: string, tag: string, extraEnv: Record<string, string> = {}): { add: string; check: number | null } {
  const conf = JSON.stringify({ cniVersion: '1.1.0', name: 'exe', ipam: { type: 'host-local', dataDir: join(work, `data-${tag}`), ranges: [[{ subnet: '192.0.2.0/28' }]] } });
  const env = { ...extraEnv, CNI_CONTAINERID: 'c1', CNI_NETNS: '/nonexistent', CNI_IFNAME: 'eth0', CNI_PATH: binDir };
  const add = run(bin, { ...env, CNI_COMMAND: 'ADD' }, conf);
  assert.equal(add.code, 0, add.stdout + add.stderr);
  return { add: add.stdout, check: run(bin, { ...env, CNI_COMMAND: 'CHECK' }, conf).code };
}

test('every plugin is one executable file whose code cache is used', () => {
  for (const name of PLUGINS) {
    const path = join(binDir, name);
    assert.equal(statSync(path).mode & 0o777, 0o755, name);
    assert.match(readFileSync(path, 'utf8'), new RegExp(`^#!/usr/bin/env node\\n// wasm-cni ${name} build [0-9a-f]{16}\\n`));
    assert.equal(cacheReport(path), 'code cache: used', name);
  }
  assert.deepEqual(readdirSync(binDir).filter((f) => f.endsWith('.v8cache')).sort(), PLUGINS.map((p) => `${p}.v8cache`));
});

test('without a usable cache the program is the same: missing, another build, damaged, refused by V8, off', () => {
  const reference = addThenCheck(join(binDir, 'host-local'), 'cached');
  const good = readFileSync(join(binDir, 'host-local.v8cache'));
  const headerEnd = good.indexOf(10) + 1;
  const cases: [string, (bin: string) => void, Record<string, string>, string | null][] = [
    ['missing', () => {}, {}, 'code cache: missing'],
    ['stale', (bin) => {
      const otherBuild = good.subarray(0, headerEnd).toString('latin1').replace(/cache [0-9a-f]{16}/, 'cache 0000000000000000');
      writeFileSync(`${bin}.v8cache`, Buffer.concat([Buffer.from(otherBuild, 'latin1'), good.subarray(headerEnd)]));
    }, {}, 'code cache: stale'],
    ['damaged', (bin) => {
      const cache = Buffer.from(good);
      cache[headerEnd + (cache.length - headerEnd) / 2] ^= 0x10;   // one bit, mid-payload
      writeFileSync(`${bin}.v8cache`, cache);
    }, {}, 'code cache: corrupt'],
    ['truncated', (bin) => writeFileSync(`${bin}.v8cache`, good.subarray(0, headerEnd + 1000)), {}, 'code cache: corrupt'],
    ['refused', (bin) => {
      // Trained under another V8 flag: its flag hash differs, and V8 says no.
      spawnSync(process.execPath, ['--stack-size=900', bin], { env: { PATH: process.env.PATH, WASM_CNI_CODE_CACHE: 'train', CNI_COMMAND: 'VERSION' }, input: '{}' });
    }, {}, 'code cache: rejected'],
    ['off', (bin) => copyFileSync(join(binDir, 'host-local.v8cache'), `${bin}.v8cache`), { WASM_CNI_CODE_CACHE: 'off' }, null],
  ];
  for (const [tag, prepare, env, report] of cases) {
    const bin = isolatedHostLocal(tag);
    prepare(bin);
    if (report) assert.equal(cacheReport(bin), report, tag);
    assert.deepEqual(addThenCheck(bin, tag, env), reference, tag);
  }
});

test('the executables are ASCII only, so node reads and scans them as one-byte text', () => {
  // One non-ASCII character anywhere (a comment will do) makes every exec decode and scan the
  // whole ~200 KB file as two-byte text, twice: ~2 ms. The build escapes such characters.
  for (const name of PLUGINS) {
    const bytes = readFileSync(join(binDir, name));
    assert.equal(bytes.findIndex((b) => b > 0x7f), -1, name);
  }
});

test('the checksum module in the loader is scripts/fnv1a32x4.wat, assembled', () => {
  const out = join(work, 'fnv1a32x4.wasm');
  const r = spawnSync('wat2wasm', [fileURLToPath(new URL('../../scripts/fnv1a32x4.wat', import.meta.url)), '-o', out]);
  assert.equal(r.status, 0, String(r.stderr));
  const loader = readFileSync(fileURLToPath(new URL('../../scripts/executable-loader.cjs', import.meta.url)), 'utf8');
  const literal = /const FNV1A32X4_WASM = new Uint8Array\(\[([^\]]*)\]\)/.exec(loader)![1]!;
  assert.deepEqual(literal.split(',').map((x) => x.trim()).filter(Boolean).map(Number), [...readFileSync(out)]);
});
