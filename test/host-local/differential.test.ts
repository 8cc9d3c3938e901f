// Ours against the reference executables: the same sequences of requests on the same configs must
// print the same thing (byte for byte against the latest reference; against Debian's 1.1.1 modulo
// the differences listed in reference-plugins.md 7) and leave the same files. Then both plugins
// on one directory, taking turns.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CASES } from './support/cases.js';
import { netConf, VERSIONS } from './support/conf.js';
import { networkFiles, tempDataDir, writeReservation } from './support/dirs.js';
import { observe, observeDir, type Step } from './support/oracle.js';
import { haveBinary, OURS, REF_111, REF_LATEST, runBinary } from './support/run.js';
import { restoreTimes } from '../support/dir-times.js';

const tmp = tempDataDir('hl-diff');
after(tmp.remove);
let seq = 0;

before(() => {
  for (const bin of [OURS, REF_LATEST, REF_111]) {
    assert.ok(haveBinary(bin), `${bin} is missing: run npm run build and bash scripts/install-reference.sh`);
  }
});

const resolvConf = join(tmp.dataDir, 'resolv.conf');
writeFileSync(resolvConf, '# test\nnameserver 192.0.2.53\nnameserver 2001:db8::53\nsearch a.example b.example\ndomain example\noptions ndots:3 rotate\n');

/** Runs `steps` on ours, the latest and (when `with111`) the 1.1.1 reference, comparing each step. */
async function agree(steps: Step[], opts: { network?: string; with111?: boolean } = {}): Promise<void> {
  const network = opts.network ?? 'mynet';
  const bins = opts.with111 === false ? [OURS, REF_LATEST] : [OURS, REF_LATEST, REF_111];
  const dirs = bins.map(() => join(tmp.dataDir, `d${seq++}`));
  for (const [i, step] of steps.entries()) {
    const [ours, latest, old] = await Promise.all(bins.map((bin, b) => observe(bin, dirs[b], network, step)));
    const what = `step ${i}: ${step.command} ${step.containerId ?? 'dummy'}/${step.ifname ?? 'eth0'}`;
    assert.equal(ours.raw.stdout, latest.raw.stdout, `${what}: stdout`);
    assert.equal(ours.code, latest.code, `${what}: exit code`);
    assert.deepEqual(ours.files, latest.files, `${what}: files`);
    if (old) {
      assert.deepEqual(ours.stdout, old.stdout, `${what}: stdout vs 1.1.1`);
      assert.deepEqual(observeDir(dirs[0], network, false), observeDir(dirs[2], network, false), `${what}: files vs 1.1.1`);
    }
  }
}

function step(command: string, config: (d: string) => unknown, more: Partial<Step> = {}): Step {
  return { command, config, ...more };
}

describe('the reference binaries agree with our table of rejected configs', () => {
  for (const bin of [REF_LATEST, REF_111]) {
    test(bin, async () => {
      for (const c of ERROR_CASES) {
        const dataDir = join(tmp.dataDir, `d${seq++}`);
        const config = netConf(dataDir, c.ipam, { version: c.cniVersion, top: c.top });
        const out = await runBinary(bin, { command: c.command ?? 'ADD', config, cniArgs: c.cniArgs });
        assert.deepEqual(JSON.parse(out.stdout), { code: 999, msg: c.msg }, c.name);
      }
    });
  }
});

describe('same sequences, same output, same files', () => {
  for (const version of VERSIONS) {
    test(`[${version}] lifecycle: ADD, duplicate ADD, CHECK, DEL, round robin after DEL`, async () => {
      // A config derived from a list may still carry the list's cniVersions: it is ignored.
      const conf = (d: string) => netConf(d, { ranges: [[{ subnet: '10.1.2.0/24' }]], routes: [{ dst: '0.0.0.0/0' }, { dst: '10.0.0.0/8', gw: '10.1.2.1' }] },
        { version, top: { cniVersions: ['0.4.0', version] } });
      const steps = [
        step('ADD', conf, { containerId: 'c1' }),
        step('ADD', conf, { containerId: 'c2' }),
        step('ADD', conf, { containerId: 'c1' }),
        step('ADD', conf, { containerId: 'c1', ifname: 'eth1' }),
        step('CHECK', conf, { containerId: 'c1' }),
        step('DEL', conf, { containerId: 'c1' }),
        step('DEL', conf, { containerId: 'c1' }),
        step('CHECK', conf, { containerId: 'c1' }),
        step('ADD', conf, { containerId: 'c3' }),
        step('DEL', conf, { containerId: 'never-added' }),
      ];
      await agree(steps, { with111: version !== '1.1.0' });
    });
  }

  test('dual stack, several ranges per set, routes and resolv.conf, every version', async () => {
    for (const version of VERSIONS) {
      const conf = (d: string) => netConf(d, {
        ranges: [[{ subnet: '10.1.2.0/30' }, { subnet: '10.2.2.0/24', rangeStart: '10.2.2.100', gateway: '10.2.2.254' }], [{ subnet: '2001:db8:1::/64' }]],
        routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0' }, { dst: '2001:db8:2::0/64', gw: '2001:db8:1::1' }],
        resolvConf,
      }, { version });
      await agree([
        step('ADD', conf, { containerId: 'a' }),
        step('ADD', conf, { containerId: 'b' }),
        step('ADD', conf, { containerId: 'c' }),
        step('DEL', conf, { containerId: 'b' }),
        step('ADD', conf, { containerId: 'd' }),
      ], { with111: version !== '1.1.0' });
    }
  });

  test('no cniVersion, or an empty one, answers in the 0.1.0 shape', async () => {
    const ipam = { ranges: [[{ subnet: '10.1.2.0/24' }], [{ subnet: 'fd00::/64' }]], routes: [{ dst: '::/0' }, { dst: '0.0.0.0/0', gw: '10.1.2.9' }] };
    const without = (d: string) => {
      const { cniVersion: _, ...rest } = netConf(d, ipam);
      return rest;
    };
    await agree([
      step('ADD', without, { containerId: 'a' }),
      step('ADD', (d) => ({ ...netConf(d, ipam), cniVersion: '' }), { containerId: 'b' }),
    ]);
  });

  test('exhaustion and wrap-around in a /29', async () => {
    const conf = (d: string) => netConf(d, { subnet: '192.168.1.0/29' });
    const steps: Step[] = [];
    for (let i = 0; i < 6; i++) steps.push(step('ADD', conf, { containerId: `c${i}` }));
    steps.push(step('DEL', conf, { containerId: 'c3' }), step('DEL', conf, { containerId: 'c1' }));
    for (let i = 6; i < 9; i++) steps.push(step('ADD', conf, { containerId: `c${i}` }));
    await agree(steps);
  });

  test('requested IPs from CNI_ARGS, args and runtimeConfig; taken and gateway requests', async () => {
    const conf = (d: string) => netConf(d, { ranges: [[{ subnet: '10.1.2.0/24' }], [{ subnet: 'fd00::/64' }]] }, {
      top: { args: { cni: { ips: ['fd00::99'] } }, runtimeConfig: { ips: ['fd00::99/64'] } },
    });
    await agree([
      step('ADD', conf, { containerId: 'a', cniArgs: 'IgnoreUnknown=1;K8S_POD_NAME=p;IP=10.1.2.50/24' }),
      step('ADD', conf, { containerId: 'b', cniArgs: 'IP=10.1.2.50' }),
      step('ADD', conf, { containerId: 'c', cniArgs: 'IP=10.1.2.1' }),
      step('ADD', (d) => netConf(d, { ranges: [[{ subnet: '10.1.2.0/24' }], [{ subnet: 'fd00::/64' }]] }), { containerId: 'd' }),
      step('DEL', conf, { containerId: 'a' }),
      step('ADD', conf, { containerId: 'e', cniArgs: 'IP=::ffff:10.1.2.50' }),
    ]);
  });

  test('legacy ID-only files and whitespace in files', async () => {
    const conf = (d: string) => netConf(d, { subnet: '10.1.2.0/24' });
    const seed = (d: string) => {
      writeReservation(d, 'mynet', '10.1.2.7', 'old');
      writeReservation(d, 'mynet', '10.1.2.8', '  spaced\r\neth0 \n');
      return conf(d);
    };
    await agree([
      step('ADD', seed, { containerId: 'old' }),
      step('CHECK', conf, { containerId: 'spaced' }),
      step('CHECK', conf, { containerId: 'old', ifname: 'eth9' }),
      step('DEL', conf, { containerId: 'spaced' }),
      step('DEL', conf, { containerId: 'old', ifname: 'eth9' }),
      step('DEL', conf, { containerId: 'old' }),
    ]);
  });

  test('a legacy file of the container goes too when DEL runs once per range set', async () => {
    const conf = (d: string) => netConf(d, { ranges: [[{ subnet: '10.1.2.0/24' }], [{ subnet: '10.1.3.0/24' }]] });
    const seed = (d: string) => {
      writeReservation(d, 'mynet', '10.1.2.7', 'x');
      return conf(d);
    };
    await agree([step('ADD', seed, { containerId: 'x' }), step('DEL', conf, { containerId: 'x' })]);
  });

  test('VERSION answers like the latest reference, whatever the stdin', async () => {
    await agree([step('VERSION', () => '{"cniVersion":"0.1.0"}'), step('VERSION', () => 'not json')], { with111: false });
  });

  test('without CNI_COMMAND: the same about text on stderr', async () => {
    const request = { command: '', config: '', env: { CNI_COMMAND: undefined } };
    const [ours, ref] = await Promise.all([runBinary(OURS, request), runBinary(REF_LATEST, request)]);
    assert.deepEqual(ours, ref);
    assert.match(ours.stderr, /^CNI host-local plugin /);
  });

  test('GC without attachments and STATUS answer like the latest reference', async () => {
    const conf = (d: string) => netConf(d, { subnet: '10.1.2.0/24' }, { version: '1.1.0' });
    const noIds = { env: { CNI_CONTAINERID: undefined, CNI_NETNS: undefined, CNI_IFNAME: undefined } };
    await agree([
      step('ADD', conf, { containerId: 'a' }),
      step('GC', conf, noIds),
      step('STATUS', conf, noIds),
      step('STATUS', (d) => ({ ...netConf(d, { subnet: '10.1.2.0/24' }), cniVersion: '1.0.0' }), noIds),
    ], { with111: false });
  });
});

describe('deliberate differences', () => {
  test('a failed ADD leaves the directory as it was; the reference moves last_reserved_ip', async () => {
    const conf = (d: string) => netConf(d, { ranges: [[{ subnet: '10.1.2.0/24' }], [{ subnet: '10.1.3.0/24' }]] }, {
      top: { args: { cni: { ips: ['10.9.9.9'] } } },
    });
    const [ours, ref] = [join(tmp.dataDir, `d${seq++}`), join(tmp.dataDir, `d${seq++}`)];
    const oursOut = await observe(OURS, ours, 'mynet', step('ADD', conf));
    const refOut = await observe(REF_LATEST, ref, 'mynet', step('ADD', conf));
    assert.deepEqual(oursOut.stdout, refOut.stdout);
    assert.deepEqual(networkFiles(ours, 'mynet'), {});
    assert.deepEqual(networkFiles(ref, 'mynet'), { 'last_reserved_ip.0': '10.1.2.2', 'last_reserved_ip.1': '10.1.3.2' });
  });
});

describe('both plugins on one directory, taking turns', () => {
  test('allocations continue round robin whoever made the last one, and each DELs the other\'s', async () => {
    const conf = (d: string) => netConf(d, { ranges: [[{ subnet: '10.1.2.0/29' }], [{ subnet: 'fd00::/124' }]] });
    const shared = join(tmp.dataDir, `d${seq++}`);
    const alone = join(tmp.dataDir, `d${seq++}`);
    const plan: [string, string, string][] = [
      [OURS, 'ADD', 'a'], [REF_LATEST, 'ADD', 'b'], [OURS, 'ADD', 'c'], [REF_111, 'ADD', 'd'],
      [REF_LATEST, 'DEL', 'a'], [OURS, 'DEL', 'd'], [REF_LATEST, 'ADD', 'e'], [OURS, 'ADD', 'f'],
      [OURS, 'CHECK', 'b'], [REF_LATEST, 'CHECK', 'f'], [OURS, 'ADD', 'g'], [OURS, 'ADD', 'h'], [REF_LATEST, 'ADD', 'i'],
    ];
    for (const [i, [bin, command, containerId]] of plan.entries()) {
      const s = step(command, conf, { containerId });
      const mixed = await observe(bin, shared, 'mynet', s);
      const ref = await observe(REF_LATEST, alone, 'mynet', s);
      assert.deepEqual([mixed.code, mixed.stdout], [ref.code, ref.stdout], `turn ${i}: ${command} ${containerId}`);
      assert.deepEqual(networkFiles(shared, 'mynet'), networkFiles(alone, 'mynet'), `turn ${i}: files`);
    }
  });
});

describe('a reference ADD racing one of our changes', () => {
  // Our table trusts the directory while its mtime carries our stamp. A reference ADD landing
  // between our change and our stamp hides behind it; simulate exactly that outcome.
  test('its reservation, hidden by our stamp, is still found by CHECK and released by DEL', async () => {
    const dataDir = join(tmp.dataDir, `d${seq++}`);
    const conf = netConf(dataDir, { ranges: [[{ subnet: '192.0.2.0/29' }]] });
    const run = (command: string, containerId: string) => runBinary(OURS, { command, config: conf, containerId });
    assert.equal((await run('ADD', 'ours')).code, 0);
    const dir = join(dataDir, 'mynet');
    const stamped = statSync(dir, { bigint: true });
    writeFileSync(join(dir, '192.0.2.6'), 'theirs\r\neth0');
    restoreTimes(dir, stamped);

    assert.equal((await run('CHECK', 'theirs')).code, 0);
    assert.equal((await run('DEL', 'theirs')).code, 0);
    assert.equal(existsSync(join(dir, '192.0.2.6')), false);
    assert.equal((await run('CHECK', 'theirs')).code, 1);
    assert.deepEqual(networkFiles(dataDir, 'mynet'), { '192.0.2.2': 'ours\r\neth0', 'last_reserved_ip.0': '192.0.2.2' });
  });
});
