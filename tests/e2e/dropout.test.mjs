// The dropout preset on the page: both minima are marked, the keep slider sits at p and moves
// the minimum of D mid-run, and the heatmap can show the loss or the dropout objective.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP, url, launch, newPage, waitReady, shot, frame } from './lib.mjs';

describe('dropout on the page', { skip: SKIP, timeout: 120000 }, () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  test('markers, the keep slider and the surface select', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url('index.html'));
    await waitReady(page);
    await page.selectOption('[data-part="preset-select"]', 'dropout');
    await page.waitForFunction(() => window.blrPlayground.pg.get('family') === 'dropout');
    await page.evaluate(() => { const w = window.blrPlayground; w.pause(); for (let i = 0; i < 20; i++) w.stepOnce(); w.draw(); });
    let f = await frame(page);
    assert.deepEqual(f.markers.map((m) => m.kind), ['min-loss', 'min-dropout']);
    assert.equal(f.markers[1].label, 'minimum of D (p = 0.8)');
    // The keep slider shows p = 0.8 (a linear real slider), not its end.
    const slider = page.locator('input[data-key="keep"]');
    assert.ok(Math.abs(Number(await slider.inputValue()) - 0.8) < 0.01, await slider.inputValue());
    // Moving it tunes the run (t stays) and moves D's minimum.
    const before = f.markers[1].world;
    const t = f.t;
    await slider.fill('0.5');
    await page.waitForFunction(() => window.blrPlayground.pg.get('keep') === '0.5');
    f = await frame(page);
    assert.equal(f.t, t);
    assert.equal(f.markers[1].label, 'minimum of D (p = 0.5)');
    assert.ok(Math.hypot(f.markers[1].world[0] - before[0], f.markers[1].world[1] - before[1]) > 0.01);
    // The heatmap shows D, or the loss on request.
    assert.match(await page.locator('.blr-legend').textContent(), /dropout objective D, p = 0\.5/);
    await page.selectOption('select[data-key="surface"]', 'loss');
    await page.waitForFunction(() => /colour: loss/.test(document.querySelector('.blr-legend').textContent));
    await shot(page, 'dropout-preset');
    assert.deepEqual(problems, []);
  });
});
