// Random bytes for temp-file names, index generations, veth names and MACs: they must not
// collide, not be secret.
// Math.random instead of node:crypto, whose load alone costs ~7 ms of every plugin exec.
export function randomBytes(n: number): Buffer {
  const out = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(Math.random() * 256);
  return out;
}
