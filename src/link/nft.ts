// nftables through `nft -j` (reading) and `nft -f -` (one atomic transaction for writing).
import { run, toolMessage } from './spawn.js';

export interface NftRule { family: string; table: string; chain: string; handle: number; comment?: string; expr?: unknown[] }
export interface NftTable { chains: string[]; rules: NftRule[] }

/** The chains and rules of one table; an empty table when it does not exist. */
export async function listTable(family: string, table: string): Promise<NftTable> {
  const r = await run('nft', ['-j', 'list', 'table', family, table]);
  if (r.code !== 0) return { chains: [], rules: [] };
  const doc = JSON.parse(r.stdout) as { nftables: Record<string, { name?: string }>[] };
  return {
    chains: doc.nftables.filter((o) => 'chain' in o).map((o) => o.chain.name as string),
    rules: doc.nftables.filter((o) => 'rule' in o).map((o) => o.rule as unknown as NftRule),
  };
}

export async function applyNft(script: string[]): Promise<void> {
  if (script.length === 0) return;
  const r = await run('nft', ['-f', '-'], { input: script.join('\n') + '\n' });
  if (r.code !== 0) throw new Error(toolMessage(r.stderr) || `nft exited with ${r.code}`);
}

/** An nft string literal; the reference strips double quotes from comments too. */
export const nftString = (s: string): string => `"${s.replace(/"/g, '')}"`;
