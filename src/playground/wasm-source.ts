// Where the page gets the IPAM core. Served over HTTP it fetches ipam.wasm next to the page (the
// server sends application/wasm). Opened from file://, fetch() is refused, so the bundle also
// carries the module as base64 (about 20 KB): the page then works offline from a plain folder.
declare const IPAM_WASM_BASE64: string; // defined by the bundle's intro (scripts/build-playground.mjs)

function inlineBytes(): Uint8Array {
  const binary = atob(IPAM_WASM_BASE64);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export async function wasmBytes(): Promise<{ bytes: ArrayBuffer | Uint8Array; from: 'fetch' | 'inline' }> {
  if (location.protocol === 'http:' || location.protocol === 'https:') {
    try {
      const response = await fetch(new URL('ipam.wasm', location.href));
      if (response.ok) return { bytes: await response.arrayBuffer(), from: 'fetch' };
    } catch {
      // offline or blocked: fall through to the copy in the bundle
    }
  }
  return { bytes: inlineBytes(), from: 'inline' };
}
