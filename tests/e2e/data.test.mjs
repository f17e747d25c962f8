// Your own rows on the page: a CSV picked through the file input is read by the same Rust
// parser as `blr run --data`, drawn in the data panel beside the landscape, and the run's JSON
// download is `blr run --data FILE`'s bytes; a malformed file shows the CLI's file/line/column
// message and the previous rows stay. Screenshots at laptop and phone widths.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SKIP, url, launch, newPage, waitReady, shot, blrBinary, closeTo } from './lib.mjs';

const SCENE = 'landscape=logistic&family=full&estimator=delta&lr=0.5&init=0,0&steps=30';
// Two clusters, labels 0/1 (0 is −1), as a student might type them.
const ROWS = [
  'x1,x2,label',
  '2,3,1', '3,1.5,1', '2.5,4,1', '1,2.5,1', '3.5,3,1',
  '-2,-1,0', '-3,0.5,0', '-1.5,-2,0', '-2.5,-3,0', '-4,-1,0',
].join('\n') + '\n';
const BAD = 'x1,x2,label\n1,2,1\n3,abc,1\n';
const RIDGE_SCENE = 'landscape=ridge&family=full&estimator=delta&lr=0.3&init=0,0&steps=20';
const RIDGE = 'x1,x2,y\n1,0,1.2\n0,1,-0.4\n1,1,0.7\n-1,0.5,-1.5\n2,-1,2.6\n';

/** The page's JSON download (its text). */
async function download(page) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-part="save-json"]')]);
  return readFile(await dl.path(), 'utf8');
}

describe('own data on the page', { skip: SKIP, timeout: 240000 }, () => {
  let browser;
  let dir;
  before(async () => {
    browser = await launch({ acceptDownloads: true });
    dir = await mkdtemp(join(tmpdir(), 'blr-data-'));
    await writeFile(join(dir, 'rows.csv'), ROWS);
    await writeFile(join(dir, 'bad.csv'), BAD);
    await writeFile(join(dir, 'ridge.csv'), RIDGE);
  });
  after(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('upload, draw, export equals blr run --data; a bad file keeps the rows', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url(`index.html#${SCENE}`));
    await waitReady(page);
    await page.evaluate(() => window.blrPlayground.pause());
    // The shipped rows are drawn beside the landscape.
    const panel = page.locator('.blr-data');
    await panel.waitFor({ state: 'visible' });
    assert.match(await page.locator('.blr-data-title').textContent(), /60 rows, the shipped rows/);

    // Upload through the file input.
    await page.setInputFiles('.blr-data-file', join(dir, 'rows.csv'));
    await page.waitForFunction(() => /your rows \(rows\.csv\)/.test(document.querySelector('.blr-data-title').textContent));
    assert.match(await page.locator('.blr-data-title').textContent(), /10 rows, your rows \(rows\.csv\)/);
    const own = await page.locator('.blr-data-own').textContent();
    assert.match(own, /this scene uses your own data \(10 rows, checksum fnv1a64:[0-9a-f]{16}\); the link does not carry it/);
    // The panel draws the rows: pixels of both label colours on the panel's canvas.
    const colours = await page.evaluate(() => {
      const c = document.querySelector('.blr-data-canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let blue = 0, orange = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] === 0x56 && d[i + 1] === 0xb4 && d[i + 2] === 0xe9) blue++;
        if (d[i] === 0xe6 && d[i + 1] === 0x9f && d[i + 2] === 0x00) orange++;
      }
      return { blue, orange };
    });
    assert.ok(colours.blue > 20 && colours.orange > 20, JSON.stringify(colours));
    // Run a few steps: the boundary of q's mean is drawn.
    await page.evaluate(() => { for (let i = 0; i < 5; i++) window.blrPlayground.stepOnce(); window.blrPlayground.draw(); });
    const lines = await page.evaluate(() => {
      const c = document.querySelector('.blr-data-canvas');
      return JSON.parse(window.blrPlayground.pg.data_panel(c.clientWidth, c.clientHeight)).lines;
    });
    assert.equal(lines[0].kind, 'boundary');
    assert.equal(lines[0].path.length, 4);
    // Copying the link says the rows do not travel with it.
    await page.click('[data-part="copy-link"]');
    assert.match(await page.locator('[data-part="copy-out"]').textContent(), /the link does not carry it/);
    // The JSON download is `blr run --data rows.csv`'s run for the same scene: the same scene
    // (rows, checksum) and steps; logistic regression's exp/log differ in the last bits between
    // wasm's and the native libm, so the numbers agree to 1e-12 relative here, and a ridge
    // regression (no transcendental function) below is byte-identical.
    const q = await page.evaluate(() => window.blrPlayground.pg.query());
    const cliLine = await page.evaluate(() => window.blrPlayground.pg.cli());
    assert.ok(cliLine.endsWith(" --data 'rows.csv'"), cliLine);
    const pageRun = JSON.parse(await download(page));
    const cliRun = JSON.parse(execFileSync(blrBinary(), ['run', '--state', q, '--data', 'rows.csv'], { cwd: dir, encoding: 'utf8' }));
    assert.deepEqual(pageRun.scene, cliRun.scene);
    assert.equal(pageRun.steps.length, cliRun.steps.length);
    const c = closeTo(pageRun.steps.map((s) => s.components.map((k) => [k.mean, k.cov])),
      cliRun.steps.map((s) => s.components.map((k) => [k.mean, k.cov])), 1e-12, 1e-15);
    assert.ok(c.ok, c.why);

    await shot(page, 'data-panel-laptop');

    // A malformed file: the CLI's message, and the previous rows stay.
    await page.setInputFiles('.blr-data-file', join(dir, 'bad.csv'));
    await page.locator('.blr-data-error').waitFor({ state: 'visible' });
    const shown = await page.locator('.blr-data-error').textContent();
    let cliErr = '';
    try {
      execFileSync(blrBinary(), ['run', '--state', q, '--data', 'bad.csv'], { cwd: dir, stdio: 'pipe' });
    } catch (e) {
      cliErr = e.stderr.toString();
    }
    assert.equal(shown, 'data: bad.csv: line 3, column x2: \'abc\' is not a finite number');
    assert.ok(cliErr.includes(shown), `the CLI says the same: ${cliErr}`);
    assert.match(await page.locator('.blr-data-title').textContent(), /10 rows, your rows \(rows\.csv\)/);
    assert.equal(await page.evaluate(() => JSON.parse(window.blrPlayground.pg.data_notice()).rows), 10);

    // Back to the shipped rows.
    await page.click('.blr-data-load .blr-btn');
    await page.waitForFunction(() => /the shipped rows/.test(document.querySelector('.blr-data-title').textContent));
    assert.equal(await page.evaluate(() => window.blrPlayground.pg.data_notice()), 'null');

    // Ridge rows: the JSON download is `blr run --data ridge.csv`'s bytes.
    await page.goto(url(`index.html#${RIDGE_SCENE}`));
    await waitReady(page);
    await page.setInputFiles('.blr-data-file', join(dir, 'ridge.csv'));
    await page.waitForFunction(() => /ridge\.csv/.test(document.querySelector('.blr-data-title').textContent));
    const rq = await page.evaluate(() => window.blrPlayground.pg.query());
    const bytes = Buffer.from(await download(page));
    const cli = execFileSync(blrBinary(), ['run', '--state', rq, '--data', 'ridge.csv'], { cwd: dir });
    assert.ok(bytes.equals(cli), `page bytes equal blr run --data's (${bytes.length} vs ${cli.length})`);
    assert.deepEqual(problems, []);
  });

  test('the data panel sits beside the plot, and under it on a phone', async () => {
    for (const [name, viewport] of [['laptop', { width: 1366, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
      const { context, close } = await launch({ viewport, deviceScaleFactor: 2 });
      const { page, problems } = await newPage(context);
      await page.goto(url(`index.html#${SCENE}&batch=3`));
      await waitReady(page);
      await page.setInputFiles('.blr-data-file', join(dir, 'rows.csv'));
      await page.waitForFunction(() => /rows\.csv/.test(document.querySelector('.blr-data-title').textContent));
      await page.evaluate(() => { const w = window.blrPlayground; w.pause(); for (let i = 0; i < 8; i++) w.stepOnce(); w.draw(); });
      const box = await page.evaluate(() => {
        const r = (s) => document.querySelector(s).getBoundingClientRect();
        const p = r('.blr-plot');
        const d = r('.blr-data');
        return { plot: { left: p.left, right: p.right, top: p.top, bottom: p.bottom }, data: { left: d.left, top: d.top, width: d.width } };
      });
      if (name === 'laptop') {
        assert.ok(box.data.left >= box.plot.right, `panel right of the plot: ${JSON.stringify(box)}`);
        assert.ok(box.data.top < box.plot.bottom, 'side by side');
      } else {
        assert.ok(box.data.top >= box.plot.bottom - 1, `panel under the plot: ${JSON.stringify(box)}`);
      }
      assert.ok(box.data.width > 150, JSON.stringify(box));
      // The minibatch equation is shown with N and b.
      assert.match(await page.locator('[data-eq-minibatch]').textContent(), /N = 10 rows, b = 3 per step/);
      await page.locator('.stage-row').scrollIntoViewIfNeeded();
      await shot(page, `data-panel-${name}`, { fullPage: name === 'phone' });
      assert.deepEqual(problems, []);
      await close();
    }
  });
});
