// The public API of the IPAM core, shared by the Node (index.ts) and browser (browser.ts) entries.
export { CoreError, Status, ABI_VERSION } from './abi.js';
export { IP, parseIP, nextIP, prevIP, addOffset, distance, type Family } from './ip.js';
export { CIDR, parseCIDR } from './cidr.js';
export { parseIPs, formatIPs, parseIPsPacked, formatPacked, type PackedAddresses } from './batch.js';
export { Pool, type PoolRange } from './pool.js';
export { isLoaded, coreMemoryInUse } from './instance.js';
