import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

// The whole tree (src, plugins, test, bench, scripts) type-checks under strict settings.
test('tsc --noEmit reports no type errors', () => {
  const r = spawnSync('node_modules/.bin/tsc', ['--noEmit', '-p', 'tsconfig.json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
