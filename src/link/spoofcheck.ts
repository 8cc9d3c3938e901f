// MAC anti-spoofing on a bridge port (nftables, table bridge nat), the reference's layout:
// PREROUTING jumps per host veth to cni-br-iface-<id>-<if>, which jumps to ...-mac, which lets
// the container's own MAC through and drops the rest. All rules carry macspoofchk-<id>-<if>.
import { applyNft, listTable, nftString } from './nft.js';

const T = 'bridge nat';
const names = (id: string, ifname: string) => {
  const iface = `cni-br-iface-${id}-${ifname}`;
  return { iface, mac: `${iface}-mac`, comment: nftString(`macspoofchk-${id}-${ifname}`) };
};

export async function setupSpoofCheck(id: string, ifname: string, hostVeth: string, mac: string): Promise<void> {
  const n = names(id, ifname);
  await applyNft([
    `add table ${T}`,
    `add chain ${T} PREROUTING { type filter hook prerouting priority -300 ; policy accept ; }`,
    `add chain ${T} ${n.iface}`,
    `add chain ${T} ${n.mac}`,
    `flush chain ${T} ${n.iface}`,
    `flush chain ${T} ${n.mac}`,
    `add rule ${T} PREROUTING iifname ${nftString(hostVeth)} jump ${n.iface} comment ${n.comment}`,
    `add rule ${T} ${n.iface} jump ${n.mac} comment ${n.comment}`,
    `add rule ${T} ${n.mac} ether saddr ${mac} return comment ${n.comment}`,
    `add rule ${T} ${n.mac} drop comment ${n.comment}`,
  ]);
}

/** Deletes the PREROUTING jump found by comment and both chains; missing pieces are fine. */
export async function teardownSpoofCheck(id: string, ifname: string): Promise<void> {
  const n = names(id, ifname);
  const comment = `macspoofchk-${id}-${ifname}`;
  const table = await listTable('bridge', 'nat');
  const jumps = table.rules.filter((r) => r.chain === 'PREROUTING' && r.comment === comment);
  const chains = [n.iface, n.mac].filter((c) => table.chains.includes(c));
  await applyNft([
    ...jumps.map((r) => `delete rule ${T} PREROUTING handle ${r.handle}`),
    ...chains.map((c) => `flush chain ${T} ${c}`),
    ...chains.reverse().map((c) => `delete chain ${T} ${c}`),
  ]);
}
