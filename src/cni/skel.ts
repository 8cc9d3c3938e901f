// skel as the contract names it: the pure dispatcher and the process wrapper. Code that must not
// touch the process (browser, fuzzers) can import ./dispatch.js alone.
export * from './dispatch.js';
export { pluginMain } from './main.js';
