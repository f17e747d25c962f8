// Screenshots of the served page for a person to look at: laptop, projector and phone, at the
// URL hashes given (default: the default scene and a mixture). Usage, with www/ served:
//   node scripts/screenshots.mjs http://127.0.0.1:8000/ OUT_DIR ['#hash' ...]
// Not a test: it asserts nothing, it only writes PNGs (one per size and scene).
import { chromium } from 'playwright-core';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base = 'http://127.0.0.1:8000/', out = 'screenshots', ...hashes] = process.argv.slice(2);
const scenes = hashes.length ? hashes : ['', '#landscape=himmelblau&family=mixture&k=4&steps=300'];
const sizes = {
  laptop: { viewport: { width: 1366, height: 820 }, deviceScaleFactor: 1 },
  projector: { viewport: { width: 1024, height: 768 }, deviceScaleFactor: 1 },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};

await mkdir(out, { recursive: true });
for (const [name, opts] of Object.entries(sizes)) {
  const profile = await mkdtemp(join(tmpdir(), 'blr-shot-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.BLR_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    ...opts,
  });
  const page = ctx.pages()[0] ?? await ctx.newPage();
  for (const [i, hash] of scenes.entries()) {
    await page.goto(new URL(hash, base).href);
    await page.waitForFunction(() => window.blrPlayground?.pg, null, { timeout: 20000 });
    await page.waitForTimeout(2500);
    const file = join(out, `${name}-${i}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(file);
  }
  await ctx.close();
  await rm(profile, { recursive: true, force: true });
}
