// Thousands of mutated invocations: dispatch never throws, and answers either exit 0 or exit 1 with
// a coded CNI error JSON (never a stack trace). A sample is compared with the reference host-local.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CniError, SUPPORTED_VERSIONS, dispatch, type PluginSpec } from '../../src/cni/index.js';
import { prng, randomInvocation } from './support/fuzz.js';
import { unreachableHostLocal } from './support/plugins.js';
import { LATEST_HOST_LOCAL, runReference } from './support/reference.js';

const WELL_KNOWN = new Set([1, 2, 3, 4, 5, 6, 7, 8, 11, 50, 51, 999]);

/** A plugin whose callbacks succeed, fail typed, fail untyped, or return odd results. */
function chaoticPlugin(rand: () => number): PluginSpec {
  const act = async () => {
    const r = rand();
    if (r < 0.2) throw new CniError(7, 'bad <config>', 'd');
    if (r < 0.4) throw new TypeError("Cannot read properties of undefined (reading 'x')");
    if (r < 0.45) throw Object.assign(new Error(''), { stack: 'Error\n    at secret (/x.js:1:1)' });
  };
  return {
    name: 'chaos', versions: SUPPORTED_VERSIONS,
    add: async () => { await act(); return rand() < 0.5 ? { cniVersion: '1.1.0' } : { cniVersion: '1.1.0', ips: [{ address: '10.0.0.2/24' }] }; },
    del: act, check: act, gc: act, status: rand() < 0.5 ? act : undefined,
  };
}

function assertWellFormed(out: { stdout: string; stderr: string; exitCode: number }, label: string): void {
  assert.doesNotMatch(out.stdout, /\n\s+at .+:\d+:\d+/, label);
  if (out.exitCode === 0) {
    if (out.stdout !== '' && !out.stdout.endsWith('\n')) JSON.parse(out.stdout); // a result
    return;
  }
  assert.equal(out.exitCode, 1, label);
  // After ADD/DEL the netns error may follow a printed result: the last JSON object is the error.
  const start = out.stdout.lastIndexOf('{\n    "code": ');
  assert.ok(start >= 0, `${label}: ${out.stdout}`);
  const err = JSON.parse(out.stdout.slice(start));
  assert.ok(WELL_KNOWN.has(err.code), `${label}: code ${err.code}`);
  assert.equal(typeof err.msg, 'string', label);
  assert.deepEqual(Object.keys(err).filter((k) => !['code', 'msg', 'details'].includes(k)), [], label);
}

test('fuzz: 10,000 mutated invocations give exit 0 or a coded error', async () => {
  const rand = prng(20261123);
  const started = Date.now();
  for (let i = 0; i < 10_000; i++) {
    const { env, stdin } = randomInvocation(rand);
    const own = rand() < 0.5 ? undefined : (ns: string) => ns === '/proc/self/ns/net';
    const out = await dispatch(chaoticPlugin(rand), env, stdin, { isOwnNetns: own });
    assertWellFormed(out, `#${i} ${JSON.stringify(env)} ${JSON.stringify(stdin.toString())}`);
  }
  assert.ok(Date.now() - started < 20_000, 'dispatch should be fast enough to fuzz');
});

test('fuzz: a sample matches the reference byte for byte wherever skel decides', async () => {
  const rand = prng(7);
  let compared = 0;
  for (let i = 0; i < 300; i++) {
    const { env, stdin } = randomInvocation(rand);
    const ours = await dispatch(unreachableHostLocal, env, stdin);
    if (ours.stdout.includes('the plugin was reached')) continue; // host-local's own logic decides
    const theirs = runReference(LATEST_HOST_LOCAL, env, stdin);
    const label = `${JSON.stringify(env)} ${JSON.stringify(stdin.toString())}`;
    assert.equal(ours.stdout, theirs.stdout, label);
    assert.equal(ours.exitCode, theirs.exitCode, label);
    compared++;
  }
  assert.ok(compared > 150, `only ${compared} cases compared`);
});
