// CNI_NETNS checks with the bridge's wording.
import { checkNetns, NetnsError } from '../link/netns.js';

export function openNetns(path: string): void {
  try {
    checkNetns(path);
  } catch (e) {
    const err = e as NetnsError;
    throw new NetnsError(`failed to open netns "${path}": ${err.message}`, err.notExist);
  }
}
