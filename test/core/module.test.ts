// The release module is what Go/Python hosts load: it must need no imports and speak ABI 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ABI_VERSION } from '../../src/core/index.js';

const root = new URL('../../', import.meta.url);

for (const file of ['build/ipam.wasm', 'build/ipam.debug.wasm']) {
  test(`${file} has zero imports and exports abi_version`, () => {
    const module = new WebAssembly.Module(readFileSync(new URL(file, root)));
    assert.deepEqual(WebAssembly.Module.imports(module), []);
    const instance = new WebAssembly.Instance(module, {});
    const exports = instance.exports as { abi_version(): number; memory: WebAssembly.Memory };
    assert.equal(exports.abi_version(), ABI_VERSION);
    assert.ok(exports.memory instanceof WebAssembly.Memory);
  });
}

test('every export of the release module is documented in assembly/ABI.md', () => {
  const doc = readFileSync(new URL('assembly/ABI.md', root), 'utf8');
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(new URL('build/ipam.wasm', root))));
  const missing = exports.map((e) => e.name).filter((name) => !doc.includes('`' + name));
  assert.deepEqual(missing, []);
});

test('no AssemblyScript runtime allocator is compiled in (it would overlap the core heap)', () => {
  const wat = readFileSync(new URL('build/ipam.debug.wat', root), 'utf8');
  assert.deepEqual(wat.match(/\$~lib\/rt\/\S*(alloc|__new)\S*/g) ?? [], []);
});

test('wabt validates the release module with SIMD disabled', () => {
  // A second toolchain besides V8 (CI installs wabt); hosts like wazero enable the same features.
  const file = fileURLToPath(new URL('build/ipam.wasm', root));
  const result = spawnSync('wasm-validate', ['--disable-simd', file], { encoding: 'utf8' });
  assert.equal(result.error, undefined, 'wasm-validate (wabt) must be installed');
  assert.equal(result.status, 0, result.stderr);
});

/** A fresh instance driven through the raw numeric ABI only, as a Go or Python host would. */
function rawInstance() {
  const module = new WebAssembly.Module(readFileSync(new URL('build/ipam.wasm', root)));
  const ex = new WebAssembly.Instance(module, {}).exports as unknown as Record<string, (...a: number[]) => number> & { memory: WebAssembly.Memory };
  const mem = () => new Uint8Array(ex.memory.buffer);
  const io = ex.io_ptr() >>> 0;
  return { ex, mem, io };
}

test('raw ABI: parse, format and error codes as documented in ABI.md', () => {
  const { ex, mem, io } = rawInstance();
  const put = (s: string) => mem().set(Buffer.from(s, 'ascii'), io + 64);
  put('::ffff:192.0.2.1');
  assert.equal(ex.parse_ip(io + 64, 16, io + 32), 6);
  const len = ex.format_ip(io + 32, io + 128);
  assert.equal(Buffer.from(mem().subarray(io + 128, io + 128 + len)).toString(), '192.0.2.1');
  put('10.1.2.0/024');
  assert.equal(ex.parse_cidr(io + 64, 12, io + 32), (32 << 8) | 24);
  put('10.1.2.0/33');
  assert.equal(ex.parse_cidr(io + 64, 11, io + 32), -11);
  put('10.1.2.0');
  assert.equal(ex.parse_cidr(io + 64, 8, io + 32), -1);
  assert.equal(ex.pool_mark(77, io), -4);
  assert.equal(ex.cidr_network(io, 129, io + 32), -11);
  assert.equal(ex.alloc(-1), 0);
});

test('raw ABI: an IPv6 /64 with one million random allocations stays under 64 MB of memory', () => {
  const { ex, mem, io } = rawInstance();
  const record = new Uint8Array(64);
  record.set(Buffer.from('20010db8000000000000000000000001', 'hex'), 0);
  record.set(Buffer.from('20010db800000000ffffffffffffffff', 'hex'), 16);
  mem().set(record, io + 1024);
  const handle = ex.pool_new(io + 1024, 1);
  assert.ok(handle > 0);
  const batch = 4000;
  const buf = ex.alloc(batch * 16) >>> 0;
  let state = 12345;
  let marked = 0;
  for (let done = 0; done < 1_000_000; done += batch) {
    const view = new DataView(ex.memory.buffer, buf, batch * 16);
    for (let i = 0; i < batch; i++) {
      view.setUint32(i * 16, 0x20010db8);
      view.setUint32(i * 16 + 4, 0);
      for (let w = 8; w < 16; w += 4) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        view.setUint32(i * 16 + w, state);
      }
    }
    marked += ex.pool_mark_packed(handle, buf, batch);
  }
  assert.ok(marked > 999_000, `marked ${marked}`);
  assert.ok(ex.memory.buffer.byteLength < 64 * 1024 * 1024, `memory ${ex.memory.buffer.byteLength}`);
  assert.equal(ex.pool_next_free(handle, 0, 0, io + 32), 1);
  assert.equal(ex.pool_free(handle), 0);
});
