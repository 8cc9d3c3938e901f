// A link's kind and MAC from sysfs, without starting a process. Sysfs shows the namespace it
// was mounted in, which is the plugin's own under a runtime or `ip netns exec`, but not under a
// bare `nsenter --net`: so it is only trusted when it lists exactly the interfaces that
// /proc/self/net/dev (always this process's namespace) lists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface SysfsLink { bridge: boolean; mac: string }

let trusted: boolean | undefined;

/** Whether sysfs shows this process's network namespace (decided once per process). */
export function sysfsIsOurs(): boolean {
  if (trusted === undefined) {
    try {
      const listed = readdirSync('/sys/class/net');
      const ours = ourLinks();
      trusted = listed.length === ours.length && ours.every((n) => listed.includes(n));
    } catch {
      trusted = false;
    }
  }
  return trusted;
}

const ourLinks = (): string[] =>
  readFileSync('/proc/self/net/dev', 'utf8').split('\n').slice(2).map((l) => l.split(':')[0].trim()).filter((n) => n !== '');

/** undefined: no such link here; null: sysfs is not this namespace's (ask iproute2). */
export function linkFromSysfs(name: string): SysfsLink | undefined | null {
  if (!sysfsIsOurs()) return null;
  if (!ourLinks().includes(name)) return undefined;
  try {
    return {
      bridge: existsSync(`/sys/class/net/${name}/bridge`),
      mac: readFileSync(`/sys/class/net/${name}/address`, 'utf8').trim(),
    };
  } catch {
    return null; // renamed or removed meanwhile
  }
}

/** MAC and operational state of a link, from sysfs (callers check sysfsIsOurs first). */
export function sysfsState(name: string): { address: string; operstate: string } {
  const attr = (a: string) => readFileSync(`/sys/class/net/${name}/${a}`, 'utf8').trim();
  return { address: attr('address'), operstate: attr('operstate').toUpperCase() };
}

/** [name, alias] of every link that has an alias (callers check sysfsIsOurs first). */
export function sysfsAliases(): [string, string][] {
  const out: [string, string][] = [];
  for (const name of readdirSync('/sys/class/net')) {
    try {
      const alias = readFileSync(`/sys/class/net/${name}/ifalias`, 'utf8').trim();
      if (alias) out.push([name, alias]);
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}
