// 16-byte big-endian values <-> bigint, and IPv4-mapped detection.

const TWO_128 = 1n << 128n;

export function isV4Mapped(b: Uint8Array, off = 0): boolean {
  for (let i = 0; i < 10; i++) if (b[off + i] !== 0) return false;
  return b[off + 10] === 0xff && b[off + 11] === 0xff;
}

export function toBigInt(b: Uint8Array, off = 0): bigint {
  const view = new DataView(b.buffer, b.byteOffset + off, 16);
  return (view.getBigUint64(0) << 64n) | view.getBigUint64(8);
}

/** 16 big-endian bytes of v, which must be in [0, 2^128). */
export function fromBigInt(v: bigint): Uint8Array {
  if (v < 0n || v >= TWO_128) throw new RangeError(`value out of 128-bit range: ${v}`);
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, v >> 64n);
  view.setBigUint64(8, v & 0xffffffffffffffffn);
  return out;
}
