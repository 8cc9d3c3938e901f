// Identifier rules shared by the runtime and skel (container ID, network name, interface name).
import { CniError, Code } from './errors.js';
import { utf8Length } from './utf8.js';

const ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.\-]*$/;
const MAX_IFNAME_BYTES = 15; // IFNAMSIZ - 1

export function validateContainerId(id: string): CniError | null {
  if (id === '') return new CniError(Code.UnknownContainer, 'missing containerID');
  if (!ID_PATTERN.test(id)) return new CniError(Code.InvalidEnv, 'invalid characters in containerID', id);
  return null;
}

export function validateNetworkName(name: string): CniError | null {
  if (name === '') return new CniError(Code.InvalidConfig, 'missing network name');
  if (!ID_PATTERN.test(name)) return new CniError(Code.InvalidConfig, 'invalid characters found in network name', name);
  return null;
}

/** Mirrors the kernel's dev_valid_name, as the reference does (whitespace = Go's unicode.IsSpace). */
export function validateIfName(name: string): CniError | null {
  if (name === '') return new CniError(Code.InvalidEnv, 'interface name is empty');
  if (utf8Length(name) > MAX_IFNAME_BYTES) {
    return new CniError(Code.InvalidEnv, 'interface name is too long', 'interface name should be less than 16 characters');
  }
  if (name === '.' || name === '..') return new CniError(Code.InvalidEnv, 'interface name is . or ..');
  if (/[/:\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/.test(name)) {
    return new CniError(Code.InvalidEnv, 'interface name contains / or : or whitespace characters');
  }
  return null;
}
