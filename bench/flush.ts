// Why host-local does not flush its reservation files: the latency of fdatasync on a small new
// file (what a flushed reservation would cost every ADD), with the disk quiet and while another
// process streams writes to the same filesystem, as an image pull does. Files live in a
// throw-away directory under the data directory's filesystem (/var/tmp by default).
//   node --import tsx bench/flush.ts [rounds] [dir]
import { spawn } from 'node:child_process';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const rounds = Number(process.argv[2] ?? 40);
const work = mkdtempSync(join(process.argv[3] ?? '/var/tmp', 'bench-flush-'));
const STREAM_MB = 300;

/** Milliseconds to create, write and fdatasync one reservation-sized file. */
function flushOnce(name: string): number {
  const start = process.hrtime.bigint();
  const fd = openSync(join(work, name), 'wx', 0o600);
  writeSync(fd, 'container-id\r\neth0');
  fdatasyncSync(fd);
  closeSync(fd);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function percentiles(label: string, times: number[]): string {
  const s = [...times].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(1);
  return `| ${label} | ${at(0.5)} | ${at(0.9)} | ${s[s.length - 1]!.toFixed(1)} |`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const quiet: number[] = [];
  for (let i = 0; i < rounds; i++) quiet.push(flushOnce(`quiet-${i}`));

  // A writer that keeps rewriting a large file without syncing, until killed.
  const writer = spawn('sh', ['-c', `while :; do dd if=/dev/zero of=${join(work, 'stream')} bs=1M count=${STREAM_MB} status=none; done`], { detached: true, stdio: 'ignore' });
  const loaded: number[] = [];
  try {
    await sleep(1000);
    for (let i = 0; i < rounds; i++) {
      loaded.push(flushOnce(`loaded-${i}`));
      await sleep(20);   // spread over the writer's cycle, as ADDs would be
    }
  } finally {
    process.kill(-writer.pid!, 'SIGKILL');
    rmSync(work, { recursive: true, force: true });
  }

  console.log(`fdatasync of a new ${'container-id\r\neth0'.length}-byte file, ${rounds} rounds (ms)\n`);
  console.log('| disk | median | p90 | max |');
  console.log('|---|---:|---:|---:|');
  console.log(percentiles('quiet', quiet));
  console.log(percentiles(`another process streaming ${STREAM_MB} MB writes`, loaded));
}

void main();
