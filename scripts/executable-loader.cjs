// Start-up: the program is the bundle in the comment at the end of this file. Node would compile
// it from scratch on every exec (~15 ms of a plugin's ~35); instead this loader compiles it with
// V8's code cache, <this file>.v8cache, made at build time by training runs. A cache from another
// build or another Node, a damaged one, or none at all only costs that compile again.
// WASM_CNI_CODE_CACHE: unset = use the cache; off = ignore it; report = say on stderr how it went;
// train = use it and rewrite it at exit with what this run compiled (scripts/code-cache.mjs).
'use strict';
const { closeSync, fstatSync, openSync, readFileSync, readSync, writeFileSync, writeSync } = require('node:fs');
const { Script } = require('node:vm');

const text = readFileSync(__filename, 'utf8');
const build = /^#![^\n]*\n\/\/ wasm-cni \S+ build (\S+)\n/.exec(text)[1];
const MARK = '\n/*' + ' bundle\n';   // split: this line must not match itself
const begin = text.indexOf(MARK) + MARK.length;
const source = text.slice(begin, text.lastIndexOf('*/')).replaceAll('*\\/', '*/');
const lineOffset = text.slice(0, begin).split('\n').length - 1;

// Release builds of V8 do not verify a code cache's checksum: damaged bytes crash the process. So
// the file carries its own, FNV-1a over 32-bit words in four lanes (scripts/fnv1a32x4.wat):
//   (func (export "fnv1a32x4") (param $start i32) (param $words i32) (result i32)) over "memory".
// A JS loop over ~200 KB costs ~2.5 ms before V8 optimises it; the module ~0.06 ms.
const FNV1A32X4_WASM = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 127, 127, 1, 127, 3, 2, 1, 0, 5, 3, 1, 0, 1, 7, 22, 2, 6,
  109, 101, 109, 111, 114, 121, 2, 0, 9, 102, 110, 118, 49, 97, 51, 50, 120, 52, 0, 0, 10, 222, 1, 1, 219, 1, 1, 6, 127, 65,
  197, 187, 242, 136, 120, 33, 4, 65, 159, 186, 177, 40, 33, 5, 65, 185, 243, 221, 241, 121, 33, 6, 65, 149, 248, 169, 250, 7, 33, 7,
  32, 0, 32, 1, 65, 2, 116, 106, 33, 2, 32, 0, 32, 1, 65, 2, 118, 65, 4, 116, 106, 33, 3, 2, 64, 3, 64, 32, 0, 32,
  3, 79, 13, 1, 32, 4, 32, 0, 40, 2, 0, 115, 65, 147, 131, 128, 8, 108, 33, 4, 32, 5, 32, 0, 40, 2, 4, 115, 65, 147,
  131, 128, 8, 108, 33, 5, 32, 6, 32, 0, 40, 2, 8, 115, 65, 147, 131, 128, 8, 108, 33, 6, 32, 7, 32, 0, 40, 2, 12, 115,
  65, 147, 131, 128, 8, 108, 33, 7, 32, 0, 65, 16, 106, 33, 0, 12, 0, 11, 11, 2, 64, 3, 64, 32, 0, 32, 2, 79, 13, 1,
  32, 4, 32, 0, 40, 2, 0, 115, 65, 147, 131, 128, 8, 108, 33, 4, 32, 0, 65, 4, 106, 33, 0, 12, 0, 11, 11, 32, 4, 32,
  5, 115, 65, 147, 131, 128, 8, 108, 33, 4, 32, 4, 32, 6, 115, 65, 147, 131, 128, 8, 108, 33, 4, 32, 4, 32, 7, 115, 65, 147,
  131, 128, 8, 108, 11,
]);

/** Wasm memory of at least `bytes` (zeroed), and the checksum over a range of it. */
function checksummer(bytes) {
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(FNV1A32X4_WASM));
  const pages = Math.ceil((bytes + 4) / 65536);
  if (pages > 1) exports.memory.grow(pages - 1);
  const memory = new Uint8Array(exports.memory.buffer, 0, bytes);
  const sum = (start, length) => (exports.fnv1a32x4(start, Math.ceil(length / 4)) >>> 0).toString(16).padStart(8, '0');
  return { memory, sum };
}

const mode = process.env.WASM_CNI_CODE_CACHE;
const cachePath = `${__filename}.v8cache`;
const headerPrefix = `wasm-cni code cache ${build} `;
const HEADER_LENGTH = headerPrefix.length + 9;   // checksum (8 hex digits) and a newline
let cache;
let outcome = 'off';
if (mode !== 'off') outcome = readCache();

function readCache() {
  let fd;
  try {
    fd = openSync(cachePath, 'r');
  } catch {
    return 'missing';
  }
  try {
    const size = fstatSync(fd).size;
    if (size <= HEADER_LENGTH) return 'corrupt';
    const { memory, sum } = checksummer(size);
    if (readSync(fd, memory, 0, size, 0) !== size) return 'corrupt';
    const header = Buffer.from(memory.buffer, 0, HEADER_LENGTH).toString('latin1');
    if (!header.startsWith(headerPrefix)) return 'stale';
    if (header !== `${headerPrefix}${sum(HEADER_LENGTH, size - HEADER_LENGTH)}\n`) return 'corrupt';
    cache = memory.subarray(HEADER_LENGTH);
    return 'used';
  } finally {
    closeSync(fd);
  }
}

// Node's CommonJS wrapper, written out: require('node:module') for its wrap() would load the ESM
// loader and the source-map support (~90 KB of node's own JavaScript compiled on every exec).
const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
const script = new Script(wrapped, { filename: __filename, lineOffset, cachedData: cache });
if (cache && script.cachedDataRejected) outcome = 'rejected';
if (mode === 'report') writeSync(2, `code cache: ${outcome}\n`);
if (mode === 'train') process.on('exit', writeCache);

function writeCache() {
  const data = script.createCachedData();
  const { memory, sum } = checksummer(data.length);
  memory.set(data);
  writeFileSync(cachePath, Buffer.concat([Buffer.from(`${headerPrefix}${sum(0, data.length)}\n`), data]));
}

script.runInThisContext()(exports, require, module, __filename, __dirname);
