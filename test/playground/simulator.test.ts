// The simulator: host-local's round robin over the in-memory store, results in the config's
// version, the pictures' runs and cursor, and the URL fragment that reproduces a session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Invocation } from '../../src/playground/host-local-sim.js';
import { simulate } from '../../src/playground/simulator.js';
import { decodeState, encodeState } from '../../src/playground/url-state.js';
import { mapSource, nodeAt } from '../../src/playground/json-source.js';

const add = (containerId: string, cniArgs?: string): Invocation => ({ command: 'ADD', containerId, ifname: 'eth0', ...(cniArgs ? { cniArgs } : {}) });
const del = (containerId: string): Invocation => ({ command: 'DEL', containerId, ifname: 'eth0' });
const conf = (ipam: object, cniVersion = '1.0.0') => JSON.stringify({ cniVersion, name: 'sim', ipam: { type: 'host-local', ...ipam } });
const addresses = (sim: Awaited<ReturnType<typeof simulate>>) =>
  sim.steps.map((s) => (s.outcome.ok ? (JSON.parse(s.outcome.stdout || '{}').ips ?? []).map((i: { address: string }) => i.address).join(',') : s.outcome.message));

test('round robin: a released address comes back only after a full cycle', async () => {
  const sim = await simulate(conf({ subnet: '10.0.0.0/29' }), [add('a'), add('b'), add('c'), del('a'), add('d'), add('e'), add('f'), add('g')]);
  // /29: .1 is the gateway, .2-.6 usable. After .4, the cursor goes on to .5, .6, then wraps to .2.
  assert.deepEqual(addresses(sim), ['10.0.0.2/29', '10.0.0.3/29', '10.0.0.4/29', '', '10.0.0.5/29', '10.0.0.6/29', '10.0.0.2/29',
    'failed to allocate for range 0: no IP addresses available in range set: 10.0.0.1-10.0.0.6']);
  const [pic] = sim.pictures;
  assert.equal(pic.next, null, 'the set is full');
  assert.equal(String(pic.last), '10.0.0.2');
});

test('a duplicate ADD fails with the reference message; a requested IP is honoured', async () => {
  const sim = await simulate(conf({ subnet: '10.1.2.0/24' }), [add('a'), add('a'), add('b', 'IP=10.1.2.77')]);
  assert.deepEqual(addresses(sim), ['10.1.2.2/24', 'failed to allocate for range 0: 10.1.2.2 has been allocated to a, duplicate allocation is not allowed', '10.1.2.77/24']);
  assert.equal(sim.steps[1].outcome.code, 999);
});

test('results are printed in the config\'s cniVersion', async () => {
  const sim = await simulate(conf({ subnet: '10.9.0.0/24', routes: [{ dst: '0.0.0.0/0' }] }, '0.2.0'), [add('a')]);
  assert.deepEqual(JSON.parse(sim.steps[0].outcome.stdout), { cniVersion: '0.2.0', ip4: { ip: '10.9.0.2/24', gateway: '10.9.0.1', routes: [{ dst: '0.0.0.0/0' }] }, dns: {} });
});

test('the picture of a /16: reserved ends, taken run, cursor after the last ADD', async () => {
  const sim = await simulate(conf({ subnet: '10.22.0.0/16' }), [add('a'), add('b'), add('c')]);
  const [{ subnets: [pic] }] = sim.pictures;
  assert.equal(pic.size, 65536n);
  assert.deepEqual(pic.runs.map((r) => [r.state, r.from, r.count]), [
    ['network', 0n, 1n], ['gateway', 1n, 1n], ['taken', 2n, 3n], ['free', 5n, 65530n], ['broadcast', 65535n, 1n],
  ]);
  assert.equal(pic.taken, 3n);
  assert.deepEqual([pic.last, pic.next], [4n, 5n]);
});

test('an IPv6 /64 stays a handful of runs', async () => {
  const sim = await simulate(conf({ ranges: [[{ subnet: 'fd00:1::/64', rangeStart: 'fd00:1::10', rangeEnd: 'fd00:1::1f' }]] }), [add('a'), add('b')]);
  const [{ subnets: [pic] }] = sim.pictures;
  assert.equal(pic.size, 1n << 64n);
  assert.deepEqual(pic.runs.map((r) => r.state), ['network', 'gateway', 'outside', 'taken', 'free', 'outside']);
  assert.equal(pic.free, 14n);
  assert.equal(pic.runs.at(-1)?.count, (1n << 64n) - 0x20n);
});

test('two ranges sharing nothing: the cursor wraps into the next range', async () => {
  const sim = await simulate(conf({ ranges: [[{ subnet: '10.0.0.0/30' }, { subnet: '10.0.1.0/30' }]] }), [add('a'), add('b'), add('c')]);
  assert.deepEqual(addresses(sim), ['10.0.0.2/30', '10.0.1.2/30', 'failed to allocate for range 0: no IP addresses available in range set: 10.0.0.1-10.0.0.2,10.0.1.1-10.0.1.2']);
  assert.equal(sim.pictures[0].subnets.length, 2);
});

test('the URL fragment carries the config and the calls', () => {
  const state = { config: '{"name": "ü net", "x": "a+b/c=="}\n', ops: [add('ctr-1'), add('ctr-2', 'IP=10.0.0.9;IgnoreUnknown=1'), del('ctr-1')] };
  const fragment = encodeState(state);
  assert.match(fragment, /^#config=[A-Za-z0-9_-]+&ops=/);
  assert.deepEqual(decodeState(fragment), state);
  assert.equal(decodeState('#nothing=1'), null);
  assert.equal(decodeState('#config=%%%'), null);
});

test('paths find keys as Go does: any case, the last duplicate, old hyphenated spellings', () => {
  const text = '{"IPAM": {"Subnet": "a", "subnet": "b", "range-start": "c", "ranges": [[{"gateway": "d"}]]}}';
  const { root } = mapSource(text);
  assert.ok(root);
  const find = (p: string) => {
    const { node, exact } = nodeAt(root, p);
    return exact ? node.value : `parent@${node.start}`;
  };
  assert.equal(find('ipam.subnet'), 'b');
  assert.equal(find('ipam.rangeStart'), 'c');
  assert.equal(find('ipam.ranges[0][0].gateway'), 'd');
  assert.equal(find('/ipam/ranges/0/0/gateway'), 'd');
  assert.equal(find('ipam.ranges[0][1].subnet'), `parent@${text.indexOf('[{')}`);
});
