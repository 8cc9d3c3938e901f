// The raw exports of build/ipam.wasm (documented in assembly/ABI.md) and its status codes.

export const ABI_VERSION = 1;

export interface CoreExports {
  memory: WebAssembly.Memory;
  abi_version(): number;
  io_ptr(): number;
  io_cap(): number;
  alloc(len: number): number;
  free(ptr: number): void;
  heap_used(): number;
  parse_ip(text: number, len: number, out: number): number;
  format_ip(addr: number, out: number): number;
  parse_ips(text: number, len: number, out: number, kinds: number, max: number): number;
  format_ips(addrs: number, n: number, out: number, cap: number): number;
  ip_compare(a: number, b: number): number;
  ip_next(addr: number, out: number): number;
  ip_prev(addr: number, out: number): number;
  ip_add(addr: number, magnitude: number, negative: number, out: number): number;
  ip_distance(a: number, b: number, out: number): number;
  parse_cidr(text: number, len: number, out: number): number;
  cidr_network(addr: number, prefix: number, out: number): number;
  cidr_last(addr: number, prefix: number, out: number): number;
  cidr_usable(addr: number, prefix: number, firstOut: number, lastOut: number): number;
  cidr_contains(net: number, prefix: number, addr: number): number;
  cidr_overlaps(a: number, aPrefix: number, b: number, bPrefix: number): number;
  pool_new(ranges: number, n: number): number;
  pool_free(handle: number): number;
  pool_mark(handle: number, addr: number): number;
  pool_mark_packed(handle: number, addrs: number, n: number): number;
  pool_release(handle: number, addr: number): number;
  pool_test(handle: number, addr: number): number;
  pool_contains(handle: number, addr: number): number;
  pool_taken(handle: number, out: number): number;
  pool_size(handle: number, out: number): number;
  pool_next_free(handle: number, after: number, hasAfter: number, out: number): number;
  pool_take_next(handle: number, after: number, hasAfter: number, out: number): number;
}

/** Negative status codes; see assembly/errors.ts and ABI.md. */
export const Status = {
  OK: 0,
  SYNTAX: -1,
  FAMILY: -2,
  RANGE: -3,
  HANDLE: -4,
  NO_MEMORY: -5,
  OUTSIDE: -6,
  OVERLAP: -7,
  BAD_RANGE: -8,
  TOO_MANY: -9,
  BUFFER: -10,
  PREFIX: -11,
  TOO_SMALL: -12,
} as const;

const messages: Record<number, string> = {
  [Status.SYNTAX]: 'invalid syntax',
  [Status.FAMILY]: 'mixed address families',
  [Status.RANGE]: "result outside the family's address space",
  [Status.HANDLE]: 'pool already disposed',
  [Status.NO_MEMORY]: 'IPAM core out of memory',
  [Status.OUTSIDE]: 'address not in pool',
  [Status.OVERLAP]: 'ranges overlap',
  [Status.BAD_RANGE]: 'invalid range (empty set, start after end, or mixed families in a range)',
  [Status.TOO_MANY]: 'too many pools or ranges',
  [Status.BUFFER]: 'output buffer too small',
  [Status.PREFIX]: 'prefix length out of range',
  [Status.TOO_SMALL]: 'block has no usable addresses',
};

/** A failure reported by the Wasm core; `code` is one of Status. */
export class CoreError extends Error {
  readonly code: number;
  constructor(code: number, context?: string) {
    const text = messages[code] ?? `status ${code}`;
    super(context ? `${context}: ${text}` : text);
    this.name = 'CoreError';
    this.code = code;
  }
}
