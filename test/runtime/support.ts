// Helpers for runtime tests: temp dirs, scripted fake plugins in a CNI_PATH dir, and their call log.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FAKE = fileURLToPath(new URL('./fixtures/fake-plugin.cjs', import.meta.url));

export interface Sandbox {
  root: string;
  bin: string;
  confDir: string;
  cacheDir: string;
  log: string;
  addPlugin(type: string, opts?: { versions?: string[]; versionError?: string }): void;
  calls(): { type: string; command: string; env: Record<string, string>; stdin: any }[];
  clearCalls(): void;
  writeConf(name: string, doc: unknown): string;
  cleanup(): void;
}

export function sandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), `cnirt-${process.pid}-`));
  const sb: Sandbox = {
    root,
    bin: join(root, 'bin'),
    confDir: join(root, 'net.d'),
    cacheDir: join(root, 'cache'),
    log: join(root, 'calls.jsonl'),
    addPlugin(type, opts = {}) {
      const fake = { type, log: sb.log, versions: opts.versions ?? ['0.3.1', '0.4.0', '1.0.0', '1.1.0'], versionError: opts.versionError };
      const file = join(sb.bin, type);
      writeFileSync(file, `#!/usr/bin/env node\nglobalThis.FAKE = ${JSON.stringify(fake)};\nrequire(${JSON.stringify(FAKE)});\n`);
      chmodSync(file, 0o755);
    },
    calls() {
      let text = '';
      try {
        text = readFileSync(sb.log, 'utf8');
      } catch {
        return [];
      }
      return text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    },
    clearCalls() {
      rmSync(sb.log, { force: true });
    },
    writeConf(name, doc) {
      const file = join(sb.confDir, name);
      writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
      return file;
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
  mkdirSync(sb.bin);
  mkdirSync(sb.confDir);
  return sb;
}
