// Masquerade through nftables, laid out like the reference's knftables backend so that both
// can share a host: table inet cni_plugins_masquerade, per-IP rules in masq_checks whose
// comment starts with a hash of (network, ifname, container) -- teardown needs only that hash.
import { applyNft, listTable, nftString } from './nft.js';
import type { MasqNet } from './iptables.js';

const T = 'inet cni_plugins_masquerade';
const COMMENT_MAX = 128;

function declare(): string[] {
  return [
    `add table ${T} { comment "Masquerading for plugins from github.com/containernetworking/plugins" ; }`,
    `add chain ${T} masq_checks { comment "Masquerade traffic from certain IPs to any (non-multicast) IP outside their subnet" ; }`,
    `add chain ${T} postrouting { type nat hook postrouting priority srcnat ; }`,
    `flush chain ${T} postrouting`,
    `add rule ${T} postrouting ip daddr 224.0.0.0/4 return`,
    `add rule ${T} postrouting ip6 daddr ff00::/8 return`,
    `add rule ${T} postrouting goto masq_checks`,
  ];
}

/** `prefix` identifies this attachment; `comment` is the full text (prefix first). */
export async function setupNftMasq(nets: MasqNet[], prefix: string, comment: string): Promise<void> {
  const stale = await ours(prefix);
  const text = nftString(comment.replace(/"/g, '').slice(0, COMMENT_MAX));
  const rules = nets.map((n) => {
    const ipf = n.family === 4 ? 'ip' : 'ip6';
    return `add rule ${T} masq_checks ${ipf} saddr ${n.ip} ${ipf} daddr != ${n.network} masquerade comment ${text}`;
  });
  await applyNft([...declare(), ...stale.map((r) => `delete rule ${T} masq_checks handle ${r.handle}`), ...rules]);
}

export async function teardownNftMasq(prefix: string): Promise<void> {
  const mine = await ours(prefix);
  await applyNft(mine.map((r) => `delete rule ${T} masq_checks handle ${r.handle}`));
}

async function ours(prefix: string) {
  const { rules } = await listTable('inet', 'cni_plugins_masquerade');
  return rules.filter((r) => r.chain === 'masq_checks' && r.comment?.startsWith(prefix));
}
