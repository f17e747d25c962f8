// The frame budget: `speed` is a request. A frame (stepping, drawing, and the browser's style,
// layout, paint and raster of it) should take at most FRAME_MS, so the page never blocks its
// thread for long whatever the link or the machine's load. What the frame costs apart from
// stepping is measured every frame (from its start to the first task after it, so the
// raster is included), and stepping gets what is left: at most BUDGET_MS, at least MIN_MS (a
// run always moves). Steps run in chunks sized from the measured cost per step, so one call
// cannot overrun by much either (one step is bounded in Rust: Scene::setup refuses a Monte
// Carlo mixture over k²·samples = 65,536).

/** Milliseconds a whole frame should take at most. */
export const FRAME_MS = 24;
/** Milliseconds of stepping per frame at most (on a cheap frame), and at least. */
export const BUDGET_MS = 12;
export const MIN_MS = 2;
/** Frames whose cost apart from stepping is remembered (their median is used). */
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

/**
 * A computation in wasm done a piece at a time within a frame's budget: `advance(n)` works on
 * n units and returns the share done (1 once finished); chunks of `unit` units are sized from
 * their measured cost.
 */
export class Pieces {
  constructor(advance, unit) {
    this.advance = advance;
    this.unit = unit;
    this.chunks = new StepBudget();
  }

  /** Works for at most `ms` milliseconds; returns the share done (1: finished). */
  run(ms) {
    let p = 0;
    this.chunks.run(Number.MAX_SAFE_INTEGER, (n) => (p = this.advance(n * this.unit)) < 1, ms);
    return p;
  }
}

export class StepBudget {
  constructor() {
    this.chunk = 1; // steps per call, learned from the cost measured so far
    this.rests = []; // what the last frames cost apart from stepping, ms
    this.stepping = 0; // ms spent stepping in the current frame
    this.started = null;
  }

  /**
   * Milliseconds of stepping this frame: what FRAME_MS leaves after the rest of a frame (the
   * median of the last frames: a garbage collection or a busy machine's pause is not the
   * frame's cost, and must not stop the run).
   */
  get ms() {
    const sorted = [...this.rests].sort((a, b) => a - b);
    const rest = sorted.length ? sorted[sorted.length >> 1] : 0;
    return Math.min(BUDGET_MS, Math.max(MIN_MS, FRAME_MS - rest));
  }

  /** The frame starts (the animation frame's callback); its end is measured after it. */
  frameStart() {
    const t0 = performance.now();
    this.started = t0;
    this.stepping = 0;
    afterThisTask(() => {
      if (this.started !== t0) return;
      this.rests.push(Math.max(0, performance.now() - t0 - this.stepping));
      if (this.rests.length > FRAMES) this.rests.shift();
      this.started = null;
    });
  }

  /**
   * Calls `step(n)` with chunks of n steps until `want` steps are taken, `step` returns false,
   * or `budget` milliseconds (this frame's stepping time) are spent; returns { done, ok } (ok
   * false when `step` did).
   */
  run(want, step, budget = this.ms) {
    const t0 = performance.now();
    let done = 0;
    let ok = true;
    // The first call takes a quarter of what the last frame fitted, so that a step that
    // became dearer (or a busy machine) overruns the budget by little.
    let chunk = Math.max(1, Math.min(want, this.chunk >> 2));
    let spent = 0;
    while (done < want) {
      const n = Math.min(chunk, want - done);
      ok = step(n);
      done += n;
      spent = performance.now() - t0;
      if (!ok || spent >= budget) break;
      // Next chunk: half of what the remaining budget allows at the cost measured so far, and
      // at most twice the steps measured (a clock too coarse to see them, spent = 0, must not
      // let one call take the rest of a large request).
      const fit = spent > 0 ? ((budget - spent) / (spent / done)) / 2 : Infinity;
      chunk = Math.max(1, Math.min(2 * done, Math.floor(fit)));
    }
    this.stepping += spent;
    this.chunk = Math.max(1, Math.min(done, 1 << 20));
    return { done, ok };
  }
}
