// UTF-8 for code that also runs in browsers. In Node, Buffer does the work: TextDecoder and
// TextEncoder would compile node's encoding module on every plugin exec (~0.15 ms).
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

/** The text of UTF-8 bytes, invalid sequences replaced by U+FFFD (a leading BOM is kept). */
export function utf8Decode(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

/** How many bytes `text` takes in UTF-8 (a lone surrogate as U+FFFD: 3). */
export function utf8Length(text: string): number {
  return NodeBuffer ? NodeBuffer.byteLength(text, 'utf8') : new TextEncoder().encode(text).length;
}
