// Configuration schemas, compiled at build time (scripts/build-schemas.mjs): validation with
// problems that name the field, Go-style key normalisation, and unknown-key reports.
import { validators } from '../../build/generated/validators.js';
import { CniError, Code } from '../cni/errors.js';
import type { ConfigKind } from './kinds.js';
import { normalizeConfig } from './normalize.js';
import { describeProblem, toProblem, type Problem } from './problems.js';

export { CONFIG_KINDS, type ConfigKind } from './kinds.js';
export { normalizeConfig } from './normalize.js';
export { describeProblem, showValue, type Problem } from './problems.js';
export { unknownFields, type UnknownField } from './unknown.js';
export { editDistance, suggestName } from './suggest.js';

/** Every schema problem of `doc` as `kind` (empty when valid). Keys are matched like Go: case-insensitively. */
export function validate(kind: ConfigKind, doc: unknown): Problem[] {
  const normalized = normalizeConfig(kind, doc);
  const check = validators[kind];
  if (check(normalized)) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const err of check.errors ?? []) {
    if (err.keyword === 'if') continue; // "must match then schema": the inner errors say why
    const p = toProblem(err, normalized);
    if (err.keyword === 'type' && p.value === null) continue; // Go decodes null as the zero value
    const id = `${p.path}\u0000${p.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(p);
  }
  return problems;
}

/** Throws CniError code 7 (invalid network config) naming every problem, as the plugins report it. */
export function assertValid(kind: ConfigKind, doc: unknown): void {
  const problems = validate(kind, doc);
  if (problems.length === 0) return;
  throw new CniError(Code.InvalidConfig, problems.map(describeProblem).join('; '));
}
