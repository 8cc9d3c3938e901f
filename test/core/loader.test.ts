// Loading: nothing happens at import time; Node finds the module or honours CNI_IPAM_WASM;
// the browser entry instantiates asynchronously from bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { locateWasm } from '../../src/core/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const wasm = `${root}build/ipam.wasm`;

function run(script: string, env: Record<string, string> = {}): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root, encoding: 'utf8', env: { ...process.env, ...env },
  });
  return { stdout: r.stdout.trim(), stderr: r.stderr, status: r.status };
}

test('importing the Node entry loads nothing until first use', () => {
  const r = run(`
    const core = await import('./src/core/index.ts');
    const before = core.isLoaded();
    const text = String(core.parseIP('::ffff:10.0.0.1'));
    console.log(JSON.stringify([before, core.isLoaded(), text]));`);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [false, true, '10.0.0.1']);
});

test('CNI_IPAM_WASM overrides the location; a bad path fails on first use, not on import', () => {
  assert.equal(locateWasm({ CNI_IPAM_WASM: '/opt/ipam.wasm' }), '/opt/ipam.wasm');
  assert.equal(locateWasm({}), wasm);
  const r = run(`
    const core = await import('./src/core/index.ts');
    console.log('imported');
    core.parseIP('10.0.0.1');`, { CNI_IPAM_WASM: '/nonexistent/ipam.wasm' });
  assert.equal(r.stdout, 'imported');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /\/nonexistent\/ipam\.wasm/);
});

test('the browser entry refuses use before loadCore, then works after it', () => {
  const r = run(`
    import { readFileSync } from 'node:fs';
    const core = await import('./src/core/browser.ts');
    let early = 'no error';
    try { core.parseIP('10.0.0.1'); } catch (e) { early = e.message; }
    await core.loadCore(readFileSync(${JSON.stringify(wasm)}));
    await core.loadCore(new Uint8Array(0)); // later calls are no-ops
    const pool = new core.Pool([{ start: core.parseIP('10.0.0.1'), end: core.parseIP('10.0.0.3') }]);
    console.log(JSON.stringify([early, String(pool.nextFree(null))]));`);
  assert.equal(r.status, 0, r.stderr);
  const [early, first] = JSON.parse(r.stdout);
  assert.match(early, /loadCore/);
  assert.equal(first, '10.0.0.1');
});
