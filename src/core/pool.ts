// Pool: the allocation state of one host-local range set, held in Wasm memory.

import { CoreError, Status } from './abi.js';
import { toBigInt } from './bytes.js';
import { core, SLOT_A, SLOT_BULK, SLOT_OUT } from './instance.js';
import { ipFromSlot, IP } from './ip.js';

export interface PoolRange {
  start: IP;
  end: IP;
  /** Never handed out (host-local: the range's gateway). */
  skip?: IP | null;
}

const RANGE_RECORD = 64;

// Frees the Wasm side of pools that were garbage-collected without dispose(); created with
// the first pool so that importing this module does nothing.
let orphans: FinalizationRegistry<number> | null = null;

function orphanRegistry(): FinalizationRegistry<number> {
  orphans ??= new FinalizationRegistry<number>((handle) => {
    core().exports.pool_free(handle);
  });
  return orphans;
}

export class Pool {
  private handle: number;

  /** Ranges must be disjoint and of one family; their order is the round-robin order. */
  constructor(ranges: readonly PoolRange[]) {
    const c = core();
    const bytes = Math.max(1, ranges.length) * RANGE_RECORD;
    const input = c.exports.alloc(bytes) >>> 0;
    if (input === 0) throw new CoreError(Status.NO_MEMORY, 'new Pool');
    try {
      const mem = c.mem;
      ranges.forEach((r, i) => {
        const at = input + i * RANGE_RECORD;
        mem.set(r.start.bytes, at);
        mem.set(r.end.bytes, at + 16);
        if (r.skip) {
          mem.set(r.skip.bytes, at + 32);
          mem[at + 48] = 1;
        }
      });
      const handle = c.exports.pool_new(input, ranges.length);
      if (handle < 0) {
        const shown = ranges.map((r) => `${r.start}-${r.end}`).join(',');
        throw new CoreError(handle, `new Pool(${shown})`);
      }
      this.handle = handle;
    } finally {
      c.exports.free(input);
    }
    orphanRegistry().register(this, this.handle, this);
  }

  private live(): number {
    if (this.handle === 0) throw new CoreError(Status.HANDLE);
    return this.handle;
  }

  /** Runs a pool export taking one address; returns its status. */
  private withAddress(ip: IP, op: (handle: number, addr: number) => number): number {
    const c = core();
    ip.copyTo(c.mem, c.io + SLOT_A);
    const status = op(this.live(), c.io + SLOT_A);
    if (status === Status.NO_MEMORY || status === Status.HANDLE) throw new CoreError(status);
    return status;
  }

  /** True if newly marked; false if already taken or outside every range. */
  mark(ip: IP): boolean {
    return this.withAddress(ip, (h, a) => core().exports.pool_mark(h, a)) === 1;
  }

  /** Marks n x 16 packed address bytes; outside ones are ignored. Returns how many were new. */
  markPacked(packed: Uint8Array): number {
    if (packed.length % 16 !== 0) throw new RangeError(`packed addresses must be a multiple of 16 bytes, got ${packed.length}`);
    const c = core();
    const handle = this.live();
    const room = (c.ioCap - SLOT_BULK) & ~15;
    let marked = 0;
    for (let start = 0; start < packed.length; start += room) {
      const chunk = packed.subarray(start, Math.min(packed.length, start + room));
      c.mem.set(chunk, c.io + SLOT_BULK);
      const status = c.exports.pool_mark_packed(handle, c.io + SLOT_BULK, chunk.length / 16);
      if (status < 0) throw new CoreError(status, 'markPacked');
      marked += status;
    }
    return marked;
  }

  /** True if it was taken and is now free. */
  release(ip: IP): boolean {
    return this.withAddress(ip, (h, a) => core().exports.pool_release(h, a)) === 1;
  }

  isTaken(ip: IP): boolean {
    return this.withAddress(ip, (h, a) => core().exports.pool_test(h, a)) === 1;
  }

  contains(ip: IP): boolean {
    return this.withAddress(ip, (h, a) => core().exports.pool_contains(h, a)) === 1;
  }

  takenCount(): bigint {
    const c = core();
    c.exports.pool_taken(this.live(), c.io + SLOT_OUT);
    return toBigInt(c.read16(SLOT_OUT));
  }

  /** Number of addresses in all ranges (skip addresses included). */
  size(): bigint {
    const c = core();
    const overflow = c.exports.pool_size(this.live(), c.io + SLOT_OUT);
    return toBigInt(c.read16(SLOT_OUT)) + (overflow === 1 ? 1n << 128n : 0n);
  }

  private next(after: IP | null, take: boolean): IP | null {
    const c = core();
    if (after) after.copyTo(c.mem, c.io + SLOT_A);
    const op = take ? c.exports.pool_take_next : c.exports.pool_next_free;
    const status = op(this.live(), c.io + SLOT_A, after ? 1 : 0, c.io + SLOT_OUT);
    if (status < 0) throw new CoreError(status, take ? 'takeNext' : 'nextFree');
    return status === 1 ? ipFromSlot(c, SLOT_OUT) : null;
  }

  /**
   * host-local round robin: the first free address after `after` (to the end of its range, then
   * the following ranges, wrapping, then its range up to `after` itself); from ranges[0].start
   * when `after` is null or in no range. Skip addresses are never returned. null when full.
   */
  nextFree(after: IP | null): IP | null {
    return this.next(after, false);
  }

  /** nextFree, then marks the address. */
  takeNext(after: IP | null): IP | null {
    return this.next(after, true);
  }

  /** Frees the Wasm memory; the pool is unusable afterwards. Safe to call twice. */
  dispose(): void {
    if (this.handle === 0) return;
    orphanRegistry().unregister(this);
    core().exports.pool_free(this.handle);
    this.handle = 0;
  }
}
