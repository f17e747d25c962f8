//! The paper's Table 1, "Newton's method" (docs/maths.md §4): the full Gaussian with the delta
//! method at ρ = τ = 1 is Newton's method.

use crate::common::{landscape_of, means};
use blr_playground::linalg::Vec2;

/// S ← ∇²ℓ̄(m), m ← m − ∇²ℓ̄(m)⁻¹∇ℓ̄(m): the same iterates to 1e-12 relative.
#[test]
fn full_gaussian_is_newton() {
    for init in ["-1.2,1", "-0.5,0.1", "1.5,2", "2,2", "-1,-1"] {
        let q = format!(
            "landscape=rosenbrock&family=full&estimator=delta&lr=1&tau=1&improved=false&cov0=1&init={init}&steps=30"
        );
        let got = means(&q);
        let l = landscape_of(&q);
        let mut theta = got[0];
        for (t, m) in got.iter().enumerate() {
            let scale = theta.norm().max(1.0);
            assert!(
                (m - theta).norm() <= 1e-12 * scale,
                "start {init}, step {t}: rule {m:?} vs Newton {theta:?}"
            );
            let e = l.eval(theta);
            theta -= e.hess.lu().solve(&e.grad).unwrap();
        }
        assert!(
            (got[30] - Vec2::new(1.0, 1.0)).norm() < 1e-10,
            "{init} converged to {:?}",
            got[30]
        );
    }
}
