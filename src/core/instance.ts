// The one module instance of the process, created on first use by whichever loader the entry
// point registered (synchronous file read in Node, a prior `await loadCore()` in browsers).

import { ABI_VERSION, type CoreExports } from './abi.js';

/** Fixed slots inside the module's static I/O window (io_ptr()); single-threaded use only. */
export const SLOT_A = 0;        // 16-byte operand
export const SLOT_B = 16;       // 16-byte operand
export const SLOT_OUT = 32;     // 16-byte result
export const SLOT_OUT2 = 48;    // 16-byte second result
export const SLOT_TEXT = 64;    // text in or out, up to TEXT_CAP bytes
export const TEXT_CAP = 960;
export const SLOT_BULK = 1024;  // the rest of the window, for chunked batches

export class Core {
  readonly exports: CoreExports;
  readonly io: number;
  readonly ioCap: number;
  private view: Uint8Array;

  constructor(instance: WebAssembly.Instance) {
    this.exports = instance.exports as unknown as CoreExports;
    const version = this.exports.abi_version();
    if (version !== ABI_VERSION) {
      throw new Error(`IPAM core ABI version ${version}, wrapper expects ${ABI_VERSION}: rebuild the wasm (npm run build:wasm)`);
    }
    this.io = this.exports.io_ptr() >>> 0;
    this.ioCap = this.exports.io_cap();
    this.view = new Uint8Array(this.exports.memory.buffer);
  }

  /** A view of linear memory; re-derived after growth detached the previous buffer. */
  get mem(): Uint8Array {
    if (this.view.byteLength === 0) this.view = new Uint8Array(this.exports.memory.buffer);
    return this.view;
  }

  /** Writes text as one byte per char at ptr; non-ASCII becomes 0xff, which no syntax accepts. */
  writeText(text: string, ptr = this.io + SLOT_TEXT): number {
    const mem = this.mem;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      mem[ptr + i] = c < 128 ? c : 0xff;
    }
    return text.length;
  }

  /** Calls fn with the text in linear memory: the I/O window, or a temporary block if long. */
  withText<T>(text: string, fn: (ptr: number, len: number) => T): T {
    if (text.length <= TEXT_CAP) return fn(this.io + SLOT_TEXT, this.writeText(text));
    const ptr = this.exports.alloc(text.length) >>> 0;
    if (ptr === 0) throw new Error('IPAM core out of memory');
    try {
      return fn(ptr, this.writeText(text, ptr));
    } finally {
      this.exports.free(ptr);
    }
  }

  /** Reads len ASCII bytes starting at ptr. */
  readText(ptr: number, len: number): string {
    // A plain array through apply() beat typed-array apply, string concatenation and
    // TextDecoder for these short strings.
    const mem = this.mem;
    const codes: number[] = new Array(len);
    for (let i = 0; i < len; i++) codes[i] = mem[ptr + i];
    return String.fromCharCode.apply(null, codes);
  }

  write16(slot: number, bytes: Uint8Array): void {
    this.mem.set(bytes, this.io + slot);
  }

  read16(slot: number): Uint8Array {
    const at = this.io + slot;
    return this.mem.slice(at, at + 16);
  }
}

type Loader = () => WebAssembly.Instance;

let current: Core | null = null;
let loader: Loader | null = null;

/** Registers how to create the instance when first needed (no work happens here). */
export function setLoader(load: Loader): void {
  loader = load;
}

/** Installs an already created instance (browser path). */
export function installInstance(instance: WebAssembly.Instance): void {
  current = new Core(instance);
}

/** Bytes the core currently holds for pools and buffers (diagnostics; loads the module). */
export function coreMemoryInUse(): number {
  return core().exports.heap_used();
}

export function isLoaded(): boolean {
  return current !== null;
}

export function core(): Core {
  if (current) return current;
  if (!loader) throw new Error('IPAM core not loaded: in a browser, await loadCore() first');
  current = new Core(loader());
  return current;
}
