// The list of problems under the editor, and the verdict line: what host-local would answer.
import { el } from './dom.js';
import type { Diagnostic, Report } from './validation.js';

export function renderProblems(host: HTMLElement, report: Report, reveal: (d: Diagnostic) => void): void {
  const items = report.diagnostics.map((d) => {
    const item = el(
      'li',
      { class: d.severity, 'data-path': d.path, 'data-line': String(d.line), tabindex: '0' },
      el('span', { class: 'where' }, `${d.line}:${d.column}`),
      el('span', { class: 'field' }, d.path || '(document)'),
      el('span', { class: 'message' }, d.message, d.hint ? el('span', { class: 'hint' }, ` (${d.hint})`) : null),
      el('span', { class: 'source' }, d.source),
    );
    item.addEventListener('click', () => reveal(d));
    item.addEventListener('keydown', (e) => e.key === 'Enter' && reveal(d));
    return item;
  });
  if (items.length === 0) items.push(el('li', { class: 'none' }, 'No problems found.'));
  host.replaceChildren(...items);
}

export function renderVerdict(host: HTMLElement, report: Report): void {
  const hl = report.hostLocal;
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = report.diagnostics.length - errors;
  host.className = report.valid ? 'valid' : 'invalid';
  host.dataset.valid = String(report.valid);
  const summary = report.valid ? 'Valid' : 'Invalid';
  const counts = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  let plugin = 'No host-local IPAM in this config: nothing to allocate.';
  if (hl) {
    plugin = hl.outcome.ok
      ? 'host-local accepts it: a first ADD succeeds.'
      : `host-local rejects it (code ${hl.outcome.code ?? '?'}): ${hl.outcome.message}`;
  }
  const kind = report.shape ? `.${report.shape.kind}` : 'not JSON';
  host.replaceChildren(el('strong', {}, summary), ` (${kind}, ${counts}). `, el('span', { class: 'plugin' }, plugin));
}
