// Where each value of a JSON text sits, so a problem reported for a path ("ipam.ranges[0][1].subnet")
// can point at its line and field. Syntax errors keep the offset where parsing stopped; the words of
// the message come from src/cni's Go-compatible decoder, not from here.

export interface JsonNode {
  kind: 'object' | 'array' | 'string' | 'number' | 'literal';
  start: number; // the value's first character
  end: number; // one past its last character
  keyStart?: number; // for object members: the key's opening quote
  key?: string;
  value?: unknown; // strings, numbers and literals
  children: JsonNode[]; // object members in document order, or array items
}

export interface SourceMap {
  root: JsonNode | null;
  syntaxErrorAt: number | null;
}

class Stop extends Error {
  constructor(readonly at: number) {
    super('syntax');
  }
}

class Reader {
  i = 0;
  constructor(private readonly s: string) {}

  space(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i])) this.i++;
  }

  expect(c: string): void {
    if (this.s[this.i] !== c) throw new Stop(this.i);
    this.i++;
  }

  value(): JsonNode {
    this.space();
    const start = this.i;
    const c = this.s[this.i];
    if (c === '{') return this.object(start);
    if (c === '[') return this.array(start);
    if (c === '"') return { kind: 'string', start, value: this.string(), end: this.i, children: [] };
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.s.slice(start, start + 400));
    if (!m) throw new Stop(start);
    this.i += m[0].length;
    const isNumber = m[0] !== 'true' && m[0] !== 'false' && m[0] !== 'null';
    return { kind: isNumber ? 'number' : 'literal', start, end: this.i, value: JSON.parse(m[0]), children: [] };
  }

  string(): string {
    const start = this.i;
    this.expect('"');
    while (this.i < this.s.length && this.s[this.i] !== '"') {
      if (this.s[this.i] === '\\') this.i++;
      if (this.s.charCodeAt(this.i) < 0x20) throw new Stop(this.i);
      this.i++;
    }
    this.expect('"');
    try {
      return JSON.parse(this.s.slice(start, this.i)) as string;
    } catch {
      throw new Stop(start);
    }
  }

  /** The items of an object or array up to `close`, each read by `item` (after the opening bracket). */
  private items(node: JsonNode, close: string, item: () => JsonNode): JsonNode {
    this.i++;
    this.space();
    if (this.s[this.i] !== close) {
      for (;;) {
        node.children.push(item());
        this.space();
        if (this.s[this.i] !== ',') break;
        this.i++;
      }
    }
    this.expect(close);
    node.end = this.i;
    return node;
  }

  object(start: number): JsonNode {
    return this.items({ kind: 'object', start, end: start, children: [] }, '}', () => {
      this.space();
      const keyStart = this.i;
      const key = this.string();
      this.space();
      this.expect(':');
      return { ...this.value(), key, keyStart };
    });
  }

  array(start: number): JsonNode {
    return this.items({ kind: 'array', start, end: start, children: [] }, ']', () => this.value());
  }
}

export function mapSource(text: string): SourceMap {
  const r = new Reader(text);
  try {
    const root = r.value();
    r.space();
    if (r.i !== text.length) throw new Stop(r.i);
    return { root, syntaxErrorAt: null };
  } catch (err) {
    if (err instanceof Stop) return { root: null, syntaxErrorAt: Math.min(err.at, text.length) };
    throw err;
  }
}

/** "ipam.ranges[0][1].subnet" or a JSON pointer "/ipam/ranges/0/1/subnet" -> its steps. */
export function pathSteps(path: string): (string | number)[] {
  if (path.startsWith('/')) {
    return path.slice(1).split('/').filter((s) => s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
  }
  const steps: (string | number)[] = [];
  for (const m of path.matchAll(/\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|([^.[\]]+)/g)) {
    if (m[1] !== undefined) steps.push(Number(m[1]));
    else if (m[2] !== undefined) steps.push(JSON.parse(`"${m[2]}"`) as string);
    else steps.push(m[3]);
  }
  return steps;
}

/** Path text for steps, in the dotted form src/config uses. */
export function pathText(steps: (string | number)[]): string {
  let out = '';
  for (const s of steps) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

// Go matches keys case-insensitively (the last match wins) and host-local still reads the
// hyphenated keys of 2015 ("range-start"), so a canonical path must find those spellings too.
const loose = (key: string) => key.toLowerCase().replace(/-/g, '');

function member(node: JsonNode, key: string): JsonNode | undefined {
  const exact = node.children.filter((c) => c.key === key);
  if (exact.length > 0) return exact[exact.length - 1];
  const folded = node.children.filter((c) => c.key !== undefined && loose(c.key) === loose(key));
  return folded[folded.length - 1];
}

/** The node at `path`, or the deepest one that exists on the way (a missing field's parent). */
export function nodeAt(root: JsonNode, path: string | (string | number)[]): { node: JsonNode; exact: boolean } {
  let node = root;
  for (const step of typeof path === 'string' ? pathSteps(path) : path) {
    const next = typeof step === 'number' ? (node.kind === 'array' ? node.children[step] : undefined) : node.kind === 'object' ? member(node, step) : undefined;
    if (!next) return { node, exact: false };
    node = next;
  }
  return { node, exact: true };
}

/** Every string value under `root` with its path, in document order. */
export function stringLeaves(root: JsonNode, base: (string | number)[] = []): { steps: (string | number)[]; node: JsonNode }[] {
  const out: { steps: (string | number)[]; node: JsonNode }[] = [];
  const walk = (n: JsonNode, steps: (string | number)[]) => {
    if (n.kind === 'string') out.push({ steps, node: n });
    n.children.forEach((c, i) => walk(c, [...steps, n.kind === 'array' ? i : (c.key as string)]));
  };
  walk(root, base);
  return out;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
