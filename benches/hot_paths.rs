//! Native benchmarks of the hot paths (`cargo bench`): landscape rasters (scalar vs SIMD) and
//! batched derivatives, one rule step per family × estimator, and the basins view. The
//! side-by-side comparison with wasm, JavaScript and NumPy is `scripts/bench.sh`.

mod basins;
mod landscape;
mod rule;

use criterion::{Criterion, criterion_group, criterion_main};
use std::time::Duration;

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(20);
    targets = landscape::values, landscape::evals, rule::step, basins::grid
}
criterion_main!(benches);
