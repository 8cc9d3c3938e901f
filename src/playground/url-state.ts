// The page's state in the URL fragment, so that a link shows what its sender saw: the config text
// and the ADD/DEL calls made on it (replayed on load). `#config=<base64url UTF-8>&ops=A:id:ifname,...`
import type { Invocation } from './host-local-sim.js';

export interface PageState {
  config: string;
  ops: Invocation[];
}

function toBase64Url(text: string): string {
  let binary = '';
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

// Each field is URI-encoded, so ":" and "," (which CNI_ARGS may hold) can separate fields and calls
// while the common case stays readable: ops=A:ctr-1:eth0,D:ctr-1:eth0
function opText(op: Invocation): string {
  const fields = [op.command === 'ADD' ? 'A' : 'D', op.containerId, op.ifname];
  if (op.cniArgs) fields.push(op.cniArgs);
  return fields.map(encodeURIComponent).join(':');
}

function opOf(text: string): Invocation | null {
  const [cmd, containerId, ifname, args] = text.split(':').map(decodeURIComponent);
  if ((cmd !== 'A' && cmd !== 'D') || !containerId || !ifname) return null;
  const op: Invocation = { command: cmd === 'A' ? 'ADD' : 'DEL', containerId, ifname };
  if (args) op.cniArgs = args;
  return op;
}

export function encodeState(state: PageState): string {
  const ops = state.ops.length > 0 ? `&ops=${state.ops.map(opText).join(',')}` : '';
  return `#config=${toBase64Url(state.config)}${ops}`;
}

/** The state in a fragment, or null when it holds none (or a damaged one). */
export function decodeState(fragment: string): PageState | null {
  const params = new Map(fragment.replace(/^#/, '').split('&').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
  const config = params.get('config');
  if (config === undefined) return null;
  try {
    const ops = (params.get('ops') ?? '').split(',').filter((s) => s !== '').map(opOf);
    return { config: fromBase64Url(config), ops: ops.filter((o): o is Invocation => o !== null) };
  } catch {
    return null;
  }
}
