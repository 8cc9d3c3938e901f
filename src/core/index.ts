// Node entry of the IPAM core. Importing it does no I/O: the module is read and instantiated
// synchronously on first use.
import { setLoader } from './instance.js';
import { instantiateFromFile } from './node.js';

setLoader(instantiateFromFile);

export * from './api.js';
export { locateWasm } from './node.js';
