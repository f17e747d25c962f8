// The full page: loads cleanly, draws, follows its controls, writes and reads the URL hash,
// survives hostile links, stops visibly on divergence, and works by keyboard and touch.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SKIP, url, launch, newPage, waitReady, pauseReset, frame, shot, canvasStats, pixel,
} from './lib.mjs';

const GD = 'landscape=quadratic&family=fixed&estimator=delta&lr=0.15&cov0=1&init=2.5,2&compare=gd&steps=100';

describe('full page', { skip: SKIP, timeout: 180000 }, () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  test('loads with no console errors, draws the default scene and a text alternative', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url(''), { waitUntil: 'load' });
    assert.equal(await page.title(), 'BLR Playground');
    await waitReady(page);
    // Let it animate a little, then stop.
    await page.waitForFunction(() => window.blrPlayground.frame.t >= 5);
    await pauseReset(page);
    const f = await frame(page);
    assert.equal(f.t, 0);
    assert.equal(f.status, 'ok');
    assert.ok(f.components.length >= 1, 'q has components');

    // High-DPI canvas: backing store = CSS size × devicePixelRatio, handed to wasm.
    const stats = await canvasStats(page);
    const dpr = await page.evaluate(() => devicePixelRatio);
    assert.equal(stats.width, Math.round(stats.cssWidth * dpr));
    assert.ok(stats.nonBackground > 0.5, `heatmap covers the canvas (${stats.nonBackground})`);
    assert.ok(stats.colours > 30, `heatmap has many colours (${stats.colours})`);
    // The mean dot is drawn where wasm says the mean is (white, single Gaussian).
    const [mx, my] = f.components[0].mean;
    const px = await pixel(page, mx, my);
    assert.ok(px[0] > 230 && px[1] > 230 && px[2] > 230, `mean dot at (${mx}, ${my}) is white: ${px}`);

    // Exactly the equation block frame().equations names is visible.
    const shown = await page.$$eval('[data-eq]', (els) => els.filter((e) => !e.hidden).map((e) => e.dataset.eq));
    assert.deepEqual(shown, [f.equations]);
    // The text alternative is frame().text, in a polite live region.
    const text = await page.locator('[data-part="text"]');
    assert.equal(await text.getAttribute('aria-live'), 'polite');
    assert.equal((await text.textContent()).trim(), f.text.trim());
    assert.ok(f.text.length > 20);
    // Every control is a native input with a label.
    const unlabelled = await page.$$eval('[data-part="controls"] input, [data-part="controls"] select',
      (els) => els.filter((e) => e.labels.length === 0).map((e) => e.name));
    assert.deepEqual(unlabelled, []);
    const keys = await page.$$eval('[data-part="controls"] [data-key]', (els) => els.map((e) => e.dataset.key));
    for (const k of ['landscape', 'expr', 'family', 'k', 'estimator', 'samples', 'gh', 'hessian', 'lr', 'tau',
      'lr_weights', 'improved', 'cov0', 'seed', 'compare', 'target', 'density', 'speed']) {
      assert.ok(keys.includes(k), `control for ${k}`);
    }
    // Presets are listed with their titles.
    const presets = await page.evaluate(() => JSON.parse(window.blrPlayground.pg.constructor.presets()));
    const options = await page.$$eval('[data-part="preset-select"] option', (els) => els.map((e) => e.value));
    assert.deepEqual(options.slice(1), presets.map((p) => p.id));
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the learning-rate slider changes the URL hash and the path', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url(`#${GD}`));
    await waitReady(page);
    await pauseReset(page);
    const before = await page.evaluate(() => location.hash);
    assert.match(before, /lr=0\.15/);
    const path = async () => page.evaluate(() => {
      const w = window.blrPlayground;
      w.reset();
      for (let i = 0; i < 20; i++) w.stepOnce();
      const f = JSON.parse(w.pg.frame());
      return { mean: f.components[0].world_mean, trail: f.trail[0] };
    });
    const p1 = await path();
    // Move the slider like a user: set .value (the exponent of 0.05) and dispatch 'input'.
    await page.$eval('input[data-key="lr"]', (el) => {
      el.value = String(Math.log10(0.05));
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const afterHash = await page.evaluate(() => location.hash);
    assert.notEqual(afterHash, before);
    assert.match(afterHash, /(^#|&)lr=0\.05(&|$)/);
    assert.equal(await page.evaluate(() => window.blrPlayground.pg.get('lr')), '0.05');
    assert.equal((await page.textContent('[data-ctl="lr"] output')).trim(), '0.05');
    const p2 = await path();
    assert.notDeepEqual(p2.mean, p1.mean, 'a smaller learning rate moves the mean less');
    assert.notDeepEqual(p2.trail, p1.trail);
    // Mid-run: the change applies without a restart (t keeps counting).
    await page.evaluate(() => { const w = window.blrPlayground; w.reset(); for (let i = 0; i < 7; i++) w.stepOnce(); });
    await page.$eval('input[data-key="lr"]', (el) => {
      el.value = String(Math.log10(0.1));
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    assert.equal((await frame(page)).t, 7, 'lr is a tuning key: the run goes on');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a typed formula: shown for landscape=expr, errors next to it, good ones redraw', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url(''));
    await waitReady(page);
    const exprRow = page.locator('[data-ctl="expr"]');
    assert.equal(await exprRow.isVisible(), false, 'hidden unless landscape=expr');
    await page.selectOption('select[data-key="landscape"]', 'expr');
    await exprRow.waitFor({ state: 'visible' });
    assert.match(await page.evaluate(() => location.hash), /landscape=expr/);
    const version = await page.evaluate(() => window.blrPlayground.pg.landscape_version());
    await page.fill('input[data-key="expr"]', 'x^2 + (3*y');
    await page.locator('input[data-key="expr"]').dispatchEvent('change');
    const err = page.locator('[data-ctl="expr"] .blr-ctl-err');
    await err.waitFor({ state: 'visible' });
    const message = await err.textContent();
    assert.match(message, /expr/);
    assert.match(message, /column|col/i, `the error points at a column: ${message}`);
    assert.equal(await page.getAttribute('input[data-key="expr"]', 'aria-invalid'), 'true');
    await page.fill('input[data-key="expr"]', 'x^2 + 3*y^2 + sin(x)');
    await page.locator('input[data-key="expr"]').dispatchEvent('change');
    await err.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => window.blrPlayground.pg.get('expr')), 'x^2 + 3*y^2 + sin(x)');
    assert.match(await page.evaluate(() => decodeURIComponent(location.hash)), /expr=x\^2 \+ 3\*y\^2 \+ sin\(x\)/);
    await page.evaluate(() => window.blrPlayground.draw());
    assert.notEqual(await page.evaluate(() => window.blrPlayground.pg.landscape_version()), version, 'new heatmap');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('back/forward and edited hashes load the scene; presets write the hash', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url(''));
    await waitReady(page);
    await page.evaluate(() => { location.hash = 'landscape=rosenbrock&family=diagonal&lr=0.02'; });
    await page.waitForFunction(() => window.blrPlayground.pg.get('landscape') === 'rosenbrock');
    assert.equal(await page.inputValue('select[data-key="family"]'), 'diagonal');
    assert.equal(await page.inputValue('select[data-key="landscape"]'), 'rosenbrock');
    await page.selectOption('[data-part="preset-select"]', 'newton');
    await page.waitForFunction(() => /landscape=rosenbrock/.test(location.hash) && /compare=newton/.test(location.hash));
    const caption = await page.textContent('[data-part="caption"]');
    assert.match(caption, /Newton/);
    assert.equal(await page.inputValue('select[data-key="family"]'), 'full');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a hostile hash loads defaults, names every bad key in a notice, runs no script', async () => {
    const { page, problems } = await newPage(browser.context);
    const hostile = [
      'landscape=%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E',
      'family=%3Cscript%3Ewindow.__pwned%3D2%3C%2Fscript%3E',
      'lr=1e999', 'tau=NaN', 'k=99999999999999999999999', 'init=NaN,1', 'seed=-1',
      '%3Cb%20id%3Dinjected%3Ebogus%3C%2Fb%3E=1',
      'expr=%22%3E%3Csvg%20onload%3Dwindow.__pwned%3D3%3E',
    ].join('&');
    await page.goto(url(`#${hostile}`));
    await waitReady(page);
    const notice = page.locator('[data-part="notice"]');
    await notice.waitFor({ state: 'visible' });
    const text = await notice.textContent();
    for (const key of ['landscape', 'family', 'lr', 'tau', 'k', 'init', 'seed', 'bogus']) {
      assert.ok(text.includes(key), `notice names ${key}: ${text}`);
    }
    // Nothing ran, nothing was injected; the page runs the default scene.
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('img, svg[onload], #injected, [onerror], [onload]').count(), 0);
    assert.equal(await page.evaluate(() => document.scripts.length), 1);
    assert.equal(await page.evaluate(() => window.blrPlayground.pg.get('landscape')), 'himmelblau');
    assert.equal(await page.evaluate(() => window.blrPlayground.pg.get('lr')), '0.1');
    await pauseReset(page);
    await page.evaluate(() => window.blrPlayground.pg.step(10));
    assert.equal((await frame(page)).t, 10);
    await shot(page, 'hostile-hash-1280x800');
    // The notice is dismissible.
    await page.click('[data-part="notice"] .blr-notice-close');
    assert.equal(await notice.isVisible(), false);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('divergence stops the run with a visible reason and a one-click reset', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url(`#${GD.replace('lr=0.15', 'lr=1')}`));
    await waitReady(page);
    await pauseReset(page);
    await page.evaluate(() => window.blrPlayground.play());
    await page.waitForFunction(() => window.blrPlayground.frame?.diverged, null, { timeout: 20000 });
    const banner = page.locator('.blr-banner');
    await banner.waitFor({ state: 'visible' });
    const f = await frame(page);
    assert.ok(f.diverged && f.status.startsWith('diverged'), f.status);
    assert.ok((await banner.textContent()).includes(f.diverged));
    assert.equal(await page.evaluate(() => window.blrPlayground.playing), false);
    assert.equal(await page.getAttribute('.blr-play', 'aria-pressed'), 'false');
    await shot(page, 'diverged-1280x800');
    await banner.locator('button').click();
    assert.equal((await frame(page)).t, 0);
    await banner.waitFor({ state: 'hidden' });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('keyboard: space toggles play, → steps by one, r resets; not while typing', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url(`#${GD}`));
    await waitReady(page);
    const playing = () => page.evaluate(() => window.blrPlayground.playing);
    const t = async () => Number((await page.textContent('.blr-t')).match(/t = (\d+)/)[1]);
    await page.evaluate(() => window.blrPlayground.pause());
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('Space');
    assert.equal(await playing(), true, 'space starts');
    assert.equal(await page.getAttribute('.blr-play', 'aria-pressed'), 'true');
    await page.waitForFunction(() => window.blrPlayground.frame.t >= 3);
    await page.keyboard.press('Space');
    assert.equal(await playing(), false, 'space stops');
    await page.evaluate(() => window.blrPlayground.draw());
    const t0 = await t();
    assert.equal(t0, (await frame(page)).t);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((n) => window.blrPlayground.frame.t === n, t0 + 1);
    assert.equal(await t(), t0 + 1);
    assert.equal((await frame(page)).t, t0 + 1);
    await page.keyboard.press('ArrowRight');
    assert.equal((await frame(page)).t, t0 + 2);
    await page.keyboard.press('r');
    await page.waitForFunction(() => window.blrPlayground.frame.t === 0);
    assert.equal(await t(), 0);
    // Typing in an input does not trigger the shortcuts.
    await page.keyboard.press('ArrowRight');
    await page.focus('input[data-key="seed"]');
    await page.keyboard.press('r');
    await page.keyboard.press('Space');
    assert.equal((await frame(page)).t, 1);
    assert.equal(await playing(), false);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('dragging the start’s handle moves the start (set_init) and writes the hash', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url(`#${GD}`));
    await waitReady(page);
    await pauseReset(page);
    const box = await page.locator('.blr-canvas').boundingBox();
    const f0 = await frame(page);
    const before = f0.components[0].world_mean;
    const px = box.width / (await page.evaluate(() => window.blrPlayground.canvas.width));
    // A press away from the handle does nothing.
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.1);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.2, { steps: 3 });
    await page.mouse.up();
    assert.deepEqual((await frame(page)).components[0].world_mean, before);
    await page.mouse.move(box.x + f0.start[0] * px, box.y + f0.start[1] * px);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.7, { steps: 5 });
    await page.mouse.up();
    await page.evaluate(() => window.blrPlayground.pause());
    const f = await frame(page);
    const dpr = await page.evaluate(() => devicePixelRatio);
    assert.notDeepEqual(f.components[0].world_mean, before);
    assert.ok(f.t <= 2, 'the run restarted');
    // The initial mean sits where the pointer was released (in device pixels).
    await pauseReset(page);
    const m = (await frame(page)).components[0].mean;
    assert.ok(Math.abs(m[0] - box.width * 0.25 * dpr) < 2 && Math.abs(m[1] - box.height * 0.7 * dpr) < 2, `mean at ${m}`);
    const hash = await page.evaluate(() => location.hash);
    assert.match(hash, /init=/);
    assert.doesNotMatch(hash, /init=2\.5,2(&|$)/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('copy CLI command and copy link (clipboard, or a visible fallback field)', async () => {
    const { page, problems } = await newPage(browser.context);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url('')).origin });
    await page.goto(url(`#${GD}`));
    await waitReady(page);
    const cli = await page.evaluate(() => window.blrPlayground.pg.cli());
    assert.ok(cli.startsWith("blr run --state '"), cli);
    await page.click('[data-part="copy-cli"]');
    await page.waitForFunction(() => !document.querySelector('[data-part="copy-out"]').hidden);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), cli);
    // Without a clipboard the text is shown, selected, in a field.
    await page.evaluate(() => { navigator.clipboard.writeText = () => Promise.reject(new Error('denied')); });
    await page.click('[data-part="copy-link"]');
    const field = page.locator('[data-part="copy-out"] input');
    await field.waitFor({ state: 'visible' });
    assert.equal(await field.inputValue(), await page.evaluate(() => location.href));
    assert.deepEqual(problems, []);
    await page.close();
  });
});

describe('phone (390×844, touch, 3× pixels)', { skip: SKIP, timeout: 120000 }, () => {
  let browser;
  before(async () => {
    browser = await launch({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  });
  after(async () => { await browser?.close(); });

  test('stacks the panel under the canvas, no sideways scroll, touch moves the start', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url(''));
    await waitReady(page);
    await page.waitForFunction(() => window.blrPlayground.frame.t >= 20);
    await page.evaluate(() => window.blrPlayground.pause());
    await shot(page, 'default-390x844');
    await shot(page, 'default-390x844-full', { fullPage: true });
    const layout = await page.evaluate(() => {
      const r = (s) => document.querySelector(s).getBoundingClientRect();
      return {
        scrollWidth: document.documentElement.scrollWidth,
        stage: r('.blr-stage'), controls: r('.controls-col'), equations: r('.equations'),
        canvas: { w: window.blrPlayground.canvas.width, css: r('.blr-canvas').width },
      };
    });
    assert.ok(layout.scrollWidth <= 390, `no horizontal overflow (${layout.scrollWidth})`);
    assert.ok(layout.stage.width > 340, 'canvas spans the phone width');
    assert.ok(layout.controls.top >= layout.stage.bottom, 'controls under the canvas');
    assert.ok(layout.equations.top >= layout.stage.bottom, 'equations under the canvas');
    assert.equal(layout.canvas.w, Math.round(layout.canvas.css * 3));
    // Touch targets are comfortable.
    const btn = await page.locator('.blr-play').boundingBox();
    assert.ok(btn.height >= 40, `play button height ${btn.height}`);
    // A tap away from the start's handle leaves the start (only the handle drags; the
    // touch drag itself: tests/e2e/classroom.test.mjs).
    await pauseReset(page);
    const before = (await frame(page)).components[0].world_mean;
    const box = await page.locator('.blr-canvas').boundingBox();
    await page.touchscreen.tap(box.x + box.width * 0.7, box.y + box.height * 0.3);
    await page.evaluate(() => window.blrPlayground.pause());
    await pauseReset(page);
    assert.deepEqual((await frame(page)).components[0].world_mean, before);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
