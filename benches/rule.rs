//! One full step of the rule (moments at the new q included) per family × estimator on
//! Himmelblau; the mixture has K = 8 components, Monte Carlo 64 samples per component.

use blr_playground::scene::Scene;
use blr_playground::session::Session;
use criterion::{BatchSize, Criterion};
use std::hint::black_box;

pub fn step(c: &mut Criterion) {
    let mut g = c.benchmark_group("rule_step_himmelblau");
    for family in ["fixed", "diagonal", "full", "mixture"] {
        for estimator in ["delta", "mc", "gauss-hermite", "unscented"] {
            let q = format!(
                "landscape=himmelblau&family={family}&k=8&estimator={estimator}&samples=64&gh=3&init=0.5,-0.5&compare=none&tau=0.1"
            );
            let run = Session::new(&Scene::from_query(&q).unwrap()).unwrap();
            g.bench_function(format!("{family}/{estimator}"), |b| {
                b.iter_batched(
                    || run.clone(),
                    |mut r| black_box(r.step()),
                    BatchSize::SmallInput,
                )
            });
        }
    }
    g.finish();
}
