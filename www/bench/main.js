// The benchmark page (www/bench.html): runs every workload of src/bench.rs in the wasm build
// with simd128 (pkg-bench/), the scalar wasm build (pkg-bench-nosimd/) and plain JavaScript
// (impl.js, in a worker of its own: js-worker.js),
// plus the full page frame in both wasm builds, and puts the JSON result into
// <pre id="result"> (and the console). scripts/bench.sh drives it headless. Both wasm builds
// carry the cargo feature `bench` (the shipped www/pkg does not): `BLR_BENCH=1
// bash scripts/build-web.sh` and `BLR_BENCH=1 BLR_NOSIMD=1 bash scripts/build-web.sh`.
// URL parameters: ?reps=15 (repetitions), &frames=30 (measured frames), &only=a,b (workloads,
// full-frame included), &order=js,wasm-simd (which implementations, in which order).
import * as simd from '../pkg-bench/blr_playground.js';
import * as scalar from '../pkg-bench-nosimd/blr_playground.js';
import { JS_WORKLOADS, makeWorkload } from './impl.js';
import { measure, median, prepare, rep, summary, yieldToBrowser } from './harness.js';

const params = new URLSearchParams(location.search);
const REPS = Math.max(1, Number(params.get('reps')) || 15);
const FRAMES = Math.max(1, Number(params.get('frames')) || 30);
const WARMUP_FRAMES = 5;
const ONLY = params.get('only')?.split(',').filter(Boolean) ?? null;
const SIDE = 512;
/** The frame workload's scene: the mixture step of workload 3, with q's density contours. */
const FRAME_SCENE = 'landscape=himmelblau&family=mixture&k=8&estimator=mc&samples=64&hessian=exact'
  + '&init=0.5,-0.5&cov0=0.1&lr=0.1&lr_weights=0.1&tau=0.1&improved=true&compare=none&seed=1'
  + '&density=true&steps=100000&speed=1';

const statusEl = document.getElementById('status');
const resultEl = document.getElementById('result');

function status(text) {
  statusEl.textContent = text;
  console.log(`bench: ${text}`);
}

function fail(err) {
  const msg = err?.stack ?? String(err);
  console.error(`bench: FAILED: ${msg}`);
  resultEl.textContent = JSON.stringify({ error: msg });
  resultEl.dataset.done = 'error';
}

// ----- the full frame: step(1) + frame() + draw -------------------------------------------------

function strokeSegments(ctx, seg, color) {
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let j = 0; j + 3 < seg.length; j += 4) {
    ctx.moveTo(seg[j], seg[j + 1]);
    ctx.lineTo(seg[j + 2], seg[j + 3]);
  }
  ctx.stroke();
}

function polyline(ctx, pts, closed) {
  ctx.beginPath();
  for (let j = 0; j + 1 < pts.length; j += 2) {
    if (j === 0) ctx.moveTo(pts[0], pts[1]);
    else ctx.lineTo(pts[j], pts[j + 1]);
  }
  if (closed) ctx.closePath();
}

/**
 * What the page's widget does per animation frame, through the same Playground calls:
 * step(1), frame() (JSON, with q's density contours), re-blit the heatmap only when its
 * version changed, then draw heatmap, loss contours, density contours, trails, samples,
 * ellipses and means. On top, q's density on every pixel of the 512×512 canvas
 * (raster::log_q_pixels through the BenchQDensity export, from the frame's components: the
 * Playground has no such buffer yet), blitted as an RGBA layer. A 1-pixel getImageData at
 * the end makes the canvas rasterise the frame inside the timed region (canvas 2D otherwise
 * defers the drawing to the next paint).
 */
function makeFrame(mod, memory, canvas) {
  const pg = new mod.Playground(FRAME_SCENE);
  pg.resize(SIDE, SIDE);
  const dq = new mod.BenchQDensity(SIDE);
  const ctx = canvas.getContext('2d');
  const off = document.createElement('canvas');
  off.width = SIDE;
  off.height = SIDE;
  const dens = document.createElement('canvas');
  dens.width = SIDE;
  dens.height = SIDE;
  const densCtx = dens.getContext('2d');
  let heatVersion = null;
  let contours = null;
  let flat = new Float64Array(0);
  return {
    pg,
    free() {
      dq.free();
      pg.free();
    },
    /** Milliseconds of the last frame's phases: step, frame() JSON, q density, draw. */
    phases: [0, 0, 0, 0],
    frame() {
      const t0 = performance.now();
      if (!pg.step(1)) throw new Error(`frame run diverged: ${JSON.parse(pg.frame()).diverged}`);
      const t1 = performance.now();
      const f = JSON.parse(pg.frame());
      const t2 = performance.now();
      const version = pg.landscape_version();
      if (version !== heatVersion) {
        const ptr = pg.landscape_ptr();
        const len = pg.landscape_len();
        const img = new ImageData(new Uint8ClampedArray(memory.buffer, ptr, len), SIDE, SIDE);
        off.getContext('2d').putImageData(img, 0, 0);
        contours = pg.contours();
        heatVersion = version;
      }
      // q's density on every pixel.
      const comps = f.components ?? [];
      if (flat.length !== 6 * comps.length) flat = new Float64Array(6 * comps.length);
      comps.forEach((c, k) => {
        flat.set([c.weight, c.world_mean[0], c.world_mean[1], c.cov[0][0], c.cov[0][1], c.cov[1][1]], 6 * k);
      });
      dq.update(flat);
      densCtx.putImageData(
        new ImageData(new Uint8ClampedArray(memory.buffer, dq.rgba_ptr(), dq.rgba_len()), SIDE, SIDE), 0, 0,
      );
      const t3 = performance.now();
      ctx.fillStyle = '#0b0d12';
      ctx.fillRect(0, 0, SIDE, SIDE);
      ctx.drawImage(off, 0, 0);
      ctx.drawImage(dens, 0, 0);
      strokeSegments(ctx, contours, 'rgba(255,255,255,0.35)');
      if (f.density?.length) strokeSegments(ctx, f.density, 'rgba(120,220,255,0.55)');
      ctx.lineWidth = 2;
      ctx.strokeStyle = '#fff';
      for (const tr of f.trail ?? []) {
        polyline(ctx, tr, false);
        ctx.stroke();
      }
      const s = f.samples ?? [];
      ctx.fillStyle = 'rgba(255,255,255,0.7)';
      ctx.beginPath();
      for (let j = 0; j + 1 < s.length; j += 2) {
        ctx.moveTo(s[j] + 1.7, s[j + 1]);
        ctx.arc(s[j], s[j + 1], 1.7, 0, 2 * Math.PI);
      }
      ctx.fill();
      for (const c of comps) {
        ctx.strokeStyle = '#ffd166';
        for (const e of c.ellipses ?? []) {
          if (!e.length) continue;
          polyline(ctx, e, true);
          ctx.stroke();
        }
        ctx.beginPath();
        ctx.arc(c.mean[0], c.mean[1], 4, 0, 2 * Math.PI);
        ctx.fillStyle = '#ffd166';
        ctx.fill();
      }
      const px = ctx.getImageData(0, 0, 1, 1).data[0];
      this.phases = [t1 - t0, t2 - t1, t3 - t2, performance.now() - t3];
      return px;
    },
  };
}

async function measureFrames(mod, memory, canvas) {
  const fr = makeFrame(mod, memory, canvas);
  // Frame 1 evaluates and colours the 512×512 heatmap (then cached): reported on its own.
  let t0 = performance.now();
  fr.frame();
  const first = performance.now() - t0;
  for (let i = 1; i < WARMUP_FRAMES; i++) fr.frame();
  const times = [];
  const phases = [[], [], [], []];
  for (let i = 0; i < FRAMES; i++) {
    t0 = performance.now();
    fr.frame();
    times.push(performance.now() - t0);
    fr.phases.forEach((v, k) => phases[k].push(v));
    if (i % 10 === 9) await yieldToBrowser();
  }
  times.sort((a, b) => a - b);
  const t = JSON.parse(fr.pg.frame()).t;
  fr.free();
  return {
    median_ms: median(times),
    min_ms: times[0],
    max_ms: times[times.length - 1],
    iters: 1,
    reps: FRAMES,
    first_frame_ms: first,
    steps_taken: t,
    // Medians of each phase (they need not add up to the median frame).
    phases_ms: Object.fromEntries(['step', 'frame_json', 'q_density', 'draw'].map((k, i) => [
      k, median(phases[i].sort((a, b) => a - b)),
    ])),
  };
}

// ----- main ------------------------------------------------------------------------------------

async function main() {
  status('loading both wasm builds');
  const simdExports = await simd.default();
  const scalarExports = await scalar.default();
  if (!simd.bench_simd()) throw new Error('pkg-bench/ was built without simd128');
  if (scalar.bench_simd()) throw new Error('pkg-bench-nosimd/ was built with simd128');
  const data = simd.bench_logistic_data();
  const names = JSON.parse(simd.bench_workloads()).filter((n) => !ONLY || ONLY.includes(n));
  const worker = new Worker(new URL('./js-worker.js', import.meta.url), { type: 'module' });
  const ask = (msg) => new Promise((resolve, reject) => {
    worker.onmessage = ({ data: m }) => (m.ok ? resolve(m) : reject(new Error(`js worker: ${m.error}`)));
    worker.onerror = (e) => reject(new Error(`js worker: ${e.message}`));
    worker.postMessage(msg);
  });
  // Each implementation as a session: has(name) → whether it implements that workload,
  // prepare() → iters, rep() → { ms, checksum }, detail(), close(); and check(name) → the
  // checksum of one run.
  const wasmSession = (mod) => ({
    has: () => true,
    open(name) {
      const w = new mod.BenchWorkload(name);
      const run = (n) => w.run(n);
      let iters = 1;
      return {
        async prepare() { iters = prepare(run); return iters; },
        async rep() { return rep(run, iters); },
        async detail() { return JSON.parse(w.detail()); },
        close() { w.free(); },
      };
    },
    async check(name) {
      const w = new mod.BenchWorkload(name);
      try { return w.run(1); } finally { w.free(); }
    },
  });
  const impls = {
    'wasm-simd': wasmSession(simd),
    'wasm-scalar': wasmSession(scalar),
    js: {
      has: (name) => JS_WORKLOADS.includes(name),
      open(name) {
        return {
          async prepare() { return (await ask({ op: 'prepare', name, data })).iters; },
          async rep() { return ask({ op: 'rep' }); },
          async detail() { return (await ask({ op: 'detail' })).detail; },
          close() {},
        };
      },
      async check(name) { return (await ask({ op: 'check', name, data })).checksum; },
    },
  };
  const order = params.get('order')?.split(',').filter((k) => k in impls);
  if (order?.length) {
    for (const k of Object.keys(impls)) if (!order.includes(k)) delete impls[k];
    for (const k of order) { const f = impls[k]; delete impls[k]; impls[k] = f; }
  }
  const results = Object.fromEntries(Object.keys(impls).map((k) => [k, {}]));
  const checks = Object.fromEntries(Object.keys(impls).map((k) => [k, {}]));
  const detail = Object.fromEntries(Object.keys(impls).map((k) => [k, {}]));
  for (const name of names) {
    // Prepare every implementation, then interleave their repetitions.
    const sessions = {};
    for (const [impl, s] of Object.entries(impls)) {
      if (!s.has(name)) continue;
      status(`${name} / ${impl}: calibrate and warm up`);
      await yieldToBrowser();
      sessions[impl] = { s: s.open(name), times: [], checksum: NaN };
      sessions[impl].iters = await sessions[impl].s.prepare();
    }
    status(`${name}: ${REPS} interleaved repetitions`);
    for (let r = 0; r < REPS; r++) {
      for (const x of Object.values(sessions)) {
        const { ms, checksum } = await x.s.rep();
        x.times.push(ms);
        x.checksum = checksum;
      }
      await yieldToBrowser();
    }
    for (const [impl, x] of Object.entries(sessions)) {
      results[impl][name] = summary(x.times, x.iters, x.checksum);
      const d = await x.s.detail();
      if (d) detail[impl][name] = d;
      x.s.close();
    }
  }
  for (const [impl, s] of Object.entries(impls)) {
    status(`mixture-step-check / ${impl}`);
    await yieldToBrowser();
    checks[impl]['mixture-step-check'] = await s.check('mixture-step-check');
  }
  worker.terminate();
  // Diagnostic: the same JavaScript on this page's own thread, after the wasm builds ran here.
  const diagnostics = {};
  if (names.includes('raster-himmelblau')) {
    status('raster-himmelblau / js on the wasm page\'s thread (diagnostic)');
    await yieldToBrowser();
    const w = makeWorkload('raster-himmelblau', data);
    diagnostics['js-main-thread'] = { 'raster-himmelblau': measure((n) => w.run(n), REPS) };
  }
  if (!ONLY || ONLY.includes('full-frame')) {
    const canvas = document.getElementById('frame');
    for (const [impl, mod, exp] of [['wasm-simd', simd, simdExports], ['wasm-scalar', scalar, scalarExports]]) {
      status(`full-frame / ${impl}`);
      await yieldToBrowser();
      results[impl]['full-frame'] = await measureFrames(mod, exp.memory, canvas);
    }
  }
  const out = {
    impl: 'browser',
    user_agent: navigator.userAgent,
    cross_origin_isolated: globalThis.crossOriginIsolated === true,
    reps: REPS,
    results,
    checks,
    detail,
    diagnostics,
  };
  const text = JSON.stringify(out, null, 1);
  console.log(`bench: RESULT ${JSON.stringify(out)}`);
  resultEl.textContent = text;
  resultEl.dataset.done = 'ok';
  status('done');
}

main().catch(fail);
