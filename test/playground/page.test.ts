// The page in Debian's chromium, served by scripts/playground.mjs on 127.0.0.1: paste a broken
// config and see the error at its field, fix it, ADD three containers and watch the picture,
// reload from the URL; also opened from file://. Leaves a screenshot in test/output/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
// @ts-expect-error: a plain .mjs script without type declarations
import { PLAYGROUND_DIR, servePlayground } from '../../scripts/playground.mjs';
import { launchChromium } from './browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SCREENSHOT = join(root, 'test/output/playground.png');
const SCREENSHOT_ERRORS = join(root, 'test/output/playground-errors.png');

const BROKEN = `{
  "cniVersion": "0.4.0",
  "name": "demo",
  "type": "bridge",
  "ipam": {
    "type": "host-local",
    "ranges": [
      [{ "subnet": "10.1.2.3/24", "gatway": "10.1.2.254" }]
    ]
  }
}
`;
const FIXED = BROKEN.replace('10.1.2.3/24', '10.1.2.0/24').replace('gatway', 'gateway');

let server: Server;
let url: string;
let context: BrowserContext;
let closeBrowser: () => Promise<void>;
const wasmTypes: string[] = [];

before(async () => {
  const built = spawnSync(process.execPath, [join(root, 'scripts/build-playground.mjs')], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stdout + built.stderr);
  ({ server, url } = await servePlayground({ port: 0 }));
  ({ context, close: closeBrowser } = await launchChromium());
  // Chromium may only talk to our server (and read the page's own files).
  await context.route('**/*', (route) => {
    const target = route.request().url();
    return target.startsWith(url) || target.startsWith('file://') || target.startsWith('data:') ? route.continue() : route.abort();
  });
  context.on('response', (r) => {
    if (r.url().endsWith('/ipam.wasm')) wasmTypes.push(r.headers()['content-type'] ?? '');
  });
});

after(async () => {
  await closeBrowser?.();
  await new Promise((resolve) => server?.close(resolve));
});

async function open(address: string): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(address);
  await page.waitForSelector('body[data-ready]', { state: 'attached' });
  assert.deepEqual(errors, []);
  return page;
}

/** Replaces the editor's text as a paste would, and waits for the checks of that text. */
async function paste(page: Page, text: string): Promise<void> {
  const before = await page.getAttribute('body', 'data-ready');
  await page.fill('#editor', text);
  await page.waitForFunction((b) => document.body.dataset.ready !== b, before);
}

const canvasPixels = (page: Page) => page.$eval('canvas.grid', (c) => (c as HTMLCanvasElement).toDataURL());

test('broken config -> error at the field; fixed -> valid; three ADDs; reload from the URL', async () => {
  const page = await open(url);
  assert.equal(await page.getAttribute('body', 'data-wasm'), 'fetch');
  assert.deepEqual(wasmTypes, ['application/wasm']);

  await paste(page, BROKEN);
  assert.equal(await page.getAttribute('#verdict', 'data-valid'), 'false');
  const subnet = page.locator('#problems li[data-path="ipam.ranges[0][0].subnet"]');
  assert.equal(await subnet.getAttribute('class'), 'error');
  assert.equal(await subnet.getAttribute('data-line'), '8');
  assert.match(await subnet.innerText(), /Network has host bits set. For a subnet mask of length 24 the network address is 10\.1\.2\.0/);
  assert.equal(await page.locator('.backdrop mark.error').first().innerText(), '"subnet": "10.1.2.3/24"');
  assert.equal(await page.locator('.gutter div').nth(7).getAttribute('class'), 'error');
  const typo = page.locator('#problems li[data-path="ipam.ranges[0][0].gatway"]');
  assert.match(await typo.innerText(), /did you mean "gateway"/);
  mkdirSync(join(root, 'test/output'), { recursive: true });
  await page.screenshot({ path: SCREENSHOT_ERRORS, fullPage: true });
  await subnet.click(); // selects the field in the editor
  assert.equal(await page.$eval('#editor', (t) => {
    const area = t as HTMLTextAreaElement;
    return area.value.slice(area.selectionStart, area.selectionEnd);
  }), '"subnet": "10.1.2.3/24"');

  await paste(page, FIXED);
  assert.equal(await page.getAttribute('#verdict', 'data-valid'), 'true');
  assert.equal(await page.locator('#problems li.none').count(), 1);
  assert.equal(await page.getAttribute('canvas.grid', 'data-taken'), '0');
  const empty = await canvasPixels(page);

  for (let i = 1; i <= 3; i++) {
    await page.click('#add');
    await page.waitForSelector(`#steps li:nth-child(${i})`);
  }
  await page.waitForFunction(() => document.querySelector('canvas.grid')?.getAttribute('data-taken') === '3');
  assert.deepEqual(await page.locator('.reservations tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ip'))), ['10.1.2.1', '10.1.2.2', '10.1.2.3'], 'with the gateway at .254, .1 is handed out');
  assert.equal(await page.locator('#steps li.ok').count(), 3);
  const latest = JSON.parse(await page.locator('#steps li pre').first().innerText());
  assert.deepEqual(latest.ips, [{ version: '4', address: '10.1.2.3/24', gateway: '10.1.2.254' }], 'the 0.4.0 result shape');
  assert.notEqual(await canvasPixels(page), empty, 'the picture changed');
  assert.match(await page.locator('.facts').innerText(), /3 taken .* next 10\.1\.2\.4/);

  await page.screenshot({ path: SCREENSHOT, fullPage: true });

  const shared = page.url();
  assert.match(shared, /#config=.*&ops=A:ctr-1:eth0,A:ctr-2:eth0,A:ctr-3:eth0$/);
  const again = await open(shared);
  assert.equal(await again.inputValue('#editor'), FIXED);
  assert.equal(await again.getAttribute('canvas.grid', 'data-taken'), '3');
  assert.equal(await canvasPixels(again), await canvasPixels(page));
  await again.close();
  await page.close();
});

test('a /64 is summarised as runs; examples load', async () => {
  const page = await open(url);
  await page.selectOption('#examples', 'dual-stack');
  await page.waitForSelector('.subnet[data-subnet="fd00:88::/64"] .strip');
  await page.click('#add');
  await page.waitForSelector('.subnet[data-subnet="fd00:88::/64"] .strip[data-taken="1"]');
  const runs = await page.locator('.subnet[data-subnet="fd00:88::/64"] .runs li').allInnerTexts();
  assert.deepEqual(runs.map((r) => r.split(' ')[0]), ['fd00:88::', 'fd00:88::1', 'fd00:88::2', 'fd00:88::3']);
  assert.match(runs[3], /1\.8e19 free/);
  await page.close();
});

test('works from file:// with the wasm inlined in the bundle', async () => {
  const page = await open(pathToFileURL(join(PLAYGROUND_DIR, 'index.html')).href);
  assert.equal(await page.getAttribute('body', 'data-wasm'), 'inline');
  assert.equal(await page.getAttribute('#verdict', 'data-valid'), 'true');
  await page.close();
});
