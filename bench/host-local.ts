// Exec latency of host-local, ours against the reference (v1.9.1), with 0 to 60,000 existing
// allocations in a /16. Each row: the median of repeated process runs of ADD, CHECK and DEL of a
// fresh container (ADD then DEL keeps the number of allocations constant). Directories are
// pre-populated by writing reservation files directly, as either plugin would have left them.
//
//   node --import tsx bench/host-local.ts [--reps N] [--sizes 0,1000,10000,60000]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const OURS = join(root, 'dist/cni/host-local');
const REFERENCE = join(root, 'build/reference/host-local');

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}
const REPS = Number(option('reps', '15'));
const SIZES = option('sizes', '0,1000,10000,60000').split(',').map(Number);
const WARMUP = 2; // our first run after the files were written rebuilds the index

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// Every process gets only PATH (and the CNI variables): inherited variables such as
// NODE_EXTRA_CA_CERTS can add tens of milliseconds to a node start.
const BARE_ENV = { PATH: process.env.PATH };

function exec(bin: string, command: string, containerId: string, config: string): number {
  const env = { ...BARE_ENV, CNI_COMMAND: command, CNI_CONTAINERID: containerId, CNI_NETNS: '/var/run/netns/bench', CNI_IFNAME: 'eth0', CNI_PATH: '/opt/cni/bin' };
  const start = process.hrtime.bigint();
  const r = spawnSync(bin, [], { input: config, env, encoding: 'utf8' });
  const took = ms(start);
  if (r.status !== 0) throw new Error(`${bin} ${command} failed: ${r.stdout}${r.stderr}`);
  return took;
}

// 10.1.0.0/16: host n is 10.1.(n >> 8).(n & 255); .0.1 is the gateway.
function hostIP(n: number): string {
  return `10.1.${n >> 8}.${n & 255}`;
}

function populate(dataDir: string, count: number): void {
  const dir = join(dataDir, 'bench');
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(join(dir, hostIP(i + 2)), `pre${i}\r\neth0`, { mode: 0o600 });
  writeFileSync(join(dir, 'lock'), '', { mode: 0o750 });
  if (count > 0) writeFileSync(join(dir, 'last_reserved_ip.0'), hostIP(count + 1), { mode: 0o600 });
}

interface Row { size: number; node: number; oursAddOverNode: number; ours: Record<string, number>; ref: Record<string, number> }

const config = (dataDir: string) =>
  JSON.stringify({ cniVersion: '1.0.0', name: 'bench', ipam: { type: 'host-local', dataDir, ranges: [[{ subnet: '10.1.0.0/16' }]] } });

/** ADD, CHECK, DEL of a fresh container on each plugin, and a bare node start, for one row. */
class RowMeasure {
  private nodeRuns: number[] = [];
  private plugins: { bin: string; conf: string }[];
  private times: Record<string, number[]>[];

  constructor(readonly size: number, oursDir: string, refDir: string) {
    this.plugins = [{ bin: OURS, conf: config(oursDir) }, { bin: REFERENCE, conf: config(refDir) }];
    this.times = this.plugins.map(() => ({ ADD: [], CHECK: [], DEL: [] }));
  }

  /** One round; the first WARMUP rounds are not recorded (our first run builds the index). */
  round(i: number): void {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0'], { env: BARE_ENV });
    if (i >= WARMUP) this.nodeRuns.push(ms(start));
    this.plugins.forEach(({ bin, conf }, p) => {
      const id = `c${i}`;
      const add = exec(bin, 'ADD', id, conf);
      const check = exec(bin, 'CHECK', id, conf);
      const del = exec(bin, 'DEL', id, conf);
      if (i < WARMUP) return;
      this.times[p]!.ADD!.push(add);
      this.times[p]!.CHECK!.push(check);
      this.times[p]!.DEL!.push(del);
    });
  }

  row(): Row {
    const medians = (t: Record<string, number[]>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
    // Each ADD minus the bare start just before it: the machine's drift cancels out.
    const oursAddOverNode = median(this.times[0]!.ADD!.map((add, i) => add - this.nodeRuns[i]!));
    return { size: this.size, node: median(this.nodeRuns), oursAddOverNode, ours: medians(this.times[0]!), ref: medians(this.times[1]!) };
  }
}

const f = (x: number) => x.toFixed(1);

function main(): void {
  const work = mkdtempSync(join(tmpdir(), 'hl-bench-'));
  const rows: Row[] = [];
  try {
    const measures = SIZES.map((size) => {
      const oursDir = join(work, `ours-${size}`);
      const refDir = join(work, `ref-${size}`);
      populate(oursDir, size);
      populate(refDir, size);
      return new RowMeasure(size, oursDir, refDir);
    });
    // Rows take turns round by round, so that a slower minute of the machine hits every row alike.
    for (let i = 0; i < WARMUP + REPS; i++) {
      for (const m of measures) m.round(i);
      process.stderr.write(`round ${i + 1}/${WARMUP + REPS}\r`);
    }
    rows.push(...measures.map((m) => m.row()));

    console.log(`host-local exec latency, median of ${REPS} runs (ms); ratio = reference / ours (>1: ours faster)\n`);
    console.log('| allocations | `node -e 0` | ADD ours | ADD ref | ratio | CHECK ours | CHECK ref | ratio | DEL ours | DEL ref | ratio |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      const cells = ['ADD', 'CHECK', 'DEL'].flatMap((c) => [f(r.ours[c]), f(r.ref[c]), `${(r.ref[c] / r.ours[c]).toFixed(2)}x`]);
      console.log(`| ${r.size.toLocaleString('en-US')} | ${f(r.node)} | ${cells.join(' | ')} |`);
    }
    console.log('\n`node -e 0`: a bare node start, run between the plugin runs of the same row; rows take turns.');

    const at = (size: number) => rows.find((r) => r.size === size);
    const zero = at(0);
    const full = at(60000);
    if (zero) {
      console.log(`- ADD at 0 vs bare node: ${zero.oursAddOverNode >= 0 ? '+' : ''}${f(zero.oursAddOverNode)} ms, median of paired runs ` +
        `(difference of the medians: ${f(zero.ours.ADD - zero.node)}) (target: within 25 ms)`);
    }
    if (zero && full) console.log(`- ADD at 60,000 vs ADD at 0: ${(full.ours.ADD / zero.ours.ADD).toFixed(2)}x (target: within 1.3x)`);
    if (full) console.log(`- ADD at 60,000, reference / ours: ${(full.ref.ADD / full.ours.ADD).toFixed(1)}x (target: at least 10x)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
