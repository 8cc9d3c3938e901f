// ipMasq for one attachment, named the reference's way so that either plugin can tear down
// what the other made. Teardown needs no addresses: the iptables chain is found by name, the
// nftables rules by the hash prefix of their comment (this fixes plugins#810).
import { goQuote } from '../cni/gojson.js';
import { setupIptablesMasq, teardownIptablesMasq } from '../link/iptables.js';
import { setupNftMasq, teardownNftMasq } from '../link/nft-masq.js';
import { which } from '../link/spawn.js';
import { masqNet } from './gateways.js';
import type { BridgeConf } from './conf.js';

// node:crypto takes ~4 ms to load: only attachments with masquerade rules pay for it.
const sha512hex = (s: string): string => {
  const { createHash } = process.getBuiltinModule('node:crypto') as typeof import('node:crypto');
  return createHash('sha512').update(s).digest('hex');
};

/** "CNI-" + 24 hex digits of sha512(network name + container ID). */
export const chainName = (network: string, containerId: string): string => `CNI-${sha512hex(network + containerId).slice(0, 24)}`;
export const chainComment = (network: string, containerId: string): string =>
  `name: ${goQuote(network)} id: ${goQuote(containerId)}`;

const nftPrefix = (network: string, ifname: string, id: string): string =>
  `${sha512hex(network).slice(0, 16)}-${sha512hex(`${ifname}:${id}`).slice(0, 16)}`;

export interface Attachment { network: string; ifname: string; containerId: string }

export async function setupMasq(conf: BridgeConf, a: Attachment, addresses: string[]): Promise<void> {
  const nets = addresses.map(masqNet);
  if (backendOf(conf) === 'nftables') {
    const prefix = nftPrefix(a.network, a.ifname, a.containerId);
    await setupNftMasq(nets, prefix, `${prefix}, net: ${a.network}, if: ${a.ifname}, id: ${a.containerId}`);
  } else {
    await setupIptablesMasq(nets, chainName(a.network, a.containerId), chainComment(a.network, a.containerId));
  }
}

/** The reference's default: iptables, unless iptables is missing and nft is there. */
function backendOf(conf: BridgeConf): 'iptables' | 'nftables' {
  if (conf.ipMasqBackend) return conf.ipMasqBackend;
  return !which('iptables').startsWith('/') && which('nft').startsWith('/') ? 'nftables' : 'iptables';
}

/** Both backends, like the reference's TeardownIPMasqForNetworks; missing pieces are fine. */
export async function teardownMasq(a: Attachment): Promise<void> {
  await Promise.all([
    teardownIptablesMasq(chainName(a.network, a.containerId)),
    teardownNftMasq(nftPrefix(a.network, a.ifname, a.containerId)),
  ]);
}
