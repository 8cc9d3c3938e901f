// CNI_ARGS ("K=V;K2=V2") with the reference's rules: keys match case-sensitively, unknown keys are an
// error unless IgnoreUnknown is true, and every message is the reference's.
import { goQuote, goQuoteList } from './gojson.js';

/** Go's UnmarshallableBool: 1/true and 0/false, case-insensitive. */
export function parseArgsBool(value: string): boolean {
  const v = value.toLowerCase();
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  throw new Error(`boolean unmarshal error: invalid input ${value}`);
}

/**
 * Parses CNI_ARGS into the known keys (IgnoreUnknown is always known). `parsers` may check a key's
 * value; what they throw is reported as `ARGS: error parsing value of pair "<pair>": <message>`,
 * at the position of that pair, as the reference does. Later pairs override earlier ones.
 */
export function parseCniArgs(
  raw: string | undefined,
  known: string[],
  parsers: Record<string, (value: string) => void> = {},
): Record<string, string> {
  const found: Record<string, string> = {};
  if (!raw) return found;
  const unknown: string[] = [];
  let ignoreUnknown = false;
  for (const pair of raw.split(';')) {
    const kv = pair.split('=');
    if (kv.length !== 2) throw new Error(`ARGS: invalid pair ${goQuote(pair)}`);
    const [key, value] = kv as [string, string];
    if (key !== 'IgnoreUnknown' && !known.includes(key)) {
      unknown.push(pair);
      continue;
    }
    try {
      if (key === 'IgnoreUnknown') ignoreUnknown = parseArgsBool(value);
      parsers[key]?.(value);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(`ARGS: error parsing value of pair ${goQuote(pair)}: ${why}`);
    }
    found[key] = value;
  }
  if (unknown.length > 0 && !ignoreUnknown) throw new Error(`ARGS: unknown args ${goQuoteList(unknown)}`);
  return found;
}
