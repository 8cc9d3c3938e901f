// The host-local schema rejects exactly what the reference's JSON decoder rejects: every field of a
// valid config is set to values of other JSON types, and the reference (v1.9.1) is asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { validate, describeProblem } from '../../src/config/index.js';
import { LATEST_HOST_LOCAL, containerEnv, runReference, tempDataDir } from '../cni/support/reference.js';

function baseConfig(dataDir: string): Record<string, any> {
  return {
    cniVersion: '1.0.0', name: 'net1', type: 'bridge', capabilities: { ips: true }, dns: { nameservers: ['10.0.0.1'] },
    ipam: {
      type: 'host-local', name: 'x', dataDir, resolvConf: '/dev/null',
      ranges: [[{ subnet: '10.1.0.0/24', rangeStart: '10.1.0.10', rangeEnd: '10.1.0.20', gateway: '10.1.0.1' }]],
      routes: [{ dst: '0.0.0.0/0', gw: '10.1.0.1', mtu: 1400, advmss: 1300, priority: 5, table: 0, scope: 0 }],
    },
    runtimeConfig: { ips: ['10.1.0.15'], ipRanges: [] },
    args: { cni: { ips: ['10.1.0.15'] } },
  };
}

const PATHS = [
  'type', 'capabilities', 'dns', 'ipam', 'ipam.type', 'ipam.name', 'ipam.dataDir', 'ipam.resolvConf', 'ipam.ranges', 'ipam.ranges.0',
  'ipam.ranges.0.0', 'ipam.ranges.0.0.subnet', 'ipam.ranges.0.0.rangeStart', 'ipam.ranges.0.0.rangeEnd', 'ipam.ranges.0.0.gateway',
  'ipam.routes', 'ipam.routes.0', 'ipam.routes.0.dst', 'ipam.routes.0.gw', 'ipam.routes.0.mtu', 'ipam.routes.0.advmss',
  'ipam.routes.0.priority', 'ipam.routes.0.table', 'ipam.routes.0.scope', 'runtimeConfig', 'runtimeConfig.ips', 'runtimeConfig.ips.0',
  'runtimeConfig.ipRanges', 'args', 'args.cni', 'args.cni.ips', 'args.cni.ips.0',
];
const VALUES: unknown[] = [5, 1.5, true, [], {}, null, 'text'];

function setPath(doc: Record<string, any>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: any = doc;
  for (const p of parts.slice(0, -1)) node = node[p];
  node[parts[parts.length - 1]!] = value;
}

test('host-local schema and the reference decoder agree on JSON types', (t) => {
  // One scratch directory is both the working directory (dataDir "text" is relative) and the
  // parent of each case's dataDir, so nothing lands in the repository or stays in /tmp.
  const scratch = tempDataDir();
  t.after(() => rmSync(scratch, { recursive: true, force: true }));
  let rejected = 0;
  let caseNo = 0;
  for (const path of PATHS) {
    for (const value of VALUES) {
      if (path === 'ipam.dataDir' && value === null) continue; // would use /var/lib/cni/networks
      const dataDir = join(scratch, String(caseNo++));
      mkdirSync(dataDir);
      const doc = baseConfig(dataDir);
      setPath(doc, path, value);
      const problems = validate('host-local', doc);
      const r = runReference(LATEST_HOST_LOCAL, containerEnv('ADD'), JSON.stringify(doc), scratch);
      const decodeFailure = r.exitCode !== 0 && /cannot unmarshal/.test(r.stdout);
      const label = `${path} = ${JSON.stringify(value)}: ours ${problems.map(describeProblem).join('; ') || 'valid'}; reference ${r.stdout}`;
      assert.equal(problems.length > 0, decodeFailure, label);
      if (decodeFailure) rejected++;
    }
  }
  assert.ok(rejected > 100, `only ${rejected} rejections exercised`);
});
