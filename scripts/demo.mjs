#!/usr/bin/env node
// `npm run demo`: what a container runtime does with our plugins, on a throw-away data directory.
// Always: host-local ADD/CHECK/DEL on a temp dataDir, printing results and the files on disk.
// As root: two namespaces on one bridge (bridge + host-local + loopback), ping between them, then DEL.
// The "host" side of the demo lives in a namespace of its own, so the machine's own network is untouched.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cniPath = join(root, 'dist/cni');
if (!existsSync(join(cniPath, 'host-local'))) {
  console.log('building first (npm run build)...');
  const b = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}

const dataDir = mkdtempSync(join(tmpdir(), 'cni-demo-'));
const tag = `demo${process.pid}`;
const cleanups = [];
const cleanup = () => {
  while (cleanups.length) {
    try { cleanups.pop()(); } catch { /* best effort */ }
  }
  rmSync(dataDir, { recursive: true, force: true });
};
process.on('SIGINT', () => { cleanup(); process.exit(130); });

function plugin(name, command, conf, env = {}, wrap = []) {
  const argv = [...wrap, join(cniPath, name)];
  const r = spawnSync(argv[0], argv.slice(1), {
    input: JSON.stringify(conf),
    encoding: 'utf8',
    env: { ...process.env, CNI_COMMAND: command, CNI_PATH: cniPath, CNI_IFNAME: 'eth0', ...env },
  });
  if (r.status !== 0) throw new Error(`${name} ${command} failed: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

function sh(cmd, ...args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function section(title) {
  console.log(`\n=== ${title}`);
}

function showDir(network) {
  const dir = join(dataDir, network);
  for (const f of readdirSync(dir).sort()) {
    const content = readFileSync(join(dir, f), 'utf8');
    console.log(`  ${f.padEnd(22)} ${JSON.stringify(content)}`);
  }
}

function hostLocalDemo() {
  section(`host-local on ${dataDir}`);
  const conf = {
    cniVersion: '1.1.0',
    name: 'demo-net',
    ipam: {
      type: 'host-local',
      dataDir,
      ranges: [[{ subnet: '192.0.2.0/29' }], [{ subnet: 'fd00:db8::/64' }]],
      routes: [{ dst: '0.0.0.0/0' }],
    },
  };
  for (const id of ['ctr-a', 'ctr-b']) {
    console.log(`ADD ${id}:`);
    console.log(plugin('host-local', 'ADD', conf, { CNI_CONTAINERID: id, CNI_NETNS: '/var/run/netns/none' }));
  }
  console.log('files on disk (same layout as the reference plugin):');
  showDir('demo-net');
  plugin('host-local', 'CHECK', conf, { CNI_CONTAINERID: 'ctr-a', CNI_NETNS: '/var/run/netns/none' });
  console.log('CHECK ctr-a: ok');
  plugin('host-local', 'DEL', conf, { CNI_CONTAINERID: 'ctr-a', CNI_NETNS: '' });
  console.log('DEL ctr-a, then ADD ctr-c (round robin continues after the last reservation, .2 is not reused yet):');
  console.log(plugin('host-local', 'ADD', conf, { CNI_CONTAINERID: 'ctr-c', CNI_NETNS: '/var/run/netns/none' }));
  showDir('demo-net');
}

function namespaceDemo() {
  section('two namespaces on one bridge (bridge + host-local + loopback)');
  const hostNs = `${tag}-host`;
  sh('ip', 'netns', 'add', hostNs);
  cleanups.push(() => sh('ip', 'netns', 'del', hostNs));
  const inHost = ['ip', 'netns', 'exec', hostNs];
  const conf = {
    cniVersion: '1.1.0',
    name: 'demo-bridge',
    type: 'bridge',
    bridge: 'demo0',
    isGateway: true,
    ipam: {
      type: 'host-local',
      dataDir,
      ranges: [[{ subnet: '198.51.100.0/24' }], [{ subnet: 'fd00:51:100::/64' }]],
    },
  };
  const lo = { cniVersion: '1.1.0', name: 'demo-lo', type: 'loopback' };
  const addresses = [];
  for (const c of ['a', 'b']) {
    const ns = `${tag}-${c}`;
    sh('ip', 'netns', 'add', ns);
    const env = { CNI_CONTAINERID: `${tag}-${c}`, CNI_NETNS: `/var/run/netns/${ns}` };
    cleanups.push(() => {
      plugin('bridge', 'DEL', conf, env, inHost);
      sh('ip', 'netns', 'del', ns);
    });
    plugin('loopback', 'ADD', lo, env);
    const result = JSON.parse(plugin('bridge', 'ADD', conf, env, inHost));
    console.log(`container ${c}: ${result.ips.map((ip) => ip.address).join(', ')} on ${result.interfaces[1].name}`);
    addresses.push(result.ips.map((ip) => ip.address.split('/')[0]));
  }
  const [a, b] = addresses;
  for (const target of b) {
    const r = spawnSync('ip', ['netns', 'exec', `${tag}-a`, 'ping', '-c', '1', '-W', '2', target], { encoding: 'utf8' });
    console.log(`ping ${a[0]} -> ${target}: ${r.status === 0 ? 'ok' : 'FAILED'}`);
  }
  console.log('bridge ports in the host namespace:');
  console.log(sh(...inHost, 'ip', '-br', 'link', 'show', 'master', 'demo0').trimEnd());
}

try {
  hostLocalDemo();
  if (process.getuid?.() === 0) namespaceDemo();
  else console.log('\n(not root: skipping the namespace part of the demo)');
} catch (e) {
  console.error(String(e.message ?? e));
  process.exitCode = 1;
} finally {
  cleanup();
  section('cleaned up: namespaces, bridge and data directory removed');
}
