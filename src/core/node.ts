// Finds and synchronously instantiates ipam.wasm in Node (plugins must start fast). Node's
// modules are fetched at call time, not imported, so this file (and index.ts) also bundles
// for browsers, where only the loadCore() path of browser.ts is used.

interface NodeModules {
  fs: typeof import('node:fs');
  path: typeof import('node:path');
  url: typeof import('node:url');
}

function nodeModules(): NodeModules {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const get = proc?.getBuiltinModule; // Node >= 20.16
  if (!get) throw new Error('IPAM core not loaded: outside Node, await loadCore() from src/core/browser first');
  return {
    fs: get.call(proc, 'node:fs') as NodeModules['fs'],
    path: get.call(proc, 'node:path') as NodeModules['path'],
    url: get.call(proc, 'node:url') as NodeModules['url'],
  };
}

/**
 * Where the module is: $CNI_IPAM_WASM if set; else next to the running file (dist/cni/ipam.wasm
 * beside a bundled plugin); else the repository's build/ipam.wasm.
 */
export function locateWasm(env: Record<string, string | undefined> = globalThis.process?.env ?? {}): string {
  const override = env.CNI_IPAM_WASM;
  if (override) return override;
  const { fs, path, url } = nodeModules();
  // A bundled plugin is CommonJS and knows its directory; parsing a file URL instead would
  // compile a dozen of node's URL functions on every exec.
  const here = typeof __dirname === 'string' ? __dirname : path.dirname(url.fileURLToPath(import.meta.url));
  const candidates = [
    path.join(here, 'ipam.wasm'),
    path.join(here, '..', '..', 'build', 'ipam.wasm'),
    path.join(here, '..', 'cni', 'ipam.wasm'),
  ];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error(`IPAM core not found (looked in ${candidates.join(', ')}); run npm run build:wasm or set CNI_IPAM_WASM`);
  }
  return found;
}

export function instantiateFromFile(): WebAssembly.Instance {
  const bytes = nodeModules().fs.readFileSync(locateWasm());
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
}
