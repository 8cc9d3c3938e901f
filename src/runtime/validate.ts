// Config checking for people: every problem of a file, each with the file and the field it is about.
// Three layers: what libcni itself refuses (a file that does not load), the JSON schemas the plugins
// validate with (src/config), and the plugins' own semantic checks on what each plugin would receive
// (host-local ranges, bridge options). Unknown keys are warnings: the plugins ignore them.
import { readFileSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { SUPPORTED_VERSIONS } from '../cni/version.js';
import { loadBridgeConf } from '../bridge/conf.js';
import { type ConfigKind, showValue, unknownFields, validate } from '../config/index.js';
import { loadConfig as loadHostLocalConfig } from '../ipam/load.js';
import { type JsonObject, field, isObject, parseJson } from './json.js';
import type { CniRuntime } from './cni.js';
import { findInPath } from './exec.js';
import { candidateFiles, confFiles, loadFile } from './load.js';

export interface ConfigProblem {
  file: string;
  /** The field, like "plugins[1].ipam.subnet"; "" for the file as a whole. */
  path: string;
  message: string;
  /** The offending value, when there is one to show. */
  value?: unknown;
  /** Warnings (unknown keys) do not make a file invalid. */
  warning?: boolean;
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.path ? `${p.file}: ${p.path}` : p.file;
  const got = p.value === undefined ? '' : `, got ${showValue(p.value)}`;
  return `${where}: ${p.warning ? 'warning: ' : ''}${p.message}${got}`;
}

const prefixed = (prefix: string, path: string) => (prefix && path ? `${prefix}.${path}` : prefix || path);

// The schema kinds a plugin object is checked against, by what it is and what its IPAM is.
function pluginKinds(plugin: JsonObject): ConfigKind[] {
  const type = field(plugin, 'type');
  const ipamType = field(field(plugin, 'ipam') as JsonObject, 'type');
  const kinds: ConfigKind[] = ['netconf'];
  if (type === 'bridge') kinds.push('bridge'); // its schema covers a host-local ipam section too
  else if (type === 'loopback') kinds.push('loopback');
  else if (type === 'host-local' || ipamType === 'host-local') kinds.push('host-local');
  return kinds;
}

// The plugins' own checks, on the request they would get (name and cniVersion injected). Each runs
// only where the schemas found nothing (`clean(subtree)`), so one mistake is not reported twice.
function semanticProblems(plugin: JsonObject, clean: (ipam: boolean) => boolean): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const type = field(plugin, 'type');
  const ipam = field(plugin, 'ipam');
  const attempt = (path: string, check: () => void) => {
    try {
      check();
    } catch (e) {
      out.push({ path, message: (e as Error).message });
    }
  };
  if (type === 'bridge' && clean(false)) attempt('', () => loadBridgeConf(plugin, undefined));
  const hostLocal = type === 'host-local' || (isObject(ipam) && field(ipam, 'type') === 'host-local');
  if (hostLocal && clean(true)) attempt('ipam', () => loadHostLocalConfig(plugin, ''));
  return out;
}

function checkPlugin(file: string, prefix: string, plugin: JsonObject): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  for (const kind of pluginKinds(plugin)) {
    for (const p of validate(kind, plugin)) {
      const path = prefixed(prefix, p.path);
      if (seen.has(`${path}\0${p.message}`)) continue;
      seen.add(`${path}\0${p.message}`);
      problems.push({ file, path, message: p.message, value: p.value });
    }
  }
  const ipamPath = prefixed(prefix, 'ipam');
  const inIpam = (p: ConfigProblem) => p.path === ipamPath || p.path.startsWith(`${ipamPath}.`) || p.path.startsWith(`${ipamPath}[`);
  const clean = (ipam: boolean) => !problems.some((p) => inIpam(p) === ipam);
  for (const s of semanticProblems(plugin, clean)) problems.push({ file, path: prefixed(prefix, s.path), message: s.message });
  const kinds = pluginKinds(plugin);
  for (const u of unknownFields(kinds[kinds.length - 1], plugin)) {
    problems.push({ file, path: prefixed(prefix, u.path), message: `unknown key${u.suggestion ? ` (did you mean "${u.suggestion}"?)` : ''}`, warning: true });
  }
  return problems;
}

export function validateFile(file: string): ConfigProblem[] {
  const isList = extname(file) === '.conflist';
  const problems: ConfigProblem[] = [];
  // What libcni says first: a file it cannot load breaks every lookup in its directory.
  try {
    loadFile(file);
  } catch (e) {
    problems.push({ file, path: '', message: (e as Error).message });
  }
  let doc: unknown;
  try {
    doc = parseJson(readFileSync(file));
  } catch {
    return problems; // not JSON: libcni's message said so
  }
  if (!isObject(doc)) return problems;
  if (isList) {
    for (const p of validate('conflist', doc)) {
      if (!p.path.startsWith('plugins[')) problems.push({ file, path: p.path, message: p.message, value: p.value });
    }
  }
  const name = field(doc, 'name');
  const cniVersion = field(doc, 'cniVersion');
  if (typeof cniVersion === 'string' && cniVersion !== '' && !SUPPORTED_VERSIONS.includes(cniVersion)) {
    problems.push({ file, path: 'cniVersion', message: `is not a version our plugins speak (${SUPPORTED_VERSIONS.join(', ')})`, value: cniVersion });
  }
  const plugins = isList ? field(doc, 'plugins') : [doc];
  // The request a plugin would see: the list's name and version injected. What is wrong with those
  // two keys was said once already, at the top.
  const checkInjected = (where: string, prefix: string, p: JsonObject) => {
    const injected = [prefixed(prefix, 'name'), prefixed(prefix, 'cniVersion')];
    return checkPlugin(where, prefix, { ...p, name, cniVersion }).filter((q) => !injected.includes(q.path));
  };
  if (!isList) problems.push(...checkPlugin(file, '', doc));
  else if (Array.isArray(plugins)) plugins.forEach((p, i) => isObject(p) && problems.push(...checkInjected(file, `plugins[${i}]`, p)));
  // Plugins a list takes from its drop-in folder <dir>/<name>/*.conf, each reported under its own file.
  if (isList && typeof name === 'string' && name !== '' && field(doc, 'loadOnlyInlinedPlugins') !== true) {
    for (const dropIn of confFiles(join(dirname(file), name), ['.conf'])) {
      try {
        const p = parseJson(readFileSync(dropIn));
        if (isObject(p)) problems.push(...checkInjected(dropIn, '', p));
      } catch {
        // unreadable or not JSON: the list's own load error names the file
      }
    }
  }
  return problems;
}

/** Files and directories; a directory contributes the files libcni would load from it. */
export function validatePaths(paths: string[]): { files: string[]; problems: ConfigProblem[] } {
  const files: string[] = [];
  const problems: ConfigProblem[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      problems.push({ file: p, path: '', message: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message });
      continue;
    }
    const found = isDir ? candidateFiles(p) : [p];
    if (isDir && found.length === 0) problems.push({ file: p, path: '', message: 'no network configurations (*.conflist, *.conf, *.json) found' });
    files.push(...found);
  }
  for (const f of files) problems.push(...validateFile(f));
  return { files, problems };
}

/**
 * With a plugin path: every plugin (and delegated IPAM plugin) must be found there and must speak the
 * version the list runs at (libcni's ValidateNetworkList, which asks each plugin through VERSION).
 */
export async function pluginProblems(file: string, cni: CniRuntime): Promise<ConfigProblem[]> {
  let loaded;
  try {
    loaded = loadFile(file);
  } catch {
    return []; // validateFile reports why the file does not load
  }
  const list = await cni.negotiateVersion(loaded).catch(() => loaded); // a missing plugin is reported below
  const prefix = (i: number) => (extname(file) === '.conflist' ? `plugins[${i}]` : '');
  const version = list.cniVersion || '0.1.0';
  const problems: ConfigProblem[] = [];
  for (const [i, p] of list.plugins.entries()) {
    try {
      const info = await cni.getVersionInfo(p.network.type);
      if (!info.supportedVersions.includes(version)) {
        problems.push({ file, path: prefixed(prefix(i), 'cniVersion'), message: `plugin ${p.network.type} does not support config version "${version}" (it supports ${info.supportedVersions.join(', ')})` });
      }
    } catch (e) {
      problems.push({ file, path: prefixed(prefix(i), 'type'), message: (e as Error).message });
    }
    const ipamType = field(field(p.network, 'ipam'), 'type');
    if (typeof ipamType === 'string' && ipamType !== '') {
      try {
        findInPath(ipamType, cni.path);
      } catch (e) {
        problems.push({ file, path: prefixed(prefix(i), 'ipam.type'), message: (e as Error).message });
      }
    }
  }
  return problems;
}
