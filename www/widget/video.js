// "WebM" and "GIF" in the full page's Save row: the run from t = 0 to `steps`, recorded frame
// by frame. A fresh run of the same scene (with the user's rows when it uses them) is stepped in
// the export module (`Replay`, widget/replay.js), its figure (the PNG export's drawing: plot,
// legend, scene line) drawn on a canvas, and each drawing becomes one frame:
//   - WebM: each drawing is a VideoFrame stamped i/FPS, compressed by the browser's
//     VideoEncoder (VP9, else VP8) and muxed by the wasm WebmMuxer (src/animation.rs), so every
//     frame lasts exactly 1/FPS however long the machine takes to step and draw. Without
//     WebCodecs, MediaRecorder on canvas.captureStream(0) records one requestFrame() per
//     drawing, paused in between; its timestamps are the wall clock's (measured in headless
//     Chromium: 27 of 30 frames kept, 35–200 ms apart), so it is only the fallback;
//   - GIF: the RGBA bytes go to the wasm GifEncoder (src/animation.rs: one NeuQuant palette,
//     later frames stored as the pixels that changed).
// Long runs are thinned (every `per` steps), the row shows the progress, and Cancel stops it.
import { h } from './dom.js';
import { drawFigure, resolvedTheme, save } from './export.js';
import { replayOf } from './replay.js';

/** Frames per second of both formats (a GIF frame lasts whole 1/100 s: 4 at 25 fps). */
export const FPS = 25;
/** The picture: 720 × 594 (the figure's 800 × 660 proportions; even sides for VP8/VP9). */
const WIDTH = 720;
const HEIGHT = 594;
const SCALE = 0.9;

/** Frames for `steps` steps, at most `max`: t = 0, per, 2·per, …, and `steps` itself. */
export function framePlan(steps, max) {
  const per = Math.max(1, Math.ceil(steps / Math.max(1, max - 1)));
  return { per, frames: Math.ceil(steps / per) + 1 };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const once = (target, type) => new Promise((r) => target.addEventListener(type, r, { once: true }));

/**
 * Steps `replay` (a fresh run at t = 0) to its `steps`, drawing each frame on `canvas` and
 * awaiting `onFrame()` after each; `progress(i, n)` after every frame. Stops at a divergence
 * (its frame is the last) or when `signal` aborts (throws an AbortError).
 */
async function eachFrame({ replay, memory, theme, canvas, max, signal, onFrame, progress }) {
  const { per, frames } = framePlan(replay.steps(), max);
  for (let i = 0; i < frames; i++) {
    signal.throwIfAborted();
    const ok = i === 0 || replay.step(per);
    drawFigure(canvas, replay, memory, WIDTH, HEIGHT, SCALE, theme);
    await onFrame(i);
    progress(i + 1, frames);
    if (!ok) break;
    await sleep(0); // let Cancel and the progress bar through
  }
}

/** VP9 (level 3.1: up to 1280 × 720), else VP8, if this browser's VideoEncoder has one. */
async function pickCodec() {
  for (const [codec, name] of [['vp09.00.31.08', 'vp9'], ['vp8', 'vp8']]) {
    const config = { codec, width: WIDTH, height: HEIGHT, bitrate: 4e6, framerate: FPS };
    if ((await VideoEncoder.isConfigSupported(config).catch(() => ({}))).supported) return { config, name };
  }
  return null;
}

/** The WebM of the run (see the file's comment). */
async function recordWebm(opts) {
  const codec = typeof VideoEncoder === 'function' ? await pickCodec() : null;
  if (!codec) return recordWebmLive(opts);
  const mux = new opts.ex.WebmMuxer(WIDTH, HEIGHT, codec.name, 1000 / FPS);
  let failed = null;
  const enc = new VideoEncoder({
    output: (chunk) => {
      const data = new Uint8Array(chunk.byteLength);
      chunk.copyTo(data);
      failed ??= mux.push(data, chunk.timestamp / 1000, chunk.type === 'key') || null;
    },
    error: (e) => { failed ??= e.message; },
  });
  try {
    enc.configure(codec.config);
    await eachFrame({
      ...opts,
      async onFrame(i) {
        if (failed) throw new Error(failed);
        const frame = new VideoFrame(opts.canvas, { timestamp: Math.round((i * 1e6) / FPS), duration: Math.round(1e6 / FPS) });
        enc.encode(frame, { keyFrame: i % (2 * FPS) === 0 }); // a key frame every 2 s
        frame.close();
        while (enc.encodeQueueSize > 2) await once(enc, 'dequeue');
      },
    });
    await enc.flush();
    if (failed) throw new Error(failed);
    const bytes = mux.finish();
    if (!bytes.length) throw new Error('no frame was encoded');
    return new Blob([bytes], { type: 'video/webm' });
  } finally {
    if (enc.state !== 'closed') enc.close();
    mux.free();
  }
}

/** The WebM by MediaRecorder, where WebCodecs is missing (timed by the wall clock). */
async function recordWebmLive(opts) {
  const { canvas } = opts;
  if (typeof MediaRecorder !== 'function' || !canvas.captureStream) {
    throw new Error('this browser cannot record a canvas (MediaRecorder)');
  }
  const mime = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm']
    .find((m) => MediaRecorder.isTypeSupported(m));
  if (!mime) throw new Error('this browser cannot record WebM');
  // The stream takes its size from the canvas: give it the picture's at once.
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0];
  const rec = new MediaRecorder(stream, { mimeType: mime, videoBitsPerSecond: 6e6 });
  const chunks = [];
  rec.addEventListener('dataavailable', (e) => { if (e.data.size) chunks.push(e.data); });
  try {
    await eachFrame({
      ...opts,
      async onFrame(i) {
        if (i === 0) {
          const started = once(rec, 'start');
          rec.start();
          await started;
        } else {
          const resumed = once(rec, 'resume');
          rec.resume();
          await resumed;
        }
        track.requestFrame();
        await sleep(1000 / FPS);
        const paused = once(rec, 'pause');
        rec.pause();
        await paused;
      },
    });
    const stopped = once(rec, 'stop');
    rec.stop();
    await stopped;
  } finally {
    if (rec.state !== 'inactive') rec.stop();
    for (const t of stream.getTracks()) t.stop();
  }
  return new Blob(chunks, { type: 'video/webm' });
}

/** The animated GIF of the run (see the file's comment). */
async function recordGif(opts) {
  const enc = new opts.ex.GifEncoder(WIDTH, HEIGHT, Math.round(100 / FPS));
  try {
    const ctx = opts.canvas.getContext('2d', { willReadFrequently: true });
    await eachFrame({
      ...opts,
      async onFrame() {
        const err = enc.push(ctx.getImageData(0, 0, WIDTH, HEIGHT).data);
        if (err) throw new Error(err);
      },
    });
    const bytes = enc.finish();
    if (!bytes.length) throw new Error('no frame was encoded');
    return new Blob([bytes], { type: 'image/gif' });
  } finally {
    enc.free();
  }
}

/**
 * Adds "WebM", "GIF", the length choice, progress and Cancel to the Save row `el`;
 * `get()` returns { pg, file } once loaded (`file`: the user's rows as last loaded, or null).
 */
export function mountVideo(el, get) {
  const length = h('select', { 'aria-label': 'Video length at most', 'data-part': 'video-length' },
    h('option', { value: '4' }, '≤ 4 s'),
    h('option', { value: '10', selected: true }, '≤ 10 s'),
    h('option', { value: '30' }, '≤ 30 s'));
  const bar = h('progress', { class: 'blr-video-progress', max: 1, value: 0, hidden: true, 'aria-label': 'Recording' });
  const preview = h('canvas', { class: 'blr-video-preview', hidden: true, 'aria-hidden': 'true' });
  const status = h('span', { class: 'blr-export-status', role: 'status', 'data-part': 'video-status' });
  let controller = null;
  const cancel = h('button', { type: 'button', class: 'blr-btn', 'data-part': 'video-cancel', hidden: true,
    onclick: () => controller?.abort() }, 'Cancel');
  const buttons = [];
  const start = (what, kind, record) => async () => {
    const w = get();
    if (!w || controller) return;
    controller = new AbortController();
    for (const b of buttons) b.disabled = true;
    cancel.hidden = false;
    bar.hidden = false;
    preview.hidden = false;
    bar.value = 0;
    status.textContent = `Recording the ${what}…`;
    let replay = null;
    try {
      const fresh = await replayOf(w.pg, w.file);
      replay = fresh.replay;
      const blob = await record({
        replay,
        memory: fresh.memory,
        ex: fresh.ex,
        theme: resolvedTheme(w.pg),
        canvas: preview,
        max: Number(length.value) * FPS,
        signal: controller.signal,
        progress: (i, n) => {
          bar.max = n;
          bar.value = i;
          status.textContent = `Recording the ${what}: frame ${i} of ${n}`;
        },
      });
      save(blob, `blr-${w.pg.get('landscape') || 'scene'}.${kind}`);
      status.textContent = `Saved the ${what} (${bar.value} frames, ${(blob.size / 1024).toFixed(0)} KB).`;
    } catch (e) {
      status.textContent = e?.name === 'AbortError' ? `Cancelled the ${what}.` : `Could not save the ${what}: ${e.message}`;
    } finally {
      replay?.free();
      controller = null;
      for (const b of buttons) b.disabled = false;
      cancel.hidden = true;
      bar.hidden = true;
      preview.hidden = true;
    }
  };
  buttons.push(
    h('button', { type: 'button', class: 'blr-btn', 'data-part': 'save-webm', title: 'the run from t = 0 as a WebM video',
      onclick: start('video', 'webm', recordWebm) }, 'WebM'),
    h('button', { type: 'button', class: 'blr-btn', 'data-part': 'save-gif', title: 'the run from t = 0 as an animated GIF',
      onclick: start('GIF', 'gif', recordGif) }, 'GIF'));
  el.append(h('span', { class: 'blr-video' }, ...buttons, length, cancel, bar, status, preview));
}
