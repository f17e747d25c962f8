// Cold first frame of the full page: navigation start -> the widget's `blr-first-frame`
// performance mark (www/widget.js, set once the first frame is drawn), in headless Chromium on a
// fresh profile each time (nothing cached), median of N runs (default 5).
//   node scripts/first-frame.mjs [N] [hash] [other-www-dir]
// Serves www/ itself on a free local port (no compression, no throttling), so the number is
// loading, compiling and instantiating the first-paint module plus the first frame's work.
// With another www directory (e.g. an older build's), the two are measured alternately, run by
// run, so that load from other processes hits both alike.
import { createServer } from 'node:http';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.argv[2]) || 5;
const HASH = process.argv[3] ?? '';
const DIRS = [join(ROOT, 'www'), ...(process.argv[4] ? [resolve(process.argv[4])] : [])];
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };

/** Serves `www` on a free local port; resolves to the server. */
async function serve(www) {
  const server = createServer(async (req, res) => {
    const path = normalize(join(www, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (!path.startsWith(www)) return res.writeHead(403).end();
    try {
      const body = await readFile(path.endsWith('/') ? join(path, 'index.html') : path);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

/** One cold load of `base`: ms from navigation start to the first frame, to the module's
 * instantiation and to the end of the wasm's fetch. */
async function firstFrame(base) {
  const profile = await mkdtemp(join(tmpdir(), 'blr-first-frame-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.BLR_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
  });
  try {
    const page = context.pages()[0] ?? await context.newPage();
    await page.goto(`${base}index.html${HASH ? `#${HASH}` : ''}`);
    await page.waitForFunction(() => performance.getEntriesByName('blr-first-frame').length > 0, null, { timeout: 30000 });
    return await page.evaluate(() => {
      const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
      const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('blr_playground_bg.wasm'));
      return { first: at('blr-first-frame'), ready: at('blr-wasm-ready'), fetched: wasm?.responseEnd ?? NaN };
    });
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

const servers = await Promise.all(DIRS.map(serve));
const times = DIRS.map(() => []);
try {
  for (let i = 0; i < N; i++) {
    for (const [d, server] of servers.entries()) {
      const { first, ready, fetched } = await firstFrame(`http://127.0.0.1:${server.address().port}/`);
      times[d].push(first);
      // The wasm's fetch end and the module's ready mark (www/widget.js), where present.
      console.log(`${DIRS[d]} run ${i + 1}: first frame ${first.toFixed(0)} ms after navigation start`
        + ` (wasm fetched at ${fetched.toFixed(0)} ms, instantiated at ${ready.toFixed(0)} ms)`);
    }
  }
} finally {
  for (const s of servers) s.close();
}
for (const [d, ts] of times.entries()) {
  ts.sort((a, b) => a - b);
  console.log(`${DIRS[d]}: median of ${N}: ${ts[Math.floor(N / 2)].toFixed(0)} ms (min ${ts[0].toFixed(0)}, max ${ts[N - 1].toFixed(0)})`);
}
