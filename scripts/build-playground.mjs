#!/usr/bin/env node
// Builds the browser playground into dist/playground/: index.html, playground.css, playground.js
// (one IIFE bundle: a module script would be blocked under file://) and ipam.wasm.
// The bundle swaps the Node entry of the core (synchronous file read) for the browser entry, and
// carries the wasm as base64 too, for pages opened from file:// where fetch() is refused.
// TypeScript is only transpiled here; type checking is a test (test/typecheck.test.ts).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src/playground');
const out = join(root, 'dist/playground');
const wasm = join(root, 'build/ipam.wasm');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
}

// What the page needs from earlier build steps, when run on its own (npm run playground).
if (!existsSync(wasm)) run(join(root, 'node_modules/.bin/asc'), ['--target', 'release']);
if (!existsSync(join(root, 'build/generated/validators.js'))) run(process.execPath, [join(root, 'scripts/build-schemas.mjs')]);

const coreNode = join(root, 'src/core/index.ts');
const coreBrowser = join(root, 'src/core/browser.ts');

/** `./x.js` imports of TypeScript sources, the core's browser entry, and transpilation. */
const typescriptSources = {
  name: 'typescript-sources',
  resolveId(source, importer) {
    if (!importer || !source.startsWith('.')) return null;
    const base = resolve(dirname(importer), source);
    const tsFile = base.replace(/\.js$/, '.ts');
    if (tsFile === coreNode) return coreBrowser;
    if (source.endsWith('.js') && existsSync(tsFile)) return tsFile;
    return null;
  },
  transform(code, id) {
    if (!id.endsWith('.ts')) return null;
    const r = ts.transpileModule(code, {
      fileName: id,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, sourceMap: true, verbatimModuleSyntax: true },
    });
    return { code: r.outputText, map: r.sourceMapText ? JSON.parse(r.sourceMapText) : null };
  },
};

const t0 = Date.now();
const bundle = await rollup({
  input: join(src, 'main.ts'),
  plugins: [typescriptSources],
  onwarn(warning, warn) {
    // src/ipam imports src/store for types only; Node built-ins must never reach the page.
    if (warning.code === 'UNRESOLVED_IMPORT') throw new Error(`the playground bundle cannot import ${warning.exporter ?? warning.message}`);
    warn(warning);
  },
});
// Built aside, then each file renamed into place: a page being served (or tested) meanwhile never
// sees a half-written file.
mkdirSync(out, { recursive: true });
const staging = mkdtempSync(join(root, 'dist/.playground-'));
await bundle.write({
  file: join(staging, 'playground.js'),
  format: 'iife',
  sourcemap: true,
  intro: `const IPAM_WASM_BASE64 = ${JSON.stringify(readFileSync(wasm).toString('base64'))};`,
});
await bundle.close();
for (const f of ['index.html', 'playground.css']) copyFileSync(join(src, f), join(staging, f));
copyFileSync(wasm, join(staging, 'ipam.wasm'));
for (const f of readdirSync(staging)) renameSync(join(staging, f), join(out, f));
rmSync(staging, { recursive: true, force: true });
console.log(`build-playground: dist/playground (${Date.now() - t0} ms)`);
