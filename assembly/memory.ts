// The core's allocator. AssemblyScript's TLSF doubles linear memory whenever it runs out, so a
// 32 MB hash table could cost 128 MB; this one grows memory only by what a request needs and
// reuses freed space. Small blocks (up to 64 KiB with header) come from power-of-two classes;
// larger ones are multiples of 64 KiB, kept on a best-fit list that merges neighbours.
// Every allocation is checked against a budget, so running out is an error code, not a trap.
// This heap starts at __heap_base, where the stub runtime's bump allocator would start too:
// the core must never allocate managed objects (`new`, strings, arrays). A test checks that
// no runtime allocator is compiled in.

const BUDGET: usize = 1 << 30;  // 1 GiB of live allocations
const HEADER: usize = 16;       // u32 requested size, u32 block size; keeps 16-byte alignment
const MIN_CLASS = 5;            // 32-byte blocks
const MAX_CLASS = 16;           // 64 KiB blocks
const PAGE: usize = 1 << 16;
const BIG_SLOTS = 1024;

const smallFree = memory.data((MAX_CLASS - MIN_CLASS + 1) << 2); // u32 list head per class
const bigFree = memory.data(BIG_SLOTS << 3);                     // (u32 start, u32 size) pairs
let bigCount = 0;
let top: usize = (__heap_base + 15) & ~15;                       // end of the carved area
let liveBytes: usize = 0;

/** Carves size bytes at the top, growing memory by exactly the missing pages; 0 on failure. */
function carve(size: usize): usize {
  const start = top;
  const end = start + size;
  const have = <usize>memory.size() << 16;
  if (end > have && memory.grow(<i32>((end - have + PAGE - 1) >> 16)) < 0) return 0;
  top = end;
  return start;
}

@inline function bigStart(i: i32): usize { return <usize>load<u32>(bigFree + (<usize>i << 3)); }
@inline function bigSize(i: i32): usize { return <usize>load<u32>(bigFree + (<usize>i << 3) + 4); }
@inline function setBig(i: i32, start: usize, size: usize): void {
  store<u32>(bigFree + (<usize>i << 3), <u32>start);
  store<u32>(bigFree + (<usize>i << 3) + 4, <u32>size);
}
function removeBig(i: i32): void {
  bigCount--;
  setBig(i, bigStart(bigCount), bigSize(bigCount));
}

/** Best-fit reuse of a freed big block, splitting off the rest; 0 if none fits. */
function takeBig(size: usize): usize {
  let best = -1;
  for (let i = 0; i < bigCount; i++) {
    if (bigSize(i) >= size && (best < 0 || bigSize(i) < bigSize(best))) best = i;
  }
  if (best < 0) return 0;
  const start = bigStart(best);
  if (bigSize(best) == size) removeBig(best);
  else setBig(best, start + size, bigSize(best) - size);
  return start;
}

function freeBig(start: usize, size: usize): void {
  // Merge with free neighbours on either side.
  for (let i = 0; i < bigCount; i++) {
    if (bigStart(i) + bigSize(i) == start) {
      start = bigStart(i);
      size += bigSize(i);
      removeBig(i);
      i = -1;
    } else if (start + size == bigStart(i)) {
      size += bigSize(i);
      removeBig(i);
      i = -1;
    }
  }
  if (start + size == top) {
    top = start; // give the space back to the carving area
    return;
  }
  if (bigCount < BIG_SLOTS) {
    setBig(bigCount, start, size);
    bigCount++;
  } // else: the block is leaked; 1024 disjoint holes means something else is wrong
}

/** Zero-filled, 16-byte aligned block of n bytes, or 0 when the budget or memory is exhausted. */
export function allocZeroed(n: usize): usize {
  if (n > BUDGET - liveBytes) return 0;
  const total = n + HEADER;
  let block: usize;
  let size: usize;
  if (total <= (<usize>1 << MAX_CLASS)) {
    const cls = max<i32>(MIN_CLASS, 32 - <i32>clz<u32>(<u32>total - 1));
    size = <usize>1 << cls;
    const head = smallFree + (<usize>(cls - MIN_CLASS) << 2);
    block = <usize>load<u32>(head);
    if (block != 0) store<u32>(head, load<u32>(block));
    else block = carve(size);
  } else {
    size = (total + PAGE - 1) & ~(PAGE - 1);
    block = takeBig(size);
    if (block == 0) block = carve(size);
  }
  if (block == 0) return 0;
  store<u32>(block, <u32>n);
  store<u32>(block + 4, <u32>size);
  liveBytes += n;
  memory.fill(block + HEADER, 0, n);
  return block + HEADER;
}

/** Releases a block from allocZeroed; 0 is ignored. */
export function release(p: usize): void {
  if (p == 0) return;
  const block = p - HEADER;
  const size = <usize>load<u32>(block + 4);
  liveBytes -= <usize>load<u32>(block);
  if (size <= (<usize>1 << MAX_CLASS)) {
    const head = smallFree + (<usize>(31 - <i32>clz<u32>(<u32>size) - MIN_CLASS) << 2);
    store<u32>(block, load<u32>(head));
    store<u32>(head, <u32>block);
  } else {
    freeBig(block, size);
  }
}

/** Bytes in live allocations (excluding headers and rounding). */
export function bytesInUse(): usize {
  return liveBytes;
}
