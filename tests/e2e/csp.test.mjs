// Content-Security-Policy and cross-origin loading, with the policy sent as an HTTP header by a
// tiny node http server over www/ (python's http.server cannot send headers):
//   - under default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' the
//     full page (with its second wasm module, loaded at the first download), ?embed and the
//     element page run with no violation at all;
//   - without 'wasm-unsafe-eval' the widget says exactly what to add;
//   - the element's module loaded from another origin says what that origin must send.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { SKIP, ROOT, launch, newPage } from './lib.mjs';

const STRICT = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const NO_WASM = "default-src 'self'; script-src 'self'; style-src 'self'";
const NEWTON = 'landscape=rosenbrock&family=full&estimator=delta&lr=1&tau=1&improved=false&init=-1.2,1&cov0=1&compare=newton&steps=100';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png',
};

/**
 * Serves www/ on 127.0.0.1 (a free port). `headers(path)` adds response headers; `pages`
 * maps extra paths to HTML bodies. Resolves to { origin, close }.
 */
async function serve({ headers = () => ({}), pages = {} } = {}) {
  const www = join(ROOT, 'www');
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(www, path.endsWith('/') ? `${path}index.html` : path));
    let body = pages[path];
    if (body == null) {
      if (!file.startsWith(www)) { res.writeHead(403).end(); return; }
      body = await readFile(file).catch(() => null);
    }
    if (body == null) { res.writeHead(404).end(); return; }
    const type = pages[path] != null ? TYPES['.html'] : TYPES[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers(path) }).end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}

/** Records securitypolicyviolation events (in the main document) and CSP console lines. */
async function watchCsp(page) {
  const consoleCsp = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) consoleCsp.push(m.text()); });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return { consoleCsp, events: () => page.evaluate(() => window.__csp) };
}

const WIDGET = {
  page: () => { const w = window.blrPlayground; return !!(w && w.pg && w.sized && w.frame && w.frame.t >= 3); },
  element: () => { const w = document.querySelector('blr-playground')?.widget; return !!(w && w.pg && w.sized && w.frame && w.frame.t >= 3); },
};

describe('Content-Security-Policy as a header', { skip: SKIP, timeout: 240000 }, () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  test(`no violation under ${STRICT}`, async () => {
    const server = await serve({ headers: () => ({ 'Content-Security-Policy': STRICT }) });
    try {
      for (const [path, ready] of [
        [`/index.html#${NEWTON}`, WIDGET.page],
        [`/index.html?embed&controls=lr,tau&step&caption&link#${NEWTON}`, WIDGET.page],
        ['/embed-example.html', WIDGET.element],
      ]) {
        const { page, problems } = await newPage(browser.context);
        const csp = await watchCsp(page);
        const res = await page.goto(server.origin + path);
        assert.equal(res.headers()['content-security-policy'], STRICT);
        await page.waitForFunction(ready);
        if (path.startsWith('/index.html#')) {
          // The share panel, the chart and a zoom run under the policy too.
          await page.click('.share-embed > summary');
          await page.waitForFunction(() => document.querySelector('[data-part="share-iframe"]').value.includes('<iframe'));
          await page.evaluate(() => window.blrPlayground.pg.zoom(100, 100, 0.5));
          // The export module, the second wasm the page fetches at the first download
          // (widget/replay.js), compiles and runs under the policy too.
          await page.click('[data-part="save-json"]');
          await page.waitForFunction(() => document.querySelector('.blr-export-status')?.textContent === 'Saved the run as JSON (blr run).');
        }
        await page.waitForTimeout(300);
        assert.deepEqual(await csp.events(), [], `${path}: securitypolicyviolation events`);
        assert.deepEqual(csp.consoleCsp, [], `${path}: CSP console errors`);
        assert.deepEqual(problems, [], path);
        await page.close();
      }
    } finally {
      await server.close();
    }
  });

  test("without 'wasm-unsafe-eval' the widget says what to add", async () => {
    const server = await serve({ headers: () => ({ 'Content-Security-Policy': NO_WASM }) });
    try {
      for (const [path, find] of [
        [`/index.html#${NEWTON}`, () => document.querySelector('.blr-loading-error')?.textContent],
        ['/embed-example.html', () => document.querySelector('blr-playground')?.shadowRoot?.querySelector('.blr-loading-error')?.textContent],
      ]) {
        const { page } = await newPage(browser.context);
        await page.goto(server.origin + path);
        const text = await (await page.waitForFunction(find)).jsonValue();
        assert.match(text, /Content-Security-Policy does not allow WebAssembly/, path);
        assert.match(text, /Add 'wasm-unsafe-eval' to its script-src/, path);
        await page.close();
      }
    } finally {
      await server.close();
    }
  });

  test('the element loaded from another origin says what that origin must send', async () => {
    // B serves the widget with CORS on its scripts (so the module loads) but not on the .wasm.
    const b = await serve({ headers: (p) => (p.endsWith('.js') ? { 'Access-Control-Allow-Origin': '*' } : {}) });
    const a = await serve({
      pages: {
        '/post.html': '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>post</title>'
          + '<link rel="icon" href="data:,">'
          + `<script type="module" src="${b.origin}/blr-playground.js"></script></head><body>`
          + `<blr-playground scene="${NEWTON.replace(/&/g, '&amp;')}"></blr-playground></body></html>`,
      },
    });
    try {
      const { page } = await newPage(browser.context);
      await page.goto(`${a.origin}/post.html`);
      const text = await (await page.waitForFunction(() => document.querySelector('blr-playground')
        ?.shadowRoot?.querySelector('.blr-loading-error')?.textContent)).jsonValue();
      assert.match(text, new RegExp(`loaded from ${b.origin}, another origin than this page \\(${a.origin}\\)`));
      assert.match(text, new RegExp(`send Access-Control-Allow-Origin: ${a.origin}`));
      await page.close();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
