// Many runtimes' worth of parallel host-local processes on one network, and processes killed
// half-way: addresses stay unique, files stay whole, and GC takes back what a dead ADD left.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { addressesOf, netConf } from './support/conf.js';
import { networkFiles, reservations, tempDataDir } from './support/dirs.js';
import { OURS, requestEnv, runBinary, type Request } from './support/run.js';

const tmp = tempDataDir('hl-conc');
after(tmp.remove);
const PARALLEL = 64;

const ids = Array.from({ length: PARALLEL }, (_, i) => `c${i}`);

describe('64 parallel processes on one network', () => {
  const dataDir = join(tmp.dataDir, 'parallel');
  const conf = netConf(dataDir, { ranges: [[{ subnet: '10.20.0.0/16' }], [{ subnet: 'fd20::/64' }]] });

  test('64 ADDs: 64 distinct addresses per family and 64 files each', async () => {
    const outs = await Promise.all(ids.map((containerId) => runBinary(OURS, { command: 'ADD', config: conf, containerId })));
    for (const o of outs) assert.equal(o.code, 0, o.stdout + o.stderr);
    const addresses = outs.flatMap((o) => addressesOf(JSON.parse(o.stdout)).map((a) => a.address));
    assert.equal(new Set(addresses).size, 2 * PARALLEL);
    const files = reservations(dataDir, 'mynet');
    assert.equal(Object.keys(files).length, 2 * PARALLEL);
    // Every container holds exactly the two addresses it was told about.
    outs.forEach((o, i) => {
      const held = Object.entries(files).filter(([, owner]) => owner === `${ids[i]}\r\neth0`).map(([ip]) => ip).sort();
      assert.deepEqual(held, addressesOf(JSON.parse(o.stdout)).map((a) => a.address.split('/')[0]).sort());
    });
  });

  test('64 DELs leave only the lock and the round-robin pointers', async () => {
    const outs = await Promise.all(ids.map((containerId) => runBinary(OURS, { command: 'DEL', config: conf, containerId })));
    for (const o of outs) assert.deepEqual([o.code, o.stdout], [0, '']);
    assert.deepEqual(Object.keys(networkFiles(dataDir, 'mynet', { withLock: true })).sort(), ['last_reserved_ip.0', 'last_reserved_ip.1', 'lock']);
  });
});

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Starts the plugin and SIGKILLs it after `delayMs`, unless it finished first. */
function runKilled(r: Request, delayMs: number): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(OURS, [], { env: { PATH: process.env.PATH, ...requestEnv(r) } });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stdin.on('error', () => {});
    child.stdin.end(JSON.stringify(r.config));
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    });
  });
}

describe('crash safety', () => {
  test('ADDs killed at random points leave no empty file and no double allocation; GC reclaims the rest', async () => {
    const dataDir = join(tmp.dataDir, 'crash');
    const conf = netConf(dataDir, { ranges: [[{ subnet: '10.30.0.0/24' }]] }, { version: '1.1.0' });
    const finished: string[] = [];
    let killed = 0;
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    // Kill delays are drawn from a window that adapts to this machine's speed (and to the wait
    // for a lock a killed holder left behind), until enough runs died and enough finished.
    let window = 2 * (await timed(() => runBinary(OURS, { command: 'ADD', config: conf, containerId: 'calibrate' })));
    finished.push('calibrate');
    for (let round = 0; round < 12 && (killed < 8 || finished.length < 8); round++) {
      const runs = Array.from({ length: 8 }, (_, i) => {
        const containerId = `r${round}c${i}`;
        return runKilled({ command: 'ADD', config: conf, containerId }, random() * window).then((o) => ({ containerId, ...o }));
      });
      const before = killed;
      for (const o of await Promise.all(runs)) {
        if (o.code === 0) finished.push(o.containerId);
        else killed++;
      }
      if (killed === before) window *= 0.5;
      else if (killed - before === runs.length) window *= 2;
    }
    assert.ok(finished.length > 0 && killed > 0, `${finished.length} finished, ${killed} killed: the kills missed`);

    const files = networkFiles(dataDir, 'mynet');
    for (const [name, content] of Object.entries(files)) assert.notEqual(content, '', `${name} is empty`);
    const owners = Object.values(reservations(dataDir, 'mynet'));
    assert.equal(new Set(owners).size, owners.length, 'a container holds two addresses');
    for (const id of finished) assert.ok(owners.includes(`${id}\r\neth0`), `${id} finished but holds nothing`);

    // The runtime lists what it knows to be attached: the ADDs that printed a result.
    const valid = finished.map((containerID) => ({ containerID, ifname: 'eth0' }));
    const gc = await runBinary(OURS, {
      command: 'GC',
      config: { ...conf, 'cni.dev/valid-attachments': valid },
      env: { CNI_CONTAINERID: undefined, CNI_NETNS: undefined, CNI_IFNAME: undefined },
    });
    assert.deepEqual([gc.code, gc.stdout], [0, '']);
    assert.deepEqual(Object.values(reservations(dataDir, 'mynet')).sort(), finished.map((id) => `${id}\r\neth0`).sort());

    // And the network keeps working.
    const next = await runBinary(OURS, { command: 'ADD', config: conf, containerId: 'after-crash' });
    assert.equal(next.code, 0, next.stdout);
  });
});
