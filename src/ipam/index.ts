// host-local IPAM: the plugin spec that plugins/host-local.ts runs and tests dispatch in-process.
import type { PluginSpec } from '../cni/skel.js';
import { SUPPORTED_VERSIONS } from '../cni/version.js';
import { add, check, del, gc, status } from './commands.js';

export const hostLocal: PluginSpec = {
  name: 'host-local',
  versions: SUPPORTED_VERSIONS,
  add,
  del,
  check,
  gc,
  status,
};
