// Smoke test: the page loads in headless Chromium, the wasm module initialises, and nothing
// errors (console errors, uncaught exceptions, failed or 4xx/5xx requests).
// Run by scripts/test.sh, which serves www/ and sets BLR_BASE_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE_URL = process.env.BLR_BASE_URL;
const CHROMIUM = process.env.BLR_CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

test('page loads the wasm module without errors', { skip: !BASE_URL && 'BLR_BASE_URL not set (run scripts/test.sh)' }, async () => {
  const profile = await mkdtemp(join(tmpdir(), 'blr-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
  });
  try {
    const page = context.pages()[0] ?? await context.newPage();
    const problems = [];
    page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`));
    page.on('response', (res) => { if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`); });

    await page.goto(BASE_URL, { waitUntil: 'load' });
    assert.equal(await page.title(), 'BLR Playground');
    await page.waitForFunction(
      () => /wasm (loaded|failed)/.test(document.getElementById('status')?.textContent ?? ''),
      null, { timeout: 15000 },
    );
    assert.equal((await page.textContent('#status')).trim(), 'wasm loaded');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});
