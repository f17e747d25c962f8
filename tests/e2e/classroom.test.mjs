// Classroom mode: slow playback in steps per second, step back and the scrubber (the exact
// frame of an earlier step), full screen keeping the caption and the transport, a lesson link
// that hides controls (and names a bad one), the projector's type scale; on a phone: a swipe
// over the plot scrolls without moving the start, 44 px targets; the arrow keys move the
// start and update the link.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SKIP, ROOT, url, launch, newPage, waitReady, shot } from './lib.mjs';

const PRESETS = JSON.parse(readFileSync(join(ROOT, 'assets', 'presets.json'), 'utf8'));
const tNow = (page) => page.evaluate(() => JSON.parse(window.blrPlayground.pg.frame()).t);
/** frame() without the drawn path of means (its old part is thinned by the run's length). */
const record = (page) => page.evaluate(() => {
  const f = JSON.parse(window.blrPlayground.pg.frame());
  delete f.trail;
  delete f.recorded;
  return f;
});

describe('classroom mode', { skip: SKIP, timeout: 300000 }, () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  test('slow playback: 1 step per second makes about 3 steps in 2.5 s', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url('#speed=1'));
    await waitReady(page);
    await page.evaluate(() => { const w = window.blrPlayground; w.pause(); w.reset(); w.draw(); });
    assert.equal(await page.evaluate(() => window.blrPlayground.pg.get('speed')), '1');
    await page.click('.blr-play');
    const t0 = Date.now();
    await page.waitForTimeout(2500);
    const t = await tNow(page);
    const s = (Date.now() - t0) / 1000;
    // One step at Play, then one a second: 1 + ⌊s⌋ give or take a frame's timing.
    assert.ok(t >= Math.floor(s) && t <= Math.ceil(s) + 1, `${t} steps in ${s} s`);
    assert.deepEqual(problems, []);
  });

  test('step back and the scrubber restore exactly the frame shown then', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url('#landscape=rosenbrock&estimator=mc&samples=8&steps=400&speed=60000'));
    await waitReady(page);
    await page.evaluate(() => { const w = window.blrPlayground; w.pause(); w.reset(); w.draw(); });
    // Play, keeping the records at a few steps as they were shown.
    const seen = {};
    for (const t of [3, 40, 41, 200]) {
      await page.evaluate((n) => { const w = window.blrPlayground; w.pg.step(n - w.t); w.draw(); }, t);
      seen[t] = await record(page);
      assert.equal(seen[t].t, t);
    }
    await page.evaluate(() => { const w = window.blrPlayground; w.pg.step(400); w.draw(); });
    assert.equal(await tNow(page), 400);
    const scrub = page.locator('.blr-scrub');
    assert.equal(await scrub.getAttribute('max'), '400');
    for (const t of [40, 3, 200]) {
      await scrub.fill(String(t));
      await page.waitForFunction((n) => JSON.parse(window.blrPlayground.pg.frame()).t === n, t);
      assert.deepEqual(await record(page), seen[t], `scrubbed to ${t}`);
    }
    // Step back by the button and by ←.
    await scrub.fill('41');
    await page.waitForFunction(() => JSON.parse(window.blrPlayground.pg.frame()).t === 41);
    await page.click('.blr-back');
    await page.waitForFunction(() => JSON.parse(window.blrPlayground.pg.frame()).t === 40);
    assert.deepEqual(await record(page), seen[40]);
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => JSON.parse(window.blrPlayground.pg.frame()).t === 39);
    assert.equal(await scrub.inputValue(), '39');
    assert.deepEqual(problems, []);
  });

  test('full screen keeps the caption, the equations and Play/Step', async () => {
    const { page, problems } = await newPage(browser.context);
    const newton = PRESETS.find((p) => p.id === 'newton');
    await page.goto(url(`#${newton.state}`));
    await waitReady(page);
    await page.click('.blr-full');
    await page.waitForFunction(() => document.fullscreenElement === document.getElementById('app'));
    for (const sel of ['[data-part="caption"]', '.blr-play', '[data-part="transport"] >> text=Step', '.equations', 'canvas.blr-canvas']) {
      assert.ok(await page.locator(sel).first().isVisible(), `${sel} visible in full screen`);
    }
    assert.equal((await page.textContent('[data-part="caption"]')).trim(), newton.caption);
    assert.equal(await page.locator('.controls-col').isVisible(), false, 'the settings make room');
    assert.equal(await page.textContent('.blr-full'), 'Exit full screen');
    await page.click('.blr-full');
    await page.waitForFunction(() => document.fullscreenElement === null);
    assert.deepEqual(problems, []);
  });

  test('a lesson link hides exactly the controls it names; hide=all hides them all; a bad name is an error', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url('#hide=lr,tau'));
    await waitReady(page);
    const visible = (k) => page.locator(`[data-ctl="${k}"]`).isVisible();
    assert.equal(await visible('lr'), false);
    assert.equal(await visible('tau'), false);
    for (const k of ['landscape', 'family', 'estimator', 'cov0', 'speed']) assert.equal(await visible(k), true, k);
    // Each link in a fresh page (a hash change rewrites the link to the scene's own form).
    const { page: p2 } = await newPage(browser.context);
    await p2.goto(url('#hide=all&projector=true'));
    await waitReady(p2);
    assert.equal(await p2.locator('[data-part="controls"]').isVisible(), false);
    assert.equal(await p2.locator('.controls-col').isVisible(), false);
    assert.ok(await p2.locator('.blr-play').isVisible(), 'the transport stays');
    assert.ok(await p2.locator('.blr-scrub').isVisible(), 'the scrubber stays');
    assert.equal(await p2.locator('#app.blr-projector').count(), 1, 'projector scale on');
    const { page: p3 } = await newPage(browser.context);
    await p3.goto(url('#hide=lr,bogus'));
    await waitReady(p3);
    const notice = p3.locator('.blr-notice');
    await notice.waitFor();
    assert.match(await notice.textContent(), /hide/);
    assert.match(await notice.textContent(), /bogus/);
    assert.equal(await p3.locator('[data-ctl="lr"]').isVisible(), true, 'the bad link hides nothing');
    assert.deepEqual(problems, []);
  });

  test('reduced motion: a picked preset and a tour step wait for Play', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(url(''));
    await waitReady(page);
    assert.equal(await page.evaluate(() => window.blrPlayground.playing), false, 'no autoplay');
    await page.selectOption('[data-part="preset-select"]', 'newton');
    await page.waitForFunction(() => window.blrPlayground.pg.preset_id() === 'newton');
    assert.equal(await page.evaluate(() => window.blrPlayground.playing), false, 'the preset waits');
    assert.equal(await tNow(page), 0);
    await page.emulateMedia({ reducedMotion: null });
    assert.deepEqual(problems, []);
  });

  test('the arrow keys on the plot move the start by a step, say so and update the link', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url('#landscape=rosenbrock&init=-1,1'));
    await waitReady(page);
    await page.evaluate(() => window.blrPlayground.pause());
    await page.focus('canvas.blr-canvas');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => location.hash.includes('init=-0.9,1'));
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction(() => location.hash.includes('init=-0.9,1.1'));
    assert.equal(await page.evaluate(() => window.blrPlayground.pg.get('init')), '-0.9,1.1');
    assert.match(await page.locator('[data-part="transport"] output[aria-live="polite"].blr-sr').textContent(),
      /^start moved to x = −0\.9, y = 1\.1$/);
    assert.equal(await tNow(page), 0, 'a new start begins again');
    assert.deepEqual(problems, []);
  });
});

describe('on a phone', { skip: SKIP, timeout: 300000 }, () => {
  let browser;
  before(async () => {
    browser = await launch({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  });
  after(async () => { await browser?.close(); });

  test('a swipe over the plot scrolls the page and leaves the start; a drag on the handle moves it', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url('#landscape=rosenbrock&init=-1,1'));
    await waitReady(page);
    await page.evaluate(() => window.blrPlayground.pause());
    const box = await page.locator('canvas.blr-canvas').boundingBox();
    const cdp = await browser.context.newCDPSession(page);
    const touch = (type, x, y) => cdp.send('Input.dispatchTouchEvent', {
      type, touchPoints: type === 'touchEnd' ? [] : [{ x: Math.round(x), y: Math.round(y) }],
    });
    // A swipe up far from the handle (the start at (−1, 1) is in the plot's upper left).
    const [x0, y0] = [box.x + box.width * 0.8, box.y + box.height * 0.8];
    await touch('touchStart', x0, y0);
    for (let i = 1; i <= 10; i++) await touch('touchMove', x0, y0 - 25 * i);
    await touch('touchEnd');
    await page.waitForFunction(() => window.scrollY > 100);
    assert.equal(await page.evaluate(() => window.blrPlayground.pg.get('init')), '-1,1', 'the start stayed');
    // Touch-drag from the handle moves the start.
    // (after the swipe's fling has settled)
    await page.waitForTimeout(800);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(200);
    const scrolled = await page.evaluate(() => window.scrollY);
    const f = await page.evaluate(() => JSON.parse(window.blrPlayground.pg.frame()));
    const b2 = await page.locator('canvas.blr-canvas').boundingBox();
    const scale = b2.width / (await page.evaluate(() => window.blrPlayground.canvas.width));
    const [sx, sy] = [b2.x + f.start[0] * scale, b2.y + f.start[1] * scale];
    await touch('touchStart', sx, sy);
    for (let i = 1; i <= 5; i++) await touch('touchMove', sx + 12 * i, sy + 10 * i);
    await touch('touchEnd');
    await page.waitForFunction(() => window.blrPlayground.pg.get('init') !== '-1,1');
    assert.equal(await page.evaluate(() => window.scrollY), scrolled, 'the drag did not scroll');
    assert.deepEqual(problems, []);
  });

  test('buttons, selects, checkboxes and glossary terms are at least 44 px tall', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url(''));
    await waitReady(page);
    await page.waitForSelector('.blr-term');
    const small = await page.evaluate(() => {
      const out = [];
      const targets = [...document.querySelectorAll('.blr-btn, select, .blr-term, .blr-ctl-check label')];
      for (const el of targets) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue; // not shown
        if (r.height < 44 - 0.5) out.push(`${el.className || el.tagName} "${el.textContent.slice(0, 20)}" ${r.height}`);
      }
      return { out, n: targets.length };
    });
    assert.ok(small.n > 20, `${small.n} targets measured`);
    assert.deepEqual(small.out, []);
    await shot(page, 'classroom-phone', { fullPage: false });
    assert.deepEqual(problems, []);
  });
});
