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

test('each plugin\'s validators module judges its kinds exactly as the full one, and refuses others', async () => {
  const full = await import(join(root, 'build/generated/validators.js'));
  const subsets: Record<string, string[]> = { 'host-local': ['host-local'], bridge: ['bridge', 'host-local'], loopback: ['loopback'] };
  const ipam = { type: 'host-local', ranges: [[{ subnet: '192.0.2.0/24', gateway: '192.0.2.1' }]], routes: [{ dst: '0.0.0.0/0' }] };
  const docs: Record<string, unknown[]> = {
    'host-local': [{ cniVersion: '1.0.0', name: 'n', ipam }, { name: 'n', ipam: { ...ipam, ranges: 'x' } }, { ipam: { subnet: 5 } }, []],
    bridge: [{ cniVersion: '1.0.0', name: 'n', type: 'bridge', isGateway: 'true', ipam }, { name: 'n', type: 'bridge', mtu: 'x' }, { vlan: -1 }],
    loopback: [{ cniVersion: '1.0.0', name: 'lo', type: 'loopback' }, { name: 5 }],
  };
  for (const [plugin, kinds] of Object.entries(subsets)) {
    const subset = await import(join(root, `build/generated/validators.${plugin}.js`));
    for (const kind of kinds) {
      for (const doc of docs[kind]!) {
        const [a, b] = [full.validators[kind], subset.validators[kind]];
        assert.equal(b(doc), a(doc), `${plugin}/${kind}: ${JSON.stringify(doc)}`);
        assert.deepEqual(b.errors, a.errors, `${plugin}/${kind}: ${JSON.stringify(doc)}`);
      }
    }
    for (const other of Object.keys(full.validators).filter((k) => !kinds.includes(k))) {
      assert.throws(() => subset.validators[other]({}), new RegExp(`no ${other} validator in this bundle`));
    }
    for (const id of Object.keys(subset.schemas)) assert.deepEqual(subset.schemas[id], full.schemas[id]);
  }
});
