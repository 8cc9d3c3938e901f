// bridge ADD+DEL exec latency, ours side by side with the reference binaries, plus how many
// processes one ADD starts. Everything runs inside two test namespaces made here (a "host"
// one holding the bridge, a container one), removed at the end; nothing touches the real host.
//   node --import tsx bench/bridge.ts [rounds]      (default 30; run as root after npm run build)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const rounds = Number(process.argv[2] ?? 30);
const root = new URL('..', import.meta.url).pathname;
const tag = `bb${process.pid.toString(36)}`;
const hostNs = `${tag}h`;
const ctrNs = `${tag}c`;
const dataDir = mkdtempSync(join(tmpdir(), `bench-bridge-${process.pid}-`));

const plugins: [string, string, string][] = [
  ['ours', join(root, 'dist/cni/bridge'), join(root, 'build/reference')],
  ['ours + our host-local', join(root, 'dist/cni/bridge'), join(root, 'dist/cni')],
  ['reference v1.9.1', join(root, 'build/reference/bridge'), join(root, 'build/reference')],
  ['reference 1.1.1 (Debian)', '/usr/lib/cni/bridge', '/usr/lib/cni'],
];

const configs: [string, object][] = [
  ['L3 IPv4, isGateway, ipMasq', { isGateway: true, ipMasq: true, ipam: { type: 'host-local', dataDir, subnet: '192.0.2.0/24' } }],
  ['L2', { ipam: {} }],
];

function must(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
}

/** CPU time of all waited-for children so far (ms, 10 ms ticks): summed over rounds, it is load-proof. */
function childCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10; // cutime, cstime
}

let lastCpu = 0;

/** One exec inside the host namespace; returns milliseconds (and leaves its CPU ms in lastCpu). */
function timed(argv: string[], input = '', env: NodeJS.ProcessEnv = {}): number {
  const cpu0 = childCpuMs();
  const start = process.hrtime.bigint();
  const r = spawnSync('ip', ['netns', 'exec', hostNs, ...argv], { input, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  lastCpu = childCpuMs() - cpu0;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stdout} ${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function cniEnv(command: string, path: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { CNI_COMMAND: command, CNI_CONTAINERID: 'bench1', CNI_NETNS: `/var/run/netns/${ctrNs}`, CNI_IFNAME: 'eth0', CNI_PATH: path, ...extra };
}

interface Timing { add: number[]; del: number[]; overNode: number[]; cpu: number }

let nodeCpu = 0;

/** Rounds interleave a bare node start with every plugin, so that load changes hit all alike. */
function measureAll(conf: string): Timing[] {
  const t: Timing[] = plugins.map(() => ({ add: [], del: [], overNode: [], cpu: 0 }));
  nodeCpu = 0;
  for (let i = 0; i < rounds; i++) {
    const node = timed([process.execPath, '-e', '0']);
    nodeCpu += lastCpu / rounds;
    plugins.forEach(([, bin, path], k) => {
      const add = timed([bin], conf, cniEnv('ADD', path));
      t[k].cpu += lastCpu / rounds;
      t[k].add.push(add);
      t[k].overNode.push(add - node);
      t[k].del.push(timed([bin], conf, cniEnv('DEL', path)));
    });
  }
  return t;
}

const hasStrace = spawnSync('strace', ['-V']).status === 0;

/** Processes one ADD starts: execve calls under strace (if installed), and src/link's own spawn log for ours. */
function countAdd(bin: string, path: string, conf: string, ours: boolean): { execve?: number; spawns?: number } {
  const trace = join(dataDir, 'strace.out');
  const log = join(dataDir, 'spawns.log');
  const argv = hasStrace ? ['strace', '-f', '-qq', '-e', 'trace=execve', '-e', 'signal=none', '-o', trace, bin] : [bin];
  timed(argv, conf, cniEnv('ADD', path, ours ? { CNI_LINK_SPAWN_LOG: log } : {}));
  const execve = hasStrace
    ? readFileSync(trace, 'utf8').split('\n').filter((l) => /execve\(/.test(l) && !/ENOENT/.test(l)).length - 1
    : undefined;
  timed([bin], conf, cniEnv('DEL', path));
  const spawns = ours ? readFileSync(log, 'utf8').trim().split('\n').length : undefined;
  rmSync(log, { force: true });
  return { execve, spawns };
}

try {
  must('ip', ['netns', 'add', hostNs]);
  must('ip', ['netns', 'add', ctrNs]);
  console.log(`bridge bench: ${rounds} rounds, medians in ms; "ADD - node" is the median of each ADD minus a bare`);
  console.log('`node -e 0` started just before it; CPU/ADD is the mean CPU time (user+sys) of the whole process tree.');
  for (const [label, body] of configs) {
    const conf = JSON.stringify({ cniVersion: '1.0.0', name: `bench${process.pid}`, type: 'bridge', bridge: 'benchbr0', ...body });
    console.log(label);
    const timings = measureAll(conf);
    console.log(`  (CPU of a bare node start: ${nodeCpu.toFixed(1)} ms)`);
    console.log('  plugin                      ADD     DEL   ADD - node   CPU/ADD   execve/ADD   spawns/ADD (src/link log)');
    plugins.forEach(([name, bin, path], k) => {
      const ours = name.startsWith('ours');
      const count = countAdd(bin, path, conf, ours);
      const cells = [median(timings[k].add), median(timings[k].del), median(timings[k].overNode), timings[k].cpu].map((x) => x.toFixed(1).padStart(6));
      console.log(`  ${name.padEnd(26)} ${cells[0]}  ${cells[1]}   ${cells[2]}    ${cells[3]}       ${String(count.execve ?? '-').padStart(6)}   ${count.spawns ?? '-'}`);
    });
  }
} finally {
  spawnSync('ip', ['netns', 'del', ctrNs]);
  spawnSync('ip', ['netns', 'del', hostNs]);
  rmSync(dataDir, { recursive: true, force: true });
}
