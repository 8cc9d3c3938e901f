// resolvConf: the reference's "parsing resolv.conf" cases (dns_test.go), seen in the ADD result.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { netConf } from './support/conf.js';
import { tempDataDir } from './support/dirs.js';
import { cniResult, runInProcess } from './support/run.js';

const tmp = tempDataDir('hl-dns');
after(tmp.remove);
let seq = 0;

async function dnsOf(resolvConf: string, version = '1.0.0'): Promise<unknown> {
  const path = join(tmp.dataDir, `resolv${seq}.conf`);
  writeFileSync(path, resolvConf);
  const config = netConf(join(tmp.dataDir, `d${seq++}`), { subnet: '10.1.2.0/24', resolvConf: path }, { version });
  return cniResult(await runInProcess({ command: 'ADD', config })).dns;
}

test('parses a simple resolv.conf file', async () => {
  assert.deepEqual(await dnsOf('nameserver 10.0.0.1\n'), { nameservers: ['10.0.0.1'] });
});

test('ignores comments, blank lines and lines without a value', async () => {
  assert.deepEqual(await dnsOf('# a comment\n; another\n\n   \nnameserver\nnameserver 10.0.0.1 # trailing\n'), { nameservers: ['10.0.0.1'] });
});

test('parses all fields: search and options accumulate, the last domain wins, others are ignored', async () => {
  const text = 'nameserver 10.0.0.1\nnameserver 10.0.0.2\ndomain a.example\ndomain b.example\nsearch x.example y.example\n' +
    'search z.example\noptions ndots:5 timeout:2\noptions rotate\nsortlist 10.0.0.0/8\n\t nameserver \t 2001:db8::1\r\n';
  assert.deepEqual(await dnsOf(text), {
    nameservers: ['10.0.0.1', '10.0.0.2', '2001:db8::1'],
    domain: 'b.example',
    search: ['x.example', 'y.example', 'z.example'],
    options: ['ndots:5', 'timeout:2', 'rotate'],
  });
});

test('an empty file gives no dns in 1.x results and an empty one before', async () => {
  assert.equal(await dnsOf(''), undefined);
  assert.deepEqual(await dnsOf('', '0.4.0'), {});
});
