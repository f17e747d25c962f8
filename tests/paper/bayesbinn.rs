//! Bernoulli candidates: BayesBiNN, and the straight-through estimator beside it (paper §4.5;
//! Meng, Bachmann, Khan 2020; docs/maths.md §11). Two binary weights w ∈ {−a, +a}²,
//! q(w) = Π_i exp(λ_i w_i/a)/(2 cosh λ_i), μ = tanh λ, and the rule
//! λ ← (1 − ρτ)λ − ρ∇_μE_q[ℓ̄]. Every oracle is written out here from the four corners, the
//! uniforms of the run's seeded stream and the landscape's value and gradient, never through
//! the crate's estimator, rule or comparator.

use crate::common::{landscape_of, scene, trajectory};
use blr_playground::landscape::Landscape;
use blr_playground::linalg::Vec2;
use blr_playground::rng::{seeded, uniform_open};
use blr_playground::session::Output;

/// A quadratic whose continuous minimum (0.25, 0.05) has the signs (+, +) of a bad corner,
/// while the best corner is (+, −).
const TWIST: &str =
    "landscape=expr&expr=0.5*((x-0.25)^2%2B1.8*(x-0.25)*(y-0.05)%2B(y-0.05)^2)&family=bernoulli";

/// The four states s ∈ {±1}², written out.
const STATES: [(f64, f64); 4] = [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)];

fn lambdas(out: &Output) -> Vec<Vec2> {
    out.steps
        .iter()
        .map(|s| {
            assert_eq!(s.status, "ok", "t={}", s.t);
            let l = s.components[0]
                .lambda
                .expect("a Bernoulli record carries λ");
            Vec2::new(l[0], l[1])
        })
        .collect()
}

/// E_q[ℓ̄] = Σ_s ℓ̄(a·s) Π_i (1 + s_i μ_i)/2, the four terms written out.
fn expected_loss(l: &Landscape, a: f64, mu: Vec2) -> f64 {
    let p = |s: f64, m: f64| (1.0 + s * m) / 2.0;
    p(-1.0, mu[0]) * p(-1.0, mu[1]) * l.value(Vec2::new(-a, -a))
        + p(1.0, mu[0]) * p(-1.0, mu[1]) * l.value(Vec2::new(a, -a))
        + p(-1.0, mu[0]) * p(1.0, mu[1]) * l.value(Vec2::new(-a, a))
        + p(1.0, mu[0]) * p(1.0, mu[1]) * l.value(Vec2::new(a, a))
}

/// ∇_μE_q[ℓ̄]: E is multilinear in μ, so ∂/∂μ₁ = ½ Σ_{s₂} q₂(s₂)[ℓ̄(a, a s₂) − ℓ̄(−a, a s₂)]
/// and likewise for μ₂.
fn grad_mu(l: &Landscape, a: f64, mu: Vec2) -> Vec2 {
    let p = |s: f64, m: f64| (1.0 + s * m) / 2.0;
    let f = |x: f64, y: f64| l.value(Vec2::new(a * x, a * y));
    Vec2::new(
        0.5 * (p(-1.0, mu[1]) * (f(1.0, -1.0) - f(-1.0, -1.0))
            + p(1.0, mu[1]) * (f(1.0, 1.0) - f(-1.0, 1.0))),
        0.5 * (p(-1.0, mu[0]) * (f(-1.0, 1.0) - f(-1.0, -1.0))
            + p(1.0, mu[0]) * (f(1.0, 1.0) - f(1.0, -1.0))),
    )
}

#[test]
fn exact_expectation_is_the_four_corner_sum() {
    // The reported objective is E_q[ℓ̄] − τH(q); H by its own definition −Σ_w q(w) log q(w).
    for (q, a, tau) in [
        (format!("{TWIST}&init=0.3,-0.6"), 1.0, 1.0),
        (
            "landscape=himmelblau&family=bernoulli&scale=2.5&init=1,-2&tau=0.1".to_string(),
            2.5,
            0.1,
        ),
        (
            "landscape=rosenbrock&family=bernoulli&scale=0.5&init=-0.2,0.4&tau=3".to_string(),
            0.5,
            3.0,
        ),
    ] {
        let q = format!("{q}&estimator=exact&lr=0.2&steps=5");
        let out = trajectory(&q);
        let l = landscape_of(&q);
        for (st, lam) in out.steps.iter().zip(lambdas(&out)) {
            let mu = lam.map(f64::tanh);
            let e = expected_loss(&l, a, mu);
            let h: f64 = STATES
                .iter()
                .map(|&(s1, s2)| (1.0 + s1 * mu[0]) / 2.0 * (1.0 + s2 * mu[1]) / 2.0)
                // p log p → 0 as p → 0.
                .map(|p| if p > 0.0 { -p * p.ln() } else { 0.0 })
                .sum();
            let got = st.objective.unwrap();
            assert!(
                (got - (e - tau * h)).abs() <= 1e-12 * (1.0 + e.abs()),
                "{q} t={}: {got} vs {}",
                st.t,
                e - tau * h
            );
            // The reported mean and variances are a·μ and a²(1 − μ²).
            let c = &st.components[0];
            assert!((c.mean[0] - a * mu[0]).abs() < 1e-14 * a);
            assert!((c.cov[1][1] - a * a * (1.0 - mu[1] * mu[1])).abs() < 1e-12 * a * a);
            assert_eq!(c.cov[0][1], 0.0);
        }
    }
}

#[test]
fn exact_steps_are_the_rule_on_the_written_out_gradient() {
    let q = format!("{TWIST}&estimator=exact&lr=0.3&tau=0.5&init=0.15,0.05&steps=40");
    let ls = lambdas(&trajectory(&q));
    let l = landscape_of(&q);
    let mut lam = Vec2::new(0.15f64.atanh(), 0.05f64.atanh());
    for (t, got) in ls.iter().enumerate() {
        assert!(
            (got - lam).norm() <= 1e-12 * lam.norm().max(1.0),
            "t={t}: {got} vs {lam}"
        );
        lam = lam * (1.0 - 0.3 * 0.5) - grad_mu(&l, 1.0, lam.map(f64::tanh)) * 0.3;
    }
}

#[test]
fn exact_fixed_point_is_the_naive_mean_field_equations() {
    // μ = tanh(−∇_μE_q[ℓ̄]/τ) at the fixed point, on several landscapes and temperatures
    // (ρ < 1 so that the iteration settles).
    for (q, a, tau) in [
        (format!("{TWIST}&init=0.15,0.05"), 1.0, 1.0),
        (format!("{TWIST}&init=0.15,0.05"), 1.0, 0.3),
        (
            "landscape=rosenbrock&family=bernoulli&scale=0.5&init=0,0".to_string(),
            0.5,
            10.0,
        ),
        (
            "landscape=six-hump-camel&family=bernoulli&scale=0.8&init=0.1,0.1".to_string(),
            0.8,
            2.0,
        ),
        (
            "landscape=quadratic&family=bernoulli&scale=1.5&init=-0.5,0.5".to_string(),
            1.5,
            4.0,
        ),
    ] {
        let lr = 0.5 / f64::max(tau, 1.0);
        let q = format!("{q}&estimator=exact&lr={lr}&tau={tau}&steps=3000");
        let lam = *lambdas(&trajectory(&q)).last().unwrap();
        let l = landscape_of(&q);
        let mu = lam.map(f64::tanh);
        let g = grad_mu(&l, a, mu);
        let want = (-g / tau).map(f64::tanh);
        assert!(
            (mu - want).amax() < 1e-10,
            "{q}: μ {mu} vs tanh(−g/τ) {want}"
        );
        // Not a trivial saturation: some coordinate is strictly inside (−1, 1).
        assert!(mu.amin() < 0.999 || tau < 1.0, "{q}: {mu}");
    }
}

#[test]
fn monte_carlo_steps_are_bayesbinn_given_the_same_uniforms() {
    // BayesBiNN's step, written from the authors' update: per draw ε ~ U(0, 1),
    // δ = ½ log(ε/(1 − ε)), w = a tanh((λ + δ)/ϑ), ĝ += a∇ℓ̄(w)(1 − tanh²((λ+δ)/ϑ) + 1e-10)
    // / (ϑ(1 − tanh²λ + 1e-10)); λ ← (1 − ρτ)λ − ρ ĝ/S. The uniforms come from the run's
    // seeded stream, two per draw, the draws of step t after those of step t − 1. 1 − tanh²
    // is taken as 1/cosh² (1 − tanh² loses every digit once |x| > 19).
    for (q, a, th, tau, lr, n, seed) in [
        (
            format!("{TWIST}&init=0.15,0.05"),
            1.0,
            1.0,
            0.3,
            0.1,
            16usize,
            1u64,
        ),
        (
            "landscape=himmelblau&family=bernoulli&scale=2&init=0.5,-1".to_string(),
            2.0,
            0.3,
            1.0,
            0.05,
            3,
            11,
        ),
        (
            "landscape=six-hump-camel&family=bernoulli&scale=0.7&init=-0.2,0.3".to_string(),
            0.7,
            4.0,
            2.0,
            0.4,
            1,
            5,
        ),
    ] {
        let q = format!(
            "{q}&estimator=mc&samples={n}&relax={th}&tau={tau}&lr={lr}&seed={seed}&steps=60"
        );
        let ls = lambdas(&trajectory(&q));
        let l = landscape_of(&q);
        let sech2 = |x: f64| 1.0 / (x.cosh() * x.cosh());
        let mut rng = seeded(seed);
        let mut lam = ls[0];
        for (t, got) in ls.iter().enumerate() {
            assert!(
                (got - lam).norm() <= 1e-12 * lam.norm().max(1.0),
                "{q} t={t}: {got} vs {lam}"
            );
            let mut g = Vec2::zeros();
            for _ in 0..n {
                let e = [uniform_open(&mut rng), uniform_open(&mut rng)];
                let x = Vec2::new(
                    (lam[0] + 0.5 * (e[0] / (1.0 - e[0])).ln()) / th,
                    (lam[1] + 0.5 * (e[1] / (1.0 - e[1])).ln()) / th,
                );
                let w = Vec2::new(a * x[0].tanh(), a * x[1].tanh());
                let grad = l.eval(w).grad;
                for i in 0..2 {
                    g[i] += a * grad[i] * (sech2(x[i]) + 1e-10) / (th * (sech2(lam[i]) + 1e-10));
                }
            }
            lam = lam * (1.0 - lr * tau) - g / n as f64 * lr;
        }
    }
}

#[test]
fn ste_is_the_textbook_loop_on_its_latent_weights() {
    // r₀ = init, w = a·sign(r) (sign 0 = +1), r ← r − lr∇ℓ̄(w): T + 1 points from t = 0,
    // step lr (not lr·cov0).
    for (q, a, lr, r0) in [
        (
            format!("{TWIST}&init=0.15,0.05"),
            1.0,
            0.1,
            Vec2::new(0.15, 0.05),
        ),
        (
            "landscape=himmelblau&family=bernoulli&scale=3&init=0,-2.5".to_string(),
            3.0,
            0.02,
            Vec2::new(0.0, -2.5),
        ),
    ] {
        let q = format!("{q}&estimator=exact&lr={lr}&cov0=7&compare=ste&steps=80");
        let out = trajectory(&q);
        let l = landscape_of(&q);
        assert_eq!(out.classic_name, Some("ste"));
        let path = out.classic.as_ref().unwrap();
        assert_eq!(path.len(), 81);
        let mut r = r0;
        for (t, p) in path.iter().enumerate() {
            assert!(
                (Vec2::new(p[0], p[1]) - r).norm() <= 1e-12 * r.norm().max(1.0),
                "{q} t={t}: {p:?} vs {r}"
            );
            let w = r.map(|v| if v < 0.0 { -a } else { a });
            r -= l.eval(w).grad * lr;
        }
    }
}

#[test]
fn the_gap_to_ste_is_measured_not_assumed() {
    // STE is only the nearest classical relative: on the twisted quadratic BayesBiNN settles
    // on the best corner (+, −) while STE's binary weights keep changing corner.
    let q = format!(
        "{TWIST}&estimator=mc&samples=16&relax=0.3&tau=0.3&lr=0.1&init=0.25,0.05&steps=300"
    );
    let out = trajectory(&q);
    assert!(out.gap.unwrap() > 0.1, "gap {:?}", out.gap);
    let last = &out.steps[300].components[0];
    assert!(last.mean[0] > 0.9 && last.mean[1] < -0.8, "{:?}", last.mean);
}

#[test]
fn a_confident_q_is_not_a_divergence() {
    // τ small: λ grows far past 19, where tanh λ rounds to ±1; the run stays "ok", the record
    // carries λ itself (atanh of the mean would be infinite) and the variance is tiny, not NaN.
    let q = format!("{TWIST}&estimator=exact&tau=0.001&lr=1&init=0.15,0.05&steps=50");
    let out = trajectory(&q);
    let lam = *lambdas(&out).last().unwrap();
    assert!(
        lam.amax() > 19.0 && lam.iter().all(|v| v.is_finite()),
        "{lam}"
    );
    let c = &out.steps[50].components[0];
    assert!(c.cov[0][0] >= 0.0 && c.cov[0][0] < 1e-12, "{:?}", c.cov);
}

#[test]
fn exact_and_the_square_are_refused_where_they_do_not_apply() {
    let err = |q: &str| {
        scene(q)
            .setup()
            .err()
            .unwrap_or_else(|| panic!("{q} accepted"))
    };
    let e = err("family=full&estimator=exact");
    assert_eq!(e.key, "estimator");
    assert!(
        e.message.contains("bernoulli")
            && e.message.contains("delta, mc, gauss-hermite, unscented"),
        "{e}"
    );
    let e = err("family=mixture&estimator=exact");
    assert_eq!(e.key, "estimator");
    let e = err("family=bernoulli&estimator=gauss-hermite");
    assert_eq!(e.key, "estimator");
    assert!(e.message.contains("delta, exact, mc"), "{e}");
    for init in ["1,0", "0,-1", "3,3", "0.5,-1.2"] {
        let e = err(&format!("family=bernoulli&init={init}"));
        assert_eq!(e.key, "init", "{init}");
        assert!(
            e.message.contains("strictly inside") && e.message.contains("|x|, |y| < 1"),
            "{e}"
        );
    }
    let e = err("family=bernoulli&scale=2&init=2,0");
    assert!(e.message.contains("< 2"), "{e}");
    let e = err("family=full&compare=ste");
    assert_eq!(e.key, "compare");
    assert!(
        scene("family=bernoulli&scale=2&init=1.99,-1.99")
            .setup()
            .is_ok()
    );
}
