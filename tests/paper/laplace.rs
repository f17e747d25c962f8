//! The paper's Table 1, "Laplace's method" (docs/maths.md §4): the full Gaussian with the
//! delta method and ρ < 1, τ = 1, is Newton's method with an exponentially averaged Hessian,
//! S ← (1 − ρ)S + ρ∇²ℓ̄(m), m ← m − ρS⁻¹∇ℓ̄(m). Its fixed point is the Laplace approximation:
//! m* a stationary point of ℓ̄ and S* = ∇²ℓ̄(m*).

use crate::common::{covs, landscape_of, means, trajectory};
use blr_playground::landscape::Landscape;
use blr_playground::linalg::{Mat2, Vec2};

/// The minimiser by the test's own Newton iteration, run until the Newton step is below
/// rounding. Far from the minimum the step is halved until ‖∇ℓ̄‖ decreases (the Newton
/// direction always decreases ‖∇ℓ̄‖², and unlike ℓ̄ itself that merit does not drown in
/// rounding next to the minimum). Convex landscapes only: a stationary point is the minimiser.
fn newton_minimiser(l: &Landscape, start: Vec2) -> Vec2 {
    let mut theta = start;
    for _ in 0..100 {
        let e = l.eval(theta);
        let d = e
            .hess
            .lu()
            .solve(&e.grad)
            .expect("convex: Hessian invertible");
        let mut a = 1.0;
        while a > 1e-6 && l.eval(theta - d * a).grad.norm() > e.grad.norm() {
            a *= 0.5;
        }
        theta -= d * a;
        if d.norm() <= 1e-15 * theta.norm().max(1.0) {
            break;
        }
    }
    theta
}

/// The 2×2 inverse by its formula, S = Σ⁻¹.
fn inverse(c: &Mat2) -> Mat2 {
    let det = c[(0, 0)] * c[(1, 1)] - c[(0, 1)] * c[(1, 0)];
    Mat2::new(c[(1, 1)], -c[(0, 1)], -c[(1, 0)], c[(0, 0)]) / det
}

/// ρ = 0.3 for 200 steps from S₀ = I (S_t − ∇²ℓ̄ shrinks like 0.7ᵗ) on logistic regression, an
/// ill-conditioned rotated quadratic and a shifted quadratic typed as a formula:
/// ‖∇ℓ̄(m)‖ < 1e-8, S = ∇²ℓ̄(m) to 1e-8 relative, and m and S agree with the test's own Newton
/// minimiser m* and ∇²ℓ̄(m*) to 1e-8 relative. Measured: ‖∇ℓ̄(m)‖ ≤ 1.9e-15, S against ∇²ℓ̄(m)
/// ≤ 1.4e-15, m against m* ≤ 1.4e-16, S against ∇²ℓ̄(m*) ≤ 1.4e-15.
#[test]
fn laplace_fixed_point() {
    for (landscape, init) in [
        ("logistic", "0,0"),
        ("quadratic&cond=100&angle=30", "2.5,2"),
        (
            "expr&expr=(x-1)^2%2B0.5*(x-1)*(y%2B2)%2B2*(y%2B2)^2",
            "-3,3",
        ),
    ] {
        let q = format!(
            "landscape={landscape}&family=full&estimator=delta&hessian=exact&lr=0.3&tau=1&improved=false&cov0=1&init={init}&steps=200"
        );
        let l = landscape_of(&q);
        let out = trajectory(&q);
        let m = *means(&q).last().unwrap();
        let s = inverse(covs(&out).last().unwrap());
        let e = l.eval(m);
        let star = newton_minimiser(&l, Vec2::zeros());
        let h_star = l.eval(star).hess;
        let es = (s - e.hess).norm() / e.hess.norm();
        let es_star = (s - h_star).norm() / h_star.norm();
        let em = (m - star).norm() / star.norm().max(1.0);
        assert!(e.grad.norm() < 1e-8, "{q}: ∇ℓ̄(m) = {:?}", e.grad);
        assert!(es <= 1e-8, "{q}: S = {s:?}, ∇²ℓ̄(m) = {:?}", e.hess);
        assert!(em <= 1e-8, "{q}: m = {m:?}, Newton's minimiser {star:?}");
        assert!(es_star <= 1e-8, "{q}: S = {s:?}, ∇²ℓ̄(m*) = {h_star:?}");
    }
}
