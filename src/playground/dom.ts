// A tiny element builder: the page is plain DOM, no framework.
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/** 65,534 or, when large, 1.8e19 (2^64): readable at any size. */
export function count(n: bigint): string {
  if (n < 10_000_000n) return n.toLocaleString('en-US');
  const bits = n.toString(2).length - 1;
  const power = 1n << BigInt(bits) === n ? ` (2^${bits})` : '';
  return Number(n).toExponential(1).replace('e+', 'e') + power;
}
