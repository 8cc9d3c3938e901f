// bridge ADD: the reference's steps (reference-plugins.md 2.2) in four stages of processes that
// run side by side where they do not depend on each other:
//   1. read the bridge (nothing is made if the name belongs to another kind of link)
//   2. IPAM  |  bridge + veth pair + port flags
//   3. container addresses and routes  |  masquerade  |  spoof check  |  bridge gateway addresses
//   4. a read of the bridge and the port for the result (sysfs, or ip where sysfs is not ours)
// A failure at any stage undoes what was made (the reference leaves the veth: plugins#29).
import type { CmdArgs } from '../cni/skel.js';
import { formatResult, parseResult, type Interface, type Result } from '../cni/result.js';
import { delegateAdd, delegateDel, findInPath } from '../cni/delegate.js';
import { deleteLink } from '../link/delete.js';
import { enableForwarding } from '../link/sysctl.js';
import { setupSpoofCheck, teardownSpoofCheck } from '../link/spoofcheck.js';
import { isLayer3, type BridgeConf } from './conf.js';
import { calcGateways, type Gateways } from './gateways.js';
import { setupMasq, teardownMasq } from './masq.js';
import { openNetns } from './netns.js';
import { createPort, finishPlan } from './port.js';
import { existingBridge, hostLinks } from './host-state.js';
import { configureContainer } from './container.js';
import { settled, Undo } from './undo.js';
import { ensureVlanGateway } from './vlan-gateway.js';
import { loadConf } from './load.js';

export async function cmdAdd(a: CmdArgs): Promise<Result> {
  const conf = loadConf(a);
  preflight(conf);
  const bridge = await existingBridge(conf.bridge);
  openNetns(a.netns);
  if (isLayer3(conf)) findInPath(conf.ipamType, a.path);
  const undo = new Undo();
  try {
    // IPAM starts first: it takes longest, and starting a process blocks us for a moment.
    const ipamStep = isLayer3(conf) ? runIpam(conf, a).then((r) => {
      undo.push('IPAM', () => delegateDel(conf.ipamType, a.stdin, a.env));
      return r;
    }) : undefined;
    const [port, ipam] = await settled([
      createPort({ conf, bridge, netns: a.netns, ifname: a.ifname, containerId: a.containerId }).then((p) => {
        undo.push('veth', async () => void (await deleteLink(p.hostVeth)));
        return p;
      }),
      ipamStep,
    ] as const);
    const gws = ipam ? calcGateways(ipam, conf) : { 4: [], 6: [] };
    const finish = finishPlan(conf, port, conf.vlan === 0 ? [...gws[4], ...gws[6]] : []);
    const attachment = { network: conf.name, ifname: a.ifname, containerId: a.containerId };
    const masq = ipam && conf.ipMasq;
    if (masq) undo.push('ipMasq', () => teardownMasq(attachment));
    if (conf.macspoofchk) undo.push('spoof-check', () => teardownSpoofCheck(a.containerId, a.ifname));
    const [container] = await settled([
      configureContainer(conf, ipam, a.netns, a.ifname),
      masq && setupMasq(conf, attachment, (ipam.ips ?? []).map((ip) => ip.address)),
      conf.macspoofchk && setupSpoofCheck(a.containerId, a.ifname, port.hostVeth, port.containerMac).catch((e: Error) => {
        throw new Error(`failed to setup spoof-check: ${e.message}`);
      }),
      finish.run(),
    ] as const);
    const vlanGw = ipam && conf.vlan !== 0 && conf.isGateway ? await ensureVlanGateway(conf, [...gws[4], ...gws[6]]) : undefined;
    const [br, veth] = await hostLinks(conf, port);
    forwarding(gws);
    const interfaces: Interface[] = [
      { name: conf.bridge, mac: br.address },
      { name: port.hostVeth, mac: veth.address },
      { name: a.ifname, mac: container.address, sandbox: a.netns },
    ];
    if (vlanGw) interfaces.push({ name: vlanGw.ifname, mac: vlanGw.address });
    const result: Result = { cniVersion: '1.1.0', interfaces, ips: ipam?.ips, routes: ipam?.routes, dns: chooseDns(conf, ipam) };
    formatResult(result, conf.cniVersion); // a result the config's version cannot carry fails here, undone
    return result;
  } catch (e) {
    await undo.run();
    throw e;
  }
}

function preflight(conf: BridgeConf): void {
  if (isLayer3(conf) && conf.disableContainerInterface) throw new Error('cannot use IPAM when DisableContainerInterface flag is set');
  if (conf.hairpinMode && conf.promiscMode) throw new Error('cannot set hairpin mode and promiscuous mode at the same time');
}

async function runIpam(conf: BridgeConf, a: CmdArgs): Promise<Result> {
  const raw = (await delegateAdd(conf.ipamType, a.stdin, a.env)) as Record<string, unknown>;
  const result = parseResult(raw, raw.cniVersion ? undefined : conf.cniVersion);
  if (!result.ips?.length) throw new Error('IPAM plugin returned missing IP config');
  return result;
}

function forwarding(gws: Gateways): void {
  for (const family of [4, 6] as const) {
    if (gws[family].length === 0) continue;
    try {
      enableForwarding(family);
    } catch (e) {
      throw new Error(`failed to enable forwarding: ${(e as Error).message}`);
    }
  }
}

/** The config's dns wins when it says anything, else the IPAM's (the latest reference). */
function chooseDns(conf: BridgeConf, ipam: Result | undefined): Result['dns'] {
  const d = conf.dns;
  const set = d && (d.nameservers || d.domain || d.search || d.options);
  return set ? d : ipam?.dns;
}
