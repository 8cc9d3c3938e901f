// The only code that touches host-local's data directory (<dataDir>/<network>/).
export { NetworkStore, type StoreTx, type Reservation, type Attachment } from './store.js';
export type { IndexTuning } from './index-files.js';
export { addressBytes } from './address.js';
