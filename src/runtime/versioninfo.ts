// Asking a plugin which spec versions it speaks (libcni's invoke.GetVersionInfo + PluginDecoder).
import { CURRENT_VERSION } from '../cni/version.js';
import { type ExecOptions, execPlugin } from './exec.js';
import { isObject, parseJson } from './json.js';

export interface PluginInfo {
  cniVersion: string;
  supportedVersions: string[];
}

export function decodeVersionInfo(stdout: Buffer): PluginInfo {
  let doc: unknown;
  try {
    doc = parseJson(stdout);
  } catch (e) {
    throw new Error(`decoding version info: ${(e as Error).message}`);
  }
  const obj = isObject(doc) ? doc : {};
  const cniVersion = typeof obj.cniVersion === 'string' ? obj.cniVersion : '';
  const supported = Array.isArray(obj.supportedVersions) ? obj.supportedVersions.filter((v): v is string => typeof v === 'string') : [];
  if (cniVersion === '') throw new Error('decoding version info: missing field cniVersion');
  if (supported.length === 0) {
    // A 0.2.0 plugin may leave the list out.
    if (cniVersion === '0.2.0') return { cniVersion, supportedVersions: ['0.1.0', '0.2.0'] };
    throw new Error('decoding version info: missing field supportedVersions');
  }
  return { cniVersion, supportedVersions: supported };
}

export async function getVersionInfo(pluginPath: string, opts: ExecOptions = {}): Promise<PluginInfo> {
  // Dummy values for the variables a 0.1.0-era skel insists on.
  const args = { command: 'VERSION', netns: 'dummy', ifName: 'dummy', path: ['dummy'] };
  try {
    const out = await execPlugin(pluginPath, Buffer.from(`{"cniVersion":"${CURRENT_VERSION}"}`), args, opts);
    return decodeVersionInfo(out);
  } catch (e) {
    // A plugin from before VERSION existed.
    if ((e as Error).message === 'unknown CNI_COMMAND: VERSION') return { cniVersion: '0.1.0', supportedVersions: ['0.1.0'] };
    throw e;
  }
}
