// The frame budget: `speed` is a request. A frame (its work in wasm, drawing, and the browser's
// style, layout, paint and raster of it) should take at most FRAME_MS, so the page never blocks
// its thread for long whatever the link or the machine's load. What a frame costs apart from
// its work is measured every frame (from its start to the first task after it, so the raster
// is included), and the work gets what is left: at most WORK_MS, shared in order by a heatmap
// or basins picture being computed and then the run's steps (which get at least MIN_MS: a run
// always moves). Work runs in chunks sized from their measured cost, so one call cannot overrun
// by much either (one step is bounded in Rust: Scene::setup refuses a Monte Carlo mixture over
// k²·samples = 65,536; a heatmap or basins piece is as small as asked).

/** Milliseconds a whole frame should take at most. */
export const FRAME_MS = 24;
/** Milliseconds of work per frame at most (on a cheap frame), and of stepping at least. */
export const WORK_MS = 12;
export const MIN_MS = 2;
/** Frames whose cost apart from their work is remembered (their median is used). */
const FRAMES = 15;

// One channel for every widget: its message runs as the first task after the current one.
let channel = null;
const waiting = [];
/** Runs `fn` in a task of its own after the current one (an animation frame's: after its raster). */
export function afterThisTask(fn) {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  waiting.push(fn);
  channel.port2.postMessage(null);
}

/** One widget's frames: what their work may take, and what it took. */
export class FrameBudget {
  constructor() {
    this.rests = []; // what the last frames cost apart from their work, ms
    this.spent = 0; // ms of work in the current frame
    this.started = null;
  }

  /**
   * Milliseconds of work this frame: what FRAME_MS leaves after the rest of a frame (the
   * median of the last frames: a garbage collection or a busy machine's pause is not the
   * frame's cost, and must not stop the run).
   */
  get ms() {
    const sorted = [...this.rests].sort((a, b) => a - b);
    const rest = sorted.length ? sorted[sorted.length >> 1] : 0;
    return Math.min(WORK_MS, Math.max(MIN_MS, FRAME_MS - rest));
  }

  /** What is left of this frame's work time, at least `min` milliseconds. */
  left(min = 0) {
    return Math.max(min, this.ms - this.spent);
  }

  /** The frame starts (the animation frame's callback); its end is measured after it. */
  frameStart() {
    const t0 = performance.now();
    this.started = t0;
    this.spent = 0;
    afterThisTask(() => {
      if (this.started !== t0) return;
      this.rests.push(Math.max(0, performance.now() - t0 - this.spent));
      if (this.rests.length > FRAMES) this.rests.shift();
      this.started = null;
    });
  }

  /** `chunks.run(…)` as this frame's work (its time is counted). */
  run(chunks, want, step, ms) {
    const r = chunks.run(want, step, ms);
    this.spent += r.spent;
    return r;
  }
}

/** Chunk sizes for one kind of work, learned from its measured cost. */
export class Chunks {
  constructor() {
    this.chunk = 1; // units the last call of `run` fitted
  }

  /**
   * Calls `step(n)` with chunks of n units until `want` units are done, `step` returns false,
   * or `budget` milliseconds are spent (the first chunk always runs); returns { done, ok,
   * spent } (ok false when `step` did).
   */
  run(want, step, budget) {
    const t0 = performance.now();
    let done = 0;
    let ok = true;
    // The first call takes a quarter of what the last one fitted, so that work that became
    // dearer (or a busy machine) overruns the budget by little.
    let chunk = Math.max(1, Math.min(want, this.chunk >> 2));
    let spent = 0;
    while (done < want) {
      const n = Math.min(chunk, want - done);
      ok = step(n);
      done += n;
      spent = performance.now() - t0;
      if (!ok || spent >= budget) break;
      // Next chunk: half of what the remaining budget allows at the cost measured so far, and
      // at most twice the units measured (a clock too coarse to see them, spent = 0, must not
      // let one call take the rest of a large request).
      const fit = spent > 0 ? ((budget - spent) / (spent / done)) / 2 : Infinity;
      chunk = Math.max(1, Math.min(2 * done, Math.floor(fit)));
    }
    // A call with no time left (one chunk, as work must move) teaches nothing about the time.
    if (budget > 0) this.chunk = Math.max(1, Math.min(done, 1 << 20));
    return { done, ok, spent };
  }
}

/**
 * A computation in wasm done a piece at a time within a frame's work time: `advance(n)` works
 * on n units and returns the share done (1 once finished); chunks of `unit` units.
 */
export class Pieces {
  constructor(advance, unit) {
    this.advance = advance;
    this.unit = unit;
    this.chunks = new Chunks();
  }

  /** Works within what is left of `frame`'s work time (a FrameBudget); returns the share done. */
  run(frame) {
    let p = 0;
    frame.run(this.chunks, Number.MAX_SAFE_INTEGER, (n) => (p = this.advance(n * this.unit)) < 1, frame.left());
    return p;
  }
}
