// Configs and assertions shared by the bridge tests.
import assert from 'node:assert/strict';
import { addrsOf, json, link, links, type Lab, type PluginRun } from './harness.js';

export const NET = `bt${process.pid}`;

export function bridgeConf(over: Record<string, unknown> = {}, ipam: object = {}): Record<string, unknown> {
  return { cniVersion: '1.1.0', name: NET, type: 'bridge', bridge: 'bridge0', ...over, ipam };
}

export const hostLocal = (lab: Lab, ...subnets: string[]) => ({
  type: 'host-local',
  dataDir: lab.dataDir,
  ranges: subnets.map((subnet) => [{ subnet }]),
});

export function ok(r: PluginRun, what = 'plugin'): any {
  assert.equal(r.code, 0, `${what} failed: ${r.stdout} ${r.stderr}`);
  return r.json;
}

export function fails(r: PluginRun, msg: string | RegExp, code = 999): void {
  assert.equal(r.code, 1, `expected failure, got ${r.stdout}`);
  assert.equal(r.json?.code, code, r.stdout);
  if (typeof msg === 'string') assert.equal(r.json.msg, msg);
  else assert.match(r.json.msg, msg);
}

/** The reference tests' common checks on an ADD result and the kernel state it describes. */
export function assertAttached(lab: Lab, result: any, opts: { bridge?: string; ifname?: string; container?: string } = {}): void {
  const bridge = opts.bridge ?? 'bridge0';
  const ifname = opts.ifname ?? 'eth0';
  const ns = opts.container ?? lab.containers[0];
  const [br, veth, ctr] = result.interfaces;
  assert.equal(br.name, bridge);
  assert.match(veth.name, /^veth[0-9a-f]{8}$/);
  assert.deepEqual([ctr.name, ctr.sandbox], [ifname, lab.nsPath(ns)]);
  for (const i of result.interfaces) assert.equal(i.mac.length, 17);
  const hostBridge = link(lab.host, bridge)!;
  assert.equal(hostBridge.linkinfo.info_kind, 'bridge');
  assert.equal(hostBridge.address, br.mac);
  const hostVeth = link(lab.host, veth.name)!;
  assert.equal(hostVeth.master, bridge);
  assert.equal(hostVeth.address, veth.mac);
  const c = link(ns, ifname)!;
  assert.equal(c.address, ctr.mac);
  assert.equal(c.linkinfo.info_kind, 'veth');
  for (const ip of result.ips ?? []) {
    assert.equal(ip.interface, 2);
    assert.ok(addrsOf(c, ip.address.includes(':') ? 'inet6' : 'inet').includes(ip.address), `${ip.address} on ${ifname}`);
  }
}

/** Default routes in a container namespace, as "family via gw". */
export function defaultRoutes(ns: string): string[] {
  const v4 = json(ns, 'ip', '-j', '-4', 'route', 'show', 'default').map((r: any) => `4 via ${r.gateway}`);
  const v6 = json(ns, 'ip', '-j', '-6', 'route', 'show', 'default').map((r: any) => `6 via ${r.gateway}`);
  return [...v4, ...v6];
}

/** After DEL: neither veth end exists. */
export function assertDetached(lab: Lab, result: any, ifname = 'eth0', ns = lab.containers[0]): void {
  assert.equal(link(lab.host, result.interfaces[1].name), undefined, 'host veth removed');
  assert.equal(link(ns, ifname), undefined, 'container veth removed');
  assert.equal(links(lab.host).filter((l) => l.ifname.startsWith('veth')).length, 0);
}
