//! The paper's §4.3 (docs/maths.md §12): per weight the spike-and-slab candidate
//! p·N(mᵢ, σ²) + (1−p)·N(0, σ²), σ² → 0, with the delta method per component and the
//! responsibilities fixed at p, makes the rule's mean step a gradient step on the dropout
//! objective D(m) = E_z[ℓ̄(z ⊙ m)], zᵢ ~ Bern(p). Summed over the four masks it is gradient
//! descent on D (so it stops where ∇D = 0, not where ∇ℓ̄ = 0); with masks drawn at random it is
//! textbook dropout SGD. Every oracle here is written from the formula, with the landscape's
//! value and gradient only, never through the crate's rule, estimator or comparators.

use crate::common::{landscape_of, means, rel, scene, trajectory};
use blr_playground::landscape::{Landscape, data};
use blr_playground::linalg::{Mat2, Vec2, solve};
use blr_playground::session::Session;

/// ∇D(m) = p²∇ℓ̄(m₁, m₂) + p(1−p)[(∂₁ℓ̄(m₁, 0), 0) + (0, ∂₂ℓ̄(0, m₂))], the gradient of
/// D(m) = p²ℓ̄(m₁, m₂) + p(1−p)[ℓ̄(m₁, 0) + ℓ̄(0, m₂)] + (1−p)²ℓ̄(0, 0) written out term by term.
fn grad_d(l: &Landscape, p: f64, m: Vec2) -> Vec2 {
    let full = l.eval(m).grad;
    let first = l.eval(Vec2::new(m[0], 0.0)).grad[0];
    let second = l.eval(Vec2::new(0.0, m[1])).grad[1];
    full * (p * p) + Vec2::new(first, second) * (p * (1.0 - p))
}

/// D(m) written out term by term.
fn value_d(l: &Landscape, p: f64, m: Vec2) -> f64 {
    let r = 1.0 - p;
    p * p * l.value(m)
        + p * r * (l.value(Vec2::new(m[0], 0.0)) + l.value(Vec2::new(0.0, m[1])))
        + r * r * l.value(Vec2::zeros())
}

/// Gradient descent on D from `init`, `steps` steps of size α: m ← m − α∇D(m).
fn descend_d(l: &Landscape, p: f64, alpha: f64, init: Vec2, steps: usize) -> Vec<Vec2> {
    let mut m = init;
    let mut path = vec![m];
    for _ in 0..steps {
        m -= grad_d(l, p, m) * alpha;
        path.push(m);
    }
    path
}

/// Exact masks: every iterate equals gradient descent on D written out by hand, to 1e-12
/// relative, on four landscapes and several keep probabilities; the recorded objective is D.
#[test]
fn exact_masks_are_gradient_descent_on_the_dropout_objective() {
    let cases = [
        ("landscape=rosenbrock", 0.7, 0.1, 0.01, [-1.0, 1.0]),
        ("landscape=himmelblau", 0.5, 0.1, 0.1, [1.0, 1.0]),
        ("landscape=himmelblau", 0.9, 0.2, 0.05, [-2.0, 3.0]),
        ("landscape=logistic", 0.8, 0.1, 0.01, [0.0, 0.0]),
        ("landscape=ridge", 0.3, 0.1, 0.01, [1.5, -1.0]),
    ];
    let mut worst: f64 = 0.0;
    for (land, p, lr, cov0, [x, y]) in cases {
        let q = format!(
            "{land}&family=dropout&estimator=exact&keep={p}&lr={lr}&cov0={cov0}&init={x},{y}&steps=150"
        );
        let l = landscape_of(&q);
        let got = means(&q);
        let want = descend_d(&l, p, lr * cov0, Vec2::new(x, y), 150);
        for (t, (a, b)) in got.iter().zip(&want).enumerate() {
            let e = rel(*a, *b);
            worst = worst.max(e);
            assert!(e < 1e-12, "{q} t={t}: {a:?} vs {b:?} ({e:e})");
        }
        let out = trajectory(&q);
        for (st, m) in out.steps.iter().zip(&want) {
            let (o, d) = (st.objective.unwrap(), value_d(&l, p, *m));
            assert!(
                (o - d).abs() <= 1e-12 * d.abs().max(1.0),
                "{q}: L = {o} vs D = {d}"
            );
            assert!(st.masks.is_none(), "exact masks record none");
        }
        // The comparator (dropout SGD on the four weighted masks) takes the same path.
        assert_eq!(out.classic_name, Some("dropout-sgd"));
        assert!(out.gap.unwrap() <= 1e-12, "{q}: gap {:e}", out.gap.unwrap());
    }
    eprintln!("exact masks vs gradient descent on D: worst relative error {worst:e}");
}

/// Keep probability 1 is no dropout: the rule is gradient descent on ℓ̄, to the last bit of
/// the fixed family's delta path.
#[test]
fn keeping_every_weight_is_plain_gradient_descent() {
    let tail = "lr=0.1&cov0=0.01&init=-1,1&steps=100";
    let dropout = means(&format!(
        "landscape=rosenbrock&family=dropout&estimator=exact&keep=1&{tail}"
    ));
    let fixed = means(&format!(
        "landscape=rosenbrock&family=fixed&estimator=delta&{tail}"
    ));
    assert_eq!(dropout, fixed);
}

/// Exact masks end where ∇D = 0 and ∇ℓ̄ ≠ 0: on ridge regression at the closed form
/// m* = p·(A ⊙ P)⁻¹b (P = [[p, p²], [p², p]], ℓ̄ = ½θᵀAθ − bᵀθ + c: dropout is an adaptive ridge
/// penalty), and on Himmelblau and logistic regression at a stationary point of D that is not
/// one of ℓ̄.
#[test]
fn exact_masks_stop_where_the_dropout_gradient_vanishes_not_the_loss_gradient() {
    // Ridge: A = XᵀX/σ² + δI, b = Xᵀy/σ² from the shipped rows.
    let r = data::ridge();
    let (mut a, mut b) = (Mat2::identity() * r.delta, Vec2::zeros());
    for (x, y) in r.x.iter().zip(&r.y) {
        let x = Vec2::new(x[0], x[1]);
        a += x * x.transpose() / (r.sigma * r.sigma);
        b += x * (y / (r.sigma * r.sigma));
    }
    let p = 0.6;
    let pp = Mat2::new(p, p * p, p * p, p);
    let closed = solve(&a.component_mul(&pp), &(b * p)).unwrap();
    let q = format!(
        "landscape=ridge&family=dropout&estimator=exact&keep={p}&lr=0.5&cov0=0.005&init=0,0&steps=3000"
    );
    let end = *means(&q).last().unwrap();
    assert!(rel(end, closed) < 1e-10, "ridge: {end:?} vs {closed:?}");
    let map = solve(&a, &b).unwrap();
    assert!(
        (end - map).norm() > 0.1,
        "the dropout minimum {end:?} is not the MAP {map:?}"
    );

    for (land, p, lr, cov0, init, steps) in [
        ("landscape=himmelblau", 0.7, 0.5, 0.02, "1,1", 3000),
        ("landscape=logistic", 0.8, 0.5, 0.02, "0,0", 6000),
    ] {
        let q = format!(
            "{land}&family=dropout&estimator=exact&keep={p}&lr={lr}&cov0={cov0}&init={init}&steps={steps}"
        );
        let l = landscape_of(&q);
        let end = *means(&q).last().unwrap();
        let gd = grad_d(&l, p, end).norm();
        let gl = l.eval(end).grad.norm();
        eprintln!("{land}: ends at {end:?}, |∇D| = {gd:e}, |∇ℓ̄| = {gl:e}");
        assert!(gd < 1e-8, "{land}: |∇D| = {gd:e} at {end:?}");
        assert!(gl > 0.1, "{land}: |∇ℓ̄| = {gl:e}: not a minimum of the loss");
    }
}

/// Monte Carlo masks: every iterate equals textbook dropout SGD, θ ← θ − α(1/S)Σₛ zₛ ⊙ ∇ℓ̄(zₛ ⊙ θ),
/// given the masks each record names, to 1e-12 relative; the masks are S per step, none at t = 0,
/// and kept with frequency p (within four standard errors).
#[test]
fn monte_carlo_masks_are_textbook_dropout_sgd() {
    let mut worst: f64 = 0.0;
    for (land, p, samples, lr, cov0, init) in [
        ("landscape=himmelblau", 0.6, 1, 0.1, 0.1, [1.0, 1.0]),
        ("landscape=rosenbrock", 0.8, 3, 0.1, 0.01, [-1.0, 1.0]),
        ("landscape=logistic", 0.5, 4, 0.1, 0.01, [0.0, 0.0]),
    ] {
        let q = format!(
            "{land}&family=dropout&estimator=mc&samples={samples}&keep={p}&lr={lr}&cov0={cov0}&init={},{}&steps=300",
            init[0], init[1]
        );
        let l = landscape_of(&q);
        let out = trajectory(&q);
        assert!(out.steps[0].masks.is_none(), "t = 0 has no masks");
        let mut theta = Vec2::new(init[0], init[1]);
        let (mut kept, mut drawn) = (0usize, 0usize);
        for st in &out.steps[1..] {
            assert_eq!(st.status, "ok");
            let masks = st.masks.as_ref().expect("every step records its masks");
            assert_eq!(masks.len(), samples);
            let mut g = Vec2::zeros();
            for z in masks {
                let z = Vec2::new(f64::from(z[0]), f64::from(z[1]));
                let at = Vec2::new(z[0] * theta[0], z[1] * theta[1]);
                let gz = l.eval(at).grad;
                g += Vec2::new(z[0] * gz[0], z[1] * gz[1]);
                kept += z.iter().filter(|&&v| v == 1.0).count();
                drawn += 2;
            }
            theta -= g * (lr * cov0 / samples as f64);
            let m = Vec2::new(st.components[0].mean[0], st.components[0].mean[1]);
            let e = rel(m, theta);
            worst = worst.max(e);
            assert!(e < 1e-12, "{q} t={}: {m:?} vs {theta:?}", st.t);
        }
        let freq = kept as f64 / drawn as f64;
        let se = (p * (1.0 - p) / drawn as f64).sqrt();
        assert!(
            (freq - p).abs() < 4.0 * se,
            "{q}: kept {freq} of the weights, p = {p}"
        );
        assert_eq!(out.classic_name, Some("dropout-sgd"));
        assert!(out.gap.unwrap() <= 1e-12, "{q}: gap {:e}", out.gap.unwrap());
    }
    eprintln!("mc masks vs textbook dropout SGD: worst relative error {worst:e}");
}

/// The same scene and seed draw the same masks; another seed draws others.
#[test]
fn masks_come_from_the_seeded_generator() {
    let q = "landscape=himmelblau&family=dropout&estimator=mc&samples=2&keep=0.5&steps=40";
    let masks = |q: &str| -> Vec<Option<Vec<[u8; 2]>>> {
        trajectory(q).steps.into_iter().map(|s| s.masks).collect()
    };
    assert_eq!(masks(q), masks(q));
    assert_ne!(masks(q), masks(&format!("{q}&seed=2")));
}

/// `exact` is refused for the Gaussian families, and the dropout family accepts only its
/// masks' estimators; each error names the key and the accepted values.
#[test]
fn estimators_outside_their_family_are_refused() {
    for family in ["fixed", "diagonal", "full", "mixture"] {
        let e = Session::new(&scene(&format!("family={family}&estimator=exact"))).unwrap_err();
        assert_eq!(e.key, "estimator");
        assert!(
            e.message.contains(&format!(
                "accepted with family={family}: delta, mc, gauss-hermite, unscented"
            )),
            "{e}"
        );
    }
    for est in ["delta", "gauss-hermite", "unscented"] {
        let e = Session::new(&scene(&format!("family=dropout&estimator={est}"))).unwrap_err();
        assert_eq!(e.key, "estimator");
        assert!(
            e.message
                .ends_with("accepted with family=dropout: exact, mc"),
            "{e}"
        );
    }
}
