//! docs/maths.md §2: Monte Carlo draws come from a seeded generator, so the same scene and seed
//! give the same run, bit for bit, and a different seed gives a different one.

use crate::common::trajectory;

#[test]
fn same_scene_and_seed_give_bit_identical_json() {
    for q in [
        "family=mixture&k=5&estimator=mc&samples=12&tau=0.3&steps=80&seed=11",
        "landscape=rastrigin&family=full&estimator=mc&samples=64&cov0=2&steps=80",
        "landscape=logistic&family=diagonal&estimator=gauss-hermite&gh=4&steps=80",
    ] {
        let a = serde_json::to_string(&trajectory(q)).unwrap();
        let b = serde_json::to_string(&trajectory(q)).unwrap();
        assert_eq!(a, b, "{q}");
        let c = serde_json::to_string(&trajectory(&format!("{q}&seed=99"))).unwrap();
        if q.contains("mc") {
            assert_ne!(a, c, "{q}: the seed must matter for Monte Carlo");
        }
    }
}
