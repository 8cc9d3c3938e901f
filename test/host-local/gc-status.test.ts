// GC (which the reference lacks, plugins#1047) and STATUS (the reference always answers ready).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { netConf } from './support/conf.js';
import { networkFiles, reservations, tempDataDir, writeReservation } from './support/dirs.js';
import { cniError, cniResult, runInProcess } from './support/run.js';

const tmp = tempDataDir('hl-gc');
after(tmp.remove);
let seq = 0;

function network(ipam: Record<string, unknown> = { ranges: [[{ subnet: '10.1.2.0/24' }]] }) {
  const dataDir = join(tmp.dataDir, `d${seq++}`);
  return { dataDir, conf: netConf(dataDir, ipam, { version: '1.1.0' }) };
}

const add = async (conf: unknown, containerId: string, ifname = 'eth0') =>
  cniResult(await runInProcess({ command: 'ADD', config: conf, containerId, ifname }));

const gcEnv = { CNI_CONTAINERID: undefined, CNI_NETNS: undefined, CNI_IFNAME: undefined };
const gc = (conf: Record<string, unknown>, extra: Record<string, unknown>) =>
  runInProcess({ command: 'GC', config: { ...conf, ...extra }, env: gcEnv });
const status = (conf: Record<string, unknown>) => runInProcess({ command: 'STATUS', config: conf, env: gcEnv });

describe('GC', () => {
  test('releases every reservation not in cni.dev/valid-attachments, keeps the pointers', async () => {
    const { dataDir, conf } = network();
    await add(conf, 'a');
    await add(conf, 'b');
    await add(conf, 'b', 'eth1');
    const out = await gc(conf, { 'cni.dev/valid-attachments': [{ containerID: 'b', ifname: 'eth0' }] });
    assert.deepEqual([out.code, out.stdout], [0, '']);
    assert.deepEqual(networkFiles(dataDir, 'mynet'), { '10.1.2.3': 'b\r\neth0', 'last_reserved_ip.0': '10.1.2.4' });
  });

  test('honours the older cni.dev/attachments key', async () => {
    const { dataDir, conf } = network();
    await add(conf, 'a');
    await add(conf, 'b');
    assert.equal((await gc(conf, { 'cni.dev/attachments': [{ containerID: 'a', ifname: 'eth0' }] })).code, 0);
    assert.deepEqual(reservations(dataDir, 'mynet'), { '10.1.2.2': 'a\r\neth0' });
  });

  test('a legacy ID-only file is kept when its container is still valid', async () => {
    const { dataDir, conf } = network();
    writeReservation(dataDir, 'mynet', '10.1.2.7', 'legacy');
    writeReservation(dataDir, 'mynet', '10.1.2.8', 'gone');
    assert.equal((await gc(conf, { 'cni.dev/valid-attachments': [{ containerID: 'legacy', ifname: 'eth3' }] })).code, 0);
    assert.deepEqual(reservations(dataDir, 'mynet'), { '10.1.2.7': 'legacy' });
  });

  test('takes back an empty file a crashed reference plugin leaked (plugins#498)', async () => {
    const { dataDir, conf } = network();
    await add(conf, 'a');
    writeReservation(dataDir, 'mynet', '10.1.2.9', '');
    assert.equal((await gc(conf, { 'cni.dev/valid-attachments': [{ containerID: 'a', ifname: 'eth0' }] })).code, 0);
    assert.deepEqual(reservations(dataDir, 'mynet'), { '10.1.2.2': 'a\r\neth0' });
  });

  test('an empty list releases everything', async () => {
    const { dataDir, conf } = network();
    await add(conf, 'a');
    assert.equal((await gc(conf, { 'cni.dev/valid-attachments': [] })).code, 0);
    assert.deepEqual(reservations(dataDir, 'mynet'), {});
  });

  test('without either key nothing is released', async () => {
    const { dataDir, conf } = network();
    await add(conf, 'a');
    assert.equal((await gc(conf, {})).code, 0);
    assert.deepEqual(reservations(dataDir, 'mynet'), { '10.1.2.2': 'a\r\neth0' });
  });

  test('a malformed attachment list is an error and releases nothing', async () => {
    const { dataDir, conf } = network();
    await add(conf, 'a');
    const err = cniError(await gc(conf, { 'cni.dev/valid-attachments': [{ containerID: 'a' }] }));
    assert.match(err.msg, /attachment/);
    assert.deepEqual(reservations(dataDir, 'mynet'), { '10.1.2.2': 'a\r\neth0' });
  });

  test('needs cniVersion 1.1.0', async () => {
    const { conf } = network();
    const err = cniError(await gc({ ...conf, cniVersion: '1.0.0' }, { 'cni.dev/valid-attachments': [] }));
    assert.deepEqual([err.code, err.msg], [1, 'config version does not allow GC']);
  });
});

describe('STATUS', () => {
  test('ready while an address is free', async () => {
    const { conf } = network({ ranges: [[{ subnet: '10.1.2.0/30' }]] });
    assert.deepEqual(await status(conf), { stdout: '', stderr: '', code: 0 });
  });

  test('code 50 once every range set is exhausted', async () => {
    const { conf } = network({ ranges: [[{ subnet: '10.1.2.0/30' }], [{ subnet: 'fd00::/126' }]] });
    await add(conf, 'a'); // takes 10.1.2.2, the only address of the /30, and fd00::2
    // One exhausted set is not enough for "not ready": every set must be.
    assert.equal((await status(conf)).code, 0);
    writeReservation((conf.ipam as { dataDir: string }).dataDir, 'mynet', 'fd00::3', 'x');
    const err = cniError(await status(conf));
    assert.deepEqual([err.code, err.msg], [50,
      'no IP addresses available in range set: 10.1.2.1-10.1.2.2; no IP addresses available in range set: fd00::1-fd00::3']);
  });

  test('an invalid config is reported, not called ready', async () => {
    const { conf } = network({ ranges: [[{ subnet: '10.1.2.0/31' }]] });
    assert.equal(cniError(await status(conf)).msg, 'invalid range set 0: Network 10.1.2.0/31 too small to allocate from');
  });
});
