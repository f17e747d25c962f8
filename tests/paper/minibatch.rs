//! The paper's §4.1, §4.2 and §4.4 on data landscapes (docs/maths.md §10): with b rows per
//! step and the loss scaled by N/b, the fixed-covariance Gaussian with the delta method is
//! minibatch SGD; the diagonal Gaussian with per-row square gradients is OGN (delta) and VOGN
//! (Monte Carlo draws). Each is checked against the textbook loop written here from the rows
//! themselves, given the rows each step record names and, for VOGN, the rule's own draws.

use crate::common::{covs, rel, scene, trajectory};
use blr_playground::landscape::data;
use blr_playground::linalg::Vec2;
use blr_playground::session::{Output, Session};

/// A data model written out independently: rows (x, label or y), prior precision δ, and for
/// ridge the noise sd σ.
struct Model {
    logistic: bool,
    rows: Vec<([f64; 2], f64)>,
    delta: f64,
    sigma: f64,
}

fn logistic() -> Model {
    Model {
        logistic: true,
        rows: data::logistic().to_vec(),
        delta: 0.01,
        sigma: 0.0,
    }
}

fn ridge() -> Model {
    let r = data::ridge();
    Model {
        logistic: false,
        rows: r.x.iter().copied().zip(r.y.iter().copied()).collect(),
        delta: 1.0,
        sigma: 0.5,
    }
}

impl Model {
    /// ∇ℓₙ(θ): logistic −yₙ σ(−yₙθᵀxₙ) xₙ, with σ(z) = 1/(1 + e^(−z)); ridge (θᵀxₙ − yₙ)xₙ/σ².
    fn row_grad(&self, n: usize, th: Vec2) -> Vec2 {
        let (x, t) = self.rows[n];
        let x = Vec2::new(x[0], x[1]);
        if self.logistic {
            let z = -t * th.dot(&x);
            x * (-t / (1.0 + (-z).exp()))
        } else {
            x * ((th.dot(&x) - t) / (self.sigma * self.sigma))
        }
    }

    /// (N/b) Σ_{n∈B} ∇ℓₙ(θ) + δθ and (N/b) Σ_{n∈B} ∇ℓₙ(θ) ⊙ ∇ℓₙ(θ) + δ (B = every row when
    /// `rows` is None).
    fn grad_and_squares(&self, rows: Option<&[usize]>, th: Vec2) -> (Vec2, Vec2) {
        let all: Vec<usize> = (0..self.rows.len()).collect();
        let b = rows.unwrap_or(&all);
        let w = self.rows.len() as f64 / b.len() as f64;
        let (mut g, mut h) = (Vec2::zeros(), Vec2::zeros());
        for &n in b {
            let gn = self.row_grad(n, th);
            g += gn;
            h += gn.component_mul(&gn);
        }
        (g * w + th * self.delta, h * w + Vec2::repeat(self.delta))
    }
}

/// The rows record t names (the step t − 1 → t).
fn rows_of(out: &Output, t: usize) -> Option<Vec<usize>> {
    out.steps[t].batch.clone()
}

fn mean(out: &Output, t: usize) -> Vec2 {
    let m = out.steps[t].components[0].mean;
    Vec2::new(m[0], m[1])
}

/// SGD: θ ← θ − ρ·cov0·((N/b)Σ_{n∈B_t}∇ℓₙ(θ) + δθ) on the recorded rows, the whole path, 1e-12
/// relative; the `sgd` comparator takes the same path. Measured: rule ≤ 3.6e-16, comparator
/// ≤ 2.2e-16.
#[test]
fn fixed_gaussian_on_minibatches_is_sgd() {
    for (model, q, lr, cov0) in [
        (logistic(), "landscape=logistic&batch=5&seed=3", 0.05, 0.01),
        (ridge(), "landscape=ridge&batch=3&init=1,1", 0.05, 0.01),
        (
            logistic(),
            "landscape=logistic&batch=1&init=1,-1",
            0.01,
            0.01,
        ),
    ] {
        let q = format!("{q}&family=fixed&estimator=delta&lr={lr}&cov0={cov0}&steps=150");
        let out = trajectory(&q);
        assert_eq!(out.classic_name, Some("sgd"), "{q}");
        let classic = out.classic.as_ref().unwrap();
        let mut th = mean(&out, 0);
        assert_eq!(classic.len(), out.steps.len(), "{q}");
        for (t, c) in classic.iter().enumerate() {
            assert_eq!(out.steps[t].status, "ok", "{q}");
            let e = rel(mean(&out, t), th);
            assert!(e <= 1e-12, "{q} t={t}: {e:e}");
            let c = rel(Vec2::new(c[0], c[1]), th);
            assert!(c <= 1e-12, "{q} t={t}: comparator {c:e}");
            if t + 1 < out.steps.len() {
                let rows = rows_of(&out, t + 1).expect("every step after 0 names its rows");
                let (g, _) = model.grad_and_squares(Some(&rows), th);
                th -= g * (lr * cov0);
            }
        }
    }
}

/// OGN with per-row squares, with and without minibatches: s ← (1 − ρ)s + ρĥ, m ← m − ρĝ/s,
/// ĥ = (N/b)Σ_{n∈B}∇ℓₙ⊙∇ℓₙ + δ (not the square of the sum), from s₀ = 1/cov0; the whole path,
/// 1e-12 relative, and the `ogn` comparator with it. Measured: means ≤ 4.8e-16, precisions
/// ≤ 1.1e-15, comparator ≤ 4.8e-16.
#[test]
fn diagonal_per_row_square_gradient_is_ogn() {
    for (model, q) in [
        (logistic(), "landscape=logistic&batch=10"),
        (logistic(), "landscape=logistic"),
        (ridge(), "landscape=ridge&batch=4"),
    ] {
        let (lr, cov0) = (0.1, 0.1);
        let q = format!(
            "{q}&family=diagonal&estimator=delta&hessian=square-gradient&tau=1&improved=false&lr={lr}&cov0={cov0}&steps=100"
        );
        let out = trajectory(&q);
        assert_eq!(out.classic_name, Some("ogn"), "{q}");
        let classic = out.classic.as_ref().unwrap();
        let cov = covs(&out);
        let (mut m, mut s) = (mean(&out, 0), Vec2::repeat(1.0 / cov0));
        assert_eq!(classic.len(), out.steps.len(), "{q}");
        #[allow(clippy::needless_range_loop)]
        // t indexes the record, its covariance and the comparator
        for t in 0..out.steps.len() {
            let e = rel(mean(&out, t), m);
            let es = rel(Vec2::new(1.0 / cov[t][(0, 0)], 1.0 / cov[t][(1, 1)]), s);
            assert!(e <= 1e-12 && es <= 1e-12, "{q} t={t}: {e:e} {es:e}");
            let c = rel(Vec2::new(classic[t][0], classic[t][1]), m);
            assert!(c <= 1e-12, "{q} t={t}: comparator {c:e}");
            if t + 1 < out.steps.len() {
                let rows = rows_of(&out, t + 1);
                let (g, h) = model.grad_and_squares(rows.as_deref(), m);
                s = s * (1.0 - lr) + h * lr;
                m -= g.component_div(&s) * lr;
            }
        }
    }
}

/// VOGN: the same with ĝ and ĥ averaged over the rule's Monte Carlo draws θᵢ (read from the
/// run before each step) on the step's rows. Step by step from the rule's (m_t, s_t), 1e-12
/// relative; the `vogn` comparator, which redraws θᵢ = m + εᵢ/√v from the same εᵢ at its own
/// state, stays within 1e-12 of the rule for the whole path. Measured: means ≤ 1.2e-16,
/// precisions ≤ 1.9e-16, comparator gap 0 (bit for bit).
#[test]
fn diagonal_per_row_square_gradient_under_draws_is_vogn() {
    for (model, q) in [
        (logistic(), "landscape=logistic&batch=8&samples=4"),
        (logistic(), "landscape=logistic&samples=3"),
        (ridge(), "landscape=ridge&batch=5&samples=2&seed=7"),
    ] {
        let lr = 0.1;
        let q = format!(
            "{q}&family=diagonal&estimator=mc&hessian=square-gradient&tau=1&improved=false&lr={lr}&cov0=0.1&steps=80"
        );
        let mut s = Session::new(&scene(&q)).unwrap();
        assert_eq!(s.classic_kind().map(|c| c.name()), Some("vogn"));
        for t in 0..80 {
            let g0 = s.q().comps[0];
            let (m, sd) = (g0.mean, Vec2::new(g0.prec[(0, 0)], g0.prec[(1, 1)]));
            let (xs, ys) = s.points();
            let pts: Vec<Vec2> = xs.iter().zip(ys).map(|(&x, &y)| Vec2::new(x, y)).collect();
            assert!(s.step(), "{q} t={t}");
            let rec = s.record();
            let rows = rec.batch.clone();
            let w = 1.0 / pts.len() as f64;
            let (mut g, mut h) = (Vec2::zeros(), Vec2::zeros());
            for p in &pts {
                let (gi, hi) = model.grad_and_squares(rows.as_deref(), *p);
                g += gi * w;
                h += hi * w;
            }
            let s_next = sd * (1.0 - lr) + h * lr;
            let m_next = m - g.component_div(&s_next) * lr;
            let got = s.q().comps[0];
            let e = rel(got.mean, m_next);
            let es = rel(Vec2::new(got.prec[(0, 0)], got.prec[(1, 1)]), s_next);
            assert!(e <= 1e-12 && es <= 1e-12, "{q} t={t}: {e:e} {es:e}");
            let gap = s.gap().unwrap();
            assert!(
                gap <= 1e-12 * got.mean.amax().max(1.0),
                "{q} t={t}: gap {gap:e}"
            );
        }
    }
}
