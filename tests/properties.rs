//! Property tests: random scenes (every family × landscape × estimator × Hessian choice, with
//! minibatches, prior precisions, noise levels and the assignments' rate on the data landscapes,
//! ρ from 1e-4 to 1, τ from 1e-3 to 10, random starts; Bernoulli weights of any scale and
//! relaxation temperature) never panic, and every recorded step is finite or the run reports
//! that it diverged.

use blr_playground::landscape::{Landscape, LandscapeKind};
use blr_playground::scene::Scene;
use blr_playground::session::Session;
use proptest::prelude::*;

const FAMILIES: [&str; 6] = [
    "fixed",
    "diagonal",
    "full",
    "mixture",
    "bernoulli",
    "dropout",
];
const ESTIMATORS: [&str; 5] = ["delta", "mc", "gauss-hermite", "unscented", "exact"];

/// A Bernoulli scene's keys: the scale a, the relaxation ϑ, and a start strictly inside the
/// square from the same unit draws (u, v) the other families map onto the domain.
fn bernoulli_keys(s: &mut Scene, log_scale: f64, log_relax: f64, u: f64, v: f64) {
    s.scale = 10f64.powf(log_scale);
    s.relax = 10f64.powf(log_relax);
    s.init = [
        (2.0 * u - 1.0) * s.scale * 0.999,
        (2.0 * v - 1.0) * s.scale * 0.999,
    ];
}

/// Whether a refusal names the key that refused the family/estimator pair: `exact` outside
/// the Bernoulli and dropout families, a Gaussian quadrature for Bernoulli weights, anything
/// but the masks' estimators (exact, mc) for dropout.
fn estimator_refused(s: &Scene, key: &str) -> bool {
    let est = s.estimator.name();
    let foreign = match s.family.name() {
        "bernoulli" => matches!(est, "gauss-hermite" | "unscented"),
        "dropout" => !matches!(est, "exact" | "mc"),
        _ => est == "exact",
    };
    key == "estimator" && foreign
}

/// Tracking carries one Gaussian from step to step: the other families are refused, naming
/// `family`.
fn online_refused(s: &Scene, key: &str) -> bool {
    s.landscape == LandscapeKind::Tracking
        && key == "family"
        && !matches!(s.family.name(), "full" | "diagonal" | "fixed")
}
const HESSIANS: [&str; 4] = ["exact", "gauss-newton", "stein", "square-gradient"];

/// Cases per property: the CI default, or `BLR_SOAK_CASES` (scripts/soak.sh runs 10⁵).
fn cases(ci: u32) -> u32 {
    std::env::var("BLR_SOAK_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(ci)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(400), ..ProptestConfig::default() })]

    #[test]
    fn random_scenes_never_panic_and_never_hide_nan(
        land in 0..LandscapeKind::ALL.len(),
        fam in 0..FAMILIES.len(),
        est in 0..ESTIMATORS.len(),
        hes in 0..4usize,
        k in 1..6usize,
        log_scale in -1.0..1.0f64,
        log_relax in -10.0..1.0f64,
        keep in 0.01..1.0f64,
        log_lr in -4.0..0.0f64,
        log_tau in -3.0..1.0f64,
        log_cov in -3.0..1.0f64,
        u in 0.0..1.0f64,
        v in 0.0..1.0f64,
        improved in proptest::option::of(any::<bool>()),
        seed in 0..1000u64,
        batch in 0..25usize,
        log_prior in proptest::option::of(-6.0..6.0f64),
        log_sigma in -3.0..3.0f64,
        log_local in -3.0..0.0f64,
    ) {
        let mut s = Scene::from_query(&format!(
            "family={}&estimator={}&hessian={}&k={k}&samples=6&gh=3&steps=25&seed={seed}",
            FAMILIES[fam], ESTIMATORS[est], HESSIANS[hes]
        )).unwrap();
        s.landscape = LandscapeKind::ALL[land];
        s.lr = 10f64.powf(log_lr);
        s.tau = 10f64.powf(log_tau);
        s.cov0 = 10f64.powf(log_cov);
        s.improved = improved;
        s.keep = keep;
        // Data keys (batch is refused, naming the key, on landscapes without rows).
        // Tracking consumes one row per step: no minibatches there.
        s.batch = if s.landscape.model().is_some() && s.landscape != LandscapeKind::Tracking { batch } else { 0 };
        s.prior = log_prior.map(|p| 10f64.powf(p));
        s.sigma = 10f64.powf(log_sigma);
        s.lr_local = 10f64.powf(log_local);
        let d = Landscape::new(s.landscape, &s.params()).unwrap().domain();
        s.init = [d.x[0] + u * (d.x[1] - d.x[0]), d.y[0] + v * (d.y[1] - d.y[0])];
        if s.family.name() == "bernoulli" {
            bernoulli_keys(&mut s, log_scale, log_relax, u, v);
        }
        // Some combinations are refused up front (with a key named); that is fine.
        if let Ok(out) = Session::trajectory(&s) {
            prop_assert!(!out.steps.is_empty());
            for st in &out.steps {
                if st.status == "ok" {
                    prop_assert!(st.objective.is_none_or(f64::is_finite));
                    for c in &st.components {
                        prop_assert!(c.weight.is_finite() && c.weight >= 0.0);
                        prop_assert!(c.mean.iter().chain(c.cov.iter().flatten()).all(|x| x.is_finite()));
                    }
                } else {
                    prop_assert!(st.status.starts_with("diverged: "), "{}", st.status);
                    prop_assert!(std::ptr::eq(st, out.steps.last().unwrap()), "a diverged run must stop");
                }
            }
            // serialisation of a trajectory must also work (no NaN reaches JSON)
            let json = serde_json::to_string(&out).unwrap();
            prop_assert!(!json.contains("NaN") && !json.contains("null,\"components\":[]"));
        }
    }

    #[test]
    fn lenient_scene_parsing_never_panics(q in "[a-z_=&%0-9.,<>\"'()+ -]{0,120}") {
        let (s, _) = Scene::from_query_lenient(&q);
        prop_assert!(s.check().is_ok());
        prop_assert_eq!(Scene::from_query(&s.to_query()).unwrap(), s);
    }
}

const LONG_ESTIMATORS: [&str; 5] = ["delta", "mc", "gauss-hermite", "unscented", "exact"];

proptest! {
    // 2,000 random scenes of up to 500 steps: every family, estimator, Hessian stand-in and
    // landscape, ρ up to its maximum 1, τ over its whole range 1e-4…100, the improved rule
    // on, off or auto. Every record of an "ok" step is finite; a run that stops gives a reason
    // that names no NaN or infinity and never advises a rule that is already on; a scene
    // refused up front names a key (`tau` when lr·tau > 1).
    #![proptest_config(ProptestConfig { cases: cases(2000), ..ProptestConfig::default() })]

    #[test]
    fn long_random_runs_are_finite_or_stop_with_an_honest_reason(
        land in 0..LandscapeKind::ALL.len(),
        fam in 0..FAMILIES.len(),
        est in 0..LONG_ESTIMATORS.len(),
        hes in 0..4usize,
        k in 1..9usize,
        log_scale in -1.0..1.0f64,
        log_relax in -10.0..1.0f64,
        keep in proptest::option::of(0.01..=1.0f64),
        samples in 1..65usize,
        gh in 1..6usize,
        log_lr in -4.0..0.0f64,
        log_tau in -4.0..2.0f64,
        log_cov in -3.0..2.0f64,
        u in 0.0..1.0f64,
        v in 0.0..1.0f64,
        improved in proptest::option::of(any::<bool>()),
        steps in 1..501usize,
        seed in 0..1000u64,
        log_local in -3.0..0.0f64,
    ) {
        let mut s = Scene::from_query(&format!(
            "family={}&estimator={}&hessian={}&k={k}&samples={samples}&gh={gh}&steps={steps}&seed={seed}",
            FAMILIES[fam], LONG_ESTIMATORS[est], HESSIANS[hes]
        )).unwrap();
        s.landscape = LandscapeKind::ALL[land];
        if s.landscape == LandscapeKind::Tracking {
            // One step per row of the shipped 100.
            s.steps = Some(steps.min(100));
        }
        s.lr = 10f64.powf(log_lr);
        s.tau = 10f64.powf(log_tau).min(100.0);
        s.cov0 = 10f64.powf(log_cov);
        s.improved = improved;
        s.lr_local = 10f64.powf(log_local);
        s.keep = keep.unwrap_or(1.0);
        let d = Landscape::new(s.landscape, &s.params()).unwrap().domain();
        s.init = [d.x[0] + u * (d.x[1] - d.x[0]), d.y[0] + v * (d.y[1] - d.y[0])];
        let bern = s.family.name() == "bernoulli";
        if bern {
            bernoulli_keys(&mut s, log_scale, log_relax, u, v);
        }
        match Session::trajectory(&s) {
            Err(e) => {
                prop_assert!(!e.key.is_empty() && !e.message.contains("NaN"), "{e}");
                // Refused: a Hessian stand-in this landscape or estimator lacks, an estimator
                // the family has no use for, or lr·tau > 1.
                prop_assert!(
                    e.key == "hessian"
                        || estimator_refused(&s, &e.key)
                        || online_refused(&s, &e.key)
                        || (e.key == "tau" && s.lr * s.tau > 1.0 + 1e-12),
                    "{}",
                    e
                );
            }
            Ok(out) => {
                prop_assert!(s.lr * s.tau <= 1.0 + 1e-12, "lr·tau > 1 must be refused");
                let improved_on = s.improved_on(Landscape::new(s.landscape, &s.params()).unwrap().is_convex());
                let last = out.steps.last().unwrap();
                for st in &out.steps {
                    if st.status == "ok" {
                        let o = st.objective;
                        prop_assert!(o.is_some_and(f64::is_finite), "ok step {} without objective", st.t);
                        for c in &st.components {
                            prop_assert!(c.weight.is_finite() && c.weight >= 0.0);
                            prop_assert!(c.mean.iter().chain(c.cov.iter().flatten()).all(|x| x.is_finite()));
                            if bern {
                                // Binary weights: the mean stays in the square, the variances
                                // a² sech²λ may round to 0 for a confident q, λ stays finite.
                                prop_assert!(c.mean.iter().all(|m| m.abs() <= s.scale));
                                prop_assert!(c.cov[0][0] >= 0.0 && c.cov[1][1] >= 0.0 && c.cov[0][1] == 0.0);
                                prop_assert!(c.lambda.is_some_and(|l| l.iter().all(|x| x.is_finite())));
                                continue;
                            }
                            let det = c.cov[0][0] * c.cov[1][1] - c.cov[0][1] * c.cov[1][0];
                            prop_assert!(c.cov[0][0] > 0.0 && c.cov[1][1] > 0.0 && det > 0.0,
                                "ok step {} with a covariance that is not positive definite: {:?}", st.t, c.cov);
                        }
                    } else {
                        prop_assert!(std::ptr::eq(st, last), "a diverged run must stop");
                        let why = &st.status;
                        prop_assert!(why.starts_with("diverged: "), "{}", why);
                        prop_assert!(!why.contains("NaN") && !why.contains("inf"), "{}", why);
                        if improved_on {
                            prop_assert!(!why.contains("turn on the improved rule"), "{}", why);
                        }
                    }
                }
                if last.status == "ok" {
                    prop_assert_eq!(out.steps.len(), s.steps() + 1);
                }
                let json = serde_json::to_string(&out).unwrap();
                prop_assert!(!json.contains("NaN"));
            }
        }
    }
}
