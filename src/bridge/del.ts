// bridge DEL: best effort and idempotent. The container link (its peer goes with it), the IPAM
// release and the spoof-check and masquerade rules are independent, so they run side by side.
// Rules are found by name and the host veth by alias, so they go even when the netns is already
// gone or CNI_NETNS is empty (the reference leaks them then: plugins#810).
import type { CmdArgs } from '../cni/skel.js';
import { delegateDel } from '../cni/delegate.js';
import { NetnsError } from '../link/netns.js';
import { deleteLink } from '../link/delete.js';
import { teardownSpoofCheck } from '../link/spoofcheck.js';
import { isLayer3 } from './conf.js';
import { loadConf } from './load.js';
import { teardownMasq } from './masq.js';
import { openNetns } from './netns.js';
import { settled } from './undo.js';
import { linksWithAlias } from './host-state.js';
import { portAlias } from './port.js';

export async function cmdDel(a: CmdArgs): Promise<void> {
  const conf = loadConf(a);
  await settled([
    a.netns ? deleteContainerLink(a.netns, a.ifname) : deleteHostVeth(a.containerId, a.ifname),
    isLayer3(conf) ? delegateDel(conf.ipamType, a.stdin, a.env) : undefined,
    isLayer3(conf) && conf.ipMasq ? teardownMasq({ network: conf.name, ifname: a.ifname, containerId: a.containerId }) : undefined,
    conf.macspoofchk ? teardownSpoofCheck(a.containerId, a.ifname).catch((e: Error) => {
      process.stderr.write(`spoofcheck/teardown: ${e.message}\n`);
    }) : undefined,
  ]);
}

/** Without CNI_NETNS the container end is out of reach; its host peer is found by alias. */
async function deleteHostVeth(containerId: string, ifname: string): Promise<void> {
  for (const name of await linksWithAlias(portAlias(containerId, ifname))) {
    await deleteLink(name);
  }
}

async function deleteContainerLink(netns: string, ifname: string): Promise<void> {
  try {
    openNetns(netns);
  } catch (e) {
    if (e instanceof NetnsError && e.notExist) return; // the namespace and its links are gone
    throw e;
  }
  await deleteLink(ifname, netns);
}
