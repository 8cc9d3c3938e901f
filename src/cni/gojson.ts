// JSON text the way Go's encoding/json writes it, so our output matches the reference byte for byte.
// Differences from JSON.stringify: <, >, &, U+2028 and U+2029 are escaped as \u00XX, and lone
// surrogates (which Go never holds: it decodes them to U+FFFD) become U+FFFD.

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Lone surrogates become U+FFFD, as Go's decoder would have made them. */
export function toWellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd');
}

function wellFormed(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? toWellFormed(value) : value;
}

// These characters can only occur inside string literals of JSON text, so a global replace is safe.
const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

function goEscape(text: string): string {
  return text.replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]!);
}

/** json.MarshalIndent(v, "", "    "): 4-space indent, no trailing newline. */
export function marshalIndent(value: unknown): string {
  return goEscape(JSON.stringify(value, wellFormed, 4));
}

/** json.Marshal(v). */
export function marshalCompact(value: unknown): string {
  return goEscape(JSON.stringify(value, wellFormed));
}

/** Go's %q for a string (strconv.Quote): used inside messages such as `ARGS: invalid pair "x"`. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of toWellFormed(s)) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
    }
    if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (isUnprintable(cp)) out += cp > 0xffff ? '\\U' + cp.toString(16).padStart(8, '0') : '\\u' + cp.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** Go's %q of a []string: `["a" "b"]`. */
export function goQuoteList(items: string[]): string {
  return '[' + items.map(goQuote).join(' ') + ']';
}

// Approximation of Go's unicode.IsPrint: controls, separators other than space, and format characters.
function isUnprintable(cp: number): boolean {
  return /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]|[\p{Zs}]/u.test(String.fromCodePoint(cp)) && cp !== 0x20;
}
