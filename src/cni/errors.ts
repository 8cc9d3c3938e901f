// CNI error values and their wire format (the reference prints {"code","msg","details"} on stdout).
import { marshalIndent } from './gojson.js';

export const Code = {
  IncompatibleVersion: 1,
  UnsupportedField: 2,
  UnknownContainer: 3,
  InvalidEnv: 4,
  IO: 5,
  Decode: 6,
  InvalidConfig: 7,
  InvalidNetNS: 8,
  TryAgain: 11,
  NotAvailable: 50,
  LimitedConnectivity: 51,
  Internal: 999,
} as const;

export class CniError extends Error {
  readonly code: number;
  readonly msg: string;
  readonly details?: string;

  constructor(code: number, msg: string, details?: string) {
    super(details ? `${msg}; ${details}` : msg);
    this.name = 'CniError';
    this.code = code;
    this.msg = msg;
    if (details) this.details = details;
  }

  toJSON(): { code: number; msg: string; details?: string } {
    return this.details ? { code: this.code, msg: this.msg, details: this.details } : { code: this.code, msg: this.msg };
  }
}

/** Anything a plugin throws becomes a CniError; untyped errors get code 999 like the reference skel. */
export function toCniError(err: unknown): CniError {
  if (err instanceof CniError) return err;
  if (err instanceof Error) return new CniError(Code.Internal, err.message);
  return new CniError(Code.Internal, String(err));
}

/** The error as the reference prints it: 4-space indented, no trailing newline. */
export function formatError(err: CniError): string {
  return marshalIndent(err.toJSON());
}
