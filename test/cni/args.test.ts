// CNI_ARGS parsing with the reference's rules and messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCniArgs } from '../../src/cni/index.js';
import { LATEST_HOST_LOCAL, containerEnv, runReference, tempDataDir } from './support/reference.js';

/** host-local knows IP (a pkg/ip.IP); this stand-in parser fails with its message (no colon). */
const hostLocalParsers = {
  IP: (v: string) => { if (v !== '' && !/^[\d.]+$|:/.test(v)) throw new Error(`invalid IP address ${v}`); },
};

const cases: { raw: string | undefined; expected: Record<string, string> | string }[] = [
  { raw: undefined, expected: {} },
  { raw: '', expected: {} },
  { raw: 'IP=10.0.0.5', expected: { IP: '10.0.0.5' } },
  { raw: 'IP=', expected: { IP: '' } },
  { raw: 'IP=10.0.0.5;IP=10.0.0.6', expected: { IP: '10.0.0.6' } },
  { raw: 'ip=10.9.0.7', expected: 'ARGS: unknown args ["ip=10.9.0.7"]' },
  { raw: 'a=b;c"=d;IgnoreUnknown=0', expected: 'ARGS: unknown args ["a=b" "c\\"=d"]' },
  { raw: 'IgnoreUnknown=1;K8S_POD_NAME=p;IP=10.0.0.5', expected: { IgnoreUnknown: '1', IP: '10.0.0.5' } },
  { raw: 'K8S_POD_NAME=p;IgnoreUnknown=TRUE', expected: { IgnoreUnknown: 'TRUE' } },
  { raw: 'K8S_POD_NAME=p;IgnoreUnknown=True', expected: { IgnoreUnknown: 'True' } },
  { raw: 'K8S_POD_NAME=p;IgnoreUnknown=false', expected: 'ARGS: unknown args ["K8S_POD_NAME=p"]' },
  { raw: 'IgnoreUnknown=yes;a=b', expected: 'ARGS: error parsing value of pair "IgnoreUnknown=yes": boolean unmarshal error: invalid input yes' },
  { raw: 'a=b;c=d=;IP=1', expected: 'ARGS: invalid pair "c=d="' },
  { raw: 'IP=10.0.0.5;', expected: 'ARGS: invalid pair ""' },
  { raw: 'novalue', expected: 'ARGS: invalid pair "novalue"' },
  { raw: 'IP=zz;a=b', expected: 'ARGS: error parsing value of pair "IP=zz": invalid IP address zz' },
  { raw: 'a=b;IP=zz', expected: 'ARGS: error parsing value of pair "IP=zz": invalid IP address zz' },
  { raw: 'a=\t\n', expected: 'ARGS: unknown args ["a=\\t\\n"]' },
  { raw: 'k=\u00a0;k=\x7f;k=\u200b;k=\u0085', expected: 'ARGS: unknown args ["k=\\u00a0" "k=\\x7f" "k=\\u200b" "k=\\u0085"]' },
  { raw: 'k=😀;é=\u0300;k=\ue000', expected: 'ARGS: unknown args ["k=😀" "é=\u0300" "k=\\ue000"]' },
];

for (const c of cases) {
  test(`CNI_ARGS ${JSON.stringify(c.raw)}`, () => {
    if (typeof c.expected === 'string') {
      assert.throws(() => parseCniArgs(c.raw, ['IP'], hostLocalParsers), { message: c.expected });
    } else {
      assert.deepEqual(parseCniArgs(c.raw, ['IP'], hostLocalParsers), c.expected);
    }
  });
}

test('CNI_ARGS error messages are the reference host-local ones (code 999)', () => {
  const config = JSON.stringify({ cniVersion: '1.0.0', name: 'n', ipam: { dataDir: tempDataDir(), ranges: [[{ subnet: '10.1.0.0/24' }]] } });
  for (const c of cases) {
    if (typeof c.expected !== 'string' || c.raw === undefined) continue;
    const r = runReference(LATEST_HOST_LOCAL, containerEnv('ADD', { CNI_ARGS: c.raw }), config);
    assert.deepEqual(JSON.parse(r.stdout), { code: 999, msg: c.expected }, c.raw);
  }
});

test('keys are case-sensitive and only the known ones are returned', () => {
  assert.deepEqual(parseCniArgs('MAC=aa:bb:cc:dd:ee:ff;IgnoreUnknown=1;IP=1.2.3.4', ['MAC']), { MAC: 'aa:bb:cc:dd:ee:ff', IgnoreUnknown: '1' });
  assert.throws(() => parseCniArgs('mac=x', ['MAC']), { message: 'ARGS: unknown args ["mac=x"]' });
});
