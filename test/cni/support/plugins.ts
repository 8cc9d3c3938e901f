// Stand-in plugins for skel tests.
import { SUPPORTED_VERSIONS, type PluginSpec } from '../../../src/cni/index.js';

/** Like the reference host-local at the skel level: ADD/DEL/CHECK, no GC/STATUS. Fails if reached. */
export const unreachableHostLocal: PluginSpec = {
  name: 'host-local',
  versions: SUPPORTED_VERSIONS,
  add: async () => { throw new Error('the plugin was reached'); },
  del: async () => { throw new Error('the plugin was reached'); },
  check: async () => { throw new Error('the plugin was reached'); },
};
