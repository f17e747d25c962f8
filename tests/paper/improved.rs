//! The improved rule of Lin, Schmidt and Khan (ICML 2020), the paper's remedy for indefinite
//! Hessians (docs/maths.md §6): S stays positive definite on every landscape for every
//! ρ ∈ (0, 1]; without it, a broken precision stops the run with a visible reason.

use crate::common::{landscape, run, scene, trajectory};
use blr_playground::landscape::LandscapeKind;
use blr_playground::linalg::{Mat2, is_positive_definite};

#[test]
fn improved_rule_keeps_every_precision_positive_definite() {
    // Tracking is convex and carries one Gaussian (no mixtures): its own tests are in kalman.rs.
    for kind in LandscapeKind::ALL
        .into_iter()
        .filter(|&k| k != LandscapeKind::Tracking)
    {
        for family in ["full", "diagonal", "mixture"] {
            for est in ["delta", "mc", "unscented"] {
                for lr in [1e-3, 0.1, 0.5, 1.0] {
                    let mut s = scene(&format!(
                        "family={family}&k=3&estimator={est}&samples=8&lr={lr}&improved=true&steps=60&cov0=0.5"
                    ));
                    s.landscape = kind;
                    let d = landscape(&s).domain();
                    s.init = [0.3 * d.x[0] + 0.7 * d.x[1], 0.6 * d.y[0] + 0.4 * d.y[1]];
                    let out = run(&s);
                    for st in &out.steps {
                        assert!(
                            !st.status.contains("positive definite"),
                            "{} {family} {est} lr={lr}: {}",
                            kind.name(),
                            st.status
                        );
                        for c in &st.components {
                            let cov = Mat2::new(c.cov[0][0], c.cov[0][1], c.cov[1][0], c.cov[1][1]);
                            assert!(
                                is_positive_definite(&cov),
                                "{} {family} {est} lr={lr} t={}",
                                kind.name(),
                                st.t
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn plain_rule_stops_with_a_reason_when_precision_breaks() {
    // docs/maths.md §6's example in a run: near Himmelblau's local maximum the Hessian is
    // indefinite.
    let out = trajectory(
        "landscape=himmelblau&family=full&estimator=delta&lr=0.5&improved=false&init=-0.27,-0.92&cov0=1&steps=50",
    );
    let last = out.steps.last().unwrap();
    assert!(
        last.status.starts_with("diverged: precision"),
        "{}",
        last.status
    );
    assert!(out.steps.len() < 51);
}
