//! The benchmark workloads of [`crate::bench`] as wasm exports, for www/bench.html. Thin: the
//! page times `run(iters)` with `performance.now()`; every number comes from `bench`. Compiled
//! only with the cargo feature `bench`: both benchmark builds (www/pkg-bench with simd128,
//! www/pkg-bench-nosimd without; `BLR_BENCH=1 bash scripts/build-web.sh`) export the same
//! names, and the shipped www/pkg exports none of them.

use crate::bench::{self, QDensity, Workload};
use crate::landscape::data;
use wasm_bindgen::prelude::*;

/// One benchmark workload (a name of `bench::WORKLOADS` or `mixture-step-check`).
#[wasm_bindgen]
pub struct BenchWorkload {
    inner: Workload,
}

#[wasm_bindgen]
impl BenchWorkload {
    #[wasm_bindgen(constructor)]
    pub fn new(name: &str) -> Result<BenchWorkload, JsError> {
        Workload::new(name)
            .map(|inner| BenchWorkload { inner })
            .ok_or_else(|| JsError::new(&format!("unknown benchmark workload {name:?}")))
    }

    /// Runs the workload `iters` times; the last checksum.
    pub fn run(&mut self, iters: u32) -> f64 {
        self.inner.run(iters)
    }

    /// JSON details of the last run (basins: starts per minimum and at none), else `null`.
    pub fn detail(&self) -> String {
        match &self.inner {
            Workload::Basins(b) => {
                let (counts, none) = b.counts();
                serde_json::json!({ "counts": counts, "none": none }).to_string()
            }
            _ => "null".into(),
        }
    }
}

/// The full frame's q-density picture ([`bench::QDensity`]) for the page's current q.
#[wasm_bindgen]
pub struct BenchQDensity {
    inner: QDensity,
}

#[wasm_bindgen]
impl BenchQDensity {
    #[wasm_bindgen(constructor)]
    pub fn new(side: usize) -> BenchQDensity {
        BenchQDensity {
            inner: QDensity::new(side.clamp(1, 4096)),
        }
    }

    /// Recomputes the picture for `[weight, mean x, mean y, cov xx, cov xy, cov yy]` per
    /// component (the frame's `components`); max log q, or NaN for a malformed list.
    pub fn update(&mut self, components: &[f64]) -> f64 {
        match bench::q_from_components(components) {
            Some(q) => self.inner.update(&q),
            None => f64::NAN,
        }
    }

    /// Address of the RGBA bytes in wasm memory (re-read after every call).
    pub fn rgba_ptr(&self) -> *const u8 {
        self.inner.rgba().as_ptr()
    }

    /// Length of the RGBA bytes, side·side·4.
    pub fn rgba_len(&self) -> usize {
        self.inner.rgba().len()
    }
}

/// JSON array of the timed workloads' names, in report order.
#[wasm_bindgen]
pub fn bench_workloads() -> String {
    serde_json::to_string(&bench::WORKLOADS).unwrap_or_else(|_| "[]".into())
}

/// True when this module was compiled with simd128.
#[wasm_bindgen]
pub fn bench_simd() -> bool {
    cfg!(target_feature = "simd128")
}

/// The logistic landscape's data as [x1, x2, label, x1, x2, label, …] (the JavaScript
/// implementation's input, so both evaluate the same 60 points).
#[wasm_bindgen]
pub fn bench_logistic_data() -> Vec<f64> {
    data::logistic()
        .iter()
        .flat_map(|&([a, b], l)| [a, b, l])
        .collect()
}
