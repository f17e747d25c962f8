//! Basins of attraction: 128×128 starts × 100 steps on Himmelblau (the default scene: ρ = 0.1,
//! cov0 = 0.1, τ = 1, delta) for gradient descent, Newton's method and the rule.

use blr_playground::basins::{Method, Options, basins};
use blr_playground::scene::Scene;
use criterion::{Criterion, SamplingMode};
use std::hint::black_box;

pub fn grid(c: &mut Criterion) {
    let scene = Scene::from_query("landscape=himmelblau").unwrap();
    let opts = Options::default();
    let mut g = c.benchmark_group("basins_128x128x100_himmelblau");
    g.sampling_mode(SamplingMode::Flat);
    // Each sample is a whole 128×128 picture: fewer samples keep `cargo bench` short.
    g.sample_size(10);
    for method in Method::ALL {
        g.bench_function(method.name(), |b| {
            b.iter(|| black_box(basins(&scene, method, &opts).unwrap()))
        });
    }
    g.finish();
}
