// The timing harness of the benchmark page, the same procedure as examples/bench_native.rs and
// bench/numpy_bench.py:
//   calibrate: iters = 1, growing until one repetition (iters calls) takes ≥ TARGET_MS;
//   warm up: repeat until WARMUP_MS have passed (calibration included);
//   measure: `reps` repetitions; per-call time = repetition / iters; report the median.
// The page interleaves the repetitions of its implementations (prepare each, then one
// repetition of each in turn), so that a change of load on the machine hits all of them alike
// and the ratios between them stay fair; `measure` is the same thing for one implementation.

export const TARGET_MS = 25;
export const WARMUP_MS = 250;

export function median(sorted) {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

/** Calibrates and warms up `run(iters) -> checksum`; returns iters for `rep`. */
export function prepare(run) {
  const start = performance.now();
  let iters = 1;
  for (;;) {
    const t0 = performance.now();
    run(iters);
    const t = performance.now() - t0;
    if (t >= TARGET_MS || iters >= 1 << 24) break;
    const grow = Math.ceil(1.2 * TARGET_MS / Math.max(t, 1e-3));
    iters *= Math.min(100, Math.max(2, grow));
  }
  while (performance.now() - start < WARMUP_MS) run(iters);
  return iters;
}

/** One repetition: { ms per call, checksum }. */
export function rep(run, iters) {
  const t0 = performance.now();
  const checksum = run(iters);
  return { ms: (performance.now() - t0) / iters, checksum };
}

/** Summary of per-call times (any order): { median_ms, min_ms, max_ms, iters, reps, checksum }. */
export function summary(perCall, iters, checksum) {
  const sorted = [...perCall].sort((a, b) => a - b);
  return {
    median_ms: median(sorted),
    min_ms: sorted[0],
    max_ms: sorted[sorted.length - 1],
    iters,
    reps: sorted.length,
    checksum,
  };
}

/** prepare, then `reps` repetitions of one implementation. */
export function measure(run, reps) {
  const iters = prepare(run);
  const times = [];
  let checksum = NaN;
  for (let r = 0; r < reps; r++) {
    const x = rep(run, iters);
    times.push(x.ms);
    checksum = x.checksum;
  }
  return summary(times, iters, checksum);
}

/** Lets the page breathe (and the driver poll) between measurements. */
export function yieldToBrowser() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
