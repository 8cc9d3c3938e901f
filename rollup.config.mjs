// Bundles each CNI plugin entry (plugins/<name>.ts) and the CLI into one executable file each.
// Output is CommonJS on purpose: the executables have no extension and are copied into CNI bin
// directories that have no package.json, where Node treats a file as CommonJS.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve as resolvePath } from 'node:path';
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';

// Every executable of one build carries the same build id (a hash of what went into it), so that
// bridge can tell that the host-local it finds in CNI_PATH is its own code (src/cni/builtin.ts).
function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}
const buildId = (() => {
  const h = createHash('sha256');
  for (const f of [...sourceFiles('src'), ...sourceFiles('plugins'), 'package-lock.json'].sort()) h.update(f).update(readFileSync(f));
  h.update(readFileSync('build/ipam.wasm'));
  return h.digest('hex').slice(0, 16);
})();

// Start-up costs paid on every plugin exec, avoided by handing a dependency a lighter module:
// - proper-lockfile loads graceful-fs, which patches the whole fs module (several ms). src/store
//   hands proper-lockfile an fs of its own, so node's fs stands in for it.
// - signal-exit loads node:assert for one argument check; node:assert loads the stream modules
//   (through process.stderr, for colours), ~3 ms.
function substitute(name, id, importedBy, code) {
  const virtual = `\0${id}`;
  return {
    name,
    resolveId: (source, importer) => (source === id && importedBy.test(importer ?? '') ? virtual : null),
    load: (source) => (source === virtual ? code : null),
  };
}
const lighterDependencies = [
  substitute('graceful-fs-is-node-fs', 'graceful-fs', /proper-lockfile/, "import fs from 'node:fs'; export default fs;"),
  substitute('assert-for-signal-exit', 'assert', /signal-exit/,
    'export function equal(actual, expected, message) { if (actual != expected) throw new TypeError(message); }'),
];

// A plugin's bundle takes the validators of the config kinds it checks, not all of them
// (scripts/build-schemas.mjs writes build/generated/validators.<plugin>.js).
function validatorsOf(plugin) {
  const subset = `build/generated/validators.${plugin}.js`;
  return {
    name: 'validators-of-this-plugin',
    resolveId: (source) => (source.endsWith('/generated/validators.js') && existsSync(subset) ? resolvePath(subset) : null),
  };
}

function executable(input, file) {
  const banner = `#!/usr/bin/env node\n// wasm-cni ${basename(file)} build ${buildId}`;
  return {
    input,
    output: { file, format: 'cjs', banner, inlineDynamicImports: true, generatedCode: 'es2015' },
    external: (id) => id.startsWith('node:'),
    plugins: [
      ...lighterDependencies,
      validatorsOf(basename(file)),
      resolve({ preferBuiltins: true, exportConditions: ['node'] }),
      commonjs(),
      typescript({ tsconfig: './tsconfig.json', compilerOptions: { noEmit: false, declaration: false, sourceMap: false }, include: ['src/**/*.ts', 'plugins/**/*.ts', 'build/generated/**/*.ts'], noEmitOnError: false }),
    ],
    onwarn(warning, warn) {
      if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.some((id) => id.includes('node_modules'))) return;
      warn(warning);
    },
  };
}

const pluginEntries = readdirSync('plugins')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => executable(`plugins/${f}`, `dist/cni/${basename(f, '.ts')}`));

const cli = [];
try {
  readdirSync('src/cli').includes('main.ts') && cli.push(executable('src/cli/main.ts', 'dist/cli/cnirun'));
} catch {}

export default [...pluginEntries, ...cli];
