// Named network namespaces for `run` (what `ip netns add/del` manage under /var/run/netns).
import { randomBytes } from 'node:crypto';
import { run } from '../link/spawn.js';

export const NETNS_DIR = '/var/run/netns';

export async function createNetns(prefix = 'cnirun'): Promise<{ name: string; path: string }> {
  const name = `${prefix}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const r = await run('ip', ['netns', 'add', name]);
  if (r.code !== 0) throw new Error(`ip netns add ${name}: ${r.stderr.trim() || `exit status ${r.code}`}`);
  return { name, path: `${NETNS_DIR}/${name}` };
}

export async function deleteNetns(name: string): Promise<void> {
  const r = await run('ip', ['netns', 'del', name]);
  if (r.code !== 0) throw new Error(`ip netns del ${name}: ${r.stderr.trim() || `exit status ${r.code}`}`);
}
