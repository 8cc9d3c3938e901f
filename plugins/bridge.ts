// bridge: attaches a container to a Linux bridge on the host through a veth pair, with
// addresses from the IPAM plugin the config names. The steps live in src/bridge.
import { registerBuiltIn } from '../src/cni/builtin.js';
import { pluginMain } from '../src/cni/skel.js';
import { hostLocal } from '../src/ipam/index.js';
import { SUPPORTED_VERSIONS } from '../src/cni/version.js';
import { cmdAdd } from '../src/bridge/add.js';
import { cmdCheck } from '../src/bridge/check.js';
import { cmdDel } from '../src/bridge/del.js';
import { cmdStatus } from '../src/bridge/status.js';
import { skipLockNestingCheck } from '../src/store/lock.js';

skipLockNestingCheck();   // one command, one lock per process
// Our host-local from this same build runs in-process instead of as a second node process.
registerBuiltIn(hostLocal);

void pluginMain({
  name: 'bridge',
  versions: SUPPORTED_VERSIONS,
  add: cmdAdd,
  del: cmdDel,
  check: cmdCheck,
  status: cmdStatus,
});
