// Taking it away: the page's JSON/CSV downloads are `blr run`'s bytes, the PNG and SVG figure
// downloads have the size asked and a legend, and the light and dark themes follow
// prefers-color-scheme (or the `theme` key) and pass axe-core's colour-contrast rules.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SKIP, ROOT, url, launch, newPage, waitReady } from './lib.mjs';

const NEWTON = 'landscape=rosenbrock&family=full&estimator=delta&lr=1&tau=1&improved=false&init=-1.2,1&cov0=1&compare=newton&steps=40';
const BLR = join(ROOT, 'target/release/blr');
const AXE = createRequire(import.meta.url).resolve('axe-core');

async function download(page, part) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-part="${part}"]`)]);
  return { name: dl.suggestedFilename(), bytes: await readFile(await dl.path()) };
}

/** PNG width and height from the IHDR chunk. */
function pngSize(b) {
  assert.deepEqual([...b.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'PNG signature');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('exports and themes', { skip: SKIP, timeout: 240000 }, () => {
  let browser;
  before(async () => { browser = await launch({ colorScheme: 'light', deviceScaleFactor: 2, acceptDownloads: true }); });
  after(async () => { await browser?.close(); });

  test('JSON and CSV downloads equal blr run; PNG and SVG figures', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url(`index.html#${NEWTON}`));
    await waitReady(page);
    await page.evaluate(() => { window.blrPlayground.pause(); window.blrPlayground.stepOnce(); });
    const q = await page.evaluate(() => window.blrPlayground.pg.query());
    for (const [part, format] of [['save-json', 'json'], ['save-csv', 'csv']]) {
      const { name, bytes } = await download(page, part);
      assert.ok(name.endsWith(`.${format}`), name);
      const cli = execFileSync(BLR, ['run', '--state', q, '--format', format]);
      assert.ok(bytes.equals(cli), `${format}: page bytes equal blr run's (${bytes.length} vs ${cli.length})`);
    }
    // PNG as shown, at the device pixel ratio: the plot's CSS size plus the legend, ×2.
    const box = await page.evaluate(() => {
      const r = window.blrPlayground.plot.getBoundingClientRect();
      return { w: Math.round(r.width), h: Math.round(r.height) };
    });
    const png = await download(page, 'save-png');
    assert.ok(png.name.endsWith('.png'));
    assert.deepEqual(pngSize(png.bytes), { width: box.w * 2, height: (box.h + 54) * 2 });
    // A print size.
    await page.selectOption('[data-part="export-size"]', '1600');
    const big = await download(page, 'save-png');
    assert.deepEqual(pngSize(big.bytes), { width: 1600, height: 1320 });
    // The legend is drawn: dark text on the light footer of the figure.
    const legend = await page.evaluate(async (b64) => {
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bin], { type: 'image/png' }));
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext('2d');
      ctx.drawImage(bmp, 0, 0);
      const foot = ctx.getImageData(0, bmp.height - 100, bmp.width, 100).data;
      let dark = 0, white = 0;
      for (let i = 0; i < foot.length; i += 4) {
        if (foot[i] < 80 && foot[i + 1] < 80 && foot[i + 2] < 80) dark++;
        if (foot[i] === 255 && foot[i + 1] === 255 && foot[i + 2] === 255) white++;
      }
      return { dark, white };
    }, big.bytes.toString('base64'));
    assert.ok(legend.dark > 500 && legend.white > 50000, JSON.stringify(legend));
    const svg = await download(page, 'save-svg');
    const text = svg.bytes.toString('utf8');
    assert.ok(svg.name.endsWith('.svg') && text.startsWith('<svg'));
    assert.ok(text.includes('data:image/png;base64,') && text.includes('Newton'));
    const parsed = await page.evaluate((t) => {
      const d = new DOMParser().parseFromString(t, 'image/svg+xml');
      return { err: d.querySelector('parsererror') !== null, paths: d.querySelectorAll('path').length };
    }, text);
    assert.ok(!parsed.err && parsed.paths > 5, JSON.stringify(parsed));
    assert.deepEqual(problems, []);
  });

  for (const scheme of ['light', 'dark']) {
    test(`${scheme} theme from prefers-color-scheme passes axe-core colour contrast`, async () => {
      const { page, problems } = await newPage(browser.context);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(url(`index.html#${NEWTON}`));
      await waitReady(page);
      await page.evaluate(() => window.blrPlayground.pause());
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, scheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(14, 17, 22)');
      await page.addScriptTag({ path: AXE });
      const res = await page.evaluate(async () => {
        const r = await window.axe.run(document, { runOnly: ['color-contrast'] });
        return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target} ${n.failureSummary}`));
      });
      assert.deepEqual(res, []);
      assert.deepEqual(problems, []);
    });
  }

  test('the theme key overrides the preference', async () => {
    const { page } = await newPage(browser.context);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(url(`index.html#${NEWTON}&theme=dark`));
    await waitReady(page);
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(14, 17, 22)');
    assert.equal(await page.getAttribute('#app', 'data-theme'), 'dark');
  });
});
