// loopback (reference-plugins.md 3): CNI_IFNAME is ignored, the device is always lo.
import type { CmdArgs } from '../cni/skel.js';
import { getField } from '../cni/fields.js';
import { assertValid } from '../config/index.js';
import { parseResult, type Result } from '../cni/result.js';
import * as cmd from '../link/commands.js';
import { isUp, readLink, type LinkInfo } from '../link/ip.js';
import { checkNetns, NetnsError } from '../link/netns.js';
import { Plan } from '../link/plan.js';

export async function loopbackAdd(a: CmdArgs): Promise<Result> {
  assertValid('loopback', a.config);
  const version = String(getField(a.config, 'cniVersion') ?? '');
  const prev = prevResult(a.config, version);
  checkNetns(a.netns);
  const shown = await new Plan()
    .add(cmd.linkUp('lo'), 'failed to set "lo" up')
    .add(cmd.addrShow('lo'), 'failed to lookup "lo"')
    .run(a.netns);
  const lo = (shown[0] as LinkInfo[])[0];
  const ips = [firstLoopback(lo, 'inet'), firstLoopback(lo, 'inet6')].filter((x): x is string => x !== undefined);
  if (prev) return prev;
  return {
    cniVersion: version,
    interfaces: [{ name: 'lo', mac: '00:00:00:00:00:00', sandbox: a.netns }],
    ips: ips.map((address) => ({ interface: 0, address })),
  };
}

/** A chained ADD passes the previous result through unchanged. */
function prevResult(config: unknown, version: string): Result | undefined {
  const raw = getField(config, 'prevResult');
  if (raw === undefined || raw === null) return undefined;
  try {
    return parseResult(raw, version);
  } catch (e) {
    throw new Error(`failed to parse prevResult: ${(e as Error).message}`);
  }
}

/** The first address of the family; every one of them must be a loopback address. */
function firstLoopback(lo: LinkInfo, family: 'inet' | 'inet6'): string | undefined {
  const addrs = (lo.addr_info ?? []).filter((x) => x.family === family);
  for (const x of addrs) {
    if (!isLoopbackAddress(x.local)) throw new Error(`loopback interface found with non-loopback address "${x.local}"`);
  }
  return addrs[0] && `${addrs[0].local}/${addrs[0].prefixlen}`;
}

const isLoopbackAddress = (ip: string): boolean => ip.startsWith('127.') || ip === '::1';

export async function loopbackDel(a: CmdArgs): Promise<void> {
  if (!a.netns) return;
  try {
    checkNetns(a.netns);
  } catch (e) {
    if (e instanceof NetnsError && e.notExist) return;
    throw e;
  }
  await new Plan().add(cmd.linkDown('lo'), 'failed to set "lo" down').run(a.netns);
}

export async function loopbackCheck(a: CmdArgs): Promise<void> {
  checkNetns(a.netns);
  const lo = await readLink('lo', a.netns);
  if (!lo || !isUp(lo)) throw new Error('loopback interface is down');
}
