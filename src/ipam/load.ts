// stdin config + CNI_ARGS -> a validated IpamConfig, in the reference's order of checks:
// address strings as they are decoded, then JSON types (the schema; code 7 naming the field and
// the value, where the reference prints Go's decoder message), then `ipam` present, CNI_ARGS,
// requested IPs, range sets (reference-plugins.md 1.2-1.3).
import { parseCniArgs } from '../cni/args.js';
import { isObject } from '../cni/fields.js';
import { assertValid } from '../config/index.js';
import { assembleConfig, type IpamConfig } from './config.js';
import { decodeNetConf, parseRequestedIP, type RequestedIP } from './decode.js';

function envRequestedIP(cniArgs: string): RequestedIP | undefined {
  const args = parseCniArgs(cniArgs, ['IP'], { IP: (v) => void parseRequestedIP(v) });
  return args.IP === undefined ? undefined : parseRequestedIP(args.IP);
}

export function loadConfig(config: unknown, cniArgs: string): IpamConfig {
  const net = decodeNetConf(isObject(config) ? config : {});
  assertValid('host-local', config);
  return assembleConfig(net, () => envRequestedIP(cniArgs));
}
