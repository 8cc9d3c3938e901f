// The schema verdicts of src/config for a pasted document: the same compiled validators the plugins
// use, and the unknown keys (which the plugins silently ignore) with the closest known spelling.
import { describeProblem, unknownFields, validate, type ConfigKind } from '../config/index.js';
import { pathSteps } from './json-source.js';
import type { DocumentShape, PluginTarget, Steps } from './targets.js';

export interface SchemaFinding {
  steps: Steps; // from the document root
  severity: 'error' | 'warning';
  message: string;
}

// conflist.json and bridge.json already check bridge and loopback entries and a bridge's
// host-local section; other plugin types with host-local get the host-local schema on their own.
function extraKind(p: PluginTarget): ConfigKind | null {
  if (p.type === 'bridge' || p.type === 'loopback') return null;
  return p.ipamType === 'host-local' || p.type === 'host-local' ? 'host-local' : null;
}

function check(kind: ConfigKind, doc: unknown, base: Steps): SchemaFinding[] {
  const errors = validate(kind, doc).map((p) => ({
    steps: [...base, ...pathSteps(p.path)],
    severity: 'error' as const,
    message: describeProblem({ ...p, path: '' }).replace(/^\(config\): /, ''),
  }));
  const unknown = unknownFields(kind, doc).map((u) => ({
    steps: [...base, ...pathSteps(u.path)],
    severity: 'warning' as const,
    message: `unknown field "${String(pathSteps(u.path).at(-1))}" is ignored by the plugins` + (u.suggestion ? `; did you mean "${u.suggestion}"?` : ''),
  }));
  return [...errors, ...unknown];
}

export function schemaFindings(doc: unknown, shape: DocumentShape): SchemaFinding[] {
  const out: SchemaFinding[] = [];
  if (shape.kind === 'conflist') {
    out.push(...check('conflist', doc, []));
    const plugins = (doc as { plugins: unknown[] }).plugins;
    for (const p of shape.plugins) {
      const kind = extraKind(p);
      if (kind) out.push(...check(kind, plugins[p.steps[1] as number], p.steps));
    }
    return out;
  }
  const p = shape.plugins[0];
  const kind: ConfigKind = p.type === 'bridge' || p.type === 'loopback' ? p.type : (extraKind(p) ?? 'netconf');
  return check(kind, doc, []);
}
