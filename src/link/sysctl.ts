// sysctl in the plugin's own namespace: /proc/sys/net follows the netns of the process that
// opens the file, so plain file access is enough here (inside CNI_NETNS see ip.sysctlAndBatch).
import { readFileSync, writeFileSync } from 'node:fs';

export function readSysctl(path: string): string {
  return readFileSync(`/proc/sys/${path}`, 'utf8').replace(/\n$/, '');
}

export function writeSysctl(path: string, value: string): void {
  writeFileSync(`/proc/sys/${path}`, value);
}

/** Best effort, like the reference's accept_ra writes: a missing file (no IPv6) is fine. */
export function trySysctl(path: string, value: string): void {
  try {
    writeSysctl(path, value);
  } catch {
    /* ignored on purpose */
  }
}

/** Writes 1 only when the value is not already 1 (the reference's echo1). */
export function enableForwarding(family: 4 | 6): void {
  const path = family === 4 ? 'net/ipv4/ip_forward' : 'net/ipv6/conf/all/forwarding';
  if (readSysctl(path).trim() !== '1') writeSysctl(path, '1');
}
