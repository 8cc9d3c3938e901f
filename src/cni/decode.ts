// JSON decoding with Go's encoding/json syntax errors, because the reference puts them in its
// messages (`error unmarshall network config: invalid character 'z' looking for beginning of value`).
// The check walks the bytes once, iteratively (deep nesting must not overflow the stack); JSON.parse
// then builds the value.
import { goQuote } from './gojson.js';
import { utf8Decode } from './utf8.js';

const MAX_DEPTH = 10000; // Go's maxNestingDepth
const EOF_ERROR = 'unexpected end of JSON input';

class Syntax extends Error {}

/** Go's quoteChar: the offending byte as a Latin-1 rune in single quotes. */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return `'"'`;
  return "'" + goQuote(String.fromCharCode(c)).slice(1, -1) + "'";
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

class Scanner {
  i = 0;
  constructor(private readonly b: Uint8Array) {}

  private peek(): number {
    if (this.i >= this.b.length) throw new Syntax(EOF_ERROR);
    return this.b[this.i]!;
  }

  /**
   * Inside a number, literal or escape, Go's scanner meets the end of input as a space, so the
   * error names ' ' (e.g. `invalid character ' ' in exponent of numeric literal`).
   */
  private peekInToken(): number {
    return this.i < this.b.length ? this.b[this.i]! : 0x20;
  }

  private bad(c: number, context: string): never {
    throw new Syntax(`invalid character ${quoteChar(c)} ${context}`);
  }

  private skipSpace(): void {
    while (this.i < this.b.length && isSpace(this.b[this.i]!)) this.i++;
  }

  private string(): void {
    this.i++; // opening quote
    for (;;) {
      const c = this.peek();
      this.i++;
      if (c === 0x22) return;
      if (c < 0x20) this.bad(c, 'in string literal');
      if (c !== 0x5c) continue;
      const e = this.peekInToken();
      this.i++;
      if (e === 0x75) {
        for (let k = 0; k < 4; k++) {
          const h = this.peekInToken();
          if (!isHex(h)) this.bad(h, 'in \\u hexadecimal character escape');
          this.i++;
        }
      } else if (!'"\\/bfnrt'.includes(String.fromCharCode(e))) {
        this.bad(e, 'in string escape code');
      }
    }
  }

  private digits(): void {
    while (this.i < this.b.length && isDigit(this.b[this.i]!)) this.i++;
  }

  private number(): void {
    if (this.peek() === 0x2d) {
      this.i++;
      const d = this.peekInToken();
      if (!isDigit(d)) this.bad(d, 'in numeric literal');
    }
    if (this.peek() === 0x30) this.i++;
    else this.digits();
    if (this.i < this.b.length && this.b[this.i] === 0x2e) {
      this.i++;
      const d = this.peekInToken();
      if (!isDigit(d)) this.bad(d, 'after decimal point in numeric literal');
      this.digits();
    }
    if (this.i < this.b.length && (this.b[this.i] === 0x65 || this.b[this.i] === 0x45)) {
      this.i++;
      if (this.i < this.b.length && (this.b[this.i] === 0x2b || this.b[this.i] === 0x2d)) this.i++;
      const d = this.peekInToken();
      if (!isDigit(d)) this.bad(d, 'in exponent of numeric literal');
      this.digits();
    }
  }

  private literal(word: string): void {
    this.i++;
    for (const ch of word.slice(1)) {
      const c = this.peekInToken();
      if (c !== ch.charCodeAt(0)) this.bad(c, `in literal ${word} (expecting '${ch}')`);
      this.i++;
    }
  }

  private key(): void {
    this.skipSpace();
    const c = this.peek();
    if (c !== 0x22) this.bad(c, 'looking for beginning of object key string');
    this.string();
    this.skipSpace();
    const colon = this.peek();
    if (colon !== 0x3a) this.bad(colon, 'after object key');
    this.i++;
  }

  /** Opens a container, or reads a scalar. Returns true if a whole value was read. */
  private beginValue(stack: number[]): boolean {
    const c = this.peek();
    if (c === 0x7b || c === 0x5b) {
      if (stack.length >= MAX_DEPTH) this.bad(c, 'exceeded max depth');
      this.i++;
      this.skipSpace();
      if (this.peek() === c + 2) { // `{}` or `[]`
        this.i++;
        return true;
      }
      stack.push(c);
      if (c === 0x7b) this.key();
      return false;
    }
    if (c === 0x22) this.string();
    else if (c === 0x2d || isDigit(c)) this.number();
    else if (c === 0x74) this.literal('true');
    else if (c === 0x66) this.literal('false');
    else if (c === 0x6e) this.literal('null');
    else this.bad(c, 'looking for beginning of value');
    return true;
  }

  /** After a value: the next element, the end of containers, or the end of input. */
  private afterValue(stack: number[]): 'value' | 'done' {
    for (;;) {
      this.skipSpace();
      if (stack.length === 0) {
        if (this.i < this.b.length) this.bad(this.b[this.i]!, 'after top-level value');
        return 'done';
      }
      const c = this.peek();
      const inObject = stack[stack.length - 1] === 0x7b;
      if (c === 0x2c) {
        this.i++;
        if (inObject) this.key();
        return 'value';
      }
      if (c === (inObject ? 0x7d : 0x5d)) {
        this.i++;
        stack.pop();
        continue;
      }
      this.bad(c, inObject ? 'after object key:value pair' : 'after array element');
    }
  }

  /** Throws a Go-worded Syntax error unless the whole input is one JSON value. */
  run(): void {
    const stack: number[] = [];
    for (;;) {
      this.skipSpace();
      if (this.beginValue(stack) && this.afterValue(stack) === 'done') return;
    }
  }
}

export type Decoded = { value: unknown } | { error: string };

/** Parses JSON bytes; on bad syntax, the error is Go's message for it. */
export function decodeGoJson(input: Uint8Array | string): Decoded {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  try {
    new Scanner(bytes).run();
  } catch (err) {
    if (err instanceof Syntax) return { error: err.message };
    throw err;
  }
  const text = typeof input === 'string' ? input : utf8Decode(input);
  return { value: JSON.parse(text) };
}
