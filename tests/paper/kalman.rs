//! The paper's §5.1 (docs/maths.md §13): on tracking, the rule with a full Gaussian, the delta
//! method and ρ = τ = 1, started at each step from the predicted q⁻, is the Kalman filter. The
//! filter here is the textbook one (Kalman 1960; Särkkä, "Bayesian Filtering and Smoothing",
//! §4.3) in matrix form, written from the rows alone, never through the crate's rule or its
//! comparator; ρ < 1 is checked against the tempered update written in natural parameters.

use crate::common::{covs, run, scene};
use blr_playground::landscape::data::{self, Dataset, Model};
use blr_playground::linalg::{Mat2, Vec2, inverse};
use blr_playground::rng::{normal, seeded};
use blr_playground::scene::Scene;
use std::sync::Arc;

const KALMAN: &str =
    "landscape=tracking&family=full&estimator=delta&lr=1&tau=1&improved=false&init=0,0&cov0=1";

/// The textbook filter on observations `ys` with drift q and noise r from N(m₀, P₀): the
/// means and covariances m_t, P_t for t = 0 … N.
fn filter(ys: &[Vec2], q: f64, r: f64, m0: Vec2, p0: Mat2) -> Vec<(Vec2, Mat2)> {
    let (a, h) = (Mat2::identity(), Mat2::identity());
    let (qm, rm) = (Mat2::identity() * q, Mat2::identity() * r);
    let mut out = vec![(m0, p0)];
    let (mut m, mut p) = (m0, p0);
    for y in ys {
        // Predict.
        let (m_pred, p_pred) = (a * m, a * p * a.transpose() + qm);
        // Update.
        let v = y - h * m_pred;
        let s = h * p_pred * h.transpose() + rm;
        let k = p_pred * h.transpose() * inverse(&s).unwrap();
        m = m_pred + k * v;
        p = p_pred - k * s * k.transpose();
        out.push((m, p));
    }
    out
}

/// ‖A − B‖ / max(‖B‖, 1) for vectors and matrices alike.
fn rel_m(a: &Mat2, b: &Mat2) -> f64 {
    (a - b).norm() / b.norm().max(1.0)
}

fn rel_v(a: Vec2, b: Vec2) -> f64 {
    (a - b).norm() / b.norm().max(1.0)
}

fn observations(s: &Scene) -> Vec<Vec2> {
    let d = s
        .data
        .clone()
        .unwrap_or_else(|| data::shipped(Model::Tracking).clone());
    d.rows.iter().map(|r| Vec2::new(r[0], r[1])).collect()
}

/// Runs the scene and compares every step's mean and covariance with the textbook filter.
fn assert_filter(s: &Scene, tol: f64) {
    let out = run(s);
    let ys = observations(s);
    assert_eq!(out.steps.len(), s.steps() + 1);
    let m0 = Vec2::new(s.init[0], s.init[1]);
    let want = filter(
        &ys[..s.steps()],
        s.drift,
        s.noise,
        m0,
        Mat2::identity() * s.cov0,
    );
    for (st, (cov, (m, p))) in out.steps.iter().zip(covs(&out).iter().zip(&want)) {
        assert_eq!(st.status, "ok");
        let mean = Vec2::from(st.components[0].mean);
        assert!(rel_v(mean, *m) < tol, "t={}: {mean} vs {m}", st.t);
        assert!(rel_m(cov, p) < tol, "t={}: {cov} vs {p}", st.t);
    }
}

#[test]
fn the_rule_is_the_kalman_filter_on_the_shipped_rows() {
    let s = scene(KALMAN);
    assert_eq!(s.steps(), 100, "steps=auto is one step per row");
    assert_filter(&s, 1e-10);
    // The comparator drawn beside it is the same filter: the gap is at rounding.
    let out = run(&s);
    assert_eq!(out.classic_name, Some("kalman"));
    assert!(out.gap.unwrap() < 1e-12, "gap {:?}", out.gap);
}

#[test]
fn the_rule_is_the_kalman_filter_on_random_rows_and_settings() {
    let mut rng = seeded(20261208);
    for case in 0..12 {
        let n = 5 + case * 7;
        let mut theta = Vec2::zeros();
        let rows: Vec<[f64; 3]> = (0..n)
            .map(|_| {
                theta += Vec2::new(normal(&mut rng), normal(&mut rng)) * 0.3;
                [
                    theta[0] + normal(&mut rng),
                    theta[1] + normal(&mut rng),
                    0.0,
                ]
            })
            .collect();
        let mut s = scene(KALMAN);
        s.drift = [0.0, 1e-3, 0.05, 0.3, 2.0, 10.0][case % 6];
        s.noise = [0.01, 0.25, 1.0, 4.0][case % 4];
        s.cov0 = [0.1, 1.0, 10.0][case % 3];
        s.init = [normal(&mut rng) * 2.0, normal(&mut rng) * 2.0];
        s.data = Some(Arc::new(Dataset::from_rows(Model::Tracking, "test", rows)));
        assert_eq!(s.steps(), n);
        assert_filter(&s, 1e-10);
    }
}

#[test]
fn every_estimator_but_monte_carlo_integrates_the_quadratic_loss_exactly() {
    for est in [
        "estimator=gauss-hermite&gh=2",
        "estimator=gauss-hermite&gh=5",
        "estimator=unscented",
    ] {
        let s = scene(&format!("{KALMAN}&{est}"));
        assert_filter(&s, 1e-10);
    }
}

/// ρ < 1 under-trusts each observation: from q⁻ = N(m⁻, (S⁻)⁻¹), S = S⁻ + ρI/r and
/// S·m = S⁻m⁻ + ρy/r (docs/maths.md §13), checked against that written here.
#[test]
fn a_rate_below_one_is_the_tempered_filter() {
    let s = scene(&format!("{KALMAN}&lr=0.3"));
    let out = run(&s);
    let ys = observations(&s);
    let (q, r, rho) = (s.drift, s.noise, 0.3);
    let (mut m, mut prec) = (Vec2::zeros(), Mat2::identity() / s.cov0);
    for (t, y) in ys.iter().enumerate() {
        let s_pred = inverse(&(inverse(&prec).unwrap() + Mat2::identity() * q)).unwrap();
        prec = s_pred + Mat2::identity() * (rho / r);
        m = inverse(&prec).unwrap() * (s_pred * m + y * (rho / r));
        let got = &out.steps[t + 1];
        assert!(
            rel_v(Vec2::from(got.components[0].mean), m) < 1e-10,
            "t={}",
            t + 1
        );
        assert!(rel_m(&covs(&out)[t + 1], &inverse(&prec).unwrap()) < 1e-10);
        // The record names the predicted q⁻ the step started from.
        let p = got.predicted.as_ref().expect("a predicted q⁻ at t ≥ 1").cov;
        let want = inverse(&s_pred).unwrap();
        assert!((p[0][0] - want[(0, 0)]).abs() < 1e-10 * want[(0, 0)]);
    }
    // The tempered filter is not the filter: the gap to the textbook one is visible.
    assert!(out.gap.unwrap() > 0.1, "gap {:?}", out.gap);
}

#[test]
fn the_objective_at_rho_one_is_the_negative_log_predictive_density() {
    // At ρ = τ = 1 q_t is the exact posterior of ℓ_t, so L = E_q[ℓ_t] − H(q_t) is
    // −log ∫ exp(−ℓ_t) = −log N(y_t; m⁻, P⁻ + rI), the filter's one-step predictive density.
    let s = scene(KALMAN);
    let out = run(&s);
    let ys = observations(&s);
    let want = filter(&ys, s.drift, s.noise, Vec2::zeros(), Mat2::identity());
    assert!(
        out.steps[0].objective.unwrap().abs() < 1e-12,
        "ℓ₀ = −log q₀: L = 0"
    );
    for t in 1..=ys.len() {
        let (m, p) = want[t - 1];
        let cov = p + Mat2::identity() * (s.drift + s.noise);
        let d = ys[t - 1] - m;
        let nlp = (2.0 * std::f64::consts::PI).ln()
            + 0.5 * cov.determinant().ln()
            + 0.5 * d.dot(&(inverse(&cov).unwrap() * d));
        let got = out.steps[t].objective.unwrap();
        assert!(
            (got - nlp).abs() < 1e-10 * nlp.abs().max(1.0),
            "t={t}: {got} vs {nlp}"
        );
    }
}

#[test]
fn more_steps_than_rows_is_an_error_naming_both() {
    let mut s = scene(KALMAN);
    s.steps = Some(101);
    let e = s.check().unwrap_err();
    assert_eq!(e.key, "steps");
    assert!(
        e.message.contains("101 steps") && e.message.contains("100 rows"),
        "{e}"
    );
}

#[test]
fn the_diagonal_family_is_the_filter_too_and_the_fixed_family_smooths() {
    // Isotropic drift, noise and P₀ keep S a multiple of I, so diag(S) loses nothing.
    assert_filter(&scene(&format!("{KALMAN}&family=diagonal")), 1e-10);
    // The frozen covariance does not predict: m_t = m_{t−1} − ρ·cov0·(m_{t−1} − y_t)/r.
    let s = scene(&format!(
        "{KALMAN}&family=fixed&lr=0.5&cov0=0.1&compare=none"
    ));
    let out = run(&s);
    let mut m = Vec2::zeros();
    for (t, y) in observations(&s).iter().enumerate() {
        m -= (m - y) * (0.5 * 0.1 / s.noise);
        assert!(rel_v(Vec2::from(out.steps[t + 1].components[0].mean), m) < 1e-12);
    }
}
