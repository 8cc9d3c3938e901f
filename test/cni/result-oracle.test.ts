// Results printed by the latest reference host-local, in every spec version, must be what our
// formatter prints for the same content: converting from 1.1.0 down, and round-tripping each version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUPPORTED_VERSIONS, formatResult, parseResult } from '../../src/cni/index.js';
import { LATEST_HOST_LOCAL, containerEnv, runReference, tempDataDir } from './support/reference.js';

interface Scenario {
  name: string; ranges: unknown[]; routes?: unknown[]; resolv?: string;
  multiPerFamily?: boolean; // the reference refuses these below 0.3.0
}

const scenarios: Scenario[] = [
  {
    name: 'dual stack with 1.1 route fields and full DNS',
    ranges: [[{ subnet: '10.1.2.0/24' }], [{ subnet: '2001:db8:1::/64' }]],
    routes: [
      { dst: '0.0.0.0/0', gw: '10.1.2.1', mtu: 1400, advmss: 1360, priority: 5, table: 0, scope: 0 },
      { dst: '::/0' },
      { dst: '192.168.0.0/16', table: 100 },
    ],
    resolv: 'nameserver 1.1.1.1\nnameserver 2001:4860:4860::8888\ndomain example.com\nsearch a.example b.example\noptions ndots:5 rotate\n',
  },
  { name: 'IPv6 only, a v4 route is dropped in 0.2.0', ranges: [[{ subnet: '2001:db8:2::/64' }]], routes: [{ dst: '0.0.0.0/0' }, { dst: '2001:db8::/32', gw: '2001:db8:2::1' }] },
  { name: 'IPv4 only, no routes, no DNS', ranges: [[{ subnet: '10.9.0.0/24', rangeStart: '10.9.0.100' }]] },
  { name: 'two v4 sets', ranges: [[{ subnet: '10.3.0.0/24' }], [{ subnet: '10.4.0.0/24' }]], routes: [{ dst: '10.0.0.0/8' }], multiPerFamily: true },
  { name: 'host bits kept in route destinations', ranges: [[{ subnet: '10.5.0.0/24' }]], routes: [{ dst: '10.7.1.9/16', gw: '10.5.0.1' }], resolv: 'search only.example\n' },
];

/** The reference's ADD output for this scenario at `version`, on a fresh data dir (so always .2 / ::2). */
function referenceAdd(s: Scenario, version: string): string {
  const dir = tempDataDir();
  const ipam: Record<string, unknown> = { type: 'host-local', dataDir: dir, ranges: s.ranges };
  if (s.routes) ipam.routes = s.routes;
  if (s.resolv) {
    writeFileSync(join(dir, 'resolv.conf'), s.resolv);
    ipam.resolvConf = join(dir, 'resolv.conf');
  }
  const config = JSON.stringify({ cniVersion: version, name: 'net1', ipam });
  const r = runReference(LATEST_HOST_LOCAL, containerEnv('ADD'), config);
  assert.equal(r.exitCode, 0, r.stdout + r.stderr);
  return r.stdout;
}

for (const s of scenarios) {
  test(`results match the reference: ${s.name}`, () => {
    const latest = parseResult(referenceAdd(s, '1.1.0'));
    for (const version of SUPPORTED_VERSIONS) {
      if (s.multiPerFamily && version < '0.3.0') continue;
      const printed = referenceAdd(s, version);
      assert.equal(formatResult(latest, version), printed, `1.1.0 -> ${version}`);
      assert.equal(formatResult(parseResult(printed), version), printed, `${version} round trip`);
    }
  });
}

test('results match the reference: cniVersion absent prints 0.1.0', () => {
  const dir = tempDataDir();
  const config = JSON.stringify({ name: 'net1', ipam: { dataDir: dir, ranges: [[{ subnet: '10.1.7.0/24' }]] } });
  const printed = runReference(LATEST_HOST_LOCAL, containerEnv('ADD'), config).stdout;
  assert.equal(formatResult(parseResult(printed), ''), printed);
  assert.match(printed, /"cniVersion": "0.1.0"/);
});

test('reference-plugins.md 1.10 example (latest, 1.0.0) is what we print', () => {
  const r = parseResult({
    cniVersion: '1.1.0',
    ips: [{ address: '10.1.2.2/24', gateway: '10.1.2.1' }, { address: '2001:db8:1::2/64', gateway: '2001:db8:1::1' }],
    routes: [{ dst: '0.0.0.0/0' }],
  });
  const text = formatResult(r, '1.0.0');
  assert.equal(JSON.stringify(JSON.parse(text)), '{"cniVersion":"1.0.0","ips":[{"address":"10.1.2.2/24","gateway":"10.1.2.1"},{"address":"2001:db8:1::2/64","gateway":"2001:db8:1::1"}],"routes":[{"dst":"0.0.0.0/0"}]}');
  assert.equal(text, JSON.stringify(JSON.parse(text), null, 4));
});

test('reference-plugins.md 1.10 example (0.2.0) drops a ::/0 route without ip6', () => {
  const r = parseResult({ cniVersion: '1.0.0', ips: [{ address: '10.9.0.2/24', gateway: '10.9.0.1' }], routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0' }] });
  assert.equal(JSON.stringify(JSON.parse(formatResult(r, '0.2.0'))), '{"cniVersion":"0.2.0","ip4":{"ip":"10.9.0.2/24","gateway":"10.9.0.1","routes":[{"dst":"0.0.0.0/0"}]},"dns":{}}');
});
