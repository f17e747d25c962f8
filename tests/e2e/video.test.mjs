// The run as a video: the page's WebM (WebCodecs' VideoEncoder, muxed by the wasm; MediaRecorder
// where WebCodecs is missing) and animated GIF (the wasm GifEncoder), inspected by ffprobe
// (Debian's ffmpeg, scripts/setup.sh): one frame per recorded step, the WebM at exactly 25 fps,
// the GIF decoded (ffprobe and the browser's own ImageDecoder) with the same frames. A long
// recording shows its progress and can be cancelled.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SKIP, RESULTS, url, launch, newPage, waitReady } from './lib.mjs';

const STEPS = 40;
const NEWTON = `landscape=rosenbrock&family=full&estimator=delta&lr=1&tau=1&improved=false&init=-1.2,1&cov0=1&compare=newton&steps=${STEPS}`;
const FPS = 25;

function ffprobe(file, entries) {
  const out = execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0',
    '-show_entries', entries, '-of', 'json', file], { encoding: 'utf8' });
  return JSON.parse(out);
}

async function download(page, part, name) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 120000 }), page.click(`[data-part="${part}"]`)]);
  await mkdir(RESULTS, { recursive: true });
  const file = join(RESULTS, name);
  await writeFile(file, await readFile(await dl.path()));
  return { file, suggested: dl.suggestedFilename() };
}

describe('video and GIF of the run', { skip: SKIP, timeout: 300000 }, () => {
  let browser;
  before(async () => { browser = await launch({ colorScheme: 'light', acceptDownloads: true }); });
  after(async () => { await browser?.close(); });

  test(`WebM and GIF: ${STEPS + 1} frames (t = 0…${STEPS}) at ${FPS} fps`, async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url(`index.html#${NEWTON}`));
    await waitReady(page);
    await page.evaluate(() => { window.blrPlayground.pause(); window.blrPlayground.reset(); window.blrPlayground.stepOnce(); });
    await page.selectOption('[data-part="video-length"]', '4'); // ≤ 4 s = 100 frames: every step

    const webm = await download(page, 'save-webm', 'run.webm');
    assert.equal(webm.suggested, 'blr-rosenbrock.webm');
    const v = ffprobe(webm.file, 'stream=codec_name,width,height,nb_read_frames:packet=pts_time:format=duration');
    const s = v.streams[0];
    assert.match(s.codec_name, /^vp[89]$/);
    assert.deepEqual([s.width, s.height], [720, 594]);
    assert.equal(Number(s.nb_read_frames), STEPS + 1, 'one video frame per step t = 0…steps');
    // Every frame lasts exactly 1/25 s of the video, however long it took to draw.
    const pts = v.packets.map((p) => Number(p.pts_time)).sort((a, b) => a - b);
    assert.deepEqual(pts, Array.from({ length: STEPS + 1 }, (_, i) => Number((i / FPS).toFixed(6))));
    assert.equal(Number(v.format.duration), (STEPS + 1) / FPS);
    assert.match(await page.textContent('[data-part="video-status"]'), new RegExp(`Saved the video \\(${STEPS + 1} frames`));

    const gif = await download(page, 'save-gif', 'run.gif');
    assert.equal(gif.suggested, 'blr-rosenbrock.gif');
    const g = ffprobe(gif.file, 'stream=codec_name,width,height,nb_read_frames');
    assert.equal(g.streams[0].codec_name, 'gif');
    assert.deepEqual([g.streams[0].width, g.streams[0].height], [720, 594]);
    assert.equal(Number(g.streams[0].nb_read_frames), STEPS + 1);
    // The browser decodes it too, with 4/100 s per frame.
    const bytes = await readFile(gif.file);
    const dec = await page.evaluate(async (b64) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const d = new ImageDecoder({ data, type: 'image/gif' });
      await d.tracks.ready;
      const n = d.tracks.selectedTrack.frameCount;
      const last = await d.decode({ frameIndex: n - 1 });
      return { n, duration: last.image.duration, w: last.image.displayWidth };
    }, bytes.toString('base64'));
    assert.deepEqual(dec, { n: STEPS + 1, duration: 40000, w: 720 });
    // A frame to look at (test-results/gif-frame-20.png).
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', gif.file, '-vf', 'select=eq(n\\,20)', '-frames:v', '1',
      join(RESULTS, 'gif-frame-20.png')]);
    // The page's own run was left alone.
    assert.equal(await page.evaluate(() => JSON.parse(window.blrPlayground.pg.frame()).t), 1);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a long recording shows its progress and can be cancelled', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.goto(url(`index.html#${NEWTON.replace(`steps=${STEPS}`, 'steps=5000')}`));
    await waitReady(page);
    await page.evaluate(() => window.blrPlayground.pause());
    await page.selectOption('[data-part="video-length"]', '30');
    let downloaded = false;
    page.on('download', () => { downloaded = true; });
    await page.click('[data-part="save-gif"]');
    // ≤ 30 s at 25 fps: at most 750 frames, every ⌈5000/749⌉ = 7th step: 716 frames.
    await page.waitForFunction(() => /frame \d+ of 716$/.test(document.querySelector('[data-part="video-status"]').textContent)
      && document.querySelector('.blr-video-progress').value >= 5);
    assert.equal(await page.isDisabled('[data-part="save-webm"]'), true, 'one recording at a time');
    await page.click('[data-part="video-cancel"]');
    await page.waitForFunction(() => document.querySelector('[data-part="video-status"]').textContent === 'Cancelled the GIF.');
    assert.equal(await page.isVisible('[data-part="video-cancel"]'), false);
    assert.equal(await page.isDisabled('[data-part="save-gif"]'), false);
    await page.waitForTimeout(300);
    assert.equal(downloaded, false);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('without WebCodecs, MediaRecorder records the WebM (timed by the wall clock)', async () => {
    const { page, problems } = await newPage(browser.context);
    await page.addInitScript(() => { delete window.VideoEncoder; });
    await page.goto(url(`index.html#${NEWTON}`));
    await waitReady(page);
    await page.evaluate(() => window.blrPlayground.pause());
    await page.selectOption('[data-part="video-length"]', '4');
    const webm = await download(page, 'save-webm', 'run-mediarecorder.webm');
    const s = ffprobe(webm.file, 'stream=codec_name,width,height,nb_read_frames').streams[0];
    assert.match(s.codec_name, /^vp[89]$/);
    assert.deepEqual([s.width, s.height], [720, 594]);
    // MediaRecorder may drop a frame on a busy machine: most of them, not all, are promised.
    assert.ok(Number(s.nb_read_frames) >= 0.75 * (STEPS + 1) && Number(s.nb_read_frames) <= STEPS + 1, s.nb_read_frames);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
