// Config loading as libcni does it: file order, formats, drop-in folders, version selection, flags.
import { test, describe, afterEach, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NoConfigsFoundError, NotFoundError, confListFromBytes, loadNetworkConf } from '../../src/runtime/index.js';
import { type Sandbox, sandbox } from './support.js';

let sb: Sandbox;
beforeEach(() => (sb = sandbox()));
afterEach(() => sb.cleanup());

const list = (name: string, tag: string, extra: object = {}) => ({ cniVersion: '1.0.0', name, plugins: [{ type: 'p', tag }], ...extra });
const tagOf = (l: { plugins: { network: Record<string, unknown> }[] }) => l.plugins[0].network.tag;

describe('loadNetworkConf', () => {
  test('a .conflist wins over a .conf of the same name, whatever the file names', () => {
    sb.writeConf('00-first.conf', { cniVersion: '1.0.0', name: 'net', type: 'p', tag: 'conf' });
    sb.writeConf('99-last.conflist', list('net', 'conflist'));
    assert.equal(tagOf(loadNetworkConf(sb.confDir, 'net')), 'conflist');
  });

  test('files are tried in byte order of their names (10 before 2), the first match wins', () => {
    sb.writeConf('2-b.conflist', list('net', 'two'));
    sb.writeConf('10-a.conflist', list('net', 'ten'));
    const l = loadNetworkConf(sb.confDir, 'net');
    assert.equal(tagOf(l), 'ten');
    assert.equal(l.file, join(sb.confDir, '10-a.conflist'));
  });

  test('a malformed .conflist before the match aborts the load', () => {
    sb.writeConf('10-bad.conflist', '{"name":');
    sb.writeConf('20-good.conflist', list('net', 'good'));
    assert.throws(() => loadNetworkConf(sb.confDir, 'net'), /error parsing configuration list: /);
  });

  test('a single .conf becomes a one-plugin list whose bytes are the sorted wrapper', () => {
    sb.writeConf('10-single.conf', { type: 'bridge', name: 'single', cniVersion: '0.4.0', zeta: 1, alpha: { b: 1, a: 2 } });
    const l = loadNetworkConf(sb.confDir, 'single');
    assert.equal(l.name, 'single');
    assert.equal(l.cniVersion, '0.4.0');
    assert.equal(l.plugins.length, 1);
    assert.equal(l.plugins[0].network.type, 'bridge');
    assert.equal(
      l.bytes.toString(),
      '{"cniVersion":"0.4.0","name":"single","plugins":[{"alpha":{"a":2,"b":1},"cniVersion":"0.4.0","name":"single","type":"bridge","zeta":1}]}',
    );
  });

  test('.json counts as a single config; other extensions and sub-directories do not', () => {
    sb.writeConf('a.conf.bak', { name: 'bak', type: 'p' });
    mkdirSync(join(sb.confDir, 'dir.conflist'));
    sb.writeConf('b.json', { name: 'js', type: 'p' });
    assert.equal(loadNetworkConf(sb.confDir, 'js').plugins[0].network.type, 'p');
    assert.throws(() => loadNetworkConf(sb.confDir, 'bak'), NotFoundError);
  });

  test('no files at all, or a missing directory: NoConfigsFoundError', () => {
    assert.throws(() => loadNetworkConf(sb.confDir, 'x'), (e: Error) => e instanceof NoConfigsFoundError && e.message === `no net configurations found in ${sb.confDir}`);
    assert.throws(() => loadNetworkConf(join(sb.root, 'nope'), 'x'), NoConfigsFoundError);
  });

  test('only conflists and none matches: NotFoundError naming the network and the directory', () => {
    sb.writeConf('a.conflist', list('other', 'x'));
    assert.throws(() => loadNetworkConf(sb.confDir, 'net'), { message: `no net configuration with name "net" in ${sb.confDir}` });
  });

  test('plugins of <dir>/<network>/*.conf are appended unless loadOnlyInlinedPlugins', () => {
    sb.writeConf('a.conflist', list('net', 'inline'));
    sb.writeConf('b.conflist', { cniVersion: '1.0.0', name: 'only', loadOnlyInlinedPlugins: true, plugins: [{ type: 'p', tag: 'inline' }] });
    for (const net of ['net', 'only']) {
      mkdirSync(join(sb.confDir, net));
      writeFileSync(join(sb.confDir, net, '2.conf'), JSON.stringify({ type: 'q', tag: 'two' }));
      writeFileSync(join(sb.confDir, net, '1.conf'), JSON.stringify({ type: 'q', tag: 'one' }));
    }
    assert.deepEqual(loadNetworkConf(sb.confDir, 'net').plugins.map((p) => p.network.tag), ['inline', 'one', 'two']);
    assert.deepEqual(loadNetworkConf(sb.confDir, 'only').plugins.map((p) => p.network.tag), ['inline']);
  });

  test('a list without plugins takes them all from its folder, and fails when there are none', () => {
    sb.writeConf('a.conflist', { cniVersion: '1.0.0', name: 'net' });
    assert.throws(() => loadNetworkConf(sb.confDir, 'net'), { message: 'no plugin configs found' });
    mkdirSync(join(sb.confDir, 'net'));
    writeFileSync(join(sb.confDir, 'net', 'x.conf'), JSON.stringify({ type: 'q' }));
    assert.equal(loadNetworkConf(sb.confDir, 'net').plugins[0].network.type, 'q');
  });
});

describe('confListFromBytes', () => {
  const parse = (doc: unknown) => confListFromBytes(Buffer.from(JSON.stringify(doc)));
  const plugins = [{ type: 'p' }];

  test('cniVersions: the highest usable version is chosen', () => {
    assert.equal(parse({ name: 'n', cniVersions: ['1.1.0', '0.4.0', '1.0.0'], plugins }).cniVersion, '1.1.0');
    assert.equal(parse({ name: 'n', cniVersions: ['99.0.0', '1.0.0'], plugins }).cniVersion, '1.0.0');
    assert.equal(parse({ name: 'n', cniVersion: '1.0.0', cniVersions: ['0.1.0', '0.4.0'], plugins }).cniVersion, '1.0.0');
    assert.equal(parse({ name: 'n', cniVersion: '1.2.3', plugins }).cniVersion, '1.2.3');
    assert.equal(parse({ name: 'n', cniVersions: [], plugins }).cniVersion, '');
    assert.throws(() => parse({ name: 'n', cniVersions: ['1.0.f'], plugins }), /invalid cniVersions entry 1.0.f at index 0/);
  });

  test('flags accept booleans and case-insensitive "true"/"false" strings only', () => {
    const l = parse({ name: 'n', disableCheck: 'TRUE', disableGC: true, plugins });
    assert.equal(l.disableCheck, true);
    assert.equal(l.disableGC, true);
    assert.equal(parse({ name: 'n', disableCheck: 'False', plugins }).disableCheck, false);
    assert.throws(() => parse({ name: 'n', disableCheck: 'yes', plugins }), { message: 'error parsing configuration list: invalid value "yes" for disableCheck' });
    assert.throws(() => parse({ name: 'n', disableGC: 1, plugins }), { message: 'error parsing configuration list: invalid type float64 for disableGC' });
  });

  test('structural errors carry libcni messages', () => {
    assert.throws(() => parse({ plugins }), { message: 'error parsing configuration list: no name' });
    assert.throws(() => parse({ name: 3, plugins }), { message: 'error parsing configuration list: invalid name type float64' });
    assert.throws(() => parse({ name: 'n', plugins: [] }), { message: 'error parsing configuration list: no plugins in list' });
    assert.throws(() => parse({ name: 'n', plugins: [{ type: 'p' }, { ipam: {} }] }), { message: "failed to parse plugin config 1: error parsing configuration: missing 'type'" });
    assert.throws(() => parse({ name: 'n', loadOnlyInlinedPlugins: true }), /loadOnlyInlinedPlugins` is true, and no 'plugins' key/);
  });

  test('the bytes are kept as given, for the cache', () => {
    const text = '{ "name": "n",  "plugins": [ {"type":"p"} ] }';
    assert.equal(confListFromBytes(Buffer.from(text)).bytes.toString(), text);
  });
});
