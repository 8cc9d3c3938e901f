// loopback: brings the container's lo up (ADD), down (DEL), and checks that it is up (CHECK).
import { pluginMain } from '../src/cni/skel.js';
import { SUPPORTED_VERSIONS } from '../src/cni/version.js';
import { loopbackAdd, loopbackCheck, loopbackDel } from '../src/loopback/loopback.js';

void pluginMain({
  name: 'loopback',
  versions: SUPPORTED_VERSIONS,
  add: loopbackAdd,
  del: loopbackDel,
  check: loopbackCheck,
});
