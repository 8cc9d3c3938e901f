#!/usr/bin/env node
// Wraps each bundled executable in dist/cni with scripts/executable-loader.cjs (the bundle goes in
// a comment at the end) and trains its code cache, <name>.v8cache: a few harmless runs (a
// throw-away data directory, a network namespace that does not exist) whose compiled functions
// the loader saves. Needs nothing but node; nothing on the host is touched.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const binDir = join(root, 'dist/cni');
const loader = readFileSync(join(root, 'scripts/executable-loader.cjs'), 'utf8');
const BUNDLE_MARK = '\n/* bundle\n';

// Every character outside ASCII as a \u escape, which means the same in strings, regular
// expressions, identifiers and comments. A file with a single non-ASCII character is decoded to a
// two-byte string, twice per exec (node's loader, then ours), and scanned as one: ~8M instructions.
const asciiOnly = (text) => text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

// Header lines (shebang, build marker), the loader, then the bundle as a comment in which each
// comment end is escaped with a backslash.
function wrap(path) {
  const text = readFileSync(path, 'utf8');
  if (text.includes(BUNDLE_MARK)) return;   // wrapped by an earlier run
  const [shebang, marker, ...rest] = text.split('\n');
  const bundle = rest.join('\n');
  if (/\\[^\x00-\x7f]/.test(bundle)) throw new Error(`${path}: a backslash before a non-ASCII character would change meaning once escaped`);
  const body = asciiOnly(bundle);
  if (!marker.startsWith('// wasm-cni ')) throw new Error(`${path}: no build marker on line 2`);
  if (body.includes('*\\/')) throw new Error(`${path}: the bundle contains "*\\/", which the escape cannot tell apart`);
  writeFileSync(path, `${shebang}\n${marker}\n${loader}${BUNDLE_MARK}${body.replaceAll('*/', '*\\/')}*/\n`);
}

const work = mkdtempSync(join(tmpdir(), 'wasm-cni-train-'));
const absentNetns = join(work, 'no-such-netns');
const ipam = { type: 'host-local', dataDir: join(work, 'data'), ranges: [[{ subnet: '192.0.2.0/24' }]] };
const conf = (more) => JSON.stringify({ cniVersion: '1.1.0', name: 'train', ...more });

// Each run: [command, stdin]. Attachments need a namespace, so those runs stop at the namespace
// (ADD fails there, DEL succeeds there), after the config, IPAM and result code have run.
const TRAINING = {
  'host-local': [
    ['ADD', conf({ ipam })], ['CHECK', conf({ ipam })], ['STATUS', conf({ ipam })], ['DEL', conf({ ipam })],
    ['ADD', '{'], ['VERSION', '{}'],
  ],
  bridge: [
    ['DEL', conf({ type: 'bridge', bridge: 'wcni-train0', ipam })],
    ['ADD', conf({ type: 'bridge', bridge: 'wcni-train0', isGateway: true, ipam })],
    ['VERSION', '{}'],
  ],
  loopback: [['DEL', conf({ type: 'loopback' })], ['ADD', conf({ type: 'loopback' })], ['VERSION', '{}']],
};

try {
  for (const name of readdirSync(binDir).filter((f) => !f.includes('.'))) {
    const path = join(binDir, name);
    wrap(path);
    rmSync(`${path}.v8cache`, { force: true });
    for (const [command, stdin] of TRAINING[name] ?? [['VERSION', '{}']]) {
      spawnSync(process.execPath, [path], {
        input: stdin,
        env: {
          PATH: process.env.PATH, WASM_CNI_CODE_CACHE: 'train', CNI_COMMAND: command, CNI_CONTAINERID: 'train',
          CNI_NETNS: absentNetns, CNI_IFNAME: 'eth0', CNI_PATH: binDir,
        },
      });
    }
    const outcome = spawnSync(process.execPath, [path], { env: { WASM_CNI_CODE_CACHE: 'report' }, encoding: 'utf8' });
    if (!outcome.stderr.startsWith('code cache: used')) throw new Error(`${name}: trained cache not usable: ${outcome.stderr}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
