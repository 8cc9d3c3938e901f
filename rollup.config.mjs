// Bundles each CNI plugin entry (plugins/<name>.ts) and the CLI into one executable file each.
// Output is CommonJS on purpose: the executables have no extension and are copied into CNI bin
// directories that have no package.json, where Node treats a file as CommonJS.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
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

// proper-lockfile loads graceful-fs, which patches the whole fs module at start-up (several ms per
// plugin exec). src/store hands proper-lockfile an fs of its own, so node's fs stands in for it.
const nodeFsForGracefulFs = {
  name: 'graceful-fs-is-node-fs',
  resolveId: (id) => (id === 'graceful-fs' ? '\0graceful-fs' : null),
  load: (id) => (id === '\0graceful-fs' ? "import fs from 'node:fs'; export default fs;" : null),
};

function executable(input, file) {
  const banner = `#!/usr/bin/env node\n// wasm-cni ${basename(file)} build ${buildId}`;
  return {
    input,
    output: { file, format: 'cjs', banner, inlineDynamicImports: true, generatedCode: 'es2015' },
    external: (id) => id.startsWith('node:'),
    plugins: [
      nodeFsForGracefulFs,
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
