// The frame budget: `speed` is a request. Steps run in chunks sized from the measured cost per
// step until the request is met or BUDGET_MS of stepping has passed, so a frame never blocks
// the thread for long whatever the link (one step is bounded in Rust: Scene::setup refuses a
// Monte Carlo mixture over k²·samples = 65,536).

/** Milliseconds of stepping per animation frame at most (the rest of a 16.7 ms frame draws). */
export const BUDGET_MS = 12;

export class StepBudget {
  constructor() {
    this.chunk = 1; // steps per call, learned from the cost measured so far
  }

  /**
   * Steps `pg` up to `want` times within the budget; returns { done, ok } (ok false once the
   * run has diverged).
   */
  run(pg, want) {
    const t0 = performance.now();
    let done = 0;
    let ok = true;
    // The first call takes a quarter of what the last frame fitted, so that a step that
    // became dearer (or a busy machine) overruns the budget by little.
    let chunk = Math.max(1, Math.min(want, this.chunk >> 2));
    while (done < want) {
      const n = Math.min(chunk, want - done);
      ok = pg.step(n);
      done += n;
      if (!ok) break;
      const spent = performance.now() - t0;
      if (spent >= BUDGET_MS) break;
      // Next chunk: half of what the remaining budget allows at the cost measured so far, and
      // at most twice the steps measured (a clock too coarse to see them, spent = 0, must not
      // let one call take the rest of a large request).
      const fit = spent > 0 ? ((BUDGET_MS - spent) / (spent / done)) / 2 : Infinity;
      chunk = Math.max(1, Math.min(2 * done, Math.floor(fit)));
    }
    this.chunk = Math.max(1, Math.min(done, 1 << 20));
    return { done, ok };
  }
}
