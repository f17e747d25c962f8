//! Basins of attraction: 128×128 starts × 100 steps on Himmelblau (the default scene: ρ = 0.1,
//! cov0 = 0.1, τ = 1, delta) for gradient descent, Newton's method and the rule.

use blr_playground::basins::{Method, Options, basins};
use blr_playground::scene::Scene;
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

fn grid(c: &mut Criterion) {
    let scene = Scene::from_query("landscape=himmelblau").unwrap();
    let opts = Options::default();
    let mut g = c.benchmark_group("basins_128x128x100_himmelblau");
    g.sampling_mode(SamplingMode::Flat);
    for method in Method::ALL {
        g.bench_function(method.name(), |b| {
            b.iter(|| black_box(basins(&scene, method, &opts).unwrap()))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(10);
    targets = grid
}
criterion_main!(benches);
