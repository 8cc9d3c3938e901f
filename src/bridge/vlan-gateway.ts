// With isGateway and a VLAN, the gateway addresses live on a veth "<bridge>.<vlan>" in the host
// namespace whose peer is a tagged port of the bridge (created once, shared by the VLAN).
import * as cmd from '../link/commands.js';
import { readLink, type LinkInfo } from '../link/ip.js';
import { Plan } from '../link/plan.js';
import { ensureAddrs } from './address.js';
import { randomVethName } from './port.js';
import type { BridgeConf } from './conf.js';

export async function ensureVlanGateway(conf: BridgeConf, gateways: string[]): Promise<LinkInfo> {
  const name = `${conf.bridge}.${conf.vlan}`;
  const existing = await readLink(name);
  const plan = new Plan();
  if (!existing) {
    const peer = randomVethName();
    const wrap = `failed to create vlan interface: faild to create vlan gateway "${name}"`;
    plan.add(`link add name ${name} type veth peer name ${peer}`, wrap);
    plan.add(cmd.setMaster(peer, conf.bridge), wrap);
    plan.add(cmd.linkUp(peer), wrap).add(cmd.linkUp(name), wrap);
    await plan.run();
    const tags = new Plan('bridge');
    if (!conf.preserveDefaultVlan) tags.add(cmd.vlanDel(peer, 1), wrap);
    tags.add(cmd.vlanAdd(peer, conf.vlan, true), wrap);
    await tags.run();
  }
  const addrs = new Plan();
  ensureAddrs(addrs, name, gateways, existing?.addr_info ?? [], conf.forceAddress, 'failed to set vlan interface for bridge with addr');
  addrs.add(cmd.linkShow(name), `failed to lookup "${name}"`);
  const shown = await addrs.run();
  return (shown.at(-1) as LinkInfo[])[0];
}
