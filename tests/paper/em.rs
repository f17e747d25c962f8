//! The paper's §5.2 and §5.3 on a model with latent assignments (docs/maths.md §14): on the
//! one-dimensional two-component mixture, the rule on q(θ)Πₙq(zₙ) with ρ = ρ_z = 1, the full
//! Gaussian and the delta method is EM; with b rows per step and responsibilities under q(θ)
//! it is SVI. Both are checked against textbook loops written here from the rows alone
//! (Bishop §9.2; Hoffman et al. 2013), never through the crate's rule or comparators.

use crate::common::{covs, rel, run, scene, trajectory};
use blr_playground::landscape::data::{self, Dataset, Model};
use blr_playground::landscape::{Landscape, LandscapeKind, Params};
use blr_playground::linalg::{Mat2, Vec2, is_positive_definite};
use blr_playground::rng::{normal, seeded};
use blr_playground::scene::Scene;
use blr_playground::session::{Output, Session};
use std::sync::Arc;

const EM: &str =
    "landscape=mixture1d&family=full&estimator=delta&lr=1&lr_local=1&tau=1&improved=false&cov0=1";

/// The shipped rows.
fn shipped() -> Vec<f64> {
    data::shipped(Model::Mixture1d)
        .rows
        .iter()
        .map(|r| r[0])
        .collect()
}

/// A scene on the given rows.
fn with_rows(q: &str, xs: &[f64]) -> Scene {
    let mut s = scene(q);
    let rows = xs.iter().map(|&x| [x, 0.0, 0.0]).collect();
    s.data = Some(Arc::new(Dataset::from_rows(Model::Mixture1d, "test", rows)));
    s
}

/// r₁ = N(x|m₁,s²)/(N(x|m₁,s²) + N(x|m₂,s²)) with each exponent shifted by the larger one,
/// and the variances v added to the squared distances (SVI; 0 for EM).
fn resp(x: f64, m: [f64; 2], v: [f64; 2], s2: f64) -> f64 {
    let e = [0, 1].map(|k| -((x - m[k]).powi(2) + v[k]) / (2.0 * s2));
    let top = e[0].max(e[1]);
    let (a, b) = ((e[0] - top).exp(), (e[1] - top).exp());
    a / (a + b)
}

/// One textbook EM step with a Gaussian prior of precision δ on the means:
/// μₖ = Σ r_nk xₙ/(Σ r_nk + δσ²); also returns the precisions Σₙ r_nk/σ² + δ.
fn em_step(xs: &[f64], s2: f64, delta: f64, m: [f64; 2]) -> ([f64; 2], [f64; 2]) {
    let (mut rx, mut r) = ([0.0; 2], [0.0; 2]);
    for &x in xs {
        let r1 = resp(x, m, [0.0; 2], s2);
        for (k, rk) in [r1, 1.0 - r1].into_iter().enumerate() {
            rx[k] += rk * x;
            r[k] += rk;
        }
    }
    (
        [0, 1].map(|k| rx[k] / (r[k] + delta * s2)),
        [0, 1].map(|k| r[k] / s2 + delta),
    )
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + b.abs())
}

fn mean(out: &Output, t: usize) -> [f64; 2] {
    out.steps[t].components[0].mean
}

/// Random rows from two Gaussians, with random σ, δ and start.
fn random_case(seed: u64) -> (Vec<f64>, f64, f64, [f64; 2]) {
    let mut rng = seeded(seed);
    let mut u = || normal(&mut rng);
    let n = 20 + (u().abs() * 20.0) as usize;
    let centres = [-1.0 + u(), 1.5 + u()];
    let sigma = 0.3 + 0.5 * u().abs();
    let xs = (0..n).map(|i| centres[i % 2] + sigma * u()).collect();
    let delta = 0.01 + u().abs();
    let init = [2.0 * u(), 2.0 * u()];
    (xs, sigma, delta, init)
}

/// EM: every iterate of the rule's mean equals textbook EM to 1e-12 (relative), the precision
/// is diag(Σₙ r_nk/σ² + δ), and the `em` comparator drawn beside it stays at rounding level.
/// Random data, σ, δ and starts.
#[test]
fn full_gaussian_delta_rho_one_is_em() {
    let mut worst: f64 = 0.0;
    for seed in 1..=12 {
        let (xs, sigma, delta, init) = random_case(seed);
        let q = format!(
            "{EM}&sigma={sigma}&prior={delta}&init={},{}&steps=40",
            init[0], init[1]
        );
        let s = with_rows(&q, &xs);
        let out = run(&s);
        assert_eq!(out.classic_name, Some("em"), "compare=auto draws EM");
        let s2 = sigma * sigma;
        let mut m = init;
        for t in 1..out.steps.len() {
            assert_eq!(out.steps[t].status, "ok", "seed {seed} t={t}");
            let (next, prec) = em_step(&xs, s2, delta, m);
            m = next;
            let got = mean(&out, t);
            for k in 0..2 {
                assert!(
                    close(got[k], m[k], 1e-12),
                    "seed {seed} t={t}: {got:?} vs EM {m:?}"
                );
                worst = worst.max((got[k] - m[k]).abs() / (1.0 + m[k].abs()));
            }
            let c = out.steps[t].components[0].cov;
            assert!(close(c[0][0], 1.0 / prec[0], 1e-12) && close(c[1][1], 1.0 / prec[1], 1e-12));
            assert_eq!(c[0][1], 0.0);
        }
        assert!(
            out.gap.unwrap() < 1e-12,
            "seed {seed}: gap {:e}",
            out.gap.unwrap()
        );
        assert_eq!(
            Session::new(&s).unwrap().reduces_to().map(|r| r.name),
            Some("expectation maximisation (EM)")
        );
    }
    eprintln!("EM: worst relative difference {worst:e}");
}

/// EM with a prior is monotone in the loss it maximises: ℓ̄(mₜ) never rises.
#[test]
fn em_never_raises_the_loss() {
    let out = trajectory(&format!("{EM}&init=2.8,2&steps=40"));
    let l = Landscape::new(LandscapeKind::Mixture1d, &Params::default()).unwrap();
    let losses: Vec<f64> = (0..out.steps.len())
        .map(|t| {
            let m = mean(&out, t);
            l.value(Vec2::new(m[0], m[1]))
        })
        .collect();
    for w in losses.windows(2) {
        assert!(w[1] <= w[0] + 1e-9 * w[0].abs(), "{losses:?}");
    }
}

/// SVI: given the rows each record names, the rule's means and precisions equal the textbook
/// recursion on the natural parameters λₖ = (Sₖmₖ, Sₖ) to 1e-12 (relative):
/// r_nk ∝ exp(−((xₙ − mₖ)² + 1/Sₖ)/(2σ²)), λₖ ← (1 − ρ)λₖ + ρ((0, δ) + (N/b)Σ_{n∈B} r_nk(xₙ/σ², 1/σ²)).
/// With Gauss–Hermite (gh = 2 and 4) and the unscented transform; shipped and random rows.
#[test]
fn minibatch_responsibilities_under_q_is_svi() {
    let mut cases = vec![(shipped(), 0.5, data::MIXTURE1D_DELTA, [2.8, 2.0], 10, 0.3)];
    for seed in 20..24 {
        let (xs, sigma, delta, init) = random_case(seed);
        cases.push((xs, sigma, delta, init, 7, 0.5));
    }
    let mut worst: f64 = 0.0;
    for (i, (xs, sigma, delta, init, b, lr)) in cases.into_iter().enumerate() {
        for est in [
            "estimator=gauss-hermite&gh=2",
            "estimator=gauss-hermite&gh=4",
            "estimator=unscented",
        ] {
            let q = format!(
                "landscape=mixture1d&family=full&{est}&batch={b}&lr={lr}&lr_local=1&tau=1&improved=false&sigma={sigma}&prior={delta}&init={},{}&cov0=0.5&steps=60&seed={}",
                init[0],
                init[1],
                3 + i
            );
            let s = with_rows(&q, &xs);
            let out = run(&s);
            assert_eq!(out.classic_name, Some("svi"));
            let s2 = sigma * sigma;
            let w = xs.len() as f64 / b as f64;
            let (mut m, mut prec) = (init, [2.0; 2]);
            let cv = covs(&out);
            for (t, cov) in cv.iter().enumerate().skip(1) {
                assert_eq!(out.steps[t].status, "ok", "case {i} {est} t={t}");
                let rows = out.steps[t].batch.clone().expect("minibatch rows recorded");
                assert_eq!(rows.len(), b);
                let (mut rx, mut r) = ([0.0; 2], [0.0; 2]);
                for &n in &rows {
                    let r1 = resp(xs[n], m, [1.0 / prec[0], 1.0 / prec[1]], s2);
                    for (k, rk) in [r1, 1.0 - r1].into_iter().enumerate() {
                        rx[k] += rk * xs[n];
                        r[k] += rk;
                    }
                }
                for k in 0..2 {
                    let eta = (1.0 - lr) * prec[k] * m[k] + lr * w * rx[k] / s2;
                    prec[k] = (1.0 - lr) * prec[k] + lr * (delta + w * r[k] / s2);
                    m[k] = eta / prec[k];
                }
                let got = mean(&out, t);
                for k in 0..2 {
                    assert!(
                        close(got[k], m[k], 1e-12) && close(cov[(k, k)], 1.0 / prec[k], 1e-12),
                        "case {i} {est} t={t}: {got:?} {cov} vs SVI {m:?} {prec:?}"
                    );
                    worst = worst.max((got[k] - m[k]).abs() / (1.0 + m[k].abs()));
                }
                assert!(cov[(0, 1)].abs() < 1e-15 * cov[(0, 0)]);
            }
            assert!(
                out.gap.unwrap() < 1e-12,
                "case {i} {est}: gap {:e}",
                out.gap.unwrap()
            );
            assert_eq!(
                Session::new(&s).unwrap().reduces_to().map(|r| r.name),
                Some("stochastic variational inference (SVI)")
            );
        }
    }
    eprintln!("SVI: worst relative difference {worst:e}");
}

/// The local step with ρ_z < 1 mixes the log-odds: ηₙ ← (1 − ρ_z)ηₙ + ρ_z η̂ₙ from η = 0, with
/// η̂ₙ = E_q[log N(xₙ|μ₁,σ²) − log N(xₙ|μ₂,σ²)] = ((xₙ − m₂)² + Σ₂₂ − (xₙ − m₁)² − Σ₁₁)/(2σ²)
/// (Σ = 0 for the delta method). The responsibilities the run hands out, σ(η), are checked at
/// every step, and the θ-step is the M-step on them (ρ = 1, delta).
#[test]
fn local_rate_mixes_the_log_odds() {
    let xs = shipped();
    let s2 = 0.25;
    for (est, variances) in [("delta", false), ("gauss-hermite&gh=3", true)] {
        let q = format!(
            "landscape=mixture1d&family=full&estimator={est}&lr=1&lr_local=0.3&tau=1&improved=false&init=2.8,2&cov0=1&steps=25"
        );
        let mut s = Session::new(&scene(&q)).unwrap();
        let mut eta = vec![0.0; xs.len()];
        assert!(s.reduces_to().is_none(), "ρ_z < 1 is not EM");
        for t in 0..25 {
            let g = &s.q().comps[0];
            let m = g.mean;
            let cov = if variances {
                g.cov().unwrap()
            } else {
                Mat2::zeros()
            };
            for (n, e) in eta.iter_mut().enumerate() {
                let x = xs[n];
                let implied = ((x - m[1]).powi(2) + cov[(1, 1)] - (x - m[0]).powi(2) - cov[(0, 0)])
                    / (2.0 * s2);
                *e = 0.7 * *e + 0.3 * implied;
            }
            let r = s.responsibilities().unwrap();
            for (n, (&got, &e)) in r.iter().zip(&eta).enumerate() {
                let want = 1.0 / (1.0 + (-e).exp());
                assert!(
                    (got - want).abs() < 1e-12,
                    "{est} t={t} n={n}: {got} vs {want}"
                );
            }
            assert!(s.step());
            // The θ-step lands on the minimiser of the complete-data loss under r.
            let (mut rx, mut rs) = ([0.0; 2], [0.0; 2]);
            for (&x, &r1) in xs.iter().zip(&r) {
                for (k, rk) in [r1, 1.0 - r1].into_iter().enumerate() {
                    rx[k] += rk * x;
                    rs[k] += rk;
                }
            }
            let got = s.q().comps[0].mean;
            for k in 0..2 {
                let want = rx[k] / (rs[k] + data::MIXTURE1D_DELTA * s2);
                assert!(close(got[k], want, 1e-12), "{est} t={t}: {got} vs {want}");
            }
        }
    }
}

/// Fisher's identity: with ρ_z = 1 and the delta method the θ-step's gradient at the mean is
/// ℓ̄'s, so the fixed family is gradient descent on the marginal loss (registry row, gap at
/// rounding); with ρ_z < 1 it is not, and the badge says nothing.
#[test]
fn fixed_family_is_gradient_descent_on_the_marginal() {
    let q = "landscape=mixture1d&family=fixed&estimator=delta&lr=0.5&cov0=0.01&init=2.8,2&steps=60";
    let out = trajectory(q);
    assert_eq!(out.classic_name, Some("gd"));
    assert!(out.gap.unwrap() < 1e-12, "gap {:e}", out.gap.unwrap());
    let name = |q: &str| {
        Session::new(&scene(q))
            .unwrap()
            .reduces_to()
            .map(|r| r.name)
    };
    assert_eq!(name(q), Some("gradient descent"));
    assert_eq!(name(&format!("{q}&lr_local=0.5")), None);
    let out = trajectory(&format!("{q}&lr_local=0.5"));
    assert!(out.gap.unwrap() > 1e-6, "ρ_z < 1 leaves gradient descent");
}

/// From a symmetric start every responsibility is exactly ½, so EM puts both means at
/// x̄N/(N + 2δσ²) after one step and stays there, bit for bit, on the saddle: ℓ̄ curves down
/// across the diagonal there. A start 10⁻³ off the diagonal escapes to a mode.
#[test]
fn em_from_a_symmetric_start_stays_on_the_saddle() {
    let xs = shipped();
    let n = xs.len() as f64;
    let fixed = xs.iter().sum::<f64>() / (n + 2.0 * data::MIXTURE1D_DELTA * 0.25);
    let out = trajectory(&format!("{EM}&init=0.5,0.5&steps=100"));
    for t in 1..out.steps.len() {
        let m = mean(&out, t);
        assert_eq!(m[0].to_bits(), m[1].to_bits(), "t={t}");
        assert!(close(m[0], fixed, 1e-13), "t={t}: {m:?} vs {fixed}");
    }
    let l = Landscape::new(LandscapeKind::Mixture1d, &Params::default()).unwrap();
    let e = l.eval(Vec2::new(fixed, fixed));
    assert!(e.grad.norm() < 1e-9, "stationary: {}", e.grad);
    assert!(!is_positive_definite(&e.hess), "a saddle: {}", e.hess);
    let away = trajectory(&format!("{EM}&init=0.5,0.501&steps=100"));
    let last = Vec2::from(mean(&away, 100));
    let modes = l.minima();
    assert!(
        modes.iter().any(|m| rel(last, m.at) < 1e-6),
        "{last} vs {modes:?}"
    );
}

/// The landscape: the marginal loss and the complete-data loss against their closed forms,
/// written here, at random points; their gradients against central differences.
#[test]
fn mixture_losses_match_their_closed_forms() {
    let xs = shipped();
    let (s2, delta) = (0.25f64, data::MIXTURE1D_DELTA);
    let c = 2f64.ln() + 0.5 * (2.0 * std::f64::consts::PI * s2).ln();
    let l = Landscape::new(LandscapeKind::Mixture1d, &Params::default()).unwrap();
    let mut rng = seeded(11);
    let r: Vec<f64> = xs
        .iter()
        .map(|_| 1.0 / (1.0 + normal(&mut rng).exp()))
        .collect();
    let lr = l.with_responsibilities(r.clone().into()).unwrap();
    for _ in 0..50 {
        let p = Vec2::new(2.0 * normal(&mut rng), 2.0 * normal(&mut rng));
        let marginal: f64 = xs
            .iter()
            .map(|&x| {
                let n = |mu: f64| {
                    (-(x - mu).powi(2) / (2.0 * s2)).exp()
                        / (2.0 * std::f64::consts::PI * s2).sqrt()
                };
                -(0.5 * n(p[0]) + 0.5 * n(p[1])).ln()
            })
            .sum::<f64>()
            + 0.5 * delta * p.norm_squared();
        assert!(
            close(l.value(p), marginal, 1e-12),
            "{p}: {} vs {marginal}",
            l.value(p)
        );
        let complete: f64 = xs
            .iter()
            .zip(&r)
            .map(|(&x, &r1)| {
                r1 * (x - p[0]).powi(2) / (2.0 * s2)
                    + (1.0 - r1) * (x - p[1]).powi(2) / (2.0 * s2)
                    + c
            })
            .sum::<f64>()
            + 0.5 * delta * p.norm_squared();
        assert!(close(lr.value(p), complete, 1e-12), "{p}");
        for land in [&l, &lr] {
            let e = land.eval(p);
            for i in 0..2 {
                let mut d = Vec2::zeros();
                d[i] = 1e-5;
                let fd = (land.value(p + d) - land.value(p - d)) / 2e-5;
                assert!(
                    close(e.grad[i], fd, 1e-6),
                    "{p} ∂{i}: {} vs {fd}",
                    e.grad[i]
                );
            }
        }
    }
    // Other landscapes take no responsibilities, and the count must match the rows.
    assert!(l.with_responsibilities(vec![0.5; 3].into()).is_none());
    let ridge = Landscape::new(LandscapeKind::Ridge, &Params::default()).unwrap();
    assert!(ridge.with_responsibilities(vec![0.5; 20].into()).is_none());
}

/// A malformed `x` file names the file, line and column.
#[test]
fn bad_mixture_files_name_file_line_and_column() {
    let e = |t: &str| {
        Dataset::parse(Model::Mixture1d, "m.csv", t)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        e("y\n1\n"),
        "m.csv: line 1, column 1: unknown column 'y'; mixture1d data need the header x"
    );
    assert_eq!(
        e("x\n1\noops\n"),
        "m.csv: line 3, column x: 'oops' is not a finite number"
    );
    assert_eq!(
        e("x\n1,2\n"),
        "m.csv: line 2, column 2: 2 cells; the header has 1"
    );
    assert_eq!(e("x\n"), "m.csv: no data rows");
    assert_eq!(
        e("# c\nx\n0.5\nnan\n"),
        "m.csv: line 4, column x: 'nan' is not a finite number"
    );
    let d = Dataset::parse(Model::Mixture1d, "m.csv", "x\n0.5\n-2\n").unwrap();
    assert_eq!(d.rows, vec![[0.5, 0.0, 0.0], [-2.0, 0.0, 0.0]]);
    // Rows of another model do not fit the landscape.
    let mut s = scene("landscape=mixture1d");
    s.data = Some(data::shipped(Model::Ridge).clone());
    assert_eq!(s.check().unwrap_err().key, "data");
    // EM and SVI need the mixture.
    assert_eq!(
        scene("landscape=ridge&compare=em").check().unwrap_err().key,
        "compare"
    );
}
