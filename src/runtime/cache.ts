// The result cache, file for file what libcni keeps under <cacheDir>/results/:
// <network>-<containerID>-<ifName>, JSON of kind "cniCacheV1" with the list's bytes in base64.
// Files written by libcni are read here and the other way round.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { marshalCompact } from '../cni/gojson.js';
import { sortKeys } from './conf.js';
import { isObject, parseJson } from './json.js';
import { byteOrder } from './load.js';
import { resultFromCache } from './result.js';
import type { NetworkAttachment, RawResult, RuntimeConf } from './types.js';

export const DEFAULT_CACHE_DIR = '/var/lib/cni';
export const CACHE_KIND = 'cniCacheV1';

interface CachedInfo {
  kind: string;
  containerId: string;
  config: string;
  ifName: string;
  networkName: string;
  netns?: string;
  cniArgs?: [string, string][];
  capabilityArgs?: Record<string, unknown>;
  result?: Record<string, unknown>;
}

export class ResultCache {
  constructor(readonly dir: string = DEFAULT_CACHE_DIR) {}

  get resultsDir(): string {
    return join(this.dir, 'results');
  }

  filePath(network: string, rt: RuntimeConf): string {
    if (!network || !rt.containerId || !rt.ifName) {
      throw new Error(`cache file path requires network name ("${network}"), container ID ("${rt.containerId}"), and interface name ("${rt.ifName}")`);
    }
    return join(this.resultsDir, `${network}-${rt.containerId}-${rt.ifName}`);
  }

  write(result: RawResult, config: Buffer, network: string, rt: RuntimeConf): void {
    // Field order and omissions as Go's struct marshalling produces them.
    const info: CachedInfo = { kind: CACHE_KIND, containerId: rt.containerId, config: config.toString('base64'), ifName: rt.ifName, networkName: network };
    if (rt.netns) info.netns = rt.netns;
    if (rt.args && rt.args.length > 0) info.cniArgs = rt.args;
    if (rt.capabilityArgs && Object.keys(rt.capabilityArgs).length > 0) info.capabilityArgs = sortKeys(rt.capabilityArgs) as Record<string, unknown>;
    info.result = sortKeys(result) as Record<string, unknown>;
    const file = this.filePath(network, rt);
    mkdirSync(this.resultsDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, marshalCompact(info), { mode: 0o600 });
  }

  remove(network: string, rt: RuntimeConf): void {
    try {
      rmSync(this.filePath(network, rt), { force: true });
    } catch {
      // like libcni: a missing identity or an unremovable file is not the caller's problem
    }
  }

  private readRaw(network: string, rt: RuntimeConf): Buffer | null {
    try {
      return readFileSync(this.filePath(network, rt));
    } catch (e) {
      if (e instanceof Error && e.message.startsWith('cache file path requires')) throw e;
      return null; // no cache file: not an error, there is simply no previous result
    }
  }

  /** The cached ADD result (cniCacheV1 or the older bare-result format); null when there is none. */
  readResult(network: string, rt: RuntimeConf): RawResult | null {
    const data = this.readRaw(network, rt);
    if (data === null) return null;
    const info = tryInfo(data);
    if (info) return resultFromCache(info.result ?? {});
    let doc: unknown;
    try {
      doc = parseJson(data);
    } catch (e) {
      throw new Error(`decoding version from network config: ${(e as Error).message}`);
    }
    return resultFromCache(doc);
  }

  /** The cached list bytes and the runtime arguments of the ADD; null when there is no cache file. */
  readConfig(network: string, rt: RuntimeConf): { config: Buffer; rt: RuntimeConf } | null {
    const data = this.readRaw(network, rt);
    if (data === null) return null;
    let doc: unknown;
    try {
      doc = parseJson(data);
    } catch (e) {
      throw new Error(`failed to unmarshal cached network "${network}" config: ${(e as Error).message}`);
    }
    const info = isObject(doc) ? (doc as Partial<CachedInfo>) : {};
    if (info.kind !== CACHE_KIND) throw new Error(`read cached network "${network}" config has wrong kind: ${info.kind ?? ''}`);
    const out: RuntimeConf = { ...rt, capabilityArgs: info.capabilityArgs };
    if (info.cniArgs) out.args = info.cniArgs;
    return { config: Buffer.from(info.config ?? '', 'base64'), rt: out };
  }

  /** Every readable cniCacheV1 attachment, sorted by file name; optionally of one container. */
  attachments(containerId = ''): NetworkAttachment[] {
    let names: string[];
    try {
      names = readdirSync(this.resultsDir).sort(byteOrder);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const out: NetworkAttachment[] = [];
    for (const name of names) {
      if (containerId) {
        const part = `-${containerId}-`;
        const pos = name.indexOf(part);
        if (pos <= 0 || pos + part.length >= name.length) continue;
      }
      let data: Buffer;
      try {
        data = readFileSync(join(this.resultsDir, name));
      } catch {
        continue;
      }
      const info = tryInfo(data);
      if (!info || (containerId && info.containerId !== containerId)) continue;
      if (!info.ifName || !info.networkName) continue;
      const a: NetworkAttachment = { containerId: info.containerId, network: info.networkName, ifName: info.ifName, config: Buffer.from(info.config ?? '', 'base64') };
      if (info.netns) a.netns = info.netns;
      if (info.cniArgs) a.cniArgs = info.cniArgs;
      if (info.capabilityArgs) a.capabilityArgs = info.capabilityArgs;
      out.push(a);
    }
    return out;
  }
}

// The file as cniCacheV1, or null when it is not one (corrupt, empty, or the legacy format).
function tryInfo(data: Buffer): CachedInfo | null {
  try {
    const doc = parseJson(data);
    if (isObject(doc) && doc.kind === CACHE_KIND) return doc as unknown as CachedInfo;
  } catch {
    // fall through
  }
  return null;
}
