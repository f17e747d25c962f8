//! Landscape evaluation: the scalar per-point formula against the SIMD batch (`values`) on a
//! 512×512 raster, side by side, and the derivative batch (`evals`).

use blr_playground::landscape::{Batch, Landscape, LandscapeKind, Params};
use blr_playground::linalg::Vec2;
use criterion::{Criterion, SamplingMode, Throughput};
use std::hint::black_box;

const SIDE: usize = 512;

fn landscape(kind: LandscapeKind) -> Landscape {
    let params = Params {
        cond: 10.0,
        angle: 30.0,
        expr: "(x^2+y-11)^2 + (x+y^2-7)^2".into(),
        ..Params::default()
    };
    Landscape::new(kind, &params).unwrap()
}

/// Pixel centres of a SIDE×SIDE raster over the domain, structure of arrays.
fn raster(l: &Landscape, side: usize) -> (Vec<f64>, Vec<f64>) {
    let d = l.domain();
    let mut xs = Vec::with_capacity(side * side);
    let mut ys = Vec::with_capacity(side * side);
    for j in 0..side {
        for i in 0..side {
            xs.push(d.x[0] + (i as f64 + 0.5) / side as f64 * (d.x[1] - d.x[0]));
            ys.push(d.y[1] - (j as f64 + 0.5) / side as f64 * (d.y[1] - d.y[0]));
        }
    }
    (xs, ys)
}

pub fn values(c: &mut Criterion) {
    for kind in [
        LandscapeKind::Himmelblau,
        LandscapeKind::Rastrigin,
        LandscapeKind::Logistic,
        LandscapeKind::Expr,
    ] {
        let l = landscape(kind);
        let (xs, ys) = raster(&l, SIDE);
        let mut out = vec![0.0; xs.len()];
        let mut g = c.benchmark_group(format!("values_512x512/{}", kind.name()));
        g.throughput(Throughput::Elements(xs.len() as u64));
        // One iteration is a whole raster (up to ~0.1 s for logistic): equal-sized samples.
        g.sampling_mode(SamplingMode::Flat);
        g.bench_function("scalar", |b| {
            b.iter(|| {
                for ((o, &x), &y) in out.iter_mut().zip(&xs).zip(&ys) {
                    *o = l.value(Vec2::new(x, y));
                }
                black_box(&out);
            })
        });
        g.bench_function("simd", |b| {
            b.iter(|| {
                l.values(black_box(&xs), black_box(&ys), &mut out);
                black_box(&out);
            })
        });
        g.finish();
    }
}

pub fn evals(c: &mut Criterion) {
    let mut g = c.benchmark_group("evals_4096");
    g.throughput(Throughput::Elements(4096));
    for kind in [LandscapeKind::Himmelblau, LandscapeKind::Logistic] {
        let l = landscape(kind);
        let (xs, ys) = raster(&l, 64);
        let mut batch = Batch::default();
        g.bench_function(kind.name(), |b| {
            b.iter(|| {
                l.evals(black_box(&xs), black_box(&ys), &mut batch);
                black_box(&batch);
            })
        });
    }
    g.finish();
}
