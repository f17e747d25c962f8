// Shared helpers for the end-to-end tests (node:test + playwright-core + system Chromium).
// scripts/test.sh serves www/ and sets BLR_BASE_URL; without it every test is skipped.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BASE_URL = process.env.BLR_BASE_URL;
export const SKIP = !BASE_URL && 'BLR_BASE_URL not set (run scripts/test.sh)';
export const RESULTS = join(ROOT, 'test-results');
const CHROMIUM = process.env.BLR_CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** A URL under the served www/ directory. */
export function url(path = '') {
  return new URL(path, BASE_URL).href;
}

/**
 * Launches Chromium on a fresh profile. Options go to launchPersistentContext (viewport,
 * deviceScaleFactor, isMobile, hasTouch, permissions…). Returns { context, close }.
 */
export async function launch(options = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'blr-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
    ...options,
    // Extra flags add to the standard ones rather than replace them.
    args: [...ARGS, ...(options.args ?? [])],
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A page that records every problem: console errors, uncaught exceptions, failed requests,
 * HTTP errors. `problems` is the list; assert it is empty.
 */
export async function newPage(context) {
  const page = context.pages().find((p) => p.url() === 'about:blank') ?? await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  page.setDefaultTimeout(20000);
  return { page, problems };
}

/** Waits until the full page's widget has loaded wasm, sized its canvas and drawn a frame. */
export async function waitReady(page) {
  await page.waitForFunction(() => {
    const w = window.blrPlayground;
    return w && w.pg && w.sized && w.frame && w.canvas.width > 0;
  });
}

/** Pauses the page's run and resets it to t = 0 (through the widget's own methods). */
export async function pauseReset(page) {
  await page.evaluate(() => {
    const w = window.blrPlayground;
    w.pause();
    w.reset();
    w.draw();
  });
}

/** frame() of the page's Playground, parsed. */
export async function frame(page) {
  return page.evaluate(() => JSON.parse(window.blrPlayground.pg.frame()));
}

/** Screenshot into test-results/NAME.png (for people to look at). */
export async function shot(page, name, options = {}) {
  await mkdir(RESULTS, { recursive: true });
  const path = join(RESULTS, `${name}.png`);
  await page.screenshot({ path, ...options });
  return path;
}

let blrPath = null;
/** The native CLI: target/release/blr, built (cargo build --release --bin blr) when missing. */
export function blrBinary() {
  if (blrPath) return blrPath;
  const p = join(ROOT, 'target', 'release', 'blr');
  if (!existsSync(p)) {
    execFileSync('cargo', ['build', '--release', '--bin', 'blr'], { cwd: ROOT, stdio: 'inherit' });
  }
  blrPath = p;
  return p;
}

/** `blr run --state STATE --steps N` parsed (no shell: the state is one argv entry). */
export function blrRun(state, steps) {
  const out = execFileSync(blrBinary(), ['run', '--state', state, '--steps', String(steps)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out);
}

/** |a − b| ≤ rel·max(|a|, |b|) + abs, elementwise over nested arrays; returns the worst case. */
export function closeTo(a, b, rel = 1e-9, abs = 1e-12) {
  const fa = [a].flat(Infinity);
  const fb = [b].flat(Infinity);
  if (fa.length !== fb.length) return { ok: false, why: `length ${fa.length} vs ${fb.length}` };
  let worst = 0;
  for (let i = 0; i < fa.length; i++) {
    const d = Math.abs(fa[i] - fb[i]);
    const tol = rel * Math.max(Math.abs(fa[i]), Math.abs(fb[i])) + abs;
    if (!(d <= tol)) return { ok: false, why: `entry ${i}: ${fa[i]} vs ${fb[i]} (diff ${d})` };
    worst = Math.max(worst, d);
  }
  return { ok: true, worst };
}

/**
 * Pixel statistics of a canvas (found by a function run in the page): share of pixels that
 * differ from the corner colour, and the number of distinct colours (coarsely binned).
 */
export async function canvasStats(page, findCanvas = '() => window.blrPlayground.canvas') {
  return page.evaluate(`(() => {
    const c = (${findCanvas})();
    const ctx = c.getContext('2d');
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    const bg = [data[0], data[1], data[2]];
    let differ = 0;
    const colours = new Set();
    const n = c.width * c.height;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - bg[0]) + Math.abs(data[i + 1] - bg[1]) + Math.abs(data[i + 2] - bg[2]) > 12) differ++;
      colours.add((data[i] >> 4) << 8 | (data[i + 1] >> 4) << 4 | (data[i + 2] >> 4));
    }
    return { width: c.width, height: c.height, cssWidth: c.getBoundingClientRect().width,
             cssHeight: c.getBoundingClientRect().height, nonBackground: differ / n, colours: colours.size };
  })()`);
}

/** The RGBA of one canvas pixel. */
export async function pixel(page, x, y, findCanvas = '() => window.blrPlayground.canvas') {
  return page.evaluate(`(() => {
    const c = (${findCanvas})();
    return Array.from(c.getContext('2d').getImageData(${Math.round(x)}, ${Math.round(y)}, 1, 1).data);
  })()`);
}
