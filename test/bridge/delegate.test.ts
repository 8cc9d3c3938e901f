// src/cni/delegate.ts: plugin lookup in CNI_PATH and the reference's messages for plugins that
// are missing or fail, with small shell-script plugins in a temporary directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { delegateAdd, delegateDel, findInPath } from '../../src/cni/delegate.js';
import { CniError } from '../../src/cni/errors.js';

function withPlugins(scripts: Record<string, string>, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `cni-delegate-test-${process.pid}-`));
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('findInPath: the reference lookup rules and messages', async () => {
  await withPlugins({ ipam: 'exit 0' }, async (dir) => {
    assert.equal(findInPath('ipam', ['/nonexistent', dir]), join(dir, 'ipam'));
    assert.throws(() => findInPath('', [dir]), { message: 'no plugin name provided' });
    assert.throws(() => findInPath('a/b', [dir]), { message: 'invalid plugin name: a/b' });
    assert.throws(() => findInPath('ipam', []), { message: 'no paths provided' });
    assert.throws(() => findInPath('other', ['/nonexistent', dir]), { message: `failed to find plugin "other" in path [/nonexistent ${dir}]` });
  });
});

test('the delegate gets our env with CNI_COMMAND overridden, and stdin unchanged', async () => {
  const scripts = { echo: 'printf \'{"cniVersion":"1.0.0","cmd":"%s","args":"%s","stdin":%s}\' "$CNI_COMMAND" "$CNI_ARGS" "$(cat)"' };
  await withPlugins(scripts, async (dir) => {
    const out = await delegateAdd('echo', Buffer.from('{"x":1}'), { PATH: process.env.PATH, CNI_PATH: dir, CNI_COMMAND: 'CHECK', CNI_ARGS: 'A=1' });
    assert.deepEqual(out, { cniVersion: '1.0.0', cmd: 'ADD', args: 'A=1', stdin: { x: 1 } });
  });
});

test('a failing delegate: its coded error, or the reference messages without one', async () => {
  const scripts = {
    coded: 'printf \'{"code": 11, "msg": "try again", "details": "later"}\'; exit 1',
    silent: 'echo "broken pipe" >&2; exit 1',
    mute: 'exit 3',
    garbage: 'echo "not json"; exit 1',
  };
  await withPlugins(scripts, async (dir) => {
    const env = { PATH: process.env.PATH, CNI_PATH: dir };
    const fail = (type: string) => delegateDel(type, Buffer.from('{}'), env).then(() => null, (e) => e as CniError);
    const coded = await fail('coded');
    assert.deepEqual([coded!.code, coded!.msg, coded!.details], [11, 'try again', 'later']);
    assert.equal((await fail('silent'))!.msg, 'netplugin failed: "broken pipe\\n"');
    assert.equal((await fail('mute'))!.msg, 'netplugin failed with no error message: exit status 3');
    assert.match((await fail('garbage'))!.msg, /^netplugin failed but error parsing its diagnostic message "not json\\n": /);
  });
});
