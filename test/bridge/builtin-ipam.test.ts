// bridge runs the host-local of its own build in-process (no second node start-up) and execs
// anything else. The file in CNI_PATH decides: its marker line must name this very build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OURS, ipamFiles, ourPlugin, withLab } from './harness.js';
import { NET, bridgeConf, hostLocal, ok } from './fixtures.js';

const bridge = ourPlugin('bridge');
const [shebang, marker] = readFileSync(ourPlugin('host-local'), 'utf8').split('\n', 2);

/** A CNI_PATH dir with our bridge and a host-local that fails whenever it is exec'd. */
function pluginDir(markerLine: string): string {
  const dir = mkdtempSync(join(tmpdir(), `cni-builtin-${process.pid}-`));
  copyFileSync(bridge, join(dir, 'bridge'));
  copyFileSync(join(OURS, 'ipam.wasm'), join(dir, 'ipam.wasm'));
  copyFileSync(join(OURS, 'package.json'), join(dir, 'package.json'));
  const failing = `${shebang}\n${markerLine}\nprocess.stdout.write(JSON.stringify({ code: 999, msg: "exec'd" }));\nprocess.exitCode = 1;\n`;
  writeFileSync(join(dir, 'host-local'), failing);
  chmodSync(join(dir, 'host-local'), 0o755);
  return dir;
}

test('a host-local of the same build runs in-process: its file is never executed', async () => {
  const dir = pluginDir(marker!);
  try {
    await withLab(1, async (lab) => {
      const conf = bridgeConf({ isGateway: true }, hostLocal(lab, '192.0.2.0/24'));
      const opts = { containerId: 'builtin1', netns: lab.nsPath(lab.containers[0]), path: dir };
      const result = ok(lab.exec(join(dir, 'bridge'), 'ADD', conf, opts), 'ADD');
      assert.equal(result.ips[0].address, '192.0.2.2/24');
      assert.deepEqual(ipamFiles(lab, NET).filter((f) => !f.startsWith('last_reserved_ip') && f !== 'lock'), ['192.0.2.2']);
      ok(lab.exec(join(dir, 'bridge'), 'DEL', conf, opts), 'DEL');
      assert.deepEqual(ipamFiles(lab, NET).filter((f) => !f.startsWith('last_reserved_ip') && f !== 'lock'), []);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a host-local of another build is exec\'d like any plugin', async () => {
  const dir = pluginDir(marker!.replace(/build \S+/, 'build 0000000000000000'));
  try {
    await withLab(1, async (lab) => {
      const conf = bridgeConf({ isGateway: true }, hostLocal(lab, '192.0.2.0/24'));
      const opts = { containerId: 'builtin2', netns: lab.nsPath(lab.containers[0]), path: dir };
      const r = lab.exec(join(dir, 'bridge'), 'ADD', conf, opts);
      assert.equal(r.code, 1);
      assert.deepEqual(r.json, { code: 999, msg: "exec'd" });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
