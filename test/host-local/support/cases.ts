// Configs the reference host-local rejects, with its exact message (code 999 for all of them).
// config.test.ts checks that we print the same; differential.test.ts checks the table against the
// reference binaries, so the table itself cannot drift from the oracle.

export interface ErrorCase {
  name: string;
  ipam: Record<string, unknown>; // dataDir is added by the test
  top?: Record<string, unknown>;
  cniVersion?: string;
  cniArgs?: string;
  command?: 'ADD' | 'DEL' | 'CHECK';
  msg: string;
}

const v4 = { subnet: '10.1.2.0/24' };

export const ERROR_CASES: ErrorCase[] = [
  // decoding: Go's messages for address strings
  { name: 'bad CIDR', ipam: { subnet: '10.0.0.0/33' }, msg: 'invalid CIDR address: 10.0.0.0/33' },
  { name: 'CIDR that is not one', ipam: { ranges: [[{ subnet: 'foo' }]] }, msg: 'invalid CIDR address: foo' },
  { name: 'null subnet', ipam: { subnet: null }, msg: 'invalid CIDR address: ' },
  { name: 'bad rangeStart', ipam: { ...v4, rangeStart: '10.1.2.300' }, msg: 'invalid IP address: 10.1.2.300' },
  { name: 'bad gateway in a range', ipam: { ranges: [[{ ...v4, gateway: 'x' }]] }, msg: 'invalid IP address: x' },
  { name: 'bad route dst', ipam: { ...v4, routes: [{ dst: '0.0.0.0' }] }, msg: 'invalid CIDR address: 0.0.0.0' },
  { name: 'bad route gw', ipam: { ...v4, routes: [{ dst: '0.0.0.0/0', gw: '1.2.3' }] }, msg: 'invalid IP address: 1.2.3' },
  { name: 'bad runtime ipRanges', ipam: { ...v4 }, top: { runtimeConfig: { ipRanges: [[{ subnet: '10.0.0.0/99' }]] } }, msg: 'invalid CIDR address: 10.0.0.0/99' },
  { name: 'first bad value in document order wins', ipam: { rangeEnd: 'b', subnet: '10.0.0.0/99' }, msg: 'invalid IP address: b' },
  // requested IPs
  { name: 'bad args.cni.ips entry', ipam: v4, top: { args: { cni: { ips: ['foo'] } } }, msg: 'invalid IP address foo' },
  { name: 'bad prefix in runtimeConfig.ips', ipam: v4, top: { runtimeConfig: { ips: ['10.1.2.5/99'] } }, msg: 'invalid IP address 10.1.2.5/99' },
  { name: 'empty args.cni.ips entry', ipam: v4, top: { args: { cni: { ips: [''] } } }, msg: 'cannot understand ip: IP <nil> not v4 nor v6' },
  { name: 'bad IP in CNI_ARGS', ipam: v4, cniArgs: 'IP=foo', msg: 'ARGS: error parsing value of pair "IP=foo": invalid IP address foo' },
  { name: 'unknown CNI_ARGS key', ipam: v4, cniArgs: 'IP=10.1.2.7;X=1', msg: 'ARGS: unknown args ["X=1"]' },
  { name: 'lower-case ip in CNI_ARGS', ipam: v4, cniArgs: 'ip=10.1.2.7', msg: 'ARGS: unknown args ["ip=10.1.2.7"]' },
  { name: 'CNI_ARGS pair with two =', ipam: v4, cniArgs: 'IP=10.1.2.7=4', msg: 'ARGS: invalid pair "IP=10.1.2.7=4"' },
  // assembly
  { name: 'no ipam key', ipam: {}, top: { ipam: undefined }, msg: "IPAM config missing 'ipam' key" },
  { name: 'no ranges', ipam: {}, msg: 'no IP ranges specified' },
  { name: 'empty ranges', ipam: { ranges: [] }, msg: 'no IP ranges specified' },
  { name: 'legacy range without subnet', ipam: { rangeStart: '10.0.0.5' }, msg: 'no IP ranges specified' },
  { name: 'empty range set', ipam: { ranges: [[]] }, msg: 'invalid range set 0: empty range set' },
  { name: 'null range', ipam: { ranges: [[null]] }, msg: 'invalid range set 0: IP <nil> not v4 nor v6' },
  { name: 'null range set', ipam: { ranges: [null] }, msg: 'invalid range set 0: empty range set' },
  { name: 'range without subnet', ipam: { ranges: [[{ gateway: '10.0.0.1' }]] }, msg: 'invalid range set 0: IP <nil> not v4 nor v6' },
  // range canonicalisation (range_test.go)
  { name: '/31 too small', ipam: { subnet: '10.9.0.0/31' }, msg: 'invalid range set 0: Network 10.9.0.0/31 too small to allocate from' },
  { name: '/32 too small', ipam: { ranges: [[{ subnet: '10.9.0.1/32' }]] }, msg: 'invalid range set 0: Network 10.9.0.1/32 too small to allocate from' },
  { name: '/127 too small', ipam: { ranges: [[{ subnet: 'fd00::/127' }]] }, msg: 'invalid range set 0: Network fd00::/127 too small to allocate from' },
  { name: 'v4-mapped subnet', ipam: { subnet: '::ffff:10.0.0.0/120' }, msg: 'invalid range set 0: IPNet IP and Mask version mismatch' },
  { name: 'v4 host bits', ipam: { subnet: '10.0.0.1/24' }, msg: 'invalid range set 0: Network has host bits set. For a subnet mask of length 24 the network address is 10.0.0.0' },
  { name: 'v4 masked address', ipam: { subnet: '192.168.1.1/24' }, msg: 'invalid range set 0: Network has host bits set. For a subnet mask of length 24 the network address is 192.168.1.0' },
  { name: 'v6 host bits', ipam: { subnet: '2001:db8:24:19ff::/63' }, msg: 'invalid range set 0: Network has host bits set. For a subnet mask of length 63 the network address is 2001:db8:24:19fe::' },
  { name: 'v6 masked address', ipam: { subnet: '2001:db8:1::1/64' }, msg: 'invalid range set 0: Network has host bits set. For a subnet mask of length 64 the network address is 2001:db8:1::' },
  { name: 'start after end', ipam: { subnet: '192.0.2.0/24', rangeStart: '192.0.2.50', rangeEnd: '192.0.2.40' }, msg: 'invalid range set 0: RangeStart 192.0.2.50 not in network 192.0.2.0/24' },
  { name: 'start outside', ipam: { subnet: '192.0.2.0/24', rangeStart: '192.0.3.5' }, msg: 'invalid range set 0: RangeStart 192.0.3.5 not in network 192.0.2.0/24' },
  { name: 'end outside', ipam: { subnet: '192.0.2.0/24', rangeEnd: '192.0.3.5' }, msg: 'invalid range set 0: RangeEnd 192.0.3.5 not in network 192.0.2.0/24' },
  { name: 'start of the other family', ipam: { subnet: '192.0.2.0/24', rangeStart: 'fd00::5' }, msg: 'invalid range set 0: RangeStart fd00::5 not in network 192.0.2.0/24' },
  { name: 'end of the other family', ipam: { subnet: '192.0.2.0/24', rangeEnd: 'fd00::5' }, msg: 'invalid range set 0: RangeEnd fd00::5 not in network 192.0.2.0/24' },
  // range sets (range_set_test.go, config_test.go)
  { name: 'mixed families', ipam: { ranges: [[{ subnet: '10.0.0.0/24' }, { subnet: 'fd00::/64' }]] }, msg: 'invalid range set 0: mixed address families' },
  { name: 'overlap within a set', ipam: { ranges: [[{ subnet: '10.1.0.0/22' }, { subnet: '10.1.2.0/24' }]] }, msg: 'invalid range set 0: subnets 10.1.0.1-10.1.3.254 and 10.1.2.1-10.1.2.254 overlap' },
  { name: 'overlap within a set, second set', ipam: { ranges: [[v4], [{ subnet: '192.168.0.0/20' }, { subnet: '192.168.2.0/24' }]] }, msg: 'invalid range set 1: subnets 192.168.0.1-192.168.15.254 and 192.168.2.1-192.168.2.254 overlap' },
  { name: 'overlap between sets', ipam: { ranges: [[{ subnet: '10.1.0.0/22' }], [{ subnet: '10.1.2.0/24' }]] }, msg: 'range set 0 overlaps with 1' },
  { name: 'overlap between runtime and config sets', ipam: { ranges: [[v4]] }, top: { runtimeConfig: { ipRanges: [[{ subnet: '10.1.0.0/16' }]] } }, msg: 'range set 0 overlaps with 1' },
  { name: 'legacy overlapping ranges', ipam: { ...v4, ranges: [[v4]] }, msg: 'range set 0 overlaps with 1' },
  { name: 'two v4 sets in 0.2.0', cniVersion: '0.2.0', ipam: { ranges: [[v4], [{ subnet: '10.2.2.0/24' }]] }, msg: 'CNI version 0.2.0 does not support more than 1 address per family' },
  { name: 'two v6 sets in 0.1.0', cniVersion: '0.1.0', ipam: { ranges: [[{ subnet: 'fd00::/64' }], [{ subnet: 'fd01::/64' }]] }, msg: 'CNI version 0.1.0 does not support more than 1 address per family' },
  // ADD-time failures
  { name: 'requested gateway', ipam: v4, top: { args: { cni: { ips: ['10.1.2.1'] } } }, msg: "failed to allocate for range 0: requested ip 10.1.2.1 is subnet's gateway" },
  { name: 'requested IP outside every set', ipam: v4, top: { args: { cni: { ips: ['10.8.0.7'] } } }, msg: 'failed to allocate all requested IPs: 10.8.0.7' },
  { name: 'requested IP before rangeStart', ipam: { ...v4, rangeStart: '10.1.2.10' }, cniArgs: 'IP=10.1.2.5', msg: 'failed to allocate all requested IPs: 10.1.2.5' },
  { name: 'requested IP after rangeEnd', ipam: { ...v4, rangeEnd: '10.1.2.10' }, top: { runtimeConfig: { ips: ['10.1.2.50/24'] } }, msg: 'failed to allocate all requested IPs: 10.1.2.50' },
  { name: 'missing resolv.conf', ipam: { ...v4, resolvConf: '/nonexistent/resolv.conf' }, msg: 'open /nonexistent/resolv.conf: no such file or directory' },
  { name: 'resolv.conf is a directory', ipam: { ...v4, resolvConf: '/etc' }, msg: 'read /etc: is a directory' },
  // DEL and CHECK load the config the same way
  { name: 'DEL with an invalid config', command: 'DEL', ipam: { subnet: '10.9.0.0/31' }, msg: 'invalid range set 0: Network 10.9.0.0/31 too small to allocate from' },
  { name: 'CHECK of an unknown container', command: 'CHECK', ipam: v4, msg: 'host-local: Failed to find address added by container dummy' },
];
