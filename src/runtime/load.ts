// Finding a network's configuration in a directory, in libcni's order (LoadNetworkConf):
// every *.conflist sorted by name (any unparsable one aborts the load), then the deprecated single
// configs *.conf and *.json, sorted, wrapped into a one-plugin list. Unless a list sets
// loadOnlyInlinedPlugins, plugin objects from <dir>/<network name>/*.conf are appended to it.
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join, dirname } from 'node:path';
import { type NetworkConfigList, type PluginConfig, confListFromBytes, confListFromConf, pluginConfFromBytes } from './conf.js';
import { field } from './json.js';

export const DEFAULT_CONF_DIR = '/etc/cni/net.d';

export class NotFoundError extends Error {
  constructor(readonly dir: string, readonly network: string) {
    super(`no net configuration with name "${network}" in ${dir}`);
    this.name = 'NotFoundError';
  }
}

export class NoConfigsFoundError extends Error {
  constructor(readonly dir: string) {
    super(`no net configurations found in ${dir}`);
    this.name = 'NoConfigsFoundError';
  }
}

// Regular (non-directory) entries whose extension is exactly one of exts, sorted by name like
// sort.Strings. A missing directory is not an error.
export function confFiles(dir: string, exts: string[]): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return entries
    .filter((d) => !d.isDirectory() && exts.includes(extname(d.name)))
    .map((d) => join(dir, d.name))
    .sort(byteOrder);
}

export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function readConf(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new Error(`error reading ${file}: ${(e as Error).message}`);
  }
}

// Plugin objects of the drop-in folder <dir>/<network>/*.conf, each with a 'type'.
export function pluginConfsFromFolder(dir: string, network: string): PluginConfig[] {
  const folder = join(dir, network);
  let files: string[];
  try {
    files = confFiles(folder, ['.conf']);
  } catch (e) {
    throw new Error(`failed to read plugin config files in ${folder}: ${(e as Error).message}`);
  }
  return files.map((f) => pluginConfFromBytes(readConf(f)));
}

export function confListFromFile(file: string): NetworkConfigList {
  const list = confListFromBytes(readConf(file));
  list.file = file;
  if (!list.loadOnlyInlinedPlugins) list.plugins.push(...pluginConfsFromFolder(dirname(file), list.name));
  if (list.plugins.length === 0) throw new Error('no plugin configs found');
  return list;
}

function loadSingleConf(dir: string, network: string): NetworkConfigList {
  const files = confFiles(dir, ['.conf', '.json']);
  if (files.length === 0) throw new NoConfigsFoundError(dir);
  for (const file of files) {
    const conf = pluginConfFromBytes(readConf(file));
    if (field(conf.network, 'name') === network) {
      const list = confListFromConf(conf);
      list.file = file;
      return list;
    }
  }
  throw new NotFoundError(dir, network);
}

export function loadNetworkConf(dir: string, network: string): NetworkConfigList {
  const lists = confFiles(dir, ['.conflist']);
  for (const file of lists) {
    const list = confListFromFile(file);
    if (list.name === network) return list;
  }
  try {
    return loadSingleConf(dir, network);
  } catch (e) {
    if (e instanceof NoConfigsFoundError && lists.length > 0) throw new NotFoundError(dir, network);
    throw e;
  }
}

// Every file the loader would consider, in the order it considers them (for listing and validation).
export function candidateFiles(dir: string): string[] {
  return [...confFiles(dir, ['.conflist']), ...confFiles(dir, ['.conf', '.json'])];
}

// A file as a list, whichever of the two formats it is in (by extension, as libcni decides).
export function loadFile(file: string): NetworkConfigList {
  if (extname(file) === '.conflist') return confListFromFile(file);
  const list = confListFromConf(pluginConfFromBytes(readConf(file)));
  list.file = file;
  return list;
}
