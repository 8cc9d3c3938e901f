// iproute2: JSON for reading, one `ip -batch` per namespace for writing, so that a plugin
// command costs a handful of processes rather than one per netlink request.
import { run, toolMessage, which, type RunResult } from './spawn.js';

export interface AddrInfo {
  family: 'inet' | 'inet6';
  local: string;
  prefixlen: number;
  scope: string;
  tentative?: boolean;
  dadfailed?: boolean;
}

export interface LinkInfo {
  ifindex: number;
  ifname: string;
  flags: string[];
  mtu: number;
  operstate: string;
  address: string;
  master?: string;
  link?: string;
  link_index?: number;
  link_netnsid?: number;
  promiscuity?: number;
  linkinfo?: {
    info_kind?: string;
    info_data?: Record<string, unknown>;
    info_slave_kind?: string;
    info_slave_data?: Record<string, unknown>;
  };
  addr_info?: AddrInfo[];
}

export const kindOf = (l: LinkInfo): string | undefined => l.linkinfo?.info_kind;
export const isUp = (l: LinkInfo): boolean => l.flags.includes('UP');

/** Links with details and addresses; [] when `name` is given and does not exist. */
export async function readLinks(netns?: string, name?: string): Promise<LinkInfo[]> {
  const r = await run('ip', ['-j', '-d', 'addr', 'show', ...(name ? ['dev', name] : [])], { netns });
  if (r.code !== 0) {
    if (name && /does not exist/.test(r.stderr)) return [];
    throw new Error(toolMessage(r.stderr));
  }
  return parseJsonArrays(r.stdout).flat() as LinkInfo[];
}

export async function readLink(name: string, netns?: string): Promise<LinkInfo | undefined> {
  return (await readLinks(netns, name))[0];
}

/** A failed batch line: its index in the list given to `batch` and iproute2's message. */
export class BatchError extends Error {
  constructor(readonly index: number, readonly detail: string, readonly result: RunResult) {
    super(detail);
  }
}

/** Runs the commands in order in one process; stops at the first failure (BatchError). */
export async function batch(lines: string[], netns?: string, tool: 'ip' | 'bridge' = 'ip'): Promise<unknown[]> {
  if (lines.length === 0) return [];
  const r = await run(tool, ['-j', '-d', '-batch', '-'], { input: lines.join('\n') + '\n', netns });
  return batchOutput(r, lines.length);
}

/**
 * Inside a namespace, writes sysctls and then runs an ip batch, all in one process
 * (nsenter, then sh, then exec ip). Each sysctl is [path under /proc/sys, value, mode]:
 * "try" ignores any failure, "present" skips a missing file but fails on a failed write.
 */
export type SysctlWrite = [path: string, value: string, mode: 'try' | 'present'];

const SCRIPT = `for a; do
m=\${a%%:*}; kv=\${a#*:}; k=\${kv%%=*}; v=\${kv#*=}; f=/proc/sys/$k
if [ "$m" = present ] && [ ! -e "$f" ]; then continue; fi
if ! { printf '%s' "$v" > "$f"; } 2>/dev/null && [ "$m" = present ]; then echo "Error: failed to write sysctl $k" >&2; exit 1; fi
done
exec "$0" -j -d -batch -`;

export async function sysctlAndBatch(netns: string, sysctls: SysctlWrite[], lines: string[]): Promise<unknown[]> {
  const args = sysctls.map(([k, v, mode]) => `${mode}:${k}=${v}`);
  // $0 of the script is ip's absolute path
  const r = await run('sh', ['-c', SCRIPT, which('ip'), ...args], { input: lines.join('\n') + '\n', netns });
  return batchOutput(r, lines.length);
}

function batchOutput(r: RunResult, count: number): unknown[] {
  if (r.code !== 0) {
    const m = /Command failed -:(\d+)/.exec(r.stderr);
    const index = m ? Number(m[1]) - 1 : count;
    throw new BatchError(index, toolMessage(r.stderr) || `ip exited with ${r.code}`, r);
  }
  return parseJsonArrays(r.stdout);
}

/** `ip -j -batch` prints one JSON array per showing command, back to back. */
export function parseJsonArrays(text: string): unknown[][] {
  const out: unknown[][] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === ']' || c === '}') {
      if (--depth === 0) {
        const v = JSON.parse(text.slice(start, i + 1));
        out.push(Array.isArray(v) ? v : [v]);
      }
    }
  }
  return out;
}

export interface RouteInfo { dst: string; gateway?: string; dev?: string; table?: string; type?: string }

/** All routes of one family in all tables ("default" spelled as 0.0.0.0/0 or ::/0). */
export async function readRoutes(family: 4 | 6, netns?: string): Promise<RouteInfo[]> {
  const r = await run('ip', ['-j', `-${family}`, 'route', 'show', 'table', 'all'], { netns });
  if (r.code !== 0) throw new Error(toolMessage(r.stderr));
  const routes = (parseJsonArrays(r.stdout)[0] ?? []) as RouteInfo[];
  for (const route of routes) {
    if (route.dst === 'default') route.dst = family === 4 ? '0.0.0.0/0' : '::/0';
    else if (!route.dst.includes('/')) route.dst += family === 4 ? '/32' : '/128';
  }
  return routes;
}
