// Serves www/ on a loopback port (with cross-origin isolation headers, so performance.now()
// has its fine resolution), opens www/bench.html in headless Chromium (tests/e2e/lib.mjs's
// launcher: system Chromium through playwright-core), waits for <pre id="result">, and writes
// the JSON to the file named by the first argument.
//   node bench/run-browser.mjs OUT.json [QUERY]      e.g. QUERY = "reps=5&only=raster-himmelblau"
import { createServer } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { launch, ROOT } from '../tests/e2e/lib.mjs';

const [out, query = ''] = process.argv.slice(2);
if (!out) {
  console.error('usage: node bench/run-browser.mjs OUT.json [QUERY]');
  process.exit(2);
}
const TIMEOUT_MS = Number(process.env.BENCH_BROWSER_TIMEOUT_MS) || 600_000;
const WWW = resolve(ROOT, 'www');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const file = normalize(join(WWW, path.endsWith('/') ? `${path}index.html` : path));
  if (file !== WWW && !file.startsWith(WWW + sep)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cache-control': 'no-store',
    });
    res.end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const url = `http://127.0.0.1:${server.address().port}/bench.html${query ? `?${query}` : ''}`;

const { context, close } = await launch({ viewport: { width: 900, height: 900 } });
let code = 0;
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', (msg) => {
    const text = msg.text();
    if (text.startsWith('bench: RESULT')) return;
    if (msg.type() === 'error' || text.startsWith('bench:')) console.error(`[browser] ${text}`);
  });
  page.on('pageerror', (err) => console.error(`[browser] pageerror: ${err.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) console.error(`[browser] HTTP ${r.status()} ${r.url()}`);
  });
  console.error(`run-browser: ${url}`);
  await page.goto(url);
  await page.waitForSelector('#result[data-done]', { state: 'attached', timeout: TIMEOUT_MS });
  const done = await page.$eval('#result', (el) => el.dataset.done);
  const text = await page.$eval('#result', (el) => el.textContent);
  const result = JSON.parse(text);
  if (done !== 'ok') {
    console.error(`run-browser: the page failed: ${result.error}`);
    code = 1;
  }
  result.browser_version = context.browser()?.version() ?? null;
  await writeFile(out, `${JSON.stringify(result, null, 1)}\n`);
} catch (err) {
  console.error(`run-browser: ${err.stack ?? err}`);
  code = 1;
} finally {
  await close();
  server.close();
}
process.exit(code);
