#!/usr/bin/env node
// `npm run playground`: builds dist/playground and serves it on 127.0.0.1 (never another interface),
// with application/wasm for the core so browsers can compile it. Prints the URL.
// Options: --port N (default 8077; 0 picks a free port), --no-build.
// Tests import servePlayground() to get a server on a random port.
import { spawnSync } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const PLAYGROUND_DIR = join(root, 'dist/playground');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/** Serves `dir` read-only on 127.0.0.1; resolves once listening. */
export function servePlayground({ dir = PLAYGROUND_DIR, port = 0 } = {}) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (!file.startsWith(dir + sep)) {
      res.writeHead(403).end();
      return;
    }
    let size;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': size,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      resolve({ server, url: `http://127.0.0.1:${bound}/` });
    });
  });
}

async function main(argv) {
  const flag = (name) => argv.includes(name);
  const portArg = argv[argv.indexOf('--port') + 1];
  const port = argv.includes('--port') ? Number(portArg) : 8077;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port: ${portArg}`);
  if (!flag('--no-build')) {
    const r = spawnSync(process.execPath, [join(root, 'scripts/build-playground.mjs')], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  let served;
  try {
    served = await servePlayground({ port });
  } catch (err) {
    if (err.code !== 'EADDRINUSE' || argv.includes('--port')) throw err;
    served = await servePlayground({ port: 0 }); // the default port is taken: any free one will do
  }
  console.log(`CNI playground: ${served.url}  (Ctrl-C to stop)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(`playground: ${err.message}`);
    process.exit(1);
  });
}
