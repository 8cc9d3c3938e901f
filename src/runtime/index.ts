// The runtime library: libcni for TypeScript programs.
export { CniRuntime, type RuntimeOptions, type CallOptions } from './cni.js';
export { type NetworkConfigList, type PluginConfig, type PluginConf, confListFromBytes, confListFromConf, pluginConfFromBytes } from './conf.js';
export { DEFAULT_CONF_DIR, NotFoundError, NoConfigsFoundError, confFiles, confListFromFile, loadNetworkConf, loadFile, candidateFiles } from './load.js';
export { ResultCache, DEFAULT_CACHE_DIR, CACHE_KIND } from './cache.js';
export { findInPath, execPlugin, type InvokeArgs, type ExecOptions } from './exec.js';
export { getVersionInfo, type PluginInfo } from './versioninfo.js';
export { ChainError, JoinedError, cniErrorOf } from './errors.js';
export type { RuntimeConf, NetworkAttachment, GCArgs, GCAttachment, RawResult } from './types.js';
