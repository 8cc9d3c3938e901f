// Schema violations as problems that name the field by path and show the offending value.
import type { ValidationError } from '../../build/generated/validators.js';
import { joinPath, resolvePointer } from './paths.js';

export interface Problem { path: string; value: unknown; message: string }

const ARTICLE: Record<string, string> = {
  string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean',
  object: 'an object', array: 'an array', null: 'null',
};

const PATTERN_MEANING: Record<string, string> = {
  '^[a-zA-Z0-9][a-zA-Z0-9_.\\-]*$': 'must start with a letter or digit and contain only letters, digits, "_", "." and "-"',
  '^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$': 'must be true or false',
};

function typeMessage(type: string | string[]): string {
  const types = Array.isArray(type) ? type : [type];
  return 'must be ' + types.map((t) => ARTICLE[t] ?? t).join(' or ');
}

/** One ajv error as a Problem; `doc` is the (normalised) document that was validated. */
export function toProblem(err: ValidationError, doc: unknown): Problem {
  const { path, value } = resolvePointer(doc, err.instancePath);
  switch (err.keyword) {
    case 'required':
      return { path: joinPath(path, err.params.missingProperty), value: undefined, message: 'is required' };
    case 'type':
      return { path, value, message: typeMessage(err.params.type) };
    case 'pattern':
      return { path, value, message: PATTERN_MEANING[err.params.pattern] ?? `must match ${err.params.pattern}` };
    case 'const':
      return { path, value, message: `must be ${JSON.stringify(err.params.allowedValue)}` };
    case 'enum':
      return { path, value, message: `must be one of ${(err.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    default:
      return { path, value, message: err.message ?? `fails ${err.keyword}` };
  }
}

/** A value as it appears in a message: JSON, shortened when long. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `ipam.ranges[0][0].rangeStart: must be a string, got 5` */
export function describeProblem(p: Problem): string {
  const where = p.path || '(config)';
  if (p.value === undefined) return `${where}: ${p.message}`;
  return `${where}: ${p.message}, got ${showValue(p.value)}`;
}
