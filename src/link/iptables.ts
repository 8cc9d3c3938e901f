// Masquerade through iptables/ip6tables (table nat): one iptables-restore per family to add,
// and teardown by chain name, so DEL needs no addresses (the reference needs them: plugins#810).
import { run, toolMessage } from './spawn.js';

export interface MasqNet { ip: string; network: string; family: 4 | 6 }

const tools = (family: 4 | 6) =>
  family === 4 ? { save: 'iptables-save', restore: 'iptables-restore', multicast: '224.0.0.0/4' }
    : { save: 'ip6tables-save', restore: 'ip6tables-restore', multicast: 'ff00::/8' };

/** iptables-save quoting, which iptables-restore reads back. */
const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * Per family: chain `chain` holds ACCEPT for each subnet and one MASQUERADE for everything but
 * multicast, in the order the reference's AppendUnique leaves them; POSTROUTING jumps there per IP.
 */
export async function setupIptablesMasq(nets: MasqNet[], chain: string, comment: string): Promise<void> {
  const c = `-m comment --comment ${quote(comment)}`;
  for (const family of [4, 6] as const) {
    const mine = nets.filter((n) => n.family === family);
    if (mine.length === 0) continue;
    const { restore, multicast } = tools(family);
    const rules: string[] = [];
    const masq = `-A ${chain} ! -d ${multicast} ${c} -j MASQUERADE`;
    for (const n of mine) {
      for (const r of [`-A ${chain} -d ${n.network} ${c} -j ACCEPT`, masq]) if (!rules.includes(r)) rules.push(r);
    }
    const jumps = mine.map((n) => `-A POSTROUTING -s ${n.ip} ${c} -j ${chain}`);
    const input = ['*nat', `:${chain} - [0:0]`, ...rules, ...jumps, 'COMMIT', ''].join('\n');
    const r = await run(restore, ['--noflush', '-w'], { input });
    if (r.code !== 0) throw new Error(`${restore}: ${toolMessage(r.stderr)}`);
  }
}

/** Removes every POSTROUTING jump to `chain` and the chain itself; a missing chain is fine. */
export async function teardownIptablesMasq(chain: string): Promise<void> {
  const errors: string[] = [];
  await Promise.all(([4, 6] as const).map(async (family) => {
    const { save, restore } = tools(family);
    const saved = await run(save, ['-t', 'nat']);
    if (saved.code !== 0) return; // no usable iptables for this family: nothing of ours there
    const lines = saved.stdout.split('\n');
    if (!lines.includes(`:${chain} - [0:0]`) && !lines.some((l) => l.startsWith(`:${chain} `))) return;
    const jumps = lines.filter((l) => l.startsWith('-A ') && l.endsWith(` -j ${chain}`)).map((l) => `-D${l.slice(2)}`);
    const input = ['*nat', ...jumps, `-F ${chain}`, `-X ${chain}`, 'COMMIT', ''].join('\n');
    const r = await run(restore, ['--noflush', '-w'], { input });
    if (r.code !== 0) errors.push(`${restore}: ${toolMessage(r.stderr)}`);
  }));
  if (errors.length > 0) throw new Error(errors.join('; '));
}
