// bridge STATUS: the IPAM plugin's answer, when there is one.
import type { CmdArgs } from '../cni/skel.js';
import { delegateStatus } from '../cni/delegate.js';
import { isLayer3 } from './conf.js';
import { loadConf } from './load.js';

export async function cmdStatus(a: CmdArgs): Promise<void> {
  const conf = loadConf(a);
  if (isLayer3(conf)) await delegateStatus(conf.ipamType, a.stdin, a.env);
}
