// The schemas are compiled at build time: the generated module is plain ESM without ajv, and
// nothing in src/ loads ajv's compiler at run time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('build-schemas writes standalone ESM validators that do not import ajv', () => {
  const r = spawnSync(process.execPath, ['scripts/build-schemas.mjs'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const code = readFileSync(join(root, 'build/generated/validators.js'), 'utf8');
  assert.doesNotMatch(code, /\brequire\(|from ["']ajv|import\(["']ajv/);
  for (const name of ['netconf', 'conflist', 'host_local', 'bridge', 'loopback']) {
    assert.match(code, new RegExp(`^export const ${name} = validate\\d+;`, 'm'));
  }
});

test('src/config and src/cni never import ajv', () => {
  for (const dir of ['src/config', 'src/cni']) {
    for (const file of readdirSync(join(root, dir)).filter((f) => f.endsWith('.ts'))) {
      assert.doesNotMatch(readFileSync(join(root, dir, file), 'utf8'), /from ['"]ajv/, `${dir}/${file}`);
    }
  }
});
