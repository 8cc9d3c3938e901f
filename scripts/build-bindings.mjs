#!/usr/bin/env node
// Copies the freshly built build/ipam.wasm into the Go and Python bindings, which ship it inside
// their packages. With --check it copies nothing and fails when a copy differs from the build
// (test/bindings/bindings.test.ts runs that).
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const source = 'build/ipam.wasm';
const copies = ['bindings/go/ipam.wasm', 'bindings/python/src/wasm_cni_ipam/ipam.wasm'];

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
if (!existsSync(source)) {
  console.error(`build-bindings: ${source} is missing; run npm run build:wasm first`);
  process.exit(1);
}

if (process.argv.includes('--check')) {
  const built = readFileSync(source);
  const stale = copies.filter((copy) => !existsSync(copy) || !readFileSync(copy).equals(built));
  for (const copy of stale) console.error(`build-bindings: ${copy} differs from ${source}; run node scripts/build-bindings.mjs`);
  process.exit(stale.length === 0 ? 0 : 1);
}

for (const copy of copies) {
  mkdirSync(dirname(copy), { recursive: true });
  copyFileSync(source, copy);
}
console.log(`build-bindings: ${source} -> ${copies.join(', ')}`);
