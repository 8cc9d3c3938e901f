// Errors of list operations. A plugin's own error is a CniError (src/cni), like libcni's *types.Error.
import { CniError } from '../cni/errors.js';

// A list operation failed in one plugin: "plugin type="bridge" name="x" failed (add): <cause>".
// The cause (often a CniError) stays reachable so that callers can read its code.
export class ChainError extends Error {
  override readonly cause: Error;
  constructor(message: string, cause: Error) {
    super(`${message}: ${cause.message}`);
    this.name = 'ChainError';
    this.cause = cause;
  }
}

// Several independent failures (GC goes on after one), like Go's errors.Join: one line each.
export class JoinedError extends Error {
  readonly errors: Error[];
  constructor(errors: Error[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'JoinedError';
    this.errors = errors;
  }
}

export function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

// The innermost plugin error of a chain, for code-based decisions (e.g. STATUS code 50).
export function cniErrorOf(e: unknown): CniError | undefined {
  let cur: unknown = e;
  while (cur instanceof Error) {
    if (cur instanceof CniError) return cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}
