// Cold first frame of the full page: navigation start -> the widget's `blr-first-frame`
// performance mark (www/widget.js, set once the first frame is drawn), in headless Chromium on a
// fresh profile each time (nothing cached), median of N runs (default 5).
//   node scripts/first-frame.mjs [N] [hash]
// Serves www/ itself on a free local port (no compression, no throttling), so the number is
// loading, compiling and instantiating the first-paint module plus the first frame's work.
import { createServer } from 'node:http';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WWW = join(ROOT, 'www');
const N = Number(process.argv[2]) || 5;
const HASH = process.argv[3] ?? '';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };

const server = createServer(async (req, res) => {
  const path = normalize(join(WWW, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
  if (!path.startsWith(WWW)) return res.writeHead(403).end();
  try {
    const body = await readFile(path.endsWith('/') ? join(path, 'index.html') : path);
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

const times = [];
try {
  for (let i = 0; i < N; i++) {
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
      const t = await page.evaluate(() => performance.getEntriesByName('blr-first-frame')[0].startTime);
      times.push(t);
      console.log(`run ${i + 1}: first frame ${t.toFixed(0)} ms after navigation start`);
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  }
} finally {
  server.close();
}
times.sort((a, b) => a - b);
console.log(`median of ${N}: ${times[Math.floor(N / 2)].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[N - 1].toFixed(0)})`);
