// Browser entry of the IPAM core: instantiate asynchronously once, then use the same API as Node.
import { installInstance, isLoaded } from './instance.js';

export type WasmSource = string | URL | Response | ArrayBuffer | Uint8Array;

/** Loads the module (URL, fetch Response or bytes). Later calls are no-ops. */
export async function loadCore(source: WasmSource): Promise<void> {
  if (isLoaded()) return;
  let instance: WebAssembly.Instance;
  if (source instanceof ArrayBuffer || source instanceof Uint8Array) {
    instance = (await WebAssembly.instantiate(source as BufferSource, {})).instance;
  } else {
    const response = source instanceof Response ? source : await fetch(source);
    if (!response.ok) throw new Error(`loading the IPAM core from ${response.url}: HTTP ${response.status}`);
    instance = (await WebAssembly.instantiate(await response.arrayBuffer(), {})).instance;
  }
  if (!isLoaded()) installInstance(instance);
}

export * from './api.js';
