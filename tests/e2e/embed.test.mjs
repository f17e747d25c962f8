// Embedding: the <blr-playground> element inside a page served with a strict CSP, and the
// page's ?embed mode inside an iframe.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP, url, launch, newPage, shot, canvasStats } from './lib.mjs';

const NEWTON = 'landscape=rosenbrock&family=full&estimator=delta&lr=1&tau=1&improved=false&init=-1.2,1&cov0=1&compare=newton&steps=100';
const ELEMENT_CANVAS = "() => document.querySelector('blr-playground').shadowRoot.querySelector('canvas')";

describe('embedding', { skip: SKIP, timeout: 180000 }, () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  test('<blr-playground> works under a strict CSP and sizes itself to its container', async () => {
    const { page, problems } = await newPage(browser.context);
    // Record CSP violations (an init script is injected by the DevTools protocol, not the page).
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    const response = await page.goto(url('embed-example.html'));
    assert.equal(response.status(), 200);
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.equal(csp, "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'");
    assert.equal(await page.locator('script').count(), 1, 'one module script');
    await page.waitForFunction(() => {
      const w = document.querySelector('blr-playground')?.widget;
      return w && w.pg && w.sized && w.frame && w.frame.t >= 10;
    });
    await page.evaluate(() => document.querySelector('blr-playground').widget.pause());
    const stats = await canvasStats(page, ELEMENT_CANVAS);
    assert.ok(stats.nonBackground > 0.5, `canvas drew a heatmap (${stats.nonBackground})`);
    assert.ok(stats.colours > 30, `many colours (${stats.colours})`);
    // It fills the article's width, at device resolution.
    const article = await page.evaluate(() => {
      const a = document.querySelector('article');
      const cs = getComputedStyle(a);
      return a.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    });
    assert.ok(Math.abs(stats.cssWidth - article) < 30, `canvas ${stats.cssWidth}px in a ${article}px column`);
    assert.equal(stats.width, Math.round(stats.cssWidth * (await page.evaluate(() => devicePixelRatio))));
    // Only the chosen controls, plus play and reset.
    const keys = await page.evaluate(() => [...document.querySelector('blr-playground').shadowRoot
      .querySelectorAll('[data-ctl]')].map((e) => e.dataset.ctl));
    assert.deepEqual(keys, ['lr', 'tau']);
    const buttons = await page.evaluate(() => [...document.querySelector('blr-playground').shadowRoot
      .querySelectorAll('.blr-transport button')].map((b) => b.textContent));
    assert.deepEqual(buttons, ['Play', 'Reset']);
    // The scene is the attribute's, and it shows the Newton gap.
    const el = await page.evaluate(() => {
      const w = document.querySelector('blr-playground').widget;
      const f = JSON.parse(w.pg.frame());
      return { landscape: w.pg.get('landscape'), gap: f.gap, reduces: f.reduces_to,
        gapText: w.gapEl.textContent };
    });
    assert.equal(el.landscape, 'rosenbrock');
    assert.ok(el.gap < 1e-9, `gap ${el.gap}`);
    assert.match(el.gapText, /^gap /);
    await shot(page, 'embed-example-1280x800', { fullPage: true });
    // The element's slider drives its own scene.
    await page.evaluate(() => {
      const input = document.querySelector('blr-playground').shadowRoot.querySelector('input[data-key="lr"]');
      input.value = String(Math.log10(0.5));
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    assert.equal(await page.evaluate(() => document.querySelector('blr-playground').widget.pg.get('lr')), '0.5');
    // It resizes with its container.
    await page.setViewportSize({ width: 420, height: 800 });
    await page.waitForFunction(() => {
      const c = document.querySelector('blr-playground').shadowRoot.querySelector('canvas');
      return c.getBoundingClientRect().width < 400 && c.width === Math.round(c.getBoundingClientRect().width * devicePixelRatio);
    });
    const small = await canvasStats(page, ELEMENT_CANVAS);
    assert.ok(small.cssWidth < 400, `shrank to ${small.cssWidth}`);
    assert.equal(small.width, Math.round(small.cssWidth * (await page.evaluate(() => devicePixelRatio))));
    assert.ok(small.nonBackground > 0.5, 'still drawn after the resize');
    await shot(page, 'embed-example-420x800', { fullPage: true });
    // Changing the scene attribute loads the new scene.
    await page.evaluate(() => document.querySelector('blr-playground').setAttribute('scene', 'landscape=himmelblau&family=mixture&k=4'));
    assert.equal(await page.evaluate(() => document.querySelector('blr-playground').widget.pg.get('family')), 'mixture');

    assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violations');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('?embed mode in an iframe: no chrome, only the listed controls, draws', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.setViewportSize({ width: 1280, height: 800 });
    // A host page on the same origin (so the iframe is inspectable), served by the test.
    const host = url('iframe-host.html');
    const src = url(`?embed&controls=lr,tau,family#${NEWTON}`);
    await page.route(host, (route) => route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title>'
        + '<link rel="icon" href="data:,"></head><body>'
        + `<iframe src="${src.replace(/&/g, '&amp;')}" width="560" height="640" title="BLR Playground"></iframe>`
        + '</body></html>',
    }));
    await page.goto(host);
    const frameHandle = await page.waitForSelector('iframe');
    const fr = await frameHandle.contentFrame();
    await fr.waitForFunction(() => {
      const w = window.blrPlayground;
      return w && w.pg && w.sized && w.frame && w.frame.t >= 5;
    });
    await fr.evaluate(() => window.blrPlayground.pause());
    assert.equal(await fr.locator('.page-header').isVisible(), false, 'header hidden');
    assert.equal(await fr.locator('.equations').isVisible(), false, 'equations hidden');
    const keys = await fr.$$eval('[data-ctl]', (els) => els.map((e) => e.dataset.ctl));
    assert.deepEqual(keys, ['family', 'lr', 'tau']);
    const stats = await canvasStats(fr);
    assert.ok(stats.nonBackground > 0.5, `iframe canvas drew (${stats.nonBackground})`);
    const fits = await fr.evaluate(() => ({
      sw: document.documentElement.scrollWidth, iw: innerWidth,
      canvasBottom: document.querySelector('.blr-canvas').getBoundingClientRect().bottom, ih: innerHeight,
    }));
    assert.ok(fits.sw <= fits.iw, 'no horizontal scroll in the iframe');
    assert.ok(fits.canvasBottom <= fits.ih, 'the plot fits the iframe');
    await shot(page, 'embed-iframe-1280x800');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
