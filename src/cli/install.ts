// install [dir]: copy our plugin executables and the Wasm module they load into a CNI bin directory.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_BIN_DIR = '/opt/cni/bin';

// dist/cni next to the bundled CLI (dist/cli/cnirun), or the build output when run from source.
export function pluginSourceDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', 'cni'), join(here, '..', '..', 'dist', 'cni')];
  const found = candidates.find((d) => existsSync(join(d, 'ipam.wasm')));
  if (!found) throw new Error(`no built plugins found (looked in ${candidates.join(', ')}); run npm run build first`);
  return found;
}

// Executables have no extension; ipam.wasm travels with them (they load it from their own
// directory), and so do their code caches (<name>.v8cache: a faster start, optional).
export function pluginFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => (!f.includes('.') || f.endsWith('.wasm') || f.endsWith('.v8cache')) && statSync(join(dir, f)).isFile())
    .sort();
}

export function installPlugins(target = DEFAULT_BIN_DIR, source = pluginSourceDir()): string[] {
  const files = pluginFiles(source);
  if (!files.some((f) => !f.includes('.'))) throw new Error(`no plugin executables in ${source}`);
  mkdirSync(target, { recursive: true });
  for (const f of files) {
    // Copy beside, then rename: a plugin being executed right now is never seen half-written.
    const tmp = join(target, `.${f}.tmp-${process.pid}`);
    copyFileSync(join(source, f), tmp);
    chmodSync(tmp, f.includes('.') ? 0o644 : 0o755);
    renameSync(tmp, join(target, f));
  }
  return files;
}
