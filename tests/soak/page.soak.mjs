// The page soak (issue 12; outside CI, run by scripts/soak.sh): each scene plays 10⁶ steps at
// full speed in headless Chromium while we sample the wasm memory, the JS heap (after a forced
// GC) and the frame intervals. Asserts that memory stays flat (wasm memory ends at most 2× its
// size at 10 % of the run, and JS heap under 64 MB) and that the frame time is steady (p95 of the
// last tenth within 2× that of the second tenth, plus 8 ms of slack for a busy machine).
// Prints the figures the closing note quotes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { url, launch, newPage } from '../e2e/lib.mjs';

const STEPS = Number(process.env.BLR_SOAK_STEPS || 1_000_000);
const SCENES = [
  `#landscape=himmelblau&family=full&estimator=mc&samples=16&speed=60000&steps=${STEPS}`,
  `#family=mixture&k=16&estimator=mc&samples=2&speed=60000&steps=${STEPS}`,
  // A classical comparator steps beside the rule: its path must not grow with the run either.
  `#landscape=himmelblau&family=diagonal&estimator=mc&samples=4&compare=adam&speed=60000&steps=${STEPS}`,
];

const p95 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(0.95 * s.length))] ?? NaN;
};

describe('page soak: 10⁶ steps', { timeout: 3_600_000 }, () => {
  let browser;
  before(async () => {
    browser = await launch({ args: ['--js-flags=--expose-gc', '--enable-precise-memory-info'] });
  });
  after(async () => { await browser?.close(); });

  for (const hash of SCENES) {
    test(hash, { timeout: 3_000_000 }, async () => {
      const { page, problems } = await newPage(browser.context);
      await page.addInitScript(() => {
        window.__frames = [];
        const tick = (now) => {
          window.__frames.push([now, window.blrPlayground?.frame?.t ?? -1]);
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      await page.goto(url(`index.html${hash}`));
      await page.waitForFunction(() => window.blrPlayground?.frame?.t >= 0, null, { timeout: 20000 });
      const sample = () => page.evaluate(() => {
        window.gc?.();
        const w = window.blrPlayground;
        return {
          t: w.frame?.t ?? -1,
          wasm: w.memory.buffer.byteLength,
          heap: performance.memory?.usedJSHeapSize ?? NaN,
          status: w.frame?.status ?? '',
        };
      });
      const samples = [];
      const t0 = Date.now();
      for (;;) {
        const s = await sample();
        samples.push(s);
        if (s.t >= STEPS || !String(s.status).startsWith('ok')) break;
        assert.ok(Date.now() - t0 < 2_800_000, `only t = ${s.t} after ${(Date.now() - t0) / 1000} s`);
        await page.waitForTimeout(2000);
      }
      const last = samples[samples.length - 1];
      assert.equal(last.t, STEPS, `stopped at t = ${last.t}: ${last.status}`);
      const early = samples.find((s) => s.t >= STEPS / 10) ?? samples[0];
      const frames = await page.evaluate(() => window.__frames);
      const gaps = (lo, hi) => {
        const out = [];
        for (let i = 1; i < frames.length; i++) {
          const t = frames[i][1];
          if (t >= lo && t < hi) out.push(frames[i][0] - frames[i - 1][0]);
        }
        return out;
      };
      const p95Early = p95(gaps(STEPS / 10, STEPS / 5));
      const p95Late = p95(gaps(0.9 * STEPS, STEPS));
      const mb = (b) => (b / 2 ** 20).toFixed(1);
      const start = samples[0];
      console.log(`${hash}\n  ${((Date.now() - t0) / 1000).toFixed(0)} s; wasm memory ${mb(start.wasm)} MB at t = ${start.t}, ${mb(early.wasm)} MB at t = ${early.t} → ${mb(last.wasm)} MB at t = ${last.t}; JS heap ${mb(start.heap)}, ${mb(early.heap)} → ${mb(last.heap)} MB; frame p95 ${p95Early.toFixed(1)} ms (10–20 %) → ${p95Late.toFixed(1)} ms (90–100 %)`);
      assert.ok(last.wasm <= 2 * early.wasm, `wasm memory grew ${mb(early.wasm)} → ${mb(last.wasm)} MB`);
      assert.ok(last.heap < 64 * 2 ** 20, `JS heap ${mb(last.heap)} MB`);
      assert.ok(p95Late <= 2 * p95Early + 8, `frame p95 ${p95Early} → ${p95Late} ms`);
      assert.deepEqual(problems, []);
    });
  }
});
