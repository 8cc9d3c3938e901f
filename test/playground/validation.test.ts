// The playground's checks in Node: each problem lands on its line and field, in the plugin's words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXAMPLES } from '../../src/playground/examples.js';
import { checkConfig, type Report } from '../../src/playground/validation.js';

const example = (id: string) => {
  const found = EXAMPLES.find((e) => e.id === id);
  assert.ok(found, id);
  return found.text;
};

// The 1-based line of the first line of `text` containing `needle`.
function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${needle} not in the text`);
  return i + 1;
}

function at(report: Report, path: string) {
  const found = report.diagnostics.filter((d) => d.path === path);
  assert.ok(found.length > 0, `no problem at ${path}; have ${report.diagnostics.map((d) => `${d.path}: ${d.message}`).join(' | ')}`);
  return found;
}

test('every example is checked, and the seed configs get the verdicts the reference gives them', async () => {
  const verdicts: Record<string, boolean | null> = {};
  for (const e of EXAMPLES) {
    const r = await checkConfig(e.text);
    verdicts[e.id] = r.hostLocal ? r.hostLocal.outcome.ok : null;
  }
  assert.deepEqual(verdicts, {
    'bridge-v4': true,
    'seed-mynet': true,
    'seed-mynet-020': true,
    'seed-loopback': null, // no IPAM
    'seed-default': true,
    'seed-ipv6': true,
    'seed-ipv4': false, // 203.0.113.1/24 has host bits set
    'dual-stack': true,
    'two-ranges': true,
    mistakes: false,
  });
});

test('host bits: the plugin message at the subnet line', async () => {
  const text = example('seed-ipv4');
  const r = await checkConfig(text);
  const [d] = at(r, 'ipam.subnet');
  assert.equal(d.severity, 'error');
  assert.equal(d.message, 'invalid range set 0: Network has host bits set. For a subnet mask of length 24 the network address is 203.0.113.0');
  assert.equal(d.line, lineOf(text, '"subnet"'));
  assert.equal(text.slice(d.start, d.end), '"subnet": "203.0.113.1/24"');
  assert.equal(r.hostLocal?.outcome.message, d.message, 'the plugin verdict is this problem, not a second copy');
  assert.equal(r.diagnostics.filter((x) => x.message === d.message).length, 1);
});

test('deprecated range-start: a warning that suggests rangeStart', async () => {
  const text = example('seed-ipv6');
  const r = await checkConfig(text);
  const [d] = at(r, 'ipam.range-start');
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /did you mean "rangeStart"/);
  assert.equal(d.line, lineOf(text, '"range-start"'));
});

test('start after end, a typo, each at its own field; all problems, not only the first', async () => {
  const text = example('mistakes');
  const r = await checkConfig(text);
  const [start] = at(r, 'ipam.ranges[1][0].rangeStart');
  assert.equal(start.message, 'invalid range set 1: RangeStart 10.1.2.50 not in network 10.1.2.0/24');
  assert.equal(start.line, lineOf(text, '10.1.2.50'));
  assert.equal(start.hint, 'rangeStart 10.1.2.50 is inside 10.1.2.0/24 but after rangeEnd 10.1.2.40', 'the reference message misleads; the hint says why');
  const [typo] = at(r, 'ipam.ranges[2][0].gatway');
  assert.match(typo.message, /did you mean "gateway"/);
  assert.equal(r.valid, false);
});

const conf = (ipam: object, extra: object = {}) => JSON.stringify({ cniVersion: '1.0.0', name: 'n', ...extra, ipam: { type: 'host-local', ...ipam } }, null, 2);

test('overlapping range sets point at the later set', async () => {
  const r = await checkConfig(conf({ ranges: [[{ subnet: '10.1.0.0/16' }], [{ subnet: '10.1.2.0/24' }]] }));
  const [d] = at(r, 'ipam.ranges[1]');
  assert.equal(d.message, 'range set 0 overlaps with 1');
});

test('overlapping ranges inside a set point at the later range', async () => {
  const r = await checkConfig(conf({ ranges: [[{ subnet: '10.1.0.0/22' }, { subnet: '10.1.2.0/24' }]] }));
  const [d] = at(r, 'ipam.ranges[0][1].subnet');
  assert.equal(d.message, 'invalid range set 0: subnets 10.1.0.1-10.1.3.254 and 10.1.2.1-10.1.2.254 overlap');
});

test('family mix and too-small networks', async () => {
  const mixed = await checkConfig(conf({ ranges: [[{ subnet: '10.1.2.0/24' }, { subnet: 'fd00::/64' }]] }));
  assert.equal(at(mixed, 'ipam.ranges[0][1].subnet')[0].message, 'invalid range set 0: mixed address families');
  const small = await checkConfig(conf({ ranges: [[{ subnet: '10.9.0.0/24' }], [{ subnet: '10.9.1.0/31' }]] }));
  assert.equal(at(small, 'ipam.ranges[1][0].subnet')[0].message, 'invalid range set 1: Network 10.9.1.0/31 too small to allocate from');
});

test('a gateway outside the subnet is accepted, with a warning at the gateway', async () => {
  const r = await checkConfig(conf({ subnet: '10.9.0.0/24', gateway: '192.168.0.1' }));
  assert.equal(r.valid, true);
  assert.equal(r.hostLocal?.outcome.ok, true);
  const [d] = at(r, 'ipam.gateway');
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /outside 10\.9\.0\.0\/24/);
});

test('schema errors name the field and the value', async () => {
  const text = conf({ ranges: [[{ subnet: 10 }]] });
  const r = await checkConfig(text);
  const [d] = at(r, 'ipam.ranges[0][0].subnet');
  assert.equal(d.source, 'schema');
  assert.match(d.message, /must be a string, got 10/);
  assert.equal(d.line, lineOf(text, '"subnet": 10'));
});

test('a bad address is found by its value', async () => {
  const text = conf({ subnet: '10.1.2.0/24', rangeEnd: '10.1.2.300' });
  const r = await checkConfig(text);
  const [d] = at(r, 'ipam.rangeEnd');
  assert.equal(d.message, 'invalid IP address: 10.1.2.300');
});

test('JSON syntax errors: Go\'s message at the offending character', async () => {
  const text = '{\n  "name": "n",\n  "ipam": {\n    "subnet": "10.1.2.0/24",\n  }\n}\n';
  const r = await checkConfig(text);
  assert.equal(r.diagnostics.length, 1);
  const [d] = r.diagnostics;
  assert.equal(d.message, "invalid character '}' looking for beginning of object key string");
  assert.deepEqual([d.line, d.column], [5, 3]);
  assert.equal(r.hostLocal?.outcome.message, "error unmarshall network config: invalid character '}' looking for beginning of object key string");
});

test('a conflist: list-level name and version are injected, problems point into plugins[i]', async () => {
  const text = JSON.stringify({
    cniVersion: '1.0.0',
    name: 'list',
    plugins: [{ type: 'bridge', mtu: '1500', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.2.3/24' }]] } }, { type: 'portmap', capabilities: { portMappings: true } }],
  }, null, 2);
  const r = await checkConfig(text);
  assert.equal(r.shape?.kind, 'conflist');
  assert.deepEqual(r.hostLocal?.target.steps, ['plugins', 0]);
  assert.equal(at(r, 'plugins[0].mtu')[0].source, 'schema');
  assert.match(at(r, 'plugins[0].ipam.ranges[0][0].subnet')[0].message, /host bits set/);
});

test('the version gate of old configs points at cniVersion', async () => {
  const text = conf({ ranges: [[{ subnet: '10.1.0.0/24' }], [{ subnet: '10.2.0.0/24' }]] }, { cniVersion: '0.2.0' });
  const r = await checkConfig(text);
  const [d] = at(r, 'cniVersion');
  assert.equal(d.message, 'CNI version 0.2.0 does not support more than 1 address per family');
});
