//! The oracles of SPEC §8. Each classical algorithm here is written out independently (plain
//! loops over the landscape's derivatives), never through the crate's rule or comparators.

use blr_playground::estimate::{
    Estimator, EstimatorKind, HessianKind, Target, expectations, seeded,
};
use blr_playground::family::{FamilyKind, Gaussian, Q};
use blr_playground::landscape::{Landscape, LandscapeKind, data};
use blr_playground::linalg::{Mat2, Vec2, is_positive_definite};
use blr_playground::rule::{self, Hyper};
use blr_playground::scene::Scene;
use blr_playground::session::Session;

fn scene(q: &str) -> Scene {
    Scene::from_query(q).unwrap_or_else(|e| panic!("{q}: {e}"))
}

fn means(q: &str) -> Vec<Vec2> {
    let out = Session::trajectory(&scene(q)).unwrap();
    for s in &out.steps {
        assert_eq!(s.status, "ok", "{q} at t={}", s.t);
    }
    out.steps
        .iter()
        .map(|s| Vec2::new(s.components[0].mean[0], s.components[0].mean[1]))
        .collect()
}

fn landscape(s: &Scene) -> Landscape {
    Landscape::new(s.landscape, &s.params()).unwrap()
}

#[test]
fn fixed_covariance_with_delta_is_gradient_descent_to_the_last_bit() {
    let cases = [
        ("quadratic", 0.15, "2.5,2"),
        ("rosenbrock", 0.001, "-1.2,1"),
        ("himmelblau", 0.01, "0.5,-0.5"),
        ("six-hump-camel", 0.05, "1,1"),
        ("styblinski-tang", 0.01, "1,-1"),
        ("branin", 0.01, "0,5"),
        ("logistic", 0.01, "0,0"),
    ];
    for (name, lr, init) in cases {
        let q = format!(
            "landscape={name}&family=fixed&estimator=delta&cov0=1&lr={lr}&init={init}&steps=200"
        );
        let got = means(&q);
        let l = landscape(&scene(&q));
        let mut theta = got[0];
        for (t, m) in got.iter().enumerate() {
            assert_eq!(
                *m, theta,
                "{name}: iterate {t} differs from gradient descent"
            );
            theta -= lr * l.eval(theta).grad;
        }
        assert_eq!(got.len(), 201);
    }
}

#[test]
fn full_gaussian_delta_rho_one_is_newtons_method() {
    for init in ["-1.2,1", "-0.5,0.1", "1.5,2", "2,2", "-1,-1"] {
        let q = format!(
            "landscape=rosenbrock&family=full&estimator=delta&lr=1&tau=1&improved=false&cov0=1&init={init}&steps=30"
        );
        let got = means(&q);
        let l = landscape(&scene(&q));
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

/// Random symmetric positive definite precision from three numbers.
fn spd(a: f64, b: f64, c: f64) -> Mat2 {
    let l = Mat2::new(a.abs() + 0.2, 0.0, b, c.abs() + 0.2);
    l * l.transpose()
}

fn ridge_estimators() -> Vec<Estimator> {
    vec![
        Estimator::new(EstimatorKind::Delta, 1, 3),
        Estimator::new(EstimatorKind::GaussHermite, 1, 2),
        Estimator::new(EstimatorKind::GaussHermite, 1, 3),
        Estimator::new(EstimatorKind::Unscented, 1, 3),
    ]
}

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
        tau: 1.0,
        improved: false,
        cov0: 1.0,
    };
    rule::step(q, &m, &h).unwrap()
}

#[test]
fn ridge_one_step_with_rho_one_lands_on_the_exact_posterior() {
    let (m_star, s_star) = data::ridge_posterior();
    let mut rng = seeded(7);
    for est in ridge_estimators() {
        for _ in 0..20 {
            let r: Vec<f64> = (0..5)
                .map(|_| 4.0 * blr_playground::estimate::normal(&mut rng))
                .collect();
            let q = Q {
                kind: FamilyKind::Full,
                comps: vec![Gaussian {
                    mean: Vec2::new(r[0], r[1]),
                    prec: spd(r[2], r[3], r[4]),
                }],
                eta: vec![0.0],
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

#[test]
fn ridge_natural_parameters_contract_by_one_minus_rho() {
    let (m_star, s_star) = data::ridge_posterior();
    let star = Gaussian {
        mean: m_star,
        prec: s_star,
    }
    .natural();
    for est in ridge_estimators() {
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

const HIMMELBLAU_MINIMA: [(f64, f64); 4] = [
    (3.0, 2.0),
    (-2.805118, 3.131313),
    (-3.779310, -3.283186),
    (3.584428, -1.848127),
];

fn assert_mixture_finds_all_minima(q: &str) {
    let out = Session::trajectory(&scene(q)).unwrap();
    let last = out.steps.last().unwrap();
    assert_eq!(last.status, "ok", "{q}");
    for (x, y) in HIMMELBLAU_MINIMA {
        let best = last
            .components
            .iter()
            .map(|c| ((c.mean[0] - x).powi(2) + (c.mean[1] - y).powi(2)).sqrt())
            .fold(f64::INFINITY, f64::min);
        assert!(
            best < 0.05,
            "{q}: minimum ({x}, {y}) missed by {best}; {:?}",
            last.components
        );
    }
}

#[test]
fn mixture_finds_all_four_himmelblau_minima_with_delta() {
    for k in [4, 6] {
        assert_mixture_finds_all_minima(&format!(
            "landscape=himmelblau&family=mixture&k={k}&estimator=delta&tau=0.1&lr=0.2&lr_weights=0.05&cov0=0.1&steps=300"
        ));
    }
}

#[test]
fn mixture_finds_all_four_himmelblau_minima_with_monte_carlo() {
    for seed in [1, 2, 3] {
        assert_mixture_finds_all_minima(&format!(
            "landscape=himmelblau&family=mixture&k=4&estimator=mc&samples=16&tau=0.1&lr=0.2&lr_weights=0.05&cov0=0.1&steps=300&seed={seed}"
        ));
    }
}

#[test]
fn improved_rule_keeps_every_precision_positive_definite() {
    for kind in LandscapeKind::ALL {
        for family in ["full", "diagonal", "mixture"] {
            for est in ["delta", "mc", "unscented"] {
                for lr in [1e-3, 0.1, 0.5, 1.0] {
                    let mut s = scene(&format!(
                        "family={family}&k=3&estimator={est}&samples=8&lr={lr}&improved=true&steps=60&cov0=0.5"
                    ));
                    s.landscape = kind;
                    let d = landscape(&s).domain();
                    s.init = [0.3 * d.x[0] + 0.7 * d.x[1], 0.6 * d.y[0] + 0.4 * d.y[1]];
                    let out = Session::trajectory(&s).unwrap();
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
    // SPEC §6's example in a run: near Himmelblau's local maximum the Hessian is indefinite.
    let out = Session::trajectory(&scene(
        "landscape=himmelblau&family=full&estimator=delta&lr=0.5&improved=false&init=-0.27,-0.92&cov0=1&steps=50",
    ))
    .unwrap();
    let last = out.steps.last().unwrap();
    assert!(
        last.status.starts_with("diverged: precision"),
        "{}",
        last.status
    );
    assert!(out.steps.len() < 51);
}

#[test]
fn same_scene_and_seed_give_bit_identical_json() {
    for q in [
        "family=mixture&k=5&estimator=mc&samples=12&tau=0.3&steps=80&seed=11",
        "landscape=rastrigin&family=full&estimator=mc&samples=64&cov0=2&steps=80",
        "landscape=logistic&family=diagonal&estimator=gauss-hermite&gh=4&steps=80",
    ] {
        let a = serde_json::to_string(&Session::trajectory(&scene(q)).unwrap()).unwrap();
        let b = serde_json::to_string(&Session::trajectory(&scene(q)).unwrap()).unwrap();
        assert_eq!(a, b, "{q}");
        let c =
            serde_json::to_string(&Session::trajectory(&scene(&format!("{q}&seed=99"))).unwrap())
                .unwrap();
        if q.contains("mc") {
            assert_ne!(a, c, "{q}: the seed must matter for Monte Carlo");
        }
    }
}
