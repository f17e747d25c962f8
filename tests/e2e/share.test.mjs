// Share / embed: the panel's link and snippets, the embed options (Step, caption, "Open in the
// playground") on the element and on ?embed, the iframe's height set by embed-resize.js from
// what ?embed posts, zoom and pan of the plot (the `view` key), and the charts' text in the
// light theme.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP, url, launch, newPage, waitReady, shot, canvasStats } from './lib.mjs';

const NEWTON = 'landscape=rosenbrock&family=full&estimator=delta&lr=1&tau=1&improved=false&init=-1.2,1&cov0=1&compare=newton&steps=100';

describe('share and embed', { skip: SKIP, timeout: 240000 }, () => {
  let browser;
  before(async () => { browser = await launch({ colorScheme: 'light', permissions: ['clipboard-read', 'clipboard-write'] }); });
  after(async () => { await browser?.close(); });

  test('the panel gives the link, the element and the iframe with the options chosen', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url(`index.html#${NEWTON}`));
    await waitReady(page);
    await page.click('.share-embed > summary');
    const val = (part) => page.inputValue(`[data-part="${part}"]`);
    const q = await page.evaluate(() => window.blrPlayground.pg.query());
    const base = url('');
    assert.equal(await val('share-link'), url(`index.html#${q}`));
    assert.equal(await val('share-element'),
      `<script type="module" src="${base}blr-playground.js"></script>\n`
      + `<blr-playground scene="${q.replace(/&/g, '&amp;')}" controls="lr,tau" caption link></blr-playground>`);
    // Options: the Step button, no link, more controls, the light theme (a scene key, so it
    // is in the scene written by the wasm).
    await page.check('[data-part="share-step"]');
    await page.uncheck('[data-part="share-open"]');
    await page.fill('[data-part="share-controls"]', 'lr, tau,family');
    await page.selectOption('[data-part="share-theme"]', 'light');
    const iframe = await val('share-iframe');
    const m = iframe.match(/^<iframe src="([^"]+)" width="640" height="(\d+)" title="BLR Playground" loading="lazy"><\/iframe>\n<script src="([^"]+)" async><\/script>$/);
    assert.ok(m, iframe);
    const src = m[1].replace(/&amp;/g, '&');
    assert.equal(src, url(`index.html?embed&controls=lr,tau,family&step&caption#${q}&theme=light`));
    assert.equal(m[3], url('embed-resize.js'));
    assert.match(await val('share-element'), /controls="lr,tau,family" step caption><\/blr-playground>$/);
    // Copy puts the snippet on the clipboard.
    await page.click('[data-part="share-copy-iframe"]');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), iframe);
    await shot(page, 'share-panel');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('an iframe of ?embed gets its height from embed-resize.js; its options show', async () => {
    const { page, problems } = await newPage(browser.context);
    const host = url('post-with-iframe.html');
    const src = url(`index.html?embed&controls=lr,tau,family&step&caption&link#${NEWTON}`);
    await page.route(host, (route) => route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>post</title><link rel="icon" href="data:,"></head>'
        + `<body><p>Before.</p><iframe src="${src.replace(/&/g, '&amp;')}" width="600" height="300" title="BLR Playground"></iframe>`
        + `<p>After.</p><script src="${url('embed-resize.js')}" async></script></body></html>`,
    }));
    await page.goto(host);
    const fr = await (await page.waitForSelector('iframe')).contentFrame();
    await fr.waitForFunction(() => window.blrPlayground?.sized);
    // The iframe grows from 300 px until the plot is 5:4 and everything fits without scrolling.
    await page.waitForFunction(() => Number(document.querySelector('iframe').height) > 500);
    await page.waitForTimeout(500);
    const h = Number(await page.getAttribute('iframe', 'height'));
    const inner = await fr.evaluate(() => {
      const r = document.querySelector('.blr-plot').getBoundingClientRect();
      const app = document.getElementById('app');
      return { w: r.width, h: r.height, scroll: app.scrollHeight, client: app.clientHeight };
    });
    assert.ok(Math.abs(inner.h - inner.w * 0.8) <= 3, `plot ${inner.w}×${inner.h}: 5:4`);
    assert.ok(inner.scroll <= inner.client + 1, `no scrolling inside (${inner.scroll} > ${inner.client})`);
    // It stays put (no resize loop).
    await page.waitForTimeout(600);
    assert.equal(Number(await page.getAttribute('iframe', 'height')), h);
    // The options: Step in the transport, the preset's caption, the link to the full page.
    await fr.evaluate(() => window.blrPlayground.pause()); // it plays by itself
    const buttons = await fr.$$eval('.blr-transport button', (b) => b.map((x) => x.textContent));
    assert.deepEqual(buttons.slice(0, 3), ['Play', 'Step', 'Reset']);
    const presetTitle = await fr.evaluate(() => {
      const id = window.blrPlayground.pg.preset_id();
      return JSON.parse(window.blrPlayground.pg.constructor.presets()).find((p) => p.id === id)?.title ?? null;
    });
    if (presetTitle) assert.equal(await fr.textContent('.blr-embed-title'), presetTitle);
    else assert.equal(await fr.isVisible('.blr-embed-about'), false, 'no caption for a scene that is no preset');
    const href = await fr.getAttribute('[data-part="open-link"]', 'href');
    const q = await fr.evaluate(() => window.blrPlayground.pg.query());
    assert.equal(href, url(`index.html#${q}`));
    await shot(page, 'iframe-auto-height', { fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the element with step, caption and link, on a preset', async () => {
    const { page, problems } = await newPage(browser.context);
    const host = url('post-with-element.html');
    const preset = await (async () => {
      await page.goto(url('index.html'));
      await waitReady(page);
      return page.evaluate(() => JSON.parse(window.blrPlayground.pg.constructor.presets())[0]);
    })();
    await page.route(host, (route) => route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>post</title><link rel="icon" href="data:,">'
        + `<script type="module" src="${url('blr-playground.js')}"></script></head><body>`
        + `<blr-playground scene="${preset.state.replace(/&/g, '&amp;')}" step caption link paused></blr-playground></body></html>`,
    }));
    await page.goto(host);
    await page.waitForFunction(() => document.querySelector('blr-playground')?.widget?.sized);
    const got = await page.evaluate(() => {
      const r = document.querySelector('blr-playground').shadowRoot;
      return {
        buttons: [...r.querySelectorAll('.blr-transport button')].map((b) => b.textContent),
        title: r.querySelector('.blr-embed-title')?.textContent,
        caption: r.querySelector('.blr-embed-caption')?.textContent,
        href: r.querySelector('[data-part="open-link"]')?.href,
        query: document.querySelector('blr-playground').widget.pg.query(),
      };
    });
    assert.deepEqual(got.buttons.slice(0, 3), ['Play', 'Step', 'Reset']);
    assert.equal(got.title, preset.title);
    assert.equal(got.caption, preset.caption);
    assert.equal(got.href, url(`index.html#${got.query}`));
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('wheel zoom and Shift-drag pan change `view` and redraw; Reset view', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url(`index.html#${NEWTON}`));
    await waitReady(page);
    await page.evaluate(() => { window.blrPlayground.pause(); window.blrPlayground.stepOnce(); });
    const state = () => page.evaluate(() => {
      const w = window.blrPlayground;
      return { view: w.pg.get('view'), hash: location.hash, version: w.heatVersion, t: JSON.parse(w.pg.frame()).t };
    });
    const before = await state();
    assert.equal(before.view, 'auto');
    assert.equal(await page.isVisible('[data-part="reset-view"]'), false);
    const box = await page.locator('.blr-canvas').boundingBox();
    const cx = box.x + box.width * 0.3;
    const cy = box.y + box.height * 0.4;
    const under = (x, y) => page.evaluate(([px, py]) => {
      const c = window.blrPlayground.canvas;
      const r = c.getBoundingClientRect();
      const p = JSON.parse(window.blrPlayground.pg.probe((px - r.left) * c.width / r.width, (py - r.top) * c.height / r.height));
      return [p.x, p.y];
    }, [x, y]);
    const p0 = await under(cx, cy);
    await page.mouse.move(cx, cy);
    await page.mouse.wheel(0, -300); // zoom in about the pointer
    await page.waitForFunction(() => window.blrPlayground.pg.get('view') !== 'auto');
    await page.waitForFunction((v) => window.blrPlayground.heatVersion !== v, before.version);
    const zoomed = await state();
    assert.match(zoomed.hash, /view=/);
    assert.equal(zoomed.t, before.t, 'the run goes on');
    const [x0, x1] = zoomed.view.split(',').map(Number);
    assert.ok(x1 - x0 < 0.9 * 4, `narrower window ${zoomed.view}`);
    const p1 = await under(cx, cy);
    assert.ok(Math.hypot(p1[0] - p0[0], p1[1] - p0[1]) < 0.02 * (x1 - x0), `the point under the pointer stays: ${p0} → ${p1}`);
    assert.equal(await page.isVisible('[data-part="reset-view"]'), true);
    assert.ok((await canvasStats(page)).nonBackground > 0.5, 'redrawn');
    // Shift-drag pans (and does not move the start).
    const init = await page.evaluate(() => window.blrPlayground.pg.get('init'));
    await page.keyboard.down('Shift');
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 60, cy + 30, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await page.waitForFunction((v) => window.blrPlayground.pg.get('view') !== v, zoomed.view);
    const p2 = await under(cx + 60, cy + 30);
    assert.ok(Math.hypot(p2[0] - p1[0], p2[1] - p1[1]) < 0.02 * (x1 - x0), `the picture follows the pointer: ${p1} → ${p2}`);
    assert.equal(await page.evaluate(() => window.blrPlayground.pg.get('init')), init);
    await page.click('[data-part="reset-view"]');
    await page.waitForFunction(() => window.blrPlayground.pg.get('view') === 'auto');
    assert.doesNotMatch((await state()).hash, /view=/);
    assert.equal(await page.isVisible('[data-part="reset-view"]'), false);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the charts use the light theme\'s colours', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url(`index.html#${NEWTON}`));
    await waitReady(page);
    await page.evaluate(() => { window.blrPlayground.pause(); window.blrPlayground.stepOnce(); });
    await page.waitForTimeout(300);
    // Text pixels of the loss chart are dark (the theme's muted text), none of the dark
    // theme's light grey text (rgba(230, 232, 238, 0.7) before this fix).
    const px = await page.evaluate(() => {
      const c = document.querySelector('[data-part="chart-loss"]');
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      let dark = 0, light = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] < 200) continue;
        const s = data[i] + data[i + 1] + data[i + 2];
        if (s < 3 * 110) dark++;
        if (s > 3 * 225 && Math.abs(data[i] - data[i + 2]) < 20) light++;
      }
      return { dark, light, color: getComputedStyle(c).color };
    });
    assert.equal(px.color, 'rgb(75, 82, 99)');
    assert.ok(px.dark > 100 && px.light === 0, JSON.stringify(px));
    assert.deepEqual(problems, []);
    await page.close();
  });
});
