// Checks a CNI_NETNS path the way the reference's ns.GetNS does, before anything runs in it.
import { statfsSync } from 'node:fs';

const NSFS_MAGIC = 0x6e736673;
const PROC_SUPER_MAGIC = 0x9fa0;

export class NetnsError extends Error {
  constructor(message: string, readonly notExist: boolean) {
    super(message);
  }
}

/** Throws NetnsError with the reference's inner message; notExist marks a vanished path. */
export function checkNetns(path: string): void {
  let type: number;
  try {
    type = statfsSync(path).type;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const text = err.code === 'ENOENT' ? 'no such file or directory' : err.message;
    throw new NetnsError(`failed to Statfs "${path}": ${text}`, err.code === 'ENOENT');
  }
  if (type !== NSFS_MAGIC && type !== PROC_SUPER_MAGIC) {
    throw new NetnsError(`unknown FS magic on "${path}": ${type.toString(16)}`, false);
  }
}

/** The path of the plugin's own network namespace, for `ip link ... netns <path>`. */
export const ownNetns = (): string => `/proc/${process.pid}/ns/net`;
