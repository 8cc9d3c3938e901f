// The Go (wazero) and Python (wasmtime) bindings of ipam.wasm: each ships the module just built,
// and each passes its own tests, which run the shared vectors of test/vectors/ as Node does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function run(cmd: string, args: string[], cwd: string): { status: number | null; output: string } {
  const r = spawnSync(cmd, args, { cwd: `${root}/${cwd}`, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, output: `$ ${cmd} ${args.join(' ')} (in ${cwd})\n${r.error ?? ''}${r.stdout}${r.stderr}` };
}

test('both packages ship a copy of build/ipam.wasm identical to the build', () => {
  const r = run(process.execPath, ['scripts/build-bindings.mjs', '--check'], '.');
  assert.equal(r.status, 0, r.output);
});

test('go test ./... passes in bindings/go', () => {
  const r = run('go', ['test', '-count=1', './...'], 'bindings/go');
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, /^ok\s/m, r.output);
});

test('python3 -m pytest passes in bindings/python', () => {
  const r = run('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], 'bindings/python');
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, /\d+ passed/, r.output);
});
