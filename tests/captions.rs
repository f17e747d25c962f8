//! Every sentence the page shows is a claim a student believes: this test runs every preset
//! (assets/presets.json) and every narrated step of the guided tour (assets/tour.json) and
//! asserts each checkable claim of its text (the gap is 0, reaches (1, 1) in 6 steps, the
//! spares fade below 0.001, 64 samples get caught, …).
//!
//! `CHECKS` names one check per preset (`preset:ID`) and per tour step (`tour:CHAPTER:I`);
//! `every_text_has_a_check` fails when a preset or step has none, so new text cannot ship
//! untested. When you change a caption, change its check here to match what it now claims.

use blr_playground::landscape::Landscape;
use blr_playground::linalg::{Mat2, Vec2, inverse};
use blr_playground::page::Page;
use blr_playground::scene::Scene;
use blr_playground::session::{Output, Session};
use blr_playground::{preset, tour};
use std::collections::BTreeSet;

// ----- running scenes ------------------------------------------------------------------------

/// A preset's scene, with `set` (a query string) applied on top.
fn preset(id: &str, set: &str) -> Scene {
    let p = preset::find(id).unwrap_or_else(|| panic!("no preset {id}"));
    let mut s = Scene::from_query(&p.state).unwrap_or_else(|e| panic!("{id}: {e}"));
    s.apply_query(set)
        .unwrap_or_else(|e| panic!("{id} + {set}: {e}"));
    s
}

/// The scene of tour step `i` of chapter `ch`.
fn step(ch: &str, i: usize) -> Scene {
    let c = tour::find(ch).unwrap_or_else(|| panic!("no chapter {ch}"));
    assert!(i < c.steps.len(), "{ch} has no step {i}");
    c.scene(i).unwrap_or_else(|e| panic!("{ch}:{i}: {e}"))
}

fn run(s: &Scene) -> Output {
    Session::trajectory(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

fn with(s: &Scene, set: &str) -> Scene {
    let mut s = s.clone();
    s.apply_query(set).unwrap();
    s
}

fn landscape(s: &Scene) -> Landscape {
    Landscape::new(s.landscape, &s.params()).unwrap()
}

fn mean(o: &Output, t: usize, k: usize) -> Vec2 {
    let m = o.steps[t].components[k].mean;
    Vec2::new(m[0], m[1])
}

fn cov(o: &Output, t: usize, k: usize) -> Mat2 {
    let c = o.steps[t].components[k].cov;
    Mat2::new(c[0][0], c[0][1], c[1][0], c[1][1])
}

fn precision(o: &Output, t: usize) -> Mat2 {
    inverse(&cov(o, t, 0)).expect("a valid covariance")
}

fn classic(o: &Output, t: usize) -> Vec2 {
    let p = o.classic.as_ref().expect("a comparator")[t];
    Vec2::new(p[0], p[1])
}

fn last(o: &Output) -> usize {
    o.steps.len() - 1
}

fn all_ok(o: &Output) {
    for s in &o.steps {
        assert_eq!(s.status, "ok", "t = {}", s.t);
    }
}

fn rel(a: &Mat2, b: &Mat2) -> f64 {
    (a - b).norm() / b.norm()
}

// ----- the claims, shared by a preset and the tour steps that say the same ------------------

/// Gradient descent: one step is m − ρ∇ℓ̄(m), the dashed path takes it too.
fn gd_one_step(s: &Scene) {
    let o = run(s);
    let g = landscape(s).eval(mean(&o, 0, 0)).grad;
    let want = mean(&o, 0, 0) - s.lr * g;
    assert!((mean(&o, 1, 0) - want).norm() <= 1e-15 * want.norm().max(1.0));
    assert_eq!(mean(&o, 1, 0), classic(&o, 1));
}

/// "the gap stays 0 … both end at the minimum (0, 0)".
fn gd_gap_zero(s: &Scene) {
    let o = run(s);
    all_ok(&o);
    assert_eq!(o.gap, Some(0.0));
    assert!(mean(&o, last(&o), 0).norm() < 1e-3);
}

/// "past 0.2 … both zig-zag, swinging further out at every step, and fly off together; the
/// gap is still 0" (and below 0.2 they converge).
fn gd_diverges_past_02(s: &Scene) {
    assert!(s.lr > 0.2);
    let o = run(s);
    assert_eq!(o.gap, Some(0.0));
    let n = last(&o);
    for t in n - 20..n {
        let (a, b) = (
            mean(&o, t, 0) - mean(&o, t - 1, 0),
            mean(&o, t + 1, 0) - mean(&o, t, 0),
        );
        assert!(a.dot(&b) < 0.0, "zig-zag at t = {t}");
        assert!(
            mean(&o, t + 1, 0).norm() > mean(&o, t, 0).norm(),
            "further out at t = {t}"
        );
    }
    assert!(mean(&o, n, 0).norm() > 100.0);
    let below = run(&with(s, "lr=0.19"));
    assert!(mean(&below, last(&below), 0).norm() < 1e-3);
}

/// Newton: S₁ = ∇²ℓ̄(m₀) and m₁ = m₀ − S₁⁻¹∇ℓ̄(m₀).
fn newton_one_step(s: &Scene) {
    let o = run(s);
    let e = landscape(s).eval(mean(&o, 0, 0));
    assert!(rel(&precision(&o, 1), &e.hess) < 1e-9);
    let want = mean(&o, 0, 0) - inverse(&e.hess).unwrap() * e.grad;
    assert!((mean(&o, 1, 0) - want).norm() < 1e-12);
}

/// "(1, 1) in 6 steps (to ten digits) and the gap is 0".
fn newton_six_steps(s: &Scene) {
    let o = run(s);
    all_ok(&o);
    let one = Vec2::new(1.0, 1.0);
    assert!((mean(&o, 6, 0) - one).norm() < 1e-10);
    assert!(
        (mean(&o, 5, 0) - one).norm() > 1e-10,
        "not already at step 5"
    );
    for t in 0..=last(&o) {
        assert_eq!(mean(&o, t, 0), classic(&o, t), "t = {t}");
    }
    assert_eq!(o.gap, Some(0.0));
}

/// "the improved rule … the path leaves Newton's (the gap grows above 1), though it still ends
/// at (1, 1)".
fn newton_improved_leaves(s: &Scene) {
    assert_eq!(s.improved, Some(true));
    let o = run(s);
    all_ok(&o);
    assert!(o.gap.unwrap() > 1.0);
    assert!((mean(&o, last(&o), 0) - Vec2::new(1.0, 1.0)).norm() < 1e-6);
}

/// "S ← 0.7·S + 0.3·∇²ℓ̄(m)".
fn laplace_average(s: &Scene) {
    let o = run(s);
    let h = landscape(s).eval(mean(&o, 0, 0)).hess;
    let want = precision(&o, 0) * (1.0 - s.lr) + h * s.lr;
    assert!((s.lr - 0.3).abs() < 1e-15);
    assert!(rel(&precision(&o, 1), &want) < 1e-9);
}

/// The Laplace fixed point: ∇ℓ̄(m) < 1e-6 and the covariance is ∇²ℓ̄(m)⁻¹.
fn laplace_fixed_point(s: &Scene) {
    let o = run(s);
    all_ok(&o);
    let t = last(&o);
    let e = landscape(s).eval(mean(&o, t, 0));
    assert!(e.grad.norm() < 1e-6, "gradient {}", e.grad.norm());
    assert!(rel(&cov(&o, t, 0), &inverse(&e.hess).unwrap()) < 1e-6);
    // "damped Newton (dashed) … takes the same mean path only at ρ = 1"
    assert!(o.gap.unwrap() > 0.1);
}

/// "ρ = 1 … the mean path is Newton's own (the gap is 0) and ends at the same mode".
fn laplace_rho_one(s: &Scene) {
    assert_eq!(s.lr, 1.0);
    let o = run(s);
    assert!(o.gap.unwrap() <= 1e-12);
    let slow = run(&with(s, "lr=0.3"));
    assert!((mean(&o, last(&o), 0) - mean(&slow, last(&slow), 0)).norm() < 1e-6);
}

/// Variational vs Laplace: the rule converges, Newton stops at the mode, and the gap (max so
/// far) ends at their distance, about 2.7.
fn vi_apart(s: &Scene) {
    let o = run(s);
    all_ok(&o);
    let t = last(&o);
    let moved = (mean(&o, t, 0) - mean(&o, t - 10, 0)).norm();
    assert!(
        moved < 1e-6,
        "converged: moved {moved} over the last 10 steps"
    );
    let mode = classic(&o, t);
    assert!(
        landscape(s).eval(mode).grad.norm() < 1e-6,
        "Newton at the mode"
    );
    let d = (mean(&o, t, 0) - mode).norm();
    assert!((2.6..2.8).contains(&d), "distance {d}");
    assert!((o.gap.unwrap() - d).abs() < 1e-9);
}

/// "Gauss–Hermite quadrature with gh = 5 … averages ∇ℓ̄ and ∇²ℓ̄ over the ellipse instead of
/// reading them at the mean": the first step differs from the delta method's.
fn vi_nodes(s: &Scene) {
    assert_eq!(s.gh, 5);
    let one = |s: &Scene| {
        let mut s = s.clone();
        s.steps = Some(1);
        let o = run(&s);
        mean(&o, 1, 0)
    };
    let delta = with(s, "estimator=delta");
    assert!((one(s) - one(&delta)).norm() > 1e-3);
}

/// The CAVI preset: "the gap stays at rounding level", "the mean reaches the true mean",
/// "the variances settle at 1/Λᵢᵢ, below the true marginal variances (Λ⁻¹)ᵢᵢ".
fn cavi_caption(s: &Scene) {
    let o = run(s);
    all_ok(&o);
    assert_eq!(o.classic_name, Some("cavi"));
    assert!(o.gap.unwrap() < 1e-12, "gap {:e}", o.gap.unwrap());
    let t = last(&o);
    assert!(mean(&o, t, 0).norm() < 1e-8);
    // The quadratic's Λ = R(30°) diag(1, 10) R(30°)ᵀ.
    let (c, sn) = (30f64.to_radians().cos(), 30f64.to_radians().sin());
    let r = Mat2::new(c, -sn, sn, c);
    let lambda = r * Mat2::new(1.0, 0.0, 0.0, 10.0) * r.transpose();
    let truth = inverse(&lambda).unwrap();
    let cov = o.steps[t].components[0].cov;
    for i in 0..2 {
        let want = 1.0 / lambda[(i, i)];
        assert!(
            (cov[i][i] - want).abs() < 1e-12 * want,
            "{cov:?} vs {lambda}"
        );
        assert!(cov[i][i] < truth[(i, i)], "{cov:?} vs {truth}");
    }
    // "Set the schedule to parallel to see the Jacobi iteration instead": another path.
    let p = run(&with(s, "schedule=parallel"));
    assert!((mean(&p, 1, 0) - mean(&o, 1, 0)).norm() > 1e-3);
}

/// Index of the known minimum within `tol` of p.
fn which_minimum(l: &Landscape, p: Vec2, tol: f64) -> Option<usize> {
    l.minima().iter().position(|m| (m.at - p).norm() < tol)
}

/// Four components in four different minima.
fn mixture_four(s: &Scene) {
    let o = run(s);
    all_ok(&o);
    let l = landscape(s);
    let t = last(&o);
    let found: BTreeSet<usize> = (0..4)
        .map(|k| which_minimum(&l, mean(&o, t, k), 0.05).expect("in a minimum"))
        .collect();
    assert_eq!(found.len(), 4);
}

/// "the flatter a minimum (the smaller its Hessian's determinant), the more weight it holds;
/// the minimum at (3, 2) ends with the most, about 0.43".
fn mixture_weights(s: &Scene) {
    let o = run(s);
    let l = landscape(s);
    let t = last(&o);
    let mut by: Vec<(f64, f64, Vec2)> = (0..4)
        .map(|k| {
            let m = mean(&o, t, k);
            let at = l.minima()[which_minimum(&l, m, 0.05).unwrap()].at;
            (
                l.eval(at).hess.determinant(),
                o.steps[t].components[k].weight,
                at,
            )
        })
        .collect();
    by.sort_by(|a, b| a.0.total_cmp(&b.0));
    for w in by.windows(2) {
        assert!(w[0].1 > w[1].1, "flatter holds more: {by:?}");
    }
    assert!((by[0].2 - Vec2::new(3.0, 2.0)).norm() < 1e-6);
    assert!((by[0].1 - 0.43).abs() < 0.01, "{}", by[0].1);
}

/// "k = 6: the two spares land in minima another component already holds, and their weights
/// fade below 0.001".
fn mixture_six(s: &Scene) {
    assert_eq!(s.k, 6);
    let o = run(s);
    let l = landscape(s);
    let t = last(&o);
    let w: Vec<f64> = o.steps[t].components.iter().map(|c| c.weight).collect();
    let spares: Vec<usize> = (0..6).filter(|&k| w[k] < 1e-3).collect();
    assert_eq!(spares.len(), 2, "{w:?}");
    let nearest = |p: Vec2| {
        (0..4)
            .min_by(|&a, &b| {
                (l.minima()[a].at - p)
                    .norm()
                    .total_cmp(&(l.minima()[b].at - p).norm())
            })
            .unwrap()
    };
    let held: BTreeSet<usize> = (0..6)
        .filter(|k| !spares.contains(k))
        .map(|k| which_minimum(&l, mean(&o, t, k), 0.05).expect("held"))
        .collect();
    assert_eq!(held.len(), 4);
    for k in spares {
        assert!(held.contains(&nearest(mean(&o, t, k))));
    }
}

/// "k = 2: one takes almost all the weight (above 0.999) and the other fades".
fn mixture_two(s: &Scene) {
    assert_eq!(s.k, 2);
    let o = run(s);
    let w: Vec<f64> = o.steps[last(&o)]
        .components
        .iter()
        .map(|c| c.weight)
        .collect();
    assert!(w.iter().any(|&x| x > 0.999), "{w:?}");
}

/// Newton stops in a local minimum near the start; the rule reaches the origin, and shrinks
/// only once there.
fn smoothing_origin(s: &Scene) {
    let o = run(s);
    all_ok(&o);
    let l = landscape(s);
    let t = last(&o);
    let th = classic(&o, t);
    let e = l.eval(th);
    assert!(e.grad.norm() < 1e-6 && e.hess.determinant() > 0.0 && e.hess[(0, 0)] > 0.0);
    assert!(
        (th - Vec2::new(3.0, 3.0)).norm() < 0.1,
        "near the start: {th}"
    );
    assert!(mean(&o, t, 0).norm() < 1e-3);
    let near = (0..=t).find(|&i| mean(&o, i, 0).norm() < 0.5).unwrap();
    assert!(cov(&o, near, 0).trace() > 10.0 * cov(&o, t, 0).trace());
}

/// "64 Monte Carlo samples … q is caught in the local minimum near (1, 1)".
fn smoothing_caught(s: &Scene) {
    assert_eq!(s.samples, 64);
    let o = run(s);
    all_ok(&o);
    assert!((mean(&o, last(&o), 0) - Vec2::new(1.0, 1.0)).norm() < 0.1);
}

/// "near Himmelblau's local maximum, where the Hessian is negative definite … q rolls … into
/// the minimum near (−2.81, 3.13)".
fn improved_rolls(s: &Scene) {
    let o = run(s);
    all_ok(&o);
    let h = landscape(s).eval(mean(&o, 0, 0)).hess;
    let eig = h.symmetric_eigenvalues();
    assert!(eig[0] < 0.0 && eig[1] < 0.0, "negative definite: {eig}");
    assert!((mean(&o, last(&o), 0) - Vec2::new(-2.81, 3.13)).norm() < 0.01);
}

/// "improved off … the run stops at the first step" saying the precision is not positive
/// definite.
fn improved_off_stops(s: &Scene) {
    assert_eq!(s.improved, Some(false));
    let o = run(s);
    let end = &o.steps[last(&o)];
    assert_eq!(end.t, 1);
    assert!(
        end.status.contains("not positive definite"),
        "{}",
        end.status
    );
}

fn ogn_gap_zero(s: &Scene) {
    let o = run(s);
    all_ok(&o);
    assert_eq!(o.gap, Some(0.0));
}

fn rmsprop_parts(s: &Scene) {
    let o = run(s);
    assert_eq!(o.classic_name, Some("rmsprop"));
    assert!(o.gap.unwrap() > 1.0);
}

/// Adam: both end within 0.05 of the minimum by different paths; the ellipse stays
/// axis-aligned.
fn adam_beside(s: &Scene) {
    let o = run(s);
    all_ok(&o);
    assert_eq!(o.classic_name, Some("adam"));
    let t = last(&o);
    assert!(mean(&o, t, 0).norm() < 0.05 && classic(&o, t).norm() < 0.05);
    assert!(o.gap.unwrap() > 0.1);
    for i in 0..=t {
        assert_eq!(cov(&o, i, 0)[(0, 1)], 0.0);
    }
}

/// Ridge: one step lands on the posterior (mean = ridge estimate, covariance = exact), and
/// further steps change nothing.
fn ridge_one_step(s: &Scene) {
    let o = run(s);
    all_ok(&o);
    let l = landscape(s);
    let m = mean(&o, 1, 0);
    let e = l.eval(m);
    assert!(e.grad.norm() < 1e-9, "the ridge estimate");
    assert!(rel(&cov(&o, 1, 0), &inverse(&e.hess).unwrap()) < 1e-12);
    for t in 1..=last(&o) {
        assert!((mean(&o, t, 0) - m).norm() < 1e-9);
    }
}

/// "from any start": the first step lands on the same posterior from here as from the preset.
fn ridge_any_start(s: &Scene) {
    ridge_one_step(s);
    let here = run(s);
    let there = run(&preset("ridge", ""));
    assert!((mean(&here, 1, 0) - mean(&there, 1, 0)).norm() < 1e-9);
    assert!(mean(&here, 0, 0) != mean(&there, 0, 0));
}

/// "the natural parameters S·m and S shrink their distance to the posterior's by exactly
/// (1 − ρ) every step; the mean's own distance shrinks at a rate that changes".
fn ridge_contracts(s: &Scene) {
    assert!(s.lr < 1.0);
    let o = run(s);
    // The exact posterior: one step with ρ = 1 (ridge_one_step).
    let exact = run(&with(s, "lr=1"));
    let (ss, ms) = (precision(&exact, 1), mean(&exact, 1, 0));
    let dist = |t: usize| {
        let st = precision(&o, t);
        let m = mean(&o, t, 0);
        ((st - ss).norm(), (st * m - ss * ms).norm(), (m - ms).norm())
    };
    let mut mean_rates = Vec::new();
    for t in 1..=5 {
        let (a, b) = (dist(t - 1), dist(t));
        assert!((b.0 / a.0 - (1.0 - s.lr)).abs() < 1e-6, "S at t = {t}");
        assert!((b.1 / a.1 - (1.0 - s.lr)).abs() < 1e-6, "S·m at t = {t}");
        mean_rates.push(b.2 / a.2);
    }
    let spread = mean_rates.iter().cloned().fold(f64::NAN, f64::max)
        - mean_rates.iter().cloned().fold(f64::NAN, f64::min);
    assert!(spread > 0.01, "the mean's rate changes: {mean_rates:?}");
}

// ----- minibatches (SGD, VOGN) ------------------------------------------------------------

/// The distance from the most probable θ of the shipped logistic data (the MAP, docs/maths.md §9).
fn from_map(p: [f64; 2]) -> f64 {
    (Vec2::new(p[0], p[1]) - Vec2::new(3.433_704_136_889_744, 1.223_441_250_590_569)).norm()
}

/// Every checkable sentence of the `sgd` preset's caption.
fn sgd_caption(sc: &Scene) {
    let s = Session::new(sc).unwrap();
    // "the rule is then minibatch SGD (the badge)"
    assert_eq!(s.reduces_to().map(|r| r.name), Some("minibatch SGD"));
    let out = run(sc);
    let l = blr_playground::landscape::Landscape::new(
        blr_playground::landscape::LandscapeKind::Logistic,
        &Default::default(),
    )
    .unwrap();
    // "5 of the 60 rows … drawn afresh": every step names 5 rows, and they change.
    assert!(
        out.steps[1..]
            .iter()
            .all(|st| st.batch.as_ref().unwrap().len() == 5)
    );
    assert_ne!(out.steps[1].batch, out.steps[2].batch);
    // "full-batch gradient descent: its loss falls at every step"
    let classic = out.classic.as_ref().unwrap();
    assert_eq!(out.classic_name, Some("gd"));
    let gd: Vec<f64> = classic
        .iter()
        .map(|c| l.value(Vec2::new(c[0], c[1])))
        .collect();
    assert!(
        gd.windows(2).all(|w| w[1] < w[0]),
        "gradient descent's loss falls"
    );
    // "SGD's jitters up and down": its full loss rises at some steps.
    let sgd: Vec<f64> = out
        .steps
        .iter()
        .map(|st| l.value(mean(&out, st.t, 0)))
        .collect();
    let rises = sgd.windows(2).filter(|w| w[1] > w[0]).count();
    assert!(rises > 50, "SGD's loss rose at {rises} steps");
    // "Both end within 0.5 of the most probable θ (3.43, 1.22)"
    let last = out.steps.last().unwrap().components[0].mean;
    assert!(from_map(last) < 0.5, "SGD ends {}", from_map(last));
    assert!(from_map(*classic.last().unwrap()) < 0.5);
    // "Set batch to 0 and the rule is gradient descent again, on the dashed path."
    let full = with(sc, "batch=0");
    let s = Session::new(&full).unwrap();
    assert_eq!(s.reduces_to().map(|r| r.name), Some("gradient descent"));
    assert!(run(&full).gap.unwrap() < 1e-12);
}

/// Every checkable sentence of the `dropout` preset's caption.
fn dropout_caption(sc: &Scene) {
    use blr_playground::family::{dropout_global_minimum, dropout_objective};
    let s = Session::new(sc).unwrap();
    // "p = 0.8"; "gradient descent on the dropout objective D … (the badge), which the heatmap
    // shows"
    assert_eq!(sc.keep, 0.8);
    // "a spike-and-slab per weight; summed over the four masks"
    assert_eq!(sc.family.name(), "dropout");
    assert_eq!(sc.estimator.name(), "exact");
    assert_eq!(
        s.reduces_to().map(|r| r.name),
        Some("gradient descent on the dropout objective D")
    );
    assert_eq!(sc.dropout_surface(), Some(0.8));
    let out = run(sc);
    all_ok(&out);
    let l = landscape(sc);
    let end = mean(&out, last(&out), 0);
    // "to the minimum of D (green diamond) near (0.22, 0.04)": the diamond is the page's
    // marker, `dropout_global_minimum`.
    let d_min = dropout_global_minimum(&l, 0.8).unwrap();
    assert!((end - d_min).norm() < 1e-6, "{end:?} vs {d_min:?}");
    assert!((end - Vec2::new(0.22, 0.04)).norm() < 0.005, "{end:?}");
    // "where ∇D = 0 but ∇ℓ̄ is not 0"
    assert!(dropout_objective(&l, 0.8, end).grad.norm() < 1e-8);
    assert!(l.eval(end).grad.norm() > 0.1);
    // "Started at the minimum of ℓ̄, (1, 1) (white cross), it walks away": the cross is the
    // landscape's known global minimum; "dropout pulls the weights towards zero".
    let loss_min = l.minima()[0].at;
    assert!((loss_min - Vec2::new(1.0, 1.0)).norm() < 1e-12);
    assert_eq!(mean(&out, 0, 0), loss_min);
    assert!((end - loss_min).norm() > 0.5);
    assert!(end[0].abs() < loss_min[0] && end[1].abs() < loss_min[1]);
    // "Set keep to 1 and the two minima meet."
    let one = dropout_global_minimum(&l, 1.0).unwrap();
    assert!((one - loss_min).norm() < 1e-6, "{one:?}");
    // "Set estimator to mc and the rule is dropout SGD on random masks, with textbook dropout
    // SGD on the same masks as the dashed path (gap 0)."
    let mc = with(sc, "estimator=mc");
    let s = Session::new(&mc).unwrap();
    assert_eq!(s.reduces_to().map(|r| r.name), Some("dropout SGD"));
    let out = run(&mc);
    all_ok(&out);
    assert_eq!(out.classic_name, Some("dropout-sgd"));
    assert_eq!(out.classic.as_ref().unwrap().len(), out.steps.len());
    assert!(out.gap.unwrap() <= 1e-12, "gap {:e}", out.gap.unwrap());
    assert!(out.steps[1..].iter().all(|st| st.masks.is_some()));
}

/// Every checkable sentence of the `vogn` preset's caption (the per-row running average is
/// the oracle above).
fn vogn_caption(sc: &Scene) {
    let s = Session::new(sc).unwrap();
    assert_eq!(
        s.reduces_to().map(|r| r.name),
        Some("variational online Gauss–Newton (VOGN)")
    );
    let out = run(sc);
    assert!(
        out.steps[1..]
            .iter()
            .all(|st| st.batch.as_ref().unwrap().len() == 10)
    );
    // "the gap is zero"
    assert_eq!(out.classic_name, Some("vogn"));
    assert_eq!(out.gap, Some(0.0));
    // "The ellipse stays axis-aligned and the mean ends within 0.5 of (3.43, 1.22)."
    assert!(
        out.steps
            .iter()
            .all(|st| st.status == "ok" && st.components[0].cov[0][1] == 0.0)
    );
    let last = out.steps.last().unwrap().components[0].mean;
    assert!(from_map(last) < 0.5, "VOGN ends {}", from_map(last));
    // "Set compare to adam: Adam's heuristics take it elsewhere."
    let adam = run(&with(sc, "compare=adam"));
    assert!(adam.gap.unwrap() > 0.5, "gap to Adam {:?}", adam.gap);
}

/// The mixture's mode with μ₁ > μ₂ (its mirror image is the other).
fn mixture_mode(s: &Scene) -> Vec2 {
    let m = landscape(s).minima();
    assert_eq!(m.len(), 2, "two mirror-image modes");
    if m[0].at[0] > m[0].at[1] {
        m[0].at
    } else {
        m[1].at
    }
}

/// The first step from which q's mean stays within `tol` (max norm) of `p`.
fn settles(o: &Output, p: Vec2, tol: f64) -> Option<usize> {
    (0..o.steps.len()).find(|&t| (t..o.steps.len()).all(|u| (mean(o, u, 0) - p).amax() < tol))
}

/// The tracking presets' measurements: per step t ≥ 1, the distance of q's mean to the true
/// position, how far it is behind the target along the truth's direction of motion, and q's
/// sd; and the same distance for the textbook filter's path and for the raw observation.
struct Tracking {
    dist: Vec<f64>,
    behind: Vec<f64>,
    sd: Vec<f64>,
    filter: Vec<f64>,
    raw: Vec<f64>,
}

fn tracking(sc: &Scene) -> (Output, Tracking) {
    use blr_playground::landscape::data::tracking_truth;
    let o = run(sc);
    all_ok(&o);
    let l = landscape(sc);
    let rows = &l.data().unwrap().data.rows;
    let truth = |t: usize| Vec2::from(tracking_truth(t));
    let path = o.classic.clone().unwrap();
    let mut m = Tracking {
        dist: vec![],
        behind: vec![],
        sd: vec![],
        filter: vec![],
        raw: vec![],
    };
    for t in 1..o.steps.len() {
        let e = mean(&o, t, 0) - truth(t);
        let v = (truth(t + 1) - truth(t)).normalize();
        m.dist.push(e.norm());
        m.behind.push(-e.dot(&v));
        m.sd.push(cov(&o, t, 0)[(0, 0)].sqrt());
        m.filter.push((Vec2::from(path[t]) - truth(t)).norm());
        m.raw
            .push((Vec2::new(rows[t - 1][0], rows[t - 1][1]) - truth(t)).norm());
    }
    (o, m)
}

fn avg(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

fn kalman_caption(sc: &Scene) {
    let s = Session::new(sc).unwrap();
    assert_eq!(s.reduces_to().map(|r| r.name), Some("the Kalman filter"));
    // "seen once per step through noise of sd 0.5", "drift q = 0.1", "the 100 steps"
    assert_eq!((sc.noise, sc.drift, sc.steps()), (0.25, 0.1, 100));
    let (o, m) = tracking(sc);
    assert_eq!(o.steps.len(), 101);
    // "spreads q into the dashed yellow ellipse, always larger than the last white one"
    for t in 1..o.steps.len() {
        let p = o.steps[t].predicted.as_ref().unwrap().cov;
        let last = cov(&o, t - 1, 0);
        let now = cov(&o, t, 0);
        assert!(p[0][0] > last[(0, 0)] && p[1][1] > last[(1, 1)], "t={t}");
        // "and the white ellipse shrinks again"
        assert!(now[(0, 0)] < p[0][0] && now[(1, 1)] < p[1][1], "t={t}");
    }
    // "the dashed orange path is the textbook filter and the gap stays below 10⁻¹²"
    assert_eq!(o.classic_name, Some("kalman"));
    assert!(o.gap.unwrap() < 1e-12, "gap {:e}", o.gap.unwrap());
    // "on average 0.38 from the true position, against 0.59 for the raw observations"
    assert!((avg(&m.dist) - 0.38).abs() < 0.005, "{}", avg(&m.dist));
    assert!((avg(&m.raw) - 0.59).abs() < 0.005, "{}", avg(&m.raw));
}

/// Tour chapter `kalman`, step 0: one predict + update, the same step as the textbook filter.
fn kalman_one_step(sc: &Scene) {
    let mut one = sc.clone();
    one.steps = Some(1);
    let o = run(&one);
    all_ok(&o);
    // "the drift spreads q into the dashed yellow ellipse, wider than q₀"
    let p = o.steps[1].predicted.as_ref().unwrap().cov;
    let q0 = cov(&o, 0, 0);
    assert!(p[0][0] > q0[(0, 0)] && p[1][1] > q0[(1, 1)]);
    // "shrinks to about a fifth of q₀'s variance (0.20)"
    let ratio = cov(&o, 1, 0)[(0, 0)] / q0[(0, 0)];
    assert!((ratio - 0.20).abs() < 0.005, "{ratio}");
    assert_eq!(cov(&o, 1, 0)[(0, 0)], cov(&o, 1, 0)[(1, 1)]);
    // "The dashed orange path, the textbook Kalman filter, takes exactly the same step."
    assert_eq!(o.classic_name, Some("kalman"));
    assert!(o.gap.unwrap() < 1e-12);
}

fn kalman_lag_caption(sc: &Scene) {
    assert_eq!(sc.lr, 0.3);
    let (o, m) = tracking(sc);
    let (_, f) = tracking(&with(sc, "lr=1"));
    // "sd 0.49 at the last step, against the filter's 0.34"
    let (a, b) = (m.sd[m.sd.len() - 1], f.sd[f.sd.len() - 1]);
    assert!(
        (a - 0.49).abs() < 0.005 && (b - 0.34).abs() < 0.005,
        "{a} {b}"
    );
    // "behind the true position in 97 of the 100 steps (the filter: 78)"
    let behind = |v: &[f64]| v.iter().filter(|&&x| x > 0.0).count();
    assert_eq!(
        (behind(&m.behind), behind(&f.behind), m.behind.len()),
        (97, 78, 100)
    );
    // "by 0.35 on average (the filter: 0.20)"
    assert!((avg(&m.behind) - 0.35).abs() < 0.005, "{}", avg(&m.behind));
    assert!((avg(&f.behind) - 0.20).abs() < 0.005, "{}", avg(&f.behind));
    // "mean distance to the truth is 0.44 against the filter's 0.38"
    assert!((avg(&m.dist) - 0.44).abs() < 0.005, "{}", avg(&m.dist));
    assert!((avg(&m.filter) - 0.38).abs() < 0.005, "{}", avg(&m.filter));
    // "The dashed path is the textbook Kalman filter; the gap grows to 0.42."
    assert_eq!(o.classic_name, Some("kalman"));
    assert!((o.gap.unwrap() - 0.42).abs() < 0.005, "{}", o.gap.unwrap());
}

fn em_caption(sc: &Scene) {
    let s = Session::new(sc).unwrap();
    assert_eq!(
        s.reduces_to().map(|r| r.name),
        Some("expectation maximisation (EM)")
    );
    // "Eighty points … known σ = 0.5"
    assert_eq!(landscape(sc).data().unwrap().data.len(), 80);
    assert_eq!(sc.sigma, 0.5);
    // "two mirror-image modes and a saddle on the diagonal"
    let mode = mixture_mode(sc);
    let mirror = Vec2::new(mode[1], mode[0]);
    assert!(
        landscape(sc)
            .minima()
            .iter()
            .any(|m| (m.at - mirror).norm() < 1e-9)
    );
    let o = run(sc);
    all_ok(&o);
    // "The dashed path is textbook EM and the gap stays below 10⁻¹²."
    assert_eq!(o.classic_name, Some("em"));
    assert!(o.gap.unwrap() < 1e-12, "gap {:e}", o.gap.unwrap());
    // "Both means start to the right of every point, at (2.8, 2.7)"
    let l = landscape(sc);
    assert!(l.data().unwrap().data.rows.iter().all(|r| r[0] < 2.7));
    assert_eq!(mean(&o, 0, 0), Vec2::new(2.8, 2.7));
    // "by step 3 q's mean is within 10⁻³ of the mode (1.60, −1.00)"
    assert!((mode - Vec2::new(1.60, -1.00)).amax() < 0.005, "{mode}");
    assert_eq!(settles(&o, mode, 1e-3), Some(3));
    // "and the loss at the mean never rises"
    for t in 1..o.steps.len() {
        assert!(l.value(mean(&o, t, 0)) <= l.value(mean(&o, t - 1, 0)) + 1e-9);
    }
}

/// EM from a symmetric start: "every point's responsibility is exactly ½", "both means the
/// same value x̄N/(N + 2δσ²) = 0.301", "EM stays there for all the steps, m₁ = m₂ to the last
/// bit", "a fixed point … on the saddle of the loss (ℓ̄ = 310.7 against 96.3 at the modes)".
fn em_saddle(sc: &Scene) {
    let o = run(sc);
    all_ok(&o);
    let d = landscape(sc).data().unwrap().data.clone();
    let n = d.len() as f64;
    let xbar = d.rows.iter().map(|r| r[0]).sum::<f64>() / n;
    let delta = landscape(sc).data().unwrap().prior;
    let fixed = xbar * n / (n + 2.0 * delta * 0.25);
    assert!((fixed - 0.301).abs() < 5e-4);
    assert_eq!(o.steps.len(), sc.steps() + 1);
    for t in 1..o.steps.len() {
        let m = mean(&o, t, 0);
        assert_eq!(m[0].to_bits(), m[1].to_bits(), "t = {t}");
        assert!((m[0] - fixed).abs() < 1e-12);
    }
    let s = Session::new(sc).unwrap();
    assert!(s.responsibilities().unwrap().iter().all(|&r| r == 0.5));
    // The saddle: stationary, curving down across the diagonal.
    let l = landscape(sc);
    let e = l.eval(Vec2::new(fixed, fixed));
    assert!(e.grad.norm() < 1e-9);
    let across = Vec2::new(1.0, -1.0);
    assert!(
        across.dot(&(e.hess * across)) < 0.0,
        "curves down across the diagonal"
    );
    assert!((e.value - 310.7).abs() < 0.05, "{}", e.value);
    let mode = mixture_mode(sc);
    assert!((l.value(mode) - 96.3).abs() < 0.05);
}

fn em_saddle_caption(sc: &Scene) {
    // "EM stays there for all 100 steps"
    assert_eq!(sc.steps(), 100);
    em_saddle(sc);
    // "Set init to 0.5,0.501 … within 10⁻³ of the mode (−1.00, 1.60) by step 6."
    let away = run(&with(sc, "init=0.5,0.501"));
    let mode = mixture_mode(sc);
    let other = Vec2::new(mode[1], mode[0]);
    assert!((other - Vec2::new(-1.00, 1.60)).amax() < 0.005);
    assert_eq!(settles(&away, other, 1e-3), Some(6));
}

fn svi_caption(sc: &Scene) {
    let s = Session::new(sc).unwrap();
    assert_eq!(
        s.reduces_to().map(|r| r.name),
        Some("stochastic variational inference (SVI)")
    );
    let o = run(sc);
    all_ok(&o);
    // "Each step draws 10 of the 80 points"
    assert!(
        o.steps[1..]
            .iter()
            .all(|st| st.batch.as_ref().unwrap().len() == 10)
    );
    // "textbook SVI given the same points, and the gap stays below 10⁻¹²"
    assert_eq!(o.classic_name, Some("svi"));
    assert!(o.gap.unwrap() < 1e-12, "gap {:e}", o.gap.unwrap());
    // "from step 20 on it stays within 0.15 of it"
    let mode = mixture_mode(sc);
    assert!(settles(&o, mode, 0.15).unwrap() <= 20);
    // "q's standard deviations stay between 0.07 and 0.09, near … σ/√40 ≈ 0.079"
    assert!((0.5 / 40f64.sqrt() - 0.079).abs() < 5e-4);
    for t in 20..o.steps.len() {
        let c = cov(&o, t, 0);
        for i in 0..2 {
            let sd = c[(i, i)].sqrt();
            assert!((0.07..0.09).contains(&sd), "t = {t}: sd {sd}");
        }
    }
    // "Set estimator to delta: … (stochastic EM) and the badge goes."
    let delta = with(sc, "estimator=delta");
    assert!(Session::new(&delta).unwrap().reduces_to().is_none());
}

/// The mean-field fixed point of non-conjugate VMP on logistic regression: where the undamped
/// rule from (0, 0) settles, "(5.41, 1.74)".
fn ncvmp_fixed_point(sc: &Scene) -> Vec2 {
    let origin = run(&with(sc, "init=0,0&lr=1"));
    let n = last(&origin);
    let fixed = mean(&origin, n, 0);
    assert!((fixed - Vec2::new(5.41, 1.74)).amax() < 0.005, "{fixed}");
    assert!((mean(&origin, n, 0) - mean(&origin, n - 1, 0)).norm() < 1e-9);
    fixed
}

/// Non-conjugate VMP at ρ = 1 from (10, −2): the second step overshoots to (−10.2, 4.5), from
/// the third on the data barely curve the loss, "q's variances grow to the prior's 100", "over
/// the last 100 of 300 steps every step moves it by more than 5,000", never closing in on the
/// fixed point.
fn ncvmp_cycles(sc: &Scene) {
    assert_eq!((sc.lr, sc.gh, sc.init), (1.0, 10, [10.0, -2.0]));
    let far = run(sc);
    all_ok(&far);
    // "the first step lands where the data barely curve the loss along the first axis, so the
    // second overshoots to (−10.2, 4.5)": the data's curvature ∂²ℓ̄/∂θ₁² − δ at step 1 is below
    // a tenth of that at the start; "from the third on … where they barely curve it at all":
    // below 10⁻³ of the data's curvature at the fixed point, at every later step.
    let l = landscape(sc);
    let delta = l.data().unwrap().prior;
    let along_first = |t: usize| l.eval(mean(&far, t, 0)).hess[(0, 0)] - delta;
    assert!(along_first(1) < 0.1 * along_first(0), "{}", along_first(1));
    assert!((mean(&far, 2, 0) - Vec2::new(-10.2, 4.5)).amax() < 0.05);
    let data_curvature = |p: Vec2| l.eval(p).hess.trace() - 2.0 * delta;
    let fixed_curvature = data_curvature(Vec2::new(5.41, 1.74));
    for t in 3..far.steps.len() {
        let c = data_curvature(mean(&far, t, 0));
        assert!(
            c < 1e-3 * fixed_curvature,
            "t = {t}: {c} vs {fixed_curvature}"
        );
    }
    let top = (2..far.steps.len())
        .map(|t| cov(&far, t, 0)[(0, 0)].max(cov(&far, t, 0)[(1, 1)]))
        .fold(0.0, f64::max);
    assert!((top - 100.0).abs() < 1e-6, "{top}");
    let prior = landscape(sc).data().unwrap().prior;
    assert!((1.0 / prior - 100.0).abs() < 1e-9);
    let fixed = ncvmp_fixed_point(sc);
    let n = last(&far);
    assert_eq!(n, 300);
    for t in n - 100..n {
        let jump = (mean(&far, t + 1, 0) - mean(&far, t, 0)).norm();
        assert!(jump > 5000.0, "t = {t}: {jump}");
        assert!((mean(&far, t, 0) - fixed).norm() > 1000.0);
    }
}

/// "ρ = 0.9 … from the same start it converges to the mean-field fixed point (5.41, 1.74), its
/// steps below 10⁻⁶ from step 100 on".
fn ncvmp_damped(sc: &Scene) {
    assert_eq!((sc.lr, sc.init), (0.9, [10.0, -2.0]));
    let damped = run(sc);
    all_ok(&damped);
    for t in 100..last(&damped) {
        assert!(
            (mean(&damped, t + 1, 0) - mean(&damped, t, 0)).norm() < 1e-6,
            "t = {t}"
        );
    }
    assert!((mean(&damped, last(&damped), 0) - ncvmp_fixed_point(sc)).norm() < 1e-9);
}

fn ncvmp_caption(sc: &Scene) {
    // "From (0, 0) it settles at the mean-field fixed point (5.41, 1.74)."
    ncvmp_fixed_point(sc);
    ncvmp_cycles(sc);
    // "Set lr to 0.9: … converges to the same fixed point, its steps below 10⁻⁶ from step 100 on."
    ncvmp_damped(&with(sc, "lr=0.9"));
}

/// q(w = (s₁, s₂)·a) from a Bernoulli record's λ: Π_i 1/(1 + e^{−2 s_i λ_i}).
fn corner_prob(o: &Output, t: usize, s: [f64; 2]) -> f64 {
    let l = o.steps[t].components[0].lambda.expect("a Bernoulli record");
    (0..2)
        .map(|i| 1.0 / (1.0 + (-2.0 * s[i] * l[i]).exp()))
        .product()
}

/// The BayesBiNN preset: "the continuous minimum (0.25, 0.05) has the signs (+, +)", "the best
/// corner is (+1, −1): loss 0.124, against 1.37 at (+1, +1)", "by step 300 q puts more than
/// 80% on the best corner", "STE's sign(r) sits on the best corner in fewer than one step in
/// five, and most often on (+1, +1)", "the gap is real", "the twin panel shows the same run in
/// λ and in μ = tanh λ", "set the estimator to exact: more than 95%".
fn bayesbinn_caption(s: &Scene) {
    let l = landscape(s);
    let c = Vec2::new(0.25, 0.05);
    assert!(l.eval(c).grad.norm() < 1e-12, "the continuous minimum");
    let corners = [[-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0], [1.0, 1.0]];
    let loss = |w: [f64; 2]| l.value(Vec2::new(w[0], w[1]));
    let best = corners
        .into_iter()
        .min_by(|a, b| loss(*a).total_cmp(&loss(*b)))
        .unwrap();
    assert_eq!(best, [1.0, -1.0]);
    assert_eq!(format!("{:.3}", loss(best)), "0.124");
    assert_eq!(format!("{:.2}", loss([1.0, 1.0])), "1.37");
    let o = run(s);
    all_ok(&o);
    assert_eq!(last(&o), 300);
    let p = corner_prob(&o, 300, best);
    assert!(p > 0.8, "q(best) = {p}");
    assert_eq!(o.classic_name, Some("ste"));
    let signs: Vec<[f64; 2]> = o
        .classic
        .as_ref()
        .unwrap()
        .iter()
        .map(|r| r.map(|v| if v < 0.0 { -1.0 } else { 1.0 }))
        .collect();
    let count = |w: [f64; 2]| signs.iter().filter(|s| **s == w).count();
    assert!(
        count(best) * 5 < signs.len(),
        "STE on the best corner {} times",
        count(best)
    );
    assert!(corners.iter().all(|&w| count(w) <= count([1.0, 1.0])));
    assert!(o.gap.unwrap() > 0.5, "gap {:?}", o.gap);
    let f: serde_json::Value = serde_json::from_str(&Page::new(&s.to_query()).frame()).unwrap();
    assert!(
        f["bernoulli"]["twin"]["mu_label"]
            .as_str()
            .unwrap()
            .contains("tanh λ")
    );
    let e = run(&with(s, "estimator=exact"));
    let p = corner_prob(&e, 300, best);
    assert!(p > 0.95, "exact: q(best) = {p}");
}

// ----- the tour's chapters on the deep-learning and inference rows ---------------------------

/// The first step from which q's mean stays within `tol` of the origin (the CAVI target's mean).
fn settles_at_zero(o: &Output, tol: f64) -> usize {
    settles(o, Vec2::zeros(), tol).expect("settles")
}

/// The losses ℓ̄ (every row) at the rule's means, t = 0, 1, …
fn losses_at_means(s: &Scene, o: &Output) -> Vec<f64> {
    let l = landscape(s);
    (0..o.steps.len()).map(|t| l.value(mean(o, t, 0))).collect()
}

/// The largest of `v` over the last 200 steps.
fn top_of_last_200(v: &[f64]) -> f64 {
    v[v.len() - 201..].iter().cloned().fold(f64::MIN, f64::max)
}

/// "each step sees only 5 of the 60 rows, drawn afresh, with their loss scaled by 60/5 = 12:
/// the rule is minibatch SGD (the badge)", "the mean moves by ρ·cov0 = 0.01 times the gradient
/// of that scaled minibatch loss, and lands 0.36 away from the dashed path's full-batch step".
fn sgd_first_step(s: &Scene) {
    assert_eq!((s.family.name(), s.estimator.name()), ("fixed", "delta"));
    let session = Session::new(s).unwrap();
    assert_eq!(session.reduces_to().map(|r| r.name), Some("minibatch SGD"));
    let l = landscape(s);
    assert_eq!((s.batch, l.data().unwrap().data.len()), (5, 60));
    assert!((s.lr * s.cov0 - 0.01).abs() < 1e-15);
    let o = run(s);
    assert_ne!(o.steps[1].batch, o.steps[2].batch, "drawn afresh");
    let minibatch = l
        .with_batch(o.steps[1].batch.clone().unwrap().into())
        .unwrap();
    assert_eq!(minibatch.data().unwrap().scale, 12.0);
    let m0 = mean(&o, 0, 0);
    let want = m0 - minibatch.eval(m0).grad * (s.lr * s.cov0);
    assert!((mean(&o, 1, 0) - want).norm() < 1e-12);
    assert_eq!(o.classic_name, Some("gd"));
    let full = m0 - l.eval(m0).grad * (s.lr * s.cov0);
    assert!(
        (classic(&o, 1) - full).norm() < 1e-12,
        "the full-batch step"
    );
    let apart = (mean(&o, 1, 0) - classic(&o, 1)).norm();
    assert!((apart - 0.36).abs() < 0.005, "{apart}");
}

/// "The dashed path (full-batch gradient descent) lowers the loss at every step, while the loss
/// at the rule's mean … jumps up and down: over the last 200 steps it reaches above 3, against
/// 2.07 at the most probable θ (3.43, 1.22). Both paths end within 0.5 of that θ."
fn sgd_jumps(s: &Scene) {
    assert_eq!(s.batch, 5);
    let o = run(s);
    all_ok(&o);
    let l = landscape(s);
    let gd: Vec<f64> = o
        .classic
        .as_ref()
        .unwrap()
        .iter()
        .map(|c| l.value(Vec2::new(c[0], c[1])))
        .collect();
    assert!(
        gd.windows(2).all(|w| w[1] < w[0]),
        "gradient descent's loss falls"
    );
    let rule = losses_at_means(s, &o);
    let rises = rule.windows(2).filter(|w| w[1] > w[0]).count();
    assert!(rises > 50, "the rule's loss rose at {rises} steps");
    assert!(top_of_last_200(&rule) > 3.0, "{}", top_of_last_200(&rule));
    let map = Vec2::new(3.433_704_136_889_744, 1.223_441_250_590_569);
    assert!(l.eval(map).grad.norm() < 1e-9, "the most probable θ");
    assert_eq!(format!("{:.2}", l.value(map)), "2.07");
    assert!(from_map(o.steps[last(&o)].components[0].mean) < 0.5);
    assert!(from_map(*o.classic.as_ref().unwrap().last().unwrap()) < 0.5);
}

/// "20 rows per step now, scaled by 3 … the jumps shrink, and over the last 200 steps the loss
/// at the mean stays below 2.3".
fn sgd_bigger_batches(s: &Scene) {
    assert_eq!(s.batch, 20);
    let session = Session::new(s).unwrap();
    assert_eq!(session.reduces_to().map(|r| r.name), Some("minibatch SGD"));
    let o = run(s);
    all_ok(&o);
    let rows = o.steps[1].batch.clone().unwrap();
    assert_eq!(rows.len(), 20);
    assert_eq!(
        landscape(s)
            .with_batch(rows.into())
            .unwrap()
            .data()
            .unwrap()
            .scale,
        3.0
    );
    let top = top_of_last_200(&losses_at_means(s, &o));
    assert!(top < 2.3, "{top}");
    let small = with(s, "batch=5");
    assert!(top_of_last_200(&losses_at_means(&small, &run(&small))) > top);
}

/// "Every row at every step: the rule is gradient descent again (the badge) and follows the
/// dashed path; the gap stays below 10⁻¹²."
fn sgd_every_row(s: &Scene) {
    assert_eq!(s.batch, 0);
    let session = Session::new(s).unwrap();
    assert_eq!(
        session.reduces_to().map(|r| r.name),
        Some("gradient descent")
    );
    let o = run(s);
    assert_eq!(o.classic_name, Some("gd"));
    assert!(o.gap.unwrap() < 1e-12, "gap {:e}", o.gap.unwrap());
}

/// The page's markers of a dropout scene: (kind, world point).
fn markers(s: &Scene) -> Vec<(String, Vec2)> {
    let f: serde_json::Value = serde_json::from_str(&Page::new(&s.to_query()).frame()).unwrap();
    f["markers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let w = &m["world"];
            (
                m["kind"].as_str().unwrap().to_string(),
                Vec2::new(w[0].as_f64().unwrap(), w[1].as_f64().unwrap()),
            )
        })
        .collect()
}

/// The minimum of the dropout objective D at keep probability p, as the page marks it.
fn dropout_minimum(s: &Scene) -> Vec2 {
    let d = blr_playground::family::dropout_global_minimum(&landscape(s), s.keep).unwrap();
    let marked = markers(s);
    assert!(
        marked
            .iter()
            .any(|(k, w)| k == "min-dropout" && (w - d).norm() < 1e-9),
        "{marked:?}"
    );
    d
}

/// "p = 0.8 … Summed over the four masks, the rule is gradient descent on the dropout
/// objective D (the badge), which the heatmap shows", "from the minimum of ℓ̄, (1, 1) (white
/// cross), the mean walks to the minimum of D near (0.22, 0.04) (green diamond), where ℓ̄'s own
/// gradient is about 2.1, not 0: dropout pulls the weights towards zero".
fn dropout_walks(s: &Scene) {
    use blr_playground::family::dropout_objective;
    assert_eq!((s.keep, s.estimator.name()), (0.8, "exact"));
    assert_eq!(s.dropout_surface(), Some(0.8));
    let session = Session::new(s).unwrap();
    assert_eq!(
        session.reduces_to().map(|r| r.name),
        Some("gradient descent on the dropout objective D")
    );
    let o = run(s);
    all_ok(&o);
    let l = landscape(s);
    let start = mean(&o, 0, 0);
    assert_eq!(start, Vec2::new(1.0, 1.0));
    assert!(l.eval(start).grad.norm() == 0.0 && l.value(start) == 0.0);
    assert!(
        markers(s)
            .iter()
            .any(|(k, w)| k == "min-loss" && *w == start)
    );
    let end = mean(&o, last(&o), 0);
    let d = dropout_minimum(s);
    assert!((end - d).norm() < 1e-6, "{end} vs {d}");
    assert!((end - Vec2::new(0.22, 0.04)).amax() < 0.005, "{end}");
    assert!(dropout_objective(&l, 0.8, end).grad.norm() < 1e-8);
    let g = l.eval(end).grad.norm();
    assert!((g - 2.1).abs() < 0.05, "|∇ℓ̄| = {g}");
    assert!(end[0].abs() < start[0] && end[1].abs() < start[1]);
}

/// "p = 0.5 … the green diamond sits nearer to zero, and the mean walks to it, near (0.18,
/// 0.02)".
fn dropout_half(s: &Scene) {
    assert_eq!(s.keep, 0.5);
    let o = run(s);
    all_ok(&o);
    let end = mean(&o, last(&o), 0);
    let d = dropout_minimum(s);
    assert!((end - d).norm() < 1e-6, "{end} vs {d}");
    assert!((end - Vec2::new(0.18, 0.02)).amax() < 0.005, "{end}");
    assert!(d.norm() < dropout_minimum(&with(s, "keep=0.8")).norm());
}

/// "p = 1: no weight is ever dropped, so D is ℓ̄ itself and the two minima meet at (1, 1) …
/// the mean never moves".
fn dropout_keep_all(s: &Scene) {
    use blr_playground::family::dropout_objective;
    assert_eq!(s.keep, 1.0);
    let l = landscape(s);
    for p in [
        Vec2::new(-1.0, 2.0),
        Vec2::new(0.3, 0.1),
        Vec2::new(1.5, -0.5),
    ] {
        assert_eq!(dropout_objective(&l, 1.0, p).value, l.value(p));
    }
    assert!((dropout_minimum(s) - Vec2::new(1.0, 1.0)).norm() < 1e-6);
    let o = run(s);
    for t in 0..=last(&o) {
        assert_eq!(mean(&o, t, 0), Vec2::new(1.0, 1.0), "t = {t}");
    }
}

/// "each step draws 16 random masks instead of summing over all four, and the rule is dropout
/// SGD (the badge) … textbook dropout SGD on the same masks and the gap stays below 10⁻¹²; the
/// mean ends within 0.01 of D's minimum".
fn dropout_random_masks(s: &Scene) {
    assert_eq!((s.estimator.name(), s.samples), ("mc", 16));
    let session = Session::new(s).unwrap();
    assert_eq!(session.reduces_to().map(|r| r.name), Some("dropout SGD"));
    let o = run(s);
    all_ok(&o);
    assert!(
        o.steps[1..]
            .iter()
            .all(|st| st.masks.as_ref().unwrap().len() == 16)
    );
    assert_ne!(o.steps[1].masks, o.steps[2].masks);
    assert_eq!(o.classic_name, Some("dropout-sgd"));
    assert!(o.gap.unwrap() <= 1e-12, "gap {:e}", o.gap.unwrap());
    let end = mean(&o, last(&o), 0);
    assert!((end - dropout_minimum(s)).norm() < 0.01, "{end}");
}

/// q's standard deviation along the first axis over the last 200 steps: (smallest, largest).
fn first_sd_range(o: &Output) -> (f64, f64) {
    let n = last(o);
    (n - 200..=n)
        .map(|t| cov(o, t, 0)[(0, 0)].sqrt())
        .fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)))
}

/// "with 10 of the 60 rows and 4 Monte Carlo draws per step … that is VOGN (the badge) … the
/// dashed path is textbook VOGN given the same rows and draws, and the gap stays 0".
fn vogn_play(s: &Scene) {
    // "The RMSprop chapter's diagonal Gaussian"
    let rmsprop = step("rmsprop", 0);
    assert_eq!((s.family, s.hessian), (rmsprop.family, rmsprop.hessian));
    assert_eq!((s.batch, s.samples, s.estimator.name()), (10, 4, "mc"));
    assert_eq!(landscape(s).data().unwrap().data.len(), 60);
    let session = Session::new(s).unwrap();
    assert_eq!(
        session.reduces_to().map(|r| r.name),
        Some("variational online Gauss–Newton (VOGN)")
    );
    let o = run(s);
    all_ok(&o);
    assert!(
        o.steps[1..]
            .iter()
            .all(|st| st.batch.as_ref().unwrap().len() == 10)
    );
    assert_eq!(o.classic_name, Some("vogn"));
    assert_eq!(o.gap, Some(0.0));
}

/// "it stays axis-aligned … over the last 200 steps q's standard deviation along the first
/// axis ranges from 0.53 to 1.10. The mean ends within 0.5 of the most probable θ".
fn vogn_breathes(s: &Scene) {
    let o = run(s);
    all_ok(&o);
    assert!((0..=last(&o)).all(|t| cov(&o, t, 0)[(0, 1)] == 0.0));
    let (lo, hi) = first_sd_range(&o);
    assert_eq!(
        (format!("{lo:.2}"), format!("{hi:.2}")),
        ("0.53".into(), "1.10".into())
    );
    assert!(from_map(o.steps[last(&o)].components[0].mean) < 0.5);
}

/// "Every row at every step, so only the 4 draws are random … still VOGN on the dashed path
/// (the gap stays 0), and the ellipse varies less: … between 0.66 and 0.92".
fn vogn_every_row(s: &Scene) {
    assert_eq!((s.batch, s.samples), (0, 4));
    let session = Session::new(s).unwrap();
    assert_eq!(
        session.reduces_to().map(|r| r.name),
        Some("variational online Gauss–Newton (VOGN)")
    );
    let o = run(s);
    all_ok(&o);
    assert_eq!(o.gap, Some(0.0));
    let (lo, hi) = first_sd_range(&o);
    assert!(lo >= 0.66 && hi <= 0.92, "{lo} … {hi}");
    let (a, b) = first_sd_range(&run(&with(s, "batch=10")));
    assert!(hi - lo < b - a);
}

/// "Adam beside the same run … the gap grows above 1.5".
fn vogn_adam(s: &Scene) {
    let o = run(s);
    assert_eq!(o.classic_name, Some("adam"));
    assert!(o.gap.unwrap() > 1.5, "{:?}", o.gap);
    let vogn = run(&with(s, "compare=vogn"));
    assert!(
        (0..=last(&o)).all(|t| mean(&o, t, 0) == mean(&vogn, t, 0)),
        "the same run"
    );
}

const BEST: [f64; 2] = [1.0, -1.0];

/// The first step from which q puts more than `p` on the best corner (and keeps it).
fn holds_from(o: &Output, p: f64) -> Option<usize> {
    (0..o.steps.len()).find(|&t| (t..o.steps.len()).all(|u| corner_prob(o, u, BEST) > p))
}

/// "every corner is labelled with its loss ℓ̄ and its probability q(w) … the best corner, ringed,
/// is (+1, −1): ℓ̄ 0.124 against 1.37 at (+1, +1) … from step 140 on q puts more than 80% on
/// the best corner" (and the continuous minimum's signs).
fn bayesbinn_play(s: &Scene) {
    assert_eq!((s.family.name(), s.scale), ("bernoulli", 1.0));
    let l = landscape(s);
    assert!(l.eval(Vec2::new(0.25, 0.05)).grad.norm() < 1e-12);
    let f: serde_json::Value = serde_json::from_str(&Page::new(&s.to_query()).frame()).unwrap();
    let corners = f["bernoulli"]["corners"].as_array().unwrap();
    let at = |w: [f64; 2]| {
        corners
            .iter()
            .find(|c| c["w"] == serde_json::json!(w))
            .unwrap()
    };
    assert_eq!(corners.iter().filter(|c| c["best"] == true).count(), 1);
    assert_eq!(at(BEST)["best"], true);
    assert!(
        at(BEST)["label"]
            .as_str()
            .unwrap()
            .starts_with("ℓ̄ 0.124 · q ")
    );
    assert!(
        at([1.0, 1.0])["label"]
            .as_str()
            .unwrap()
            .starts_with("ℓ̄ 1.37 · q ")
    );
    let o = run(s);
    all_ok(&o);
    assert_eq!(
        Session::new(s).unwrap().reduces_to().map(|r| r.name),
        Some("BayesBiNN")
    );
    assert_eq!(holds_from(&o, 0.8), Some(140));
}

/// "The twin panel shows the same run in λ and in μ = tanh λ. The dashed path is the
/// straight-through estimator's latent weights r from the same start: … sign(r) sit on the
/// best corner at only 39 of its 301 iterates, and most often, at 154, on (+1, +1)".
fn bayesbinn_ste(s: &Scene) {
    let mut pg = Page::new(&s.to_query());
    let lambda0 = run(s).steps[0].components[0].lambda.unwrap();
    pg.step(300);
    let f: serde_json::Value = serde_json::from_str(&pg.frame()).unwrap();
    let twin = &f["bernoulli"]["twin"];
    assert!(
        twin["mu_label"]
            .as_str()
            .unwrap()
            .starts_with("μ = tanh λ = ")
    );
    let (b, path) = (
        twin["lambda_box"].as_f64().unwrap(),
        twin["lambda_path"].as_array().unwrap(),
    );
    for i in 0..2 {
        let u = 0.5 + 0.5 * lambda0[i] / b;
        assert!(
            (path[i].as_f64().unwrap() - u).abs() < 1e-6,
            "the run from its start"
        );
    }
    let o = run(s);
    assert_eq!(o.classic_name, Some("ste"));
    assert_eq!(o.classic.as_ref().unwrap()[0], s.init);
    let signs: Vec<[f64; 2]> = o
        .classic
        .as_ref()
        .unwrap()
        .iter()
        .map(|r| r.map(|v| if v < 0.0 { -1.0 } else { 1.0 }))
        .collect();
    let count = |w: [f64; 2]| signs.iter().filter(|s| **s == w).count();
    assert_eq!(signs.len(), 301);
    assert_eq!((count(BEST), count([1.0, 1.0])), (39, 154));
    assert!([[-1.0, -1.0], [-1.0, 1.0]].iter().all(|&w| count(w) < 154));
}

/// "τ = 1 (it was 0.3) … at step 300 no corner holds more than 0.31 of q's probability, and the
/// best one 0.26".
fn bayesbinn_hot(s: &Scene) {
    assert_eq!(s.tau, 1.0);
    assert_eq!(preset("bayesbinn", "").tau, 0.3);
    let o = run(s);
    all_ok(&o);
    assert_eq!(last(&o), 300);
    for w in [[1.0, 1.0], BEST, [-1.0, 1.0], [-1.0, -1.0]] {
        assert!(corner_prob(&o, 300, w) <= 0.31, "{w:?}");
    }
    assert_eq!(format!("{:.2}", corner_prob(&o, 300, BEST)), "0.26");
}

/// "The exact gradient, summed over the four corners … from step 78 on q puts more than 95% on
/// the best corner".
fn bayesbinn_exact(s: &Scene) {
    assert_eq!(s.estimator.name(), "exact");
    let o = run(s);
    all_ok(&o);
    assert_eq!(holds_from(&o, 0.95), Some(78));
}

/// "ρz = 0.5 … the rule is no longer EM (the badge goes) and leaves the dashed EM path (the gap
/// grows above 0.7). It reaches the same mode, but within 10⁻³ only from step 6 on instead of 3."
fn em_half_assignments(s: &Scene) {
    assert_eq!(s.lr_local, 0.5);
    assert!(Session::new(s).unwrap().reduces_to().is_none());
    let o = run(s);
    all_ok(&o);
    assert_eq!(o.classic_name, Some("em"));
    assert!(o.gap.unwrap() > 0.7, "{:?}", o.gap);
    let mode = mixture_mode(s);
    assert!((mean(&o, last(&o), 0) - mode).norm() < 1e-8);
    assert_eq!(settles(&o, mode, 1e-3), Some(6));
    assert_eq!(settles(&run(&with(s, "lr_local=1")), mode, 1e-3), Some(3));
}

/// The CAVI chapter: the preset's claims, and "q's variances settle at 1/Λᵢᵢ = 0.308 and 0.129,
/// less than half the true marginal variances 0.775 and 0.325 of the dashed target ellipse".
fn vmp_cavi(s: &Scene) {
    cavi_caption(s);
    assert_eq!(
        Session::new(s).unwrap().reduces_to().map(|r| r.name),
        Some("coordinate ascent VI (CAVI), i.e. variational message passing")
    );
    let o = run(s);
    let c = cov(&o, last(&o), 0);
    let f: serde_json::Value = serde_json::from_str(&Page::new(&s.to_query()).frame()).unwrap();
    assert!(
        !f["target_ellipses"].is_null(),
        "the target's ellipse is drawn"
    );
    let (_, lambda) = landscape(s).gaussian().unwrap();
    let truth = inverse(&lambda).unwrap();
    let v = |x: f64| format!("{x:.3}");
    assert_eq!(
        (v(c[(0, 0)]), v(c[(1, 1)])),
        ("0.308".into(), "0.129".into())
    );
    assert_eq!(
        (v(truth[(0, 0)]), v(truth[(1, 1)])),
        ("0.775".into(), "0.325".into())
    );
    for i in 0..2 {
        assert!(c[(i, i)] < 0.5 * truth[(i, i)]);
    }
}

/// The ratios ‖m_t‖/‖m_{t−1}‖ of the distance to the true mean (0, 0), t = 1 … 40.
fn shrink_factors(o: &Output) -> Vec<f64> {
    (1..=40)
        .map(|t| mean(o, t, 0).norm() / mean(o, t - 1, 0).norm())
        .collect()
}

/// "the ellipse settles the same, but the mean leaves the dashed CAVI path (the gap grows above
/// 0.6). Its distance to the true mean shrinks by 0.71 and 0.85 on alternate steps, where
/// CAVI's shrinks by 0.60 at every step after the first, so it needs about twice as many
/// steps".
fn vmp_parallel(s: &Scene) {
    assert_eq!(s.schedule.name(), "parallel");
    let o = run(s);
    all_ok(&o);
    let seq = run(&with(s, "schedule=sequential"));
    assert!(rel(&cov(&o, last(&o), 0), &cov(&seq, last(&seq), 0)) < 1e-12);
    assert_eq!(o.classic_name, Some("cavi"));
    assert!(o.gap.unwrap() > 0.6, "{:?}", o.gap);
    let f = shrink_factors(&o);
    let r = |x: f64| format!("{x:.2}");
    let (a, b) = (r(f[0]), r(f[1]));
    assert_eq!(
        BTreeSet::from([a.as_str(), b.as_str()]),
        BTreeSet::from(["0.71", "0.85"])
    );
    for (i, x) in f.iter().enumerate() {
        assert_eq!(&r(*x), if i % 2 == 0 { &a } else { &b }, "t = {}", i + 1);
    }
    let cavi = shrink_factors(&seq);
    assert!(cavi[1..].iter().all(|&x| r(x) == "0.60"), "{cavi:?}");
    assert_ne!(r(cavi[0]), "0.60", "not the first step");
    let twice = settles_at_zero(&o, 1e-3) as f64 / settles_at_zero(&seq, 1e-3) as f64;
    assert!((1.7..2.1).contains(&twice), "{twice}");
}

// ----- which text is checked by what ---------------------------------------------------------

type Check = (&'static str, fn());

const CHECKS: &[Check] = &[
    ("preset:gd", || {
        let s = preset("gd", "");
        gd_gap_zero(&s);
        gd_diverges_past_02(&with(&s, "lr=0.21"));
    }),
    ("preset:newton", || {
        let s = preset("newton", "");
        newton_six_steps(&s);
        newton_improved_leaves(&with(&s, "improved=true"));
    }),
    ("preset:laplace", || {
        let s = preset("laplace", "");
        laplace_average(&s);
        laplace_fixed_point(&s);
        laplace_rho_one(&with(&s, "lr=1"));
    }),
    ("preset:cavi", || cavi_caption(&preset("cavi", ""))),
    ("preset:bayesbinn", || {
        bayesbinn_caption(&preset("bayesbinn", ""))
    }),
    ("preset:sgd", || sgd_caption(&preset("sgd", ""))),
    ("preset:vogn", || vogn_caption(&preset("vogn", ""))),
    ("preset:em", || em_caption(&preset("em", ""))),
    ("preset:em-saddle", || {
        em_saddle_caption(&preset("em-saddle", ""))
    }),
    ("preset:svi", || svi_caption(&preset("svi", ""))),
    ("preset:ncvmp", || ncvmp_caption(&preset("ncvmp", ""))),
    ("preset:dropout", || dropout_caption(&preset("dropout", ""))),
    ("preset:kalman", || kalman_caption(&preset("kalman", ""))),
    ("tour:kalman:0", || kalman_one_step(&step("kalman", 0))),
    // "At every one of the 100 steps the predicted ellipse grows and the update shrinks it";
    // "0.38 … against 0.59"; "the gap … below 10⁻¹²"; "the rule is the Kalman filter".
    ("tour:kalman:1", || kalman_caption(&step("kalman", 1))),
    ("tour:kalman:2", || {
        let s = step("kalman", 2);
        // "behind it … in 97 of the 100 steps", "the gap … grows to 0.42"
        kalman_lag_caption(&s);
        // "The badge is gone"
        assert!(Session::new(&s).unwrap().reduces_to().is_none());
    }),
    ("preset:kalman-lag", || {
        kalman_lag_caption(&preset("kalman-lag", ""))
    }),
    ("preset:laplace-vs-vi", || {
        vi_apart(&preset("laplace-vs-vi", ""))
    }),
    ("preset:mixture", || {
        let s = preset("mixture", "");
        mixture_four(&s);
        mixture_weights(&s);
        mixture_six(&with(&s, "k=6"));
        mixture_two(&with(&s, "k=2"));
    }),
    ("preset:smoothing", || {
        let s = preset("smoothing", "");
        smoothing_origin(&s);
        smoothing_caught(&with(&s, "samples=64"));
    }),
    ("preset:improved", || {
        let s = preset("improved", "");
        improved_rolls(&s);
        improved_off_stops(&with(&s, "improved=false"));
    }),
    ("preset:rmsprop", || {
        let s = preset("rmsprop", "");
        ogn_gap_zero(&s);
        rmsprop_parts(&with(&s, "compare=rmsprop"));
    }),
    ("preset:adam", || adam_beside(&preset("adam", ""))),
    ("preset:ridge", || {
        let s = preset("ridge", "");
        ridge_one_step(&s);
        ridge_any_start(&with(&s, "init=2,-1"));
        ridge_contracts(&with(&s, "lr=0.5"));
    }),
    ("tour:gd:0", || gd_one_step(&step("gd", 0))),
    ("tour:gd:1", || gd_gap_zero(&step("gd", 1))),
    ("tour:gd:2", || gd_diverges_past_02(&step("gd", 2))),
    ("tour:newton:0", || newton_one_step(&step("newton", 0))),
    ("tour:newton:1", || newton_six_steps(&step("newton", 1))),
    ("tour:newton:2", || {
        newton_improved_leaves(&step("newton", 2))
    }),
    ("tour:laplace:0", || laplace_average(&step("laplace", 0))),
    ("tour:laplace:1", || {
        laplace_fixed_point(&step("laplace", 1))
    }),
    ("tour:laplace:2", || laplace_rho_one(&step("laplace", 2))),
    ("tour:vi:0", || vi_nodes(&step("vi", 0))),
    ("tour:vi:1", || vi_apart(&step("vi", 1))),
    ("tour:mixture:0", || mixture_four(&step("mixture", 0))),
    ("tour:mixture:1", || mixture_weights(&step("mixture", 1))),
    ("tour:mixture:2", || mixture_six(&step("mixture", 2))),
    ("tour:mixture:3", || mixture_two(&step("mixture", 3))),
    ("tour:smoothing:0", || {
        smoothing_origin(&step("smoothing", 0))
    }),
    ("tour:smoothing:1", || {
        smoothing_caught(&step("smoothing", 1))
    }),
    ("tour:improved:0", || improved_rolls(&step("improved", 0))),
    ("tour:improved:1", || {
        improved_off_stops(&step("improved", 1))
    }),
    ("tour:rmsprop:0", || ogn_gap_zero(&step("rmsprop", 0))),
    ("tour:rmsprop:1", || rmsprop_parts(&step("rmsprop", 1))),
    ("tour:rmsprop:2", || adam_beside(&step("rmsprop", 2))),
    ("tour:ridge:0", || ridge_one_step(&step("ridge", 0))),
    ("tour:ridge:1", || ridge_any_start(&step("ridge", 1))),
    ("tour:ridge:2", || ridge_contracts(&step("ridge", 2))),
    ("tour:sgd:0", || sgd_first_step(&step("sgd", 0))),
    ("tour:sgd:1", || sgd_jumps(&step("sgd", 1))),
    ("tour:sgd:2", || sgd_bigger_batches(&step("sgd", 2))),
    ("tour:sgd:3", || sgd_every_row(&step("sgd", 3))),
    ("tour:dropout:0", || dropout_walks(&step("dropout", 0))),
    ("tour:dropout:1", || dropout_half(&step("dropout", 1))),
    ("tour:dropout:2", || dropout_keep_all(&step("dropout", 2))),
    ("tour:dropout:3", || {
        dropout_random_masks(&step("dropout", 3))
    }),
    ("tour:vogn:0", || vogn_play(&step("vogn", 0))),
    ("tour:vogn:1", || vogn_breathes(&step("vogn", 1))),
    ("tour:vogn:2", || vogn_every_row(&step("vogn", 2))),
    ("tour:vogn:3", || vogn_adam(&step("vogn", 3))),
    ("tour:bayesbinn:0", || bayesbinn_play(&step("bayesbinn", 0))),
    ("tour:bayesbinn:1", || bayesbinn_ste(&step("bayesbinn", 1))),
    ("tour:bayesbinn:2", || bayesbinn_hot(&step("bayesbinn", 2))),
    ("tour:bayesbinn:3", || {
        bayesbinn_exact(&step("bayesbinn", 3))
    }),
    ("tour:em:0", || em_caption(&step("em", 0))),
    ("tour:em:1", || {
        let s = step("em", 1);
        // "EM stays there for all 30 steps"
        assert_eq!(s.steps(), 30);
        em_saddle(&s);
    }),
    ("tour:em:2", || em_half_assignments(&step("em", 2))),
    ("tour:em:3", || {
        let s = step("em", 3);
        // "Gauss–Hermite, gh = 2 … a fraction ρ = 0.1 of the way"
        assert_eq!((s.gh, s.lr, s.batch), (2, 0.1, 10));
        svi_caption(&s);
    }),
    ("tour:vmp:0", || vmp_cavi(&step("vmp", 0))),
    ("tour:vmp:1", || vmp_parallel(&step("vmp", 1))),
    ("tour:vmp:2", || {
        let s = step("vmp", 2);
        // "The same rule on logistic regression … Gauss–Hermite (gh = 10)"
        assert_eq!(
            (s.family.name(), s.schedule.name(), s.landscape.name()),
            ("diagonal", "sequential", "logistic")
        );
        ncvmp_cycles(&s);
    }),
    ("tour:vmp:3", || ncvmp_damped(&step("vmp", 3))),
];

#[test]
fn every_text_has_a_check() {
    let mut want: BTreeSet<String> = preset::all()
        .iter()
        .map(|p| format!("preset:{}", p.id))
        .collect();
    for c in tour::all() {
        for i in 0..c.steps.len() {
            want.insert(format!("tour:{}:{i}", c.id));
        }
    }
    let have: BTreeSet<String> = CHECKS.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(want, have, "one check per preset caption and per tour step");
}

#[test]
fn every_caption_claim_holds() {
    let mut failed = Vec::new();
    for (name, check) in CHECKS {
        if std::panic::catch_unwind(check).is_err() {
            failed.push(*name);
        }
    }
    assert!(failed.is_empty(), "claims that do not hold: {failed:?}");
}

#[test]
fn the_tour_follows_the_paper() {
    let ids: Vec<&str> = tour::all().iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "gd",
            "newton",
            "laplace",
            "vi",
            "mixture",
            "smoothing",
            "improved",
            "rmsprop",
            "ridge",
            "sgd",
            "dropout",
            "vogn",
            "bayesbinn",
            "kalman",
            "em",
            "vmp"
        ]
    );
    // README's sentence on the tour counts its chapters.
    let readme = include_str!("../README.md");
    assert!(readme.contains(&format!("in {} chapters", ids.len())));
    for c in tour::all() {
        assert!(!c.steps.is_empty(), "{}", c.id);
        for (i, s) in c.steps.iter().enumerate() {
            c.scene(i).unwrap_or_else(|e| panic!("{}:{i}: {e}", c.id));
            for word in ["SPEC", concat!("shared", "/"), "docs/", ".md"] {
                assert!(!s.text.contains(word), "{}:{i} cites {word}", c.id);
            }
        }
    }
}
