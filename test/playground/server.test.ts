// `npm run playground` (scripts/playground.mjs): prints a 127.0.0.1 URL and serves the built page,
// the wasm as application/wasm, nothing outside dist/playground.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

// fetch() normalises paths; a raw request sends them as written.
function rawStatus(base: string, path: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port: new URL(base).port, path }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', reject);
  });
}

test('the playground script serves dist/playground on 127.0.0.1', async (t) => {
  assert.ok(existsSync(join(root, 'dist/playground/index.html')), 'dist/playground is built (npm run build)');
  const child = spawn(process.execPath, [join(root, 'scripts/playground.mjs'), '--no-build', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => child.kill());
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b) => {
      out += b;
      const m = /(http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);

  const page = await fetch(url);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.match(await page.text(), /<script src="playground\.js"><\/script>/);
  const wasm = await fetch(new URL('ipam.wasm', url));
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.ok(WebAssembly.validate(new Uint8Array(await wasm.arrayBuffer())));
  assert.equal((await fetch(new URL('missing.js', url))).status, 404);
  assert.equal(await rawStatus(url, '/..%2f..%2fpackage.json'), 403, 'encoded slashes cannot leave the folder');
  assert.equal((await fetch(url, { method: 'POST' })).status, 405);
});
