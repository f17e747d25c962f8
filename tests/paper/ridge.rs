//! The paper's Table 1, "ridge regression" and "conjugate Bayes" (§5.1; docs/maths.md §8): on
//! ridge regression the loss is quadratic, so every estimator that is exact on quadratics makes
//! the rule a linear map in λ. One step with ρ = 1 lands on the exact posterior; for ρ < 1 the
//! natural parameters contract towards it by exactly (1 − ρ) per step.

use blr_playground::estimate::{
    Estimator, EstimatorKind, HessianKind, Target, expectations, normal, seeded,
};
use blr_playground::family::{FamilyKind, Gaussian, Q};
use blr_playground::landscape::{Landscape, LandscapeKind, data};
use blr_playground::linalg::{Mat2, Vec2};
use blr_playground::rule::{self, Hyper, Schedule};
use blr_playground::scene::Scene;

/// Random symmetric positive definite precision from three numbers.
fn spd(a: f64, b: f64, c: f64) -> Mat2 {
    let l = Mat2::new(a.abs() + 0.2, 0.0, b, c.abs() + 0.2);
    l * l.transpose()
}

/// The estimators that are exact on a quadratic loss.
fn exact_estimators() -> Vec<Estimator> {
    vec![
        Estimator::new(EstimatorKind::Delta, 1, 3),
        Estimator::new(EstimatorKind::GaussHermite, 1, 2),
        Estimator::new(EstimatorKind::GaussHermite, 1, 3),
        Estimator::new(EstimatorKind::Unscented, 1, 3),
    ]
}

/// One step of the rule (full Gaussian, τ = 1, plain precision update) on the ridge loss.
fn ridge_step(q: &Q, est: &Estimator, lr: f64) -> Q {
    let l = Landscape::new(LandscapeKind::Ridge, &Scene::default().params()).unwrap();
    let target = Target {
        landscape: &l,
        hessian: HessianKind::Exact,
        tau: 1.0,
        with_log_q: false,
    };
    let mut ws = Default::default();
    let m = expectations(&target, q, est, &mut seeded(0), &mut ws).unwrap();
    let h = Hyper {
        lr,
        lr_weights: 0.1,
        lr_local: 1.0,
        tau: 1.0,
        improved: false,
        cov0: 1.0,
        schedule: Schedule::Parallel,
    };
    rule::step(q, &m, &h).unwrap()
}

/// From any (m₀, S₀): S₁ = XᵀX/σ² + δI and m₁ = S₁⁻¹Xᵀy/σ², the exact posterior.
#[test]
fn conjugate_one_step_lands_on_the_posterior() {
    let (m_star, s_star) = data::ridge_posterior();
    let mut rng = seeded(7);
    for est in exact_estimators() {
        for _ in 0..20 {
            let r: Vec<f64> = (0..5).map(|_| 4.0 * normal(&mut rng)).collect();
            let q = Q {
                kind: FamilyKind::Full,
                comps: vec![Gaussian {
                    mean: Vec2::new(r[0], r[1]),
                    prec: spd(r[2], r[3], r[4]),
                }],
                eta: vec![0.0],
                bern: None,
            };
            let next = ridge_step(&q, &est, 1.0);
            let g = next.comps[0];
            assert!(
                (g.mean - m_star).norm() <= 1e-10 * m_star.norm(),
                "{:?}: {:?}",
                est.kind(),
                g.mean
            );
            assert!(
                (g.prec - s_star).norm() <= 1e-10 * s_star.norm(),
                "{:?}",
                est.kind()
            );
        }
    }
}

/// λ_t − λ* = (1 − ρ)ᵗ(λ₀ − λ*) exactly, for 30 steps.
#[test]
fn conjugate_natural_parameters_contract_by_one_minus_rho() {
    let (m_star, s_star) = data::ridge_posterior();
    let star = Gaussian {
        mean: m_star,
        prec: s_star,
    }
    .natural();
    for est in exact_estimators() {
        for lr in [0.1, 0.5, 0.9] {
            let g0 = Gaussian {
                mean: Vec2::new(3.0, -2.0),
                prec: spd(0.5, 1.3, -0.7),
            };
            let l0 = g0.natural();
            let d0 = ((l0.0 - star.0).norm_squared() + (l0.1 - star.1).norm_squared()).sqrt();
            let mut q = Q {
                kind: FamilyKind::Full,
                comps: vec![g0],
                eta: vec![0.0],
                bern: None,
            };
            for t in 1..=30 {
                q = ridge_step(&q, &est, lr);
                let l = q.comps[0].natural();
                let f = (1.0 - lr).powi(t);
                let e1 = (l.0 - star.0) - (l0.0 - star.0) * f;
                let e2 = (l.1 - star.1) - (l0.1 - star.1) * f;
                let err = (e1.norm_squared() + e2.norm_squared()).sqrt();
                assert!(
                    err <= 1e-10 * d0,
                    "{:?} lr={lr} t={t}: err {err:e}",
                    est.kind()
                );
            }
        }
    }
}
