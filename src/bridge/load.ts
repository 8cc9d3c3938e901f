// One place that turns the command's stdin into a BridgeConf: field types by the shared schema
// (src/config), then the bridge's own defaults and semantic checks.
import type { CmdArgs } from '../cni/skel.js';
import { assertValid } from '../config/index.js';
import { loadBridgeConf, type BridgeConf } from './conf.js';

export function loadConf(a: CmdArgs): BridgeConf {
  assertValid('bridge', a.config);
  return loadBridgeConf(a.config as Record<string, unknown>, a.args);
}
