// The only code that touches host-local's data directory (<dataDir>/<network>/).
export { NetworkStore, type StoreTx, type Reservation, type Attachment, type IndexTuning } from './store.js';
export { addressBytes } from './address.js';
