#!/usr/bin/env node
// `npm run build`: every artefact, in dependency order. Each step is a command; the first failure stops.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

function run(label, cmd, args) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build: ${label} failed`);
    process.exit(r.status ?? 1);
  }
  console.log(`build: ${label} (${Date.now() - t0} ms)`);
}

const bin = (name) => `node_modules/.bin/${name}`;

// 1. The Wasm core: release (zero imports) and debug (names, source map, abort with location).
run('wasm release', bin('asc'), ['--target', 'release']);
run('wasm debug', bin('asc'), ['--target', 'debug']);

// 2. JSON schemas compiled to standalone validators, so plugins never run ajv's compiler.
if (existsSync('scripts/build-schemas.mjs')) run('schemas', process.execPath, ['scripts/build-schemas.mjs']);

// 3. Bundle plugins and CLI (type checking is a test: test/typecheck.test.ts).
run('bundle', bin('rollup'), ['-c', 'rollup.config.mjs', '--silent']);

// 4. The Wasm sits next to the executables that load it. The executables are CommonJS without an
// extension; inside this repository (package.json "type": "module") Node needs to be told so.
mkdirSync('dist/cni', { recursive: true });
writeFileSync('dist/cni/package.json', '{"type":"commonjs"}\n');
if (existsSync('dist/cli')) writeFileSync('dist/cli/package.json', '{"type":"commonjs"}\n');
copyFileSync('build/ipam.wasm', 'dist/cni/ipam.wasm');
for (const f of readdirSync('dist/cni')) if (!f.includes('.')) chmodSync(`dist/cni/${f}`, 0o755);
if (existsSync('dist/cli/cnirun')) chmodSync('dist/cli/cnirun', 0o755);

// 5. Executables start from V8's code cache instead of compiling their bundle on each exec.
run('code cache', process.execPath, ['scripts/code-cache.mjs']);

// 6. Extra artefacts owned by other parts (playground, language bindings), when present.
for (const extra of ['scripts/build-playground.mjs', 'scripts/build-bindings.mjs']) {
  if (existsSync(extra)) run(extra, process.execPath, [extra]);
}
