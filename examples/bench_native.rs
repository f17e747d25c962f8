//! Native timings of the benchmark workloads (`blr_playground::bench`), as JSON on stdout, for
//! scripts/bench.sh → BENCHMARKS.md. The same workloads run in the browser (www/bench.html,
//! both wasm builds) with the same harness:
//!
//! - calibrate: iters = 1, growing until one repetition (iters calls) takes ≥ `TARGET_MS`;
//! - warm up: repeat until `WARMUP_MS` have passed (calibration included);
//! - measure: `BENCH_REPS` (default 15) repetitions; per-call time = repetition / iters;
//!   the median is what the report uses.
//!
//! `cargo run --release --features bench --example bench_native [-- NAME…]` (default: every
//! workload; the workloads exist only with the cargo feature `bench`).

use blr_playground::bench::{WORKLOADS, Workload};
use serde_json::{Value, json};
use std::time::Instant;

const TARGET_MS: f64 = 25.0;
const WARMUP_MS: f64 = 250.0;

fn time(w: &mut Workload, iters: u32) -> (f64, f64) {
    let t0 = Instant::now();
    let sum = w.run(iters);
    (t0.elapsed().as_secs_f64() * 1e3, std::hint::black_box(sum))
}

fn measure(w: &mut Workload, reps: usize) -> Value {
    let start = Instant::now();
    let mut iters: u32 = 1;
    loop {
        let (t, _) = time(w, iters);
        if t >= TARGET_MS || iters >= 1 << 24 {
            break;
        }
        let grow = (1.2 * TARGET_MS / t.max(1e-3)).ceil() as u32;
        iters = iters.saturating_mul(grow.clamp(2, 100));
    }
    while start.elapsed().as_secs_f64() * 1e3 < WARMUP_MS {
        time(w, iters);
    }
    let mut checksum = f64::NAN;
    let mut per_call: Vec<f64> = (0..reps)
        .map(|_| {
            let (t, sum) = time(w, iters);
            checksum = sum;
            t / iters as f64
        })
        .collect();
    per_call.sort_by(f64::total_cmp);
    json!({
        "median_ms": median(&per_call),
        "min_ms": per_call[0],
        "max_ms": per_call[per_call.len() - 1],
        "iters": iters,
        "reps": reps,
        "checksum": checksum,
    })
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        0.5 * (sorted[n / 2 - 1] + sorted[n / 2])
    }
}

fn main() {
    let reps: usize = std::env::var("BENCH_REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(15);
    let args: Vec<String> = std::env::args().skip(1).collect();
    let names: Vec<&str> = if args.is_empty() {
        WORKLOADS.to_vec()
    } else {
        args.iter().map(String::as_str).collect()
    };
    let mut results = serde_json::Map::new();
    let mut detail = serde_json::Map::new();
    for name in names {
        let Some(mut w) = Workload::new(name) else {
            eprintln!("bench_native: unknown workload {name:?}; known: {WORKLOADS:?}");
            std::process::exit(2);
        };
        eprintln!("bench_native: {name}");
        results.insert(name.into(), measure(&mut w, reps));
        if let Workload::Basins(b) = &w {
            let (counts, none) = b.counts();
            detail.insert(name.into(), json!({ "counts": counts, "none": none }));
        }
    }
    let mut check = Workload::new("mixture-step-check").expect("known workload");
    let out = json!({
        "impl": "native",
        "arch": std::env::consts::ARCH,
        "reps": reps,
        "results": results,
        "checks": { "mixture-step-check": check.run(1) },
        "detail": detail,
    });
    println!("{out:#}");
}
