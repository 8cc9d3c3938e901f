// The per-network lock: proper-lockfile's mkdir lock, kept in our side directory so the
// reference never sees it. It does NOT exclude a reference binary, which flocks <dir>/lock.
//
// Timing: the holder refreshes the lock's mtime every `update` ms; a lock whose mtime is older
// than `stale` ms is taken over, so a holder killed with SIGKILL blocks others for at most
// ~stale ms. Waiters poll with short randomised back-off (many processes, short critical
// sections), for up to ~RETRY_BUDGET_MS in total.

import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';

const STALE_MS = 4000;           // proper-lockfile's floor is 2000; margin for a busy event loop
const UPDATE_MS = 1000;          // proper-lockfile's floor
const MIN_WAIT_MS = 5;
const MAX_WAIT_MS = 100;
const RETRY_BUDGET_MS = 60_000;  // far beyond a stale takeover plus a long queue of holders

export interface LockState {
  /** Set when another process took the lock over from us (we stalled past `stale`). */
  compromised: boolean;
}

// proper-lockfile's file operations, run synchronously: each is one short syscall, and going
// through libuv's thread pool cost more than the syscall itself (mkdir, stat, utimes, rmdir).
// Its exit handler also calls rmdirSync. No `...fs` spread: that would evaluate fs's lazy
// `promises` getter and load fs/promises, readline and the stream stack (~2 ms per exec).
type Callback = (err: Error | null, result?: unknown) => void;
const syncFs = { rmdirSync: fs.rmdirSync, ...Object.fromEntries(['mkdir', 'realpath', 'stat', 'rmdir', 'utimes'].map((method) => [
  method,
  (...args: unknown[]) => {
    const callback = args.pop() as Callback;
    let result: unknown;
    try {
      result = (fs as unknown as Record<string, (...a: unknown[]) => unknown>)[`${method}Sync`]!(...args);
    } catch (err) {
      callback(err as Error);
      return;
    }
    callback(null, result);
  },
])) };

// Waiters inside one process queue here instead of polling the filesystem against each other.
const localQueues = new Map<string, Promise<unknown>>();
// The locks the current async context holds: asking again from inside would wait forever.
// Knowing them takes AsyncLocalStorage, whose promise hooks cost ~0.7 ms of a plugin exec. A
// plugin process runs one command, which takes one lock, so its entry turns the check off;
// library use and the tests, which run the same commands in-process, keep it.
let heldHere: AsyncLocalStorage<ReadonlySet<string>> | null = new AsyncLocalStorage();

export function skipLockNestingCheck(): void {
  heldHere = null;
}

export async function withDirectoryLock<T>(
  target: string,
  lockDir: string,
  fn: (state: LockState) => Promise<T>,
): Promise<T> {
  const tracker = heldHere;
  const held = tracker?.getStore() ?? new Set<string>();
  if (held.has(lockDir)) throw new Error(`the lock of ${target} is already held here: withLock does not nest`);
  const inner = tracker ? (state: LockState) => tracker.run(new Set([...held, lockDir]), () => fn(state)) : fn;
  const previous = localQueues.get(lockDir) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => holdLock(target, lockDir, inner));
  const settled = run.catch(() => undefined);
  localQueues.set(lockDir, settled);
  void settled.then(() => {
    if (localQueues.get(lockDir) === settled) localQueues.delete(lockDir);
  });
  return run;
}

async function holdLock<T>(target: string, lockDir: string, fn: (state: LockState) => Promise<T>): Promise<T> {
  const state: LockState = { compromised: false };
  const release = await acquire(target, lockDir, state);
  try {
    return await fn(state);
  } finally {
    // A failed unlock must not hide fn's outcome: the lock then goes stale and is taken over.
    if (!state.compromised) await release().catch(() => undefined);
  }
}

async function acquire(target: string, lockDir: string, state: LockState): Promise<() => Promise<void>> {
  const options: lockfile.LockOptions = {
    lockfilePath: lockDir,
    realpath: false,
    fs: syncFs,
    stale: STALE_MS,
    update: UPDATE_MS,
    retries: 0,   // waiting is ours (below): proper-lockfile would precompute 600 timeouts per exec
    // The default throws from a timer and kills the process; our writes stay correct without
    // the lock (link(2) never overwrites), only the index must not be trusted: the store checks.
    onCompromised: () => {
      state.compromised = true;
    },
  };
  // Make sure the parent exists (an admin may have removed our side directory).
  fs.mkdirSync(dirname(lockDir), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + RETRY_BUDGET_MS;
  for (let wait = MIN_WAIT_MS; ; wait = Math.min(MAX_WAIT_MS, wait * 1.5)) {
    try {
      return await lockfile.lock(target, options);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
      if (Date.now() >= deadline) {
        throw Object.assign(new Error(`${target} stayed locked by another process for ${RETRY_BUDGET_MS / 1000} s (lock ${lockDir})`), { code: 'ELOCKED' });
      }
    }
    // Randomised, so that many waiters do not poll in step (a stale lock is taken over inside lock()).
    await new Promise((resolve) => setTimeout(resolve, wait * (0.5 + Math.random())));
  }
}
