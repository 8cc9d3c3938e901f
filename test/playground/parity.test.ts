// The playground and the plugin give the same verdict: every config of the corpus goes through the
// playground's validation function (in Node) and through the built dist/cni/host-local (ADD on a
// temporary dataDir). Same accept/reject, same code and message; for an accepted config, the very
// same result JSON; and a rejected one always shows an error at some line of the editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkConfig } from '../../src/playground/validation.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PLUGIN = join(root, 'dist/cni/host-local');
const CORPUS = JSON.parse(readFileSync(join(root, 'test/playground/corpus.json'), 'utf8')) as { name: string; config: unknown }[];

function runPlugin(stdin: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH, CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'playground', CNI_NETNS: '/var/run/netns/playground', CNI_IFNAME: 'eth0', CNI_PATH: '/opt/cni/bin' };
    const child = spawn(PLUGIN, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout }));
    child.stdin.end(stdin);
  });
}

// Objects get a private dataDir; texts (broken JSON) never reach the store.
function stdinFor(config: unknown, dataDir: string): string {
  if (typeof config === 'string') return config;
  const doc = structuredClone(config) as Record<string, unknown>;
  const ipamKey = Object.keys(doc).find((k) => k.toLowerCase() === 'ipam');
  if (ipamKey) (doc[ipamKey] as Record<string, unknown>).dataDir = dataDir;
  return JSON.stringify(doc, null, 2);
}

test('dist/cni/host-local is built', () => {
  assert.ok(existsSync(PLUGIN), `${PLUGIN} is missing: run npm run build`);
});

test('the corpus has valid and invalid configs', () => {
  assert.ok(CORPUS.length >= 30);
});

// A few plugin processes at a time: each spends most of its life starting Node.
test('same verdict from the playground and dist/cni/host-local', { concurrency: 3 }, async (t) => {
  await Promise.all(CORPUS.map((entry) => t.test(entry.name, () => sameVerdict(entry.config))));
});

async function sameVerdict(config: unknown): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'playground-parity-'));
  try {
    const stdin = stdinFor(config, dataDir);
    const [plugin, report] = await Promise.all([runPlugin(stdin), checkConfig(stdin)]);
    const outcome = report.hostLocal?.outcome;
    assert.ok(outcome, 'the playground ran host-local');
    assert.equal(outcome.ok, plugin.code === 0, `plugin exit ${plugin.code}: ${plugin.stdout}\nplayground: ${outcome.stdout}`);
    assert.equal(outcome.stdout, plugin.stdout);
    if (!outcome.ok) {
      const errors = report.diagnostics.filter((d) => d.severity === 'error');
      assert.ok(errors.length > 0, 'a rejected config shows an error');
      assert.ok(errors.every((d) => d.line >= 1 && d.start <= d.end), 'each error is placed in the text');
      assert.equal(report.valid, false);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
