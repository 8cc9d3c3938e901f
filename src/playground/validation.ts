// The playground's validation function: a pasted .conf/.conflist -> what host-local would answer
// (its verdict, from the plugin's own code) and every problem found, each at its line and field.
// Runs in the browser and in Node (the parity test drives it against the real executable).
import { decodeGoJson } from '../cni/decode.js';
import { verdict, type Outcome } from './host-local-sim.js';
import { lineColumn, mapSource, nodeAt, pathText, stringLeaves, type JsonNode } from './json-source.js';
import { rangeFindings, rangeSetSteps } from './range-checks.js';
import { schemaFindings } from './schema-checks.js';
import { hostLocalTarget, shapeOf, type DocumentShape, type PluginTarget, type Steps } from './targets.js';

export interface Diagnostic {
  severity: 'error' | 'warning';
  source: 'json' | 'schema' | 'host-local';
  message: string;
  hint?: string; // our explanation next to the plugin's words
  path: string; // "" for the document as a whole
  start: number; // character range in the text
  end: number;
  line: number;
  column: number;
}

export interface Report {
  text: string;
  doc: unknown; // undefined when the text is not JSON
  shape: DocumentShape | null;
  /** The plugin config host-local would receive, and its answer to a first ADD. */
  hostLocal: { target: PluginTarget; outcome: Outcome } | null;
  diagnostics: Diagnostic[];
  valid: boolean; // no errors
}

interface Placed {
  severity: Diagnostic['severity'];
  source: Diagnostic['source'];
  message: string;
  hint?: string;
  steps: Steps;
}

function place(text: string, root: JsonNode | null, f: Placed): Diagnostic {
  const found = root ? nodeAt(root, f.steps) : null;
  const node = found?.node;
  // A field that exists is marked from its key to its value; a missing one marks its parent's start.
  const start = node ? (found.exact ? (node.keyStart ?? node.start) : node.start) : 0;
  const end = node ? (found.exact ? node.end : node.start + 1) : Math.min(1, text.length);
  const d: Diagnostic = { severity: f.severity, source: f.source, message: f.message, path: pathText(f.steps), start, end, ...lineColumn(text, start) };
  if (f.hint) d.hint = f.hint;
  return d;
}

// Where a host-local error message points, when no range finding already says the same thing.
function verdictSteps(message: string, target: PluginTarget, config: unknown, root: JsonNode | null, shape: DocumentShape): Steps {
  const top = (key: string): Steps => (shape.kind === 'conflist' ? [key] : [...target.steps, key]);
  const badValue = /invalid (?:CIDR|IP) address:? (.*)$/.exec(message);
  if (badValue && root) {
    const plugin = nodeAt(root, target.steps).node;
    const leaf = stringLeaves(plugin, target.steps).find((l) => l.node.value === badValue[1]);
    if (leaf) return leaf.steps;
  }
  const set = /^(?:invalid range set (\d+)|range set \d+ overlaps with (\d+))/.exec(message);
  if (set) return [...target.steps, ...(rangeSetSteps(config, Number(set[1] ?? set[2])) ?? ['ipam'])];
  if (/version/i.test(message)) return top('cniVersion');
  if (/network name/.test(message)) return top('name');
  if (/no IP ranges specified/.test(message)) return [...target.steps, 'ipam'];
  return target.steps;
}

// Code 7 is the plugin's schema check, whose problems the schema findings already show one by one.
const INVALID_CONFIG = 7;

async function hostLocalDiagnostics(text: string, root: JsonNode | null, shape: DocumentShape, target: PluginTarget, schemaErrors: boolean) {
  const outcome = await verdict(target.stdin);
  const config = JSON.parse(target.stdin) as unknown;
  const found: Placed[] = rangeFindings(config).map((f) => ({ ...f, source: 'host-local', steps: [...target.steps, ...f.steps] }));
  const covered = found.some((f) => f.message === outcome.message) || (outcome.code === INVALID_CONFIG && schemaErrors);
  if (!outcome.ok && outcome.message && !covered) {
    found.unshift({ severity: 'error', source: 'host-local', message: outcome.message, steps: verdictSteps(outcome.message, target, config, root, shape) });
  }
  return { outcome, diagnostics: found.map((f) => place(text, root, f)) };
}

export async function checkConfig(text: string): Promise<Report> {
  const decoded = decodeGoJson(text);
  const source = mapSource(text);
  if ('error' in decoded) {
    const at = source.syntaxErrorAt ?? text.length;
    const d: Diagnostic = { severity: 'error', source: 'json', message: decoded.error, path: '', start: at, end: Math.min(at + 1, text.length), ...lineColumn(text, at) };
    // host-local reads the text as it is, so its verdict is the decode error, in its own words.
    const target: PluginTarget = { steps: [], type: '', ipamType: '', stdin: text };
    return { text, doc: undefined, shape: null, hostLocal: { target, outcome: await verdict(text) }, diagnostics: [d], valid: false };
  }
  const doc = decoded.value;
  const shape = shapeOf(doc, text);
  const diagnostics = schemaFindings(doc, shape).map((f) => place(text, source.root, { ...f, source: 'schema' }));
  const target = hostLocalTarget(shape);
  let hostLocal: Report['hostLocal'] = null;
  if (target) {
    const r = await hostLocalDiagnostics(text, source.root, shape, target, diagnostics.some((d) => d.severity === 'error'));
    hostLocal = { target, outcome: r.outcome };
    diagnostics.push(...r.diagnostics);
  }
  diagnostics.sort((a, b) => a.start - b.start || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return { text, doc, shape, hostLocal, diagnostics, valid: !diagnostics.some((d) => d.severity === 'error') && (hostLocal?.outcome.ok ?? true) };
}
