// The plugin side of the CNI protocol. Pure except pluginMain (process I/O) and canonicalizeResult
// (loads the Wasm core on first use); browser code imports the modules it needs directly.
export { CniError, Code, toCniError, formatError } from './errors.js';
export { SUPPORTED_VERSIONS, CURRENT_VERSION, compareVersions, versionAtLeast, parseVersion } from './version.js';
export { parseCniArgs, parseArgsBool } from './args.js';
export { validateContainerId, validateIfName, validateNetworkName } from './names.js';
export { getField, runtimeConfigValue, isObject, type JsonObject } from './fields.js';
export { marshalIndent, marshalCompact, goQuote, goQuoteList } from './gojson.js';
export { decodeGoJson, type Decoded } from './decode.js';
export {
  formatResult, formatResultLabelled, parseResult, resultAsVersion, isIPv4Text,
  type Result, type Interface, type IPConfig, type Route, type DNS,
} from './result.js';
export { dispatch, aboutText, versionText, type CmdArgs, type PluginSpec, type DispatchOptions, type DispatchOutput, type StdinSource } from './dispatch.js';
export { pluginMain } from './main.js';
export { canonicalizeResult } from './canonical.js';
