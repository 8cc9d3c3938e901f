// The config editor: a textarea over a backdrop that underlines each problem, and a gutter with
// line numbers that flags lines with problems. Lines do not wrap, so the three stay aligned.
import { el } from './dom.js';
import type { Diagnostic } from './validation.js';

export class EditorView {
  readonly textarea: HTMLTextAreaElement;
  private readonly backdrop: HTMLPreElement;
  private readonly gutter: HTMLDivElement;
  private marks: Diagnostic[] = [];

  constructor(host: HTMLElement, onInput: (text: string) => void) {
    this.textarea = el('textarea', { id: 'editor', spellcheck: 'false', wrap: 'off', 'aria-label': 'CNI config' });
    this.backdrop = el('pre', { class: 'backdrop', 'aria-hidden': 'true' });
    this.gutter = el('div', { class: 'gutter', 'aria-hidden': 'true' });
    host.append(this.gutter, el('div', { class: 'code' }, this.backdrop, this.textarea));
    this.textarea.addEventListener('input', () => {
      this.paint();
      onInput(this.textarea.value);
    });
    this.textarea.addEventListener('scroll', () => this.syncScroll());
    // Tab indents (two spaces) instead of leaving the editor; Escape then Tab still moves focus.
    let escaped = false;
    this.textarea.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') escaped = true;
      if (e.key !== 'Tab' || e.shiftKey || escaped) {
        if (e.key !== 'Escape') escaped = false;
        return;
      }
      e.preventDefault();
      this.textarea.setRangeText('  ', this.textarea.selectionStart, this.textarea.selectionEnd, 'end');
      this.textarea.dispatchEvent(new Event('input'));
    });
  }

  get text(): string {
    return this.textarea.value;
  }

  set text(value: string) {
    this.textarea.value = value;
    this.paint();
  }

  show(diagnostics: Diagnostic[]): void {
    this.marks = diagnostics;
    this.paint();
  }

  /** Selects the problem's text and scrolls it into view. */
  reveal(d: Diagnostic): void {
    this.textarea.focus();
    this.textarea.setSelectionRange(d.start, d.end);
    const lineHeight = parseFloat(getComputedStyle(this.textarea).lineHeight) || 18;
    this.textarea.scrollTop = Math.max(0, (d.line - 3) * lineHeight);
    this.syncScroll();
  }

  private paint(): void {
    const text = this.textarea.value;
    const valid = this.marks.filter((m) => m.end <= text.length).sort((a, b) => a.start - b.start);
    const parts: Node[] = [];
    let at = 0;
    for (const m of valid) {
      if (m.start < at) continue; // nested marks: the outer one is enough
      parts.push(document.createTextNode(text.slice(at, m.start)));
      parts.push(el('mark', { class: m.severity, 'data-path': m.path }, text.slice(m.start, m.end)));
      at = m.end;
    }
    parts.push(document.createTextNode(text.slice(at) + '\n'));
    this.backdrop.replaceChildren(...parts);

    const flagged = new Map<number, string>();
    for (const m of this.marks) if (flagged.get(m.line) !== 'error') flagged.set(m.line, m.severity);
    const lines = text.split('\n').length;
    const numbers: Node[] = [];
    for (let i = 1; i <= lines; i++) numbers.push(el('div', flagged.has(i) ? { class: flagged.get(i) as string } : {}, String(i)));
    this.gutter.replaceChildren(...numbers);
    this.syncScroll();
  }

  private syncScroll(): void {
    this.backdrop.scrollTop = this.textarea.scrollTop;
    this.backdrop.scrollLeft = this.textarea.scrollLeft;
    this.gutter.scrollTop = this.textarea.scrollTop;
  }
}
