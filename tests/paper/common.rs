//! Helpers for every claim: one function runs a whole scene, the others read its
//! output.

use blr_playground::landscape::Landscape;
use blr_playground::linalg::{Mat2, Vec2};
use blr_playground::scene::Scene;
use blr_playground::session::{Output, Session};

/// The scene a query string describes (panics with the scene's own message on a bad key).
pub fn scene(q: &str) -> Scene {
    Scene::from_query(q).unwrap_or_else(|e| panic!("{q}: {e}"))
}

/// Runs a whole scene: every step of the rule and of its classical comparator.
/// The only place the tests call the executor.
pub fn run(s: &Scene) -> Output {
    Session::trajectory(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

/// Runs the scene a query string describes.
pub fn trajectory(q: &str) -> Output {
    run(&scene(q))
}

/// The mean of the first component at every step; every step must be "ok".
pub fn means(q: &str) -> Vec<Vec2> {
    let out = trajectory(q);
    for s in &out.steps {
        assert_eq!(s.status, "ok", "{q} at t={}", s.t);
    }
    out.steps
        .iter()
        .map(|s| Vec2::new(s.components[0].mean[0], s.components[0].mean[1]))
        .collect()
}

/// The covariance of the first component at every step.
pub fn covs(out: &Output) -> Vec<Mat2> {
    out.steps
        .iter()
        .map(|s| {
            let c = s.components[0].cov;
            Mat2::new(c[0][0], c[0][1], c[1][0], c[1][1])
        })
        .collect()
}

/// The scene's landscape, for the tests' own loops over ℓ̄, ∇ℓ̄ and ∇²ℓ̄.
pub fn landscape(s: &Scene) -> Landscape {
    Landscape::new(s.landscape, &s.params()).unwrap()
}

/// The landscape of the scene a query string describes.
pub fn landscape_of(q: &str) -> Landscape {
    landscape(&scene(q))
}

/// ‖a − b‖ / max(‖b‖, 1): relative error, absolute near the origin.
pub fn rel(a: Vec2, b: Vec2) -> f64 {
    (a - b).norm() / b.norm().max(1.0)
}
