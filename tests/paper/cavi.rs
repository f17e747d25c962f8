//! Mean-field Gaussian, ρ = 1, one coordinate at a time = coordinate ascent VI (CAVI, Bishop
//! §10.1.2), i.e. variational message passing (paper §5.3; docs/maths.md §15). On a Gaussian
//! target ℓ̄ = ½(θ−a)ᵀΛ(θ−a) CAVI is written out here in closed form:
//! m₁ = a₁ − (Λ₁₂/Λ₁₁)(m₂ − a₂), then m₂ = a₂ − (Λ₂₁/Λ₂₂)(m₁ − a₁), variances 1/Λᵢᵢ, which
//! under-state the true marginals (Λ⁻¹)ᵢᵢ. The parallel schedule is the Jacobi iteration.

use crate::common::{covs, means, trajectory};
use blr_playground::linalg::{Mat2, Vec2};

/// A shifted, correlated Gaussian target typed as a formula: Λ = [[2, 1.2], [1.2, 1.5]],
/// a = (1, −0.5).
const LAMBDA: [[f64; 2]; 2] = [[2.0, 1.2], [1.2, 1.5]];
const A: [f64; 2] = [1.0, -0.5];
const TARGET: &str = "landscape=expr&expr=0.5*(2*(x-1)%5E2%2B2*1.2*(x-1)*(y%2B0.5)%2B1.5*(y%2B0.5)%5E2)&family=diagonal&estimator=delta&lr=1&tau=1&improved=false&init=-2,2.5&cov0=1&steps=40";

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * (1.0 + a.abs().max(b.abs()))
}

#[test]
fn mean_field_sequential_rho_one_is_cavi() {
    let ms = means(&format!("{TARGET}&schedule=sequential"));
    let [[l11, l12], [l21, l22]] = LAMBDA;
    let mut m = Vec2::new(-2.0, 2.5);
    for (t, got) in ms.iter().enumerate() {
        assert!(
            close(got[0], m[0]) && close(got[1], m[1]),
            "t={t}: {got:?} vs CAVI {m:?}"
        );
        m[0] = A[0] - l12 / l11 * (m[1] - A[1]);
        m[1] = A[1] - l21 / l22 * (m[0] - A[0]);
    }
    // It converges to the true mean; the variances are 1/Λᵢᵢ, below the true marginals.
    let last = ms.last().unwrap();
    assert!((last - Vec2::new(A[0], A[1])).norm() < 1e-10);
    let out = trajectory(&format!("{TARGET}&schedule=sequential"));
    let cov = covs(&out)[40];
    let truth = Mat2::new(l11, l12, l21, l22).try_inverse().unwrap();
    for i in 0..2 {
        assert!(close(cov[(i, i)], 1.0 / LAMBDA[i][i]), "{cov}");
        assert!(
            cov[(i, i)] < truth[(i, i)] * 0.9,
            "mean field must under-state"
        );
    }
    assert_eq!(cov[(0, 1)], 0.0);
    // The comparator drawn beside it is CAVI too: the gap stays at rounding level.
    assert_eq!(out.classic_name, Some("cavi"));
    assert!(out.gap.unwrap() < 1e-12, "gap {:e}", out.gap.unwrap());
}

#[test]
fn mean_field_parallel_rho_one_is_the_jacobi_iteration() {
    let ms = means(&format!("{TARGET}&schedule=parallel"));
    let [[l11, l12], [l21, l22]] = LAMBDA;
    let mut m = Vec2::new(-2.0, 2.5);
    for (t, got) in ms.iter().enumerate().take(30) {
        assert!(
            close(got[0], m[0]) && close(got[1], m[1]),
            "t={t}: {got:?} vs Jacobi {m:?}"
        );
        m = Vec2::new(
            A[0] - l12 / l11 * (m[1] - A[1]),
            A[1] - l21 / l22 * (m[0] - A[0]),
        );
    }
}
