// Building host-local network configs, and reading results of any spec version.

export const VERSIONS = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'];

export function netConf(
  dataDir: string,
  ipam: Record<string, unknown>,
  opts: { version?: string; name?: string; top?: Record<string, unknown> } = {},
): Record<string, unknown> {
  return {
    cniVersion: opts.version ?? '1.0.0',
    name: opts.name ?? 'mynet',
    ipam: { type: 'host-local', dataDir, ...ipam },
    ...opts.top,
  };
}

export interface Address {
  address: string;
  gateway?: string;
}

/** The addresses of a result, whatever its version: 0.1/0.2 `ip4`/`ip6`, later `ips`. */
export function addressesOf(result: any): Address[] {
  if (Array.isArray(result.ips)) return result.ips.map((ip: any) => ({ address: ip.address, gateway: ip.gateway }));
  return [result.ip4, result.ip6].filter(Boolean).map((ip: any) => ({ address: ip.ip, gateway: ip.gateway }));
}

export function isLegacyVersion(version: string): boolean {
  return version === '0.1.0' || version === '0.2.0';
}
