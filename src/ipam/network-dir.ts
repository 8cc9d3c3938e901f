// Whether a network already has its directory. NetworkStore.open creates it, and commands that
// fail or find nothing must not leave a new directory behind. A stat, nothing more: every read
// and write of the directory's contents stays in src/store.
import { statSync } from 'node:fs';
import { join } from 'node:path';

export function networkExists(dataDir: string, network: string): boolean {
  try {
    return statSync(join(dataDir, network)).isDirectory();
  } catch {
    return false;
  }
}
