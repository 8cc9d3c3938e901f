// A plugin executable for pluginMain tests: ADD returns a fixed result, or fails as CNI_ARGS asks.
import { CniError, SUPPORTED_VERSIONS, pluginMain } from '../../../src/cni/index.js';

void pluginMain({
  name: 'echo',
  versions: SUPPORTED_VERSIONS,
  async add(a) {
    if (a.args === 'fail=typed') throw new CniError(7, 'bad config', 'details here');
    if (a.args === 'fail=plain') throw new TypeError('something broke');
    return { cniVersion: '1.1.0', ips: [{ address: '10.0.0.2/24', gateway: '10.0.0.1' }] };
  },
  async del() {},
  async check() {},
});
