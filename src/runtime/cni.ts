// CniRuntime: what libcni's CNIConfig does for a network configuration list. ADD runs the plugins in
// order, chaining prevResult, and caches the final result; CHECK and DEL hand that cached result to
// every plugin (DEL in reverse and tolerant of a broken cache); GC synthesises DELs for cached
// attachments that are no longer valid, then asks every plugin to GC; STATUS stops at the first error.
import { CniError } from '../cni/errors.js';
import { versionAtLeast } from '../cni/version.js';
import { validateContainerId, validateIfName, validateNetworkName } from '../cni/names.js';
import { ResultCache } from './cache.js';
import type { NetworkConfigList, PluginConfig } from './conf.js';
import { ChainError, JoinedError, asError } from './errors.js';
import { type ExecOptions, type InvokeArgs, execPlugin, findInPath } from './exec.js';
import { buildOneConfig, injectConf } from './inject.js';
import { convertResult, decodeResult } from './result.js';
import { type PluginInfo, getVersionInfo } from './versioninfo.js';
import type { GCArgs, GCAttachment, NetworkAttachment, RawResult, RuntimeConf } from './types.js';

export interface RuntimeOptions {
  /** Plugin directories (CNI_PATH). */
  path: string[];
  /** Holds results/ (libcni's cacheDir). Default /var/lib/cni. */
  cacheDir?: string;
  /** Base environment for plugins. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where plugin stderr goes. Default: process.stderr; null drops it. */
  stderr?: NodeJS.WritableStream | null;
  /**
   * When a list offers several versions (cniVersions), pick the highest one every plugin reports in
   * VERSION (the spec allows it). Default true; false selects the version exactly as libcni does.
   */
  negotiateVersions?: boolean;
}

export interface CallOptions {
  signal?: AbortSignal;
}

function describe(p: PluginConfig): string {
  const name = p.network.name;
  return `plugin type="${p.network.type}"${typeof name === 'string' && name ? ` name="${name}"` : ''}`;
}

function throwIf(e: CniError | null): void {
  if (e) throw e;
}

export class CniRuntime {
  readonly path: string[];
  readonly cache: ResultCache;
  private readonly options: RuntimeOptions;
  private readonly versionInfos = new Map<string, Promise<PluginInfo>>();

  constructor(options: RuntimeOptions) {
    this.options = options;
    this.path = options.path;
    this.cache = new ResultCache(options.cacheDir);
  }

  private execOpts(call?: CallOptions): ExecOptions {
    return { env: this.options.env, stderr: this.options.stderr, signal: call?.signal };
  }

  private async exec(plugin: PluginConfig, stdin: Buffer, args: Omit<InvokeArgs, 'path'>, call?: CallOptions): Promise<Buffer> {
    const pluginPath = findInPath(plugin.network.type, this.path);
    return execPlugin(pluginPath, stdin, { ...args, path: this.path }, this.execOpts(call));
  }

  private attachArgs(command: string, rt: RuntimeConf): Omit<InvokeArgs, 'path'> {
    return { command, containerId: rt.containerId, netns: rt.netns, ifName: rt.ifName, pluginArgs: rt.args };
  }

  // ---- VERSION and version selection ----

  /** VERSION of a plugin type found in the path (cached per binary for this runtime's lifetime). */
  getVersionInfo(pluginType: string, call?: CallOptions): Promise<PluginInfo> {
    const pluginPath = findInPath(pluginType, this.path);
    let info = this.versionInfos.get(pluginPath);
    if (!info) {
      info = getVersionInfo(pluginPath, this.execOpts(call));
      info.catch(() => this.versionInfos.delete(pluginPath));
      this.versionInfos.set(pluginPath, info);
    }
    return info;
  }

  /**
   * The list with the version it will run at. With a single declared version (or negotiation off)
   * that is libcni's choice; with cniVersions, the newest one that every plugin supports, falling
   * back to libcni's choice when none is common (the plugins then report the incompatibility).
   */
  async negotiateVersion(list: NetworkConfigList, call?: CallOptions): Promise<NetworkConfigList> {
    if (this.options.negotiateVersions === false || list.declaredVersions.length < 2) return list;
    const infos = await Promise.all(list.plugins.map((p) => this.getVersionInfo(p.network.type, call)));
    const common = list.declaredVersions.find((v) => infos.every((i) => i.supportedVersions.includes(v)));
    return common && common !== list.cniVersion ? { ...list, cniVersion: common } : list;
  }

  /** VERSION on every plugin; the list's version must be one each supports. Returns the enabled capabilities. */
  async validateNetworkList(list: NetworkConfigList, call?: CallOptions): Promise<string[]> {
    const version = list.cniVersion || '0.1.0';
    const errors: Error[] = [];
    const caps = new Set<string>();
    for (const p of list.plugins) {
      try {
        const info = await this.getVersionInfo(p.network.type, call);
        if (!info.supportedVersions.includes(version)) throw new Error(`plugin ${p.network.type} does not support config version "${version}"`);
      } catch (e) {
        errors.push(asError(e));
      }
      const declared = p.network.capabilities;
      if (declared && typeof declared === 'object') {
        for (const [k, v] of Object.entries(declared)) if (v === true) caps.add(k);
      }
    }
    if (errors.length > 0) throw new JoinedError(errors);
    return [...caps];
  }

  // ---- ADD / CHECK / DEL ----

  async addNetworkList(input: NetworkConfigList, rt: RuntimeConf, call?: CallOptions): Promise<RawResult> {
    const list = await this.negotiateVersion(input, call);
    let result: RawResult | undefined;
    for (const plugin of list.plugins) {
      try {
        const pluginPath = findInPath(plugin.network.type, this.path);
        throwIf(validateContainerId(rt.containerId));
        throwIf(validateNetworkName(list.name));
        throwIf(validateIfName(rt.ifName));
        const stdin = buildOneConfig(list.name, list.cniVersion, plugin, result, rt);
        const out = await execPlugin(pluginPath, stdin, { ...this.attachArgs('ADD', rt), path: this.path }, this.execOpts(call));
        result = decodeResult(out, list.cniVersion);
      } catch (e) {
        throw new ChainError(`${describe(plugin)} failed (add)`, asError(e));
      }
    }
    try {
      this.cache.write(result!, list.bytes, list.name, rt);
    } catch (e) {
      throw new ChainError(`failed to set network "${list.name}" cached result`, asError(e));
    }
    return result!;
  }

  async checkNetworkList(input: NetworkConfigList, rt: RuntimeConf, call?: CallOptions): Promise<void> {
    const list = await this.negotiateVersion(input, call);
    if (!versionAtLeast(list.cniVersion, '0.4.0')) throw new Error(`configuration version "${list.cniVersion}" does not support the CHECK command`);
    if (list.disableCheck) return;
    let prev: RawResult | null;
    try {
      prev = this.cachedResultAs(list, rt);
    } catch (e) {
      throw new ChainError(`failed to get network "${list.name}" cached result`, asError(e));
    }
    for (const plugin of list.plugins) {
      const stdin = buildOneConfig(list.name, list.cniVersion, plugin, prev, rt);
      await this.exec(plugin, stdin, this.attachArgs('CHECK', rt), call);
    }
  }

  async delNetworkList(input: NetworkConfigList, rt: RuntimeConf, call?: CallOptions): Promise<void> {
    const list = await this.negotiateVersion(input, call);
    let prev: RawResult | null = null;
    if (versionAtLeast(list.cniVersion, '0.4.0')) {
      try {
        prev = this.cachedResultAs(list, rt);
      } catch {
        // A corrupt or empty cache must not block DEL: drop it and delete without prevResult.
        this.cache.remove(list.name, rt);
      }
    }
    for (const plugin of [...list.plugins].reverse()) {
      try {
        const stdin = buildOneConfig(list.name, list.cniVersion, plugin, prev, rt);
        await this.exec(plugin, stdin, this.attachArgs('DEL', rt), call);
      } catch (e) {
        throw new ChainError(`${describe(plugin)} failed (delete)`, asError(e)); // cache kept: DEL can be retried
      }
    }
    this.cache.remove(list.name, rt);
  }

  private cachedResultAs(list: NetworkConfigList, rt: RuntimeConf): RawResult | null {
    const cached = this.cache.readResult(list.name, rt);
    return cached && convertResult(cached, list.cniVersion);
  }

  getNetworkListCachedResult(list: NetworkConfigList, rt: RuntimeConf): RawResult | null {
    return this.cachedResultAs(list, rt);
  }

  getNetworkListCachedConfig(list: NetworkConfigList, rt: RuntimeConf): { config: Buffer; rt: RuntimeConf } | null {
    return this.cache.readConfig(list.name, rt);
  }

  getCachedAttachments(containerId = ''): NetworkAttachment[] {
    return this.cache.attachments(containerId);
  }

  // ---- GC / STATUS ----

  /**
   * Without args (as cnitool calls it) every cached attachment of this network is stale and the
   * plugins get no cni.dev/valid-attachments at all; with args, only attachments not listed are.
   */
  async gcNetworkList(input: NetworkConfigList, args?: GCArgs, call?: CallOptions): Promise<void> {
    if (input.disableGC) return;
    const list = await this.negotiateVersion(input, call);
    const errors: Error[] = [];
    const valid = new Set((args?.validAttachments ?? []).map(gcKey));
    let cached: NetworkAttachment[] = [];
    try {
      cached = this.cache.attachments();
    } catch {
      return; // libcni gives up quietly when the cache directory cannot be read
    }
    for (const a of cached) {
      if (a.network !== list.name || valid.has(gcKey({ containerID: a.containerId, ifname: a.ifName }))) continue;
      const rt: RuntimeConf = { containerId: a.containerId, netns: a.netns, ifName: a.ifName, args: a.cniArgs, capabilityArgs: a.capabilityArgs };
      try {
        await this.delNetworkList(list, rt, call);
      } catch (e) {
        errors.push(new ChainError(`failed to delete stale attachment ${a.containerId} ${a.ifName}`, asError(e)));
      }
    }
    if (versionAtLeast(list.cniVersion, '1.1.0')) {
      const inject: Record<string, unknown> = { name: list.name, cniVersion: list.cniVersion };
      if (args) {
        // Both keys: the 1.1.0 spec text named it cni.dev/attachments (libcni #1101).
        inject['cni.dev/valid-attachments'] = args.validAttachments;
        inject['cni.dev/attachments'] = args.validAttachments;
      }
      for (const plugin of list.plugins) {
        try {
          await this.exec(plugin, injectConf(plugin, inject), { command: 'GC' }, call);
        } catch (e) {
          errors.push(new ChainError(`failed to GC plugin ${plugin.network.type}`, asError(e)));
        }
      }
    }
    if (errors.length > 0) throw new JoinedError(errors);
  }

  /** STATUS in order; the first failure is returned as the plugin reported it (its code intact). */
  async getStatusNetworkList(input: NetworkConfigList, call?: CallOptions): Promise<void> {
    const list = await this.negotiateVersion(input, call);
    if (!versionAtLeast(list.cniVersion, '1.1.0')) return;
    for (const plugin of list.plugins) {
      await this.exec(plugin, injectConf(plugin, { name: list.name, cniVersion: list.cniVersion }), { command: 'STATUS' }, call);
    }
  }
}

function gcKey(a: GCAttachment): string {
  return JSON.stringify([a.containerID, a.ifname]);
}
