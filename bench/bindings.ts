// Per-call cost of the Go (wazero) and Python (wasmtime) hosts of ipam.wasm against Node's, on
// the same calls: parse 1M addresses one call each (and in batches of about a thousand per call),
// and allocate every address of a /16 in host-local's round robin. Prints ns per call and ratios to Node, in CPU time (steadier on a
// shared machine: it leaves out the time other processes held the CPU) and in wall time.
//   node --import tsx bench/bindings.ts [parses]        (default 1000000)
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseCIDR, parseIP, parseIPs, Pool, type IP } from '../src/core/index.js';

const parses = Number(process.argv[2] ?? 1_000_000);
const root = fileURLToPath(new URL('..', import.meta.url));

/** ns per call, in wall time and in CPU time. */
interface Cost { wall: number; cpu: number }
interface Figures { parse: Cost; batch: Cost; allocate: Cost }

/** The i-th benchmark address, as in bench_test.go and bench.py: IPv4 and IPv6 alternately. */
function benchText(i: number): string {
  if (i % 2 === 0) return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  return `fd00::${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}`;
}

/** Runs fn, which makes `calls` calls, and returns the cost of one. */
function measure(calls: () => number): Cost {
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const n = calls();
  const used = process.cpuUsage(cpu);
  return { wall: Number(process.hrtime.bigint() - wall) / n, cpu: ((used.user + used.system) * 1000) / n };
}

function nodeFigures(): Figures {
  const texts = Array.from({ length: parses }, (_, i) => benchText(i));
  for (let i = 0; i < Math.min(parses, 100_000); i++) parseIP(texts[i]); // warm up the JIT
  const parse = measure(() => {
    for (const text of texts) if (parseIP(text) === null) throw new Error(`${text} did not parse`);
    return texts.length;
  });
  const batch = measure(() => {
    if (parseIPs(texts).at(-1) === null) throw new Error('the last address did not parse');
    return texts.length;
  });
  const usable = parseCIDR('10.0.0.0/16')!.usableRange()!;
  const allocate = measure(() => {
    const pool = new Pool([{ start: usable.start, end: usable.end, skip: usable.start }]);
    let allocations = 0;
    for (let last: IP | null = null; (last = pool.takeNext(last)) !== null; ) allocations++;
    pool.dispose();
    if (allocations !== 65533) throw new Error(`${allocations} allocations in a /16`);
    return allocations;
  });
  return { parse, batch, allocate };
}

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd: `${root}/${cwd}`, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.error ?? ''}${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** Two figures of one `go test -bench` benchmark: wall and CPU ns, by their units. */
function goCost(name: string, times: string, unit: string): Cost {
  const output = run('go', ['test', '-run', '^$', '-bench', `^Benchmark${name}$`, '-benchtime', times], 'bindings/go');
  const line = output.split('\n').find((l) => l.startsWith(`Benchmark${name}`)) ?? '';
  const figure = (u: string) => {
    const match = new RegExp(`([\\d.]+) ${u}(\\s|$)`).exec(line);
    if (!match) throw new Error(`no ${u} for ${name} in:\n${output}`);
    return Number(match[1]);
  };
  return { wall: figure(unit), cpu: figure(`cpu-${unit}`) };
}

function goFigures(): Figures {
  return {
    parse: goCost('ParseAddr', `${parses}x`, 'ns/op'),
    batch: goCost('ParseAddrs', `${parses}x`, 'ns/op'),
    allocate: goCost('AllocateSlash16', '3x', 'ns/alloc'),
  };
}

function pythonFigures(): Figures {
  const r = JSON.parse(run('python3', ['bench.py', String(parses)], 'bindings/python'));
  return {
    parse: { wall: r.parse_ns, cpu: r.parse_cpu_ns },
    batch: { wall: r.parse_batch_ns, cpu: r.parse_batch_cpu_ns },
    allocate: { wall: r.allocate_ns, cpu: r.allocate_cpu_ns },
  };
}

const rows: [string, Figures][] = [['Node (V8)', nodeFigures()], ['Go (wazero)', goFigures()], ['Python (wasmtime)', pythonFigures()]];
const node = rows[0][1];

const columns = [['parse', 'parse'], ['batch', 'parse (batch)'], ['allocate', 'allocate']] as const;
const cell = (ns: number, base: number) => `${`${ns.toFixed(0)} ns`.padStart(14)} ${`${(ns / base).toFixed(2)}x`.padStart(8)}`;
console.log(`parse: ${parses} addresses, one call each, or ~1000 per call (batch); allocate: every address of 10.0.0.0/16 (65533)`);
console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on a shared machine`);
for (const time of ['cpu', 'wall'] as const) {
  console.log(`\n${time === 'cpu' ? 'CPU' : 'wall'} time per call (per address in a batch), and ratio to Node`);
  console.log(['host'.padEnd(18), ...columns.map(([, title]) => `${title.padStart(14)} ${'vs Node'.padStart(8)}`)].join(' '));
  for (const [name, f] of rows) {
    console.log([name.padEnd(18), ...columns.map(([key]) => cell(f[key][time], node[key][time]))].join(' '));
  }
}
