//! A full Gaussian with (accurate) expectations is Gaussian variational inference: its fixed
//! point has E_q[∇ℓ̄] = 0 and S = E_q[∇²ℓ̄] (τ = 1; docs/maths.md §4). On logistic
//! regression, Gauss–Hermite integrates each data term along its own direction, so its
//! answer approaches the variational optimum as gh grows. The reference here is independent:
//! the loss is rebuilt from the shipped rows (and checked against the landscape), each term's
//! expectation is a fine trapezoid sum in its own variable, and the fixed point is iterated
//! with a damped step until it stops moving.

use crate::common::{covs, landscape, scene, trajectory};
use blr_playground::landscape::data;
use blr_playground::linalg::{Mat2, Vec2};

const BASE: &str =
    "landscape=logistic&family=full&estimator=gauss-hermite&lr=0.3&init=0,0&cov0=1&steps=400";
/// The model's prior precision δ (checked against the landscape below).
const DELTA: f64 = 0.01;

fn softplus(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// The directions vₙ = −yₙxₙ: ℓ̄(θ) = Σ softplus(vₙᵀθ) + ½δ‖θ‖².
fn dirs() -> Vec<Vec2> {
    data::logistic()
        .iter()
        .map(|&([a, b], y)| Vec2::new(-y * a, -y * b))
        .collect()
}

/// E[∇ℓ̄] and E[∇²ℓ̄] under N(m, Σ): each term by the trapezoid rule in z = vᵀθ over
/// μ ± 12s with a step resolving both s and softplus's unit scale.
fn moments(m: Vec2, cov: Mat2) -> (Vec2, Mat2) {
    let (mut g, mut h) = (m * DELTA, Mat2::identity() * DELTA);
    for v in dirs() {
        let (mu, s) = (v.dot(&m), v.dot(&(cov * v)).sqrt());
        let step = s.min(1.0) / 16.0;
        let n = (24.0 * s / step).ceil() as i64;
        let (mut e1, mut e2, mut wsum) = (0.0, 0.0, 0.0);
        for i in 0..=n {
            let z = mu - 12.0 * s + i as f64 * (24.0 * s / n as f64);
            let w = (-0.5 * ((z - mu) / s).powi(2)).exp();
            let p = sigmoid(z);
            e1 += w * p;
            e2 += w * p * (1.0 - p);
            wsum += w;
        }
        g += v * (e1 / wsum);
        h += v * v.transpose() * (e2 / wsum);
    }
    (g, h)
}

#[test]
fn logistic_variational_mean_converges_as_gauss_hermite_grows() {
    // The rebuilt loss is the landscape's.
    let l = landscape(&scene(BASE));
    for p in [Vec2::new(0.3, -1.0), Vec2::new(5.0, 2.0)] {
        let mine: f64 = dirs().iter().map(|v| softplus(v.dot(&p))).sum::<f64>()
            + 0.5 * DELTA * p.norm_squared();
        assert!(
            (mine - l.value(p)).abs() < 1e-12 * mine,
            "{mine} vs {}",
            l.value(p)
        );
    }
    // The reference optimum: S ← ½S + ½E[∇²ℓ̄], m ← m − ½S⁻¹E[∇ℓ̄], kept at the iterate with
    // the smallest residual ‖E[∇ℓ̄]‖ (the iteration creeps away again at the 1e-7 level).
    let (mut m, mut s) = (Vec2::zeros(), Mat2::identity());
    let mut best = (f64::INFINITY, m, s);
    for _ in 0..200 {
        let (g, h) = moments(m, s.try_inverse().unwrap());
        if g.norm() < best.0 {
            best = (g.norm(), m, s);
        }
        s = s * 0.5 + h * 0.5;
        m -= s.try_inverse().unwrap() * g * 0.5;
    }
    let (residual, m, s) = best;
    assert!(
        residual < 1e-6,
        "the reference did not converge: {residual:e}"
    );
    let last = |gh: usize| {
        let out = trajectory(&format!("{BASE}&gh={gh}"));
        assert!(out.steps.iter().all(|s| s.status == "ok"));
        let st = out.steps.last().unwrap();
        let cov = covs(&out)[out.steps.len() - 1];
        (
            Vec2::new(st.components[0].mean[0], st.components[0].mean[1]),
            cov,
        )
    };
    let errs: Vec<f64> = [3, 5, 7, 10].map(|gh| (last(gh).0 - m).norm()).into();
    assert!(
        errs[3] < 1e-3,
        "gh = 10 is {:e} from the optimum ({errs:?})",
        errs[3]
    );
    for w in errs.windows(2) {
        assert!(w[1] <= w[0] * 1.001, "error grew with gh: {errs:?}");
    }
    let cov = last(10).1;
    assert!((cov - s.try_inverse().unwrap()).norm() < 1e-3, "{cov}");
    // The Laplace (delta) mean is far from it: the expectation matters here.
    let laplace = trajectory(&BASE.replace("gauss-hermite", "delta"));
    let st = laplace.steps.last().unwrap();
    let lm = Vec2::new(st.components[0].mean[0], st.components[0].mean[1]);
    assert!((lm - m).norm() > 0.5, "{lm} vs {m}");
}
