//! Basins of attraction (src/basins.rs) against known answers.

use blr_playground::basins::{Basins, Job, Method, NONE, Options, basins, pixel_centre};
use blr_playground::classic::{Classic, ClassicHyper, ClassicKind};
use blr_playground::landscape::{Landscape, LandscapeKind};
use blr_playground::linalg::{Vec2, is_positive_definite};
use blr_playground::scene::Scene;
use blr_playground::session::Session;

fn scene(q: &str) -> Scene {
    Scene::from_query(q).unwrap()
}

fn run(q: &str, method: Method, opts: &Options) -> Basins {
    let b = basins(&scene(q), method, opts).unwrap();
    assert_eq!(b.labels.len(), opts.n * opts.n);
    assert_eq!(b.counts.iter().sum::<usize>() + b.none, b.labels.len());
    assert_eq!(
        b.labels.iter().filter(|&&l| l == NONE).count(),
        b.none,
        "none count"
    );
    b
}

/// The (row, col) of the pixel containing θ.
fn pixel_of(b: &Basins, p: Vec2) -> (usize, usize) {
    let d = b.domain;
    let n = b.n as f64;
    let col = ((p[0] - d.x[0]) / (d.x[1] - d.x[0]) * n).floor() as usize;
    let row = ((d.y[1] - p[1]) / (d.y[1] - d.y[0]) * n).floor() as usize;
    (row, col)
}

#[test]
fn pixel_centres_cover_the_domain_top_row_first() {
    let b = run(
        "landscape=himmelblau",
        Method::Newton,
        &Options {
            n: 4,
            steps: 1,
            tol: 0.01,
        },
    );
    assert_eq!(b.start(0, 0), Vec2::new(-3.75, 3.75));
    assert_eq!(b.start(3, 3), Vec2::new(3.75, -3.75));
    assert_eq!(pixel_of(&b, Vec2::new(-3.75, 3.75)), (0, 0));
    assert_eq!(pixel_centre(&b.domain, 4, 1, 2), Vec2::new(1.25, 1.25));
}

#[test]
fn himmelblau_minima_label_their_own_pixels_for_every_method() {
    let opts = Options::default();
    for method in Method::ALL {
        let b = run("landscape=himmelblau", method, &opts);
        assert_eq!(b.minima.len(), 4);
        for (k, m) in b.minima.iter().enumerate() {
            let (row, col) = pixel_of(&b, m.at);
            assert_eq!(
                b.labels[row * b.n + col],
                k as i16,
                "{}: minimum {k} at {:?}, pixel ({row}, {col})",
                method.name(),
                m.at
            );
        }
    }
}

#[test]
fn gradient_descent_with_a_small_step_finds_the_quadratic_minimum_from_everywhere() {
    // cond = 10: step 0.1 < 2/10 is stable; 100 steps shrink the slowest direction by 0.9¹⁰⁰.
    let b = run(
        "landscape=quadratic&cond=10&angle=30&lr=0.1&cov0=1",
        Method::Gd,
        &Options::default(),
    );
    assert_eq!(b.counts, vec![128 * 128]);
    assert!(b.labels.iter().all(|&l| l == 0));
}

#[test]
fn newton_lands_on_the_quadratic_minimum_in_one_step_from_everywhere() {
    let one = Options {
        n: 128,
        steps: 1,
        // Rounding only: 1e-12 of the diagonal.
        tol: 1e-12,
    };
    for q in [
        "landscape=quadratic&cond=10&angle=30",
        "landscape=quadratic&cond=1000&angle=-70",
    ] {
        let b = run(q, Method::Newton, &one);
        assert_eq!(b.counts, vec![128 * 128], "{q}");
    }
}

#[test]
fn newton_stops_at_saddles_and_the_maximum_of_himmelblau_where_descent_does_not() {
    let q = "landscape=himmelblau";
    let opts = Options::default();
    let gd = run(q, Method::Gd, &opts);
    let newton = run(q, Method::Newton, &opts);
    let rule = run(q, Method::Rule, &opts);
    // Measured: gradient descent (step 0.01) 0.0000, Newton 0.4227, the rule (ρ = 0.1,
    // τ = 1, improved) 0.0000.
    assert!(gd.fraction_none() <= 0.005, "gd {}", gd.fraction_none());
    assert!(
        rule.fraction_none() <= 0.005,
        "rule {}",
        rule.fraction_none()
    );
    assert!(
        (0.37..=0.47).contains(&newton.fraction_none()),
        "newton {}",
        newton.fraction_none()
    );
    assert!(newton.fraction_none() > gd.fraction_none() + 0.3);
    // Each basin holds a sizeable share for every method.
    for b in [&gd, &newton, &rule] {
        for k in 0..4 {
            assert!(b.fraction(k) > 0.1, "minimum {k}: {}", b.fraction(k));
        }
    }
    // Newton's "none" starts did not diverge: they converged to stationary points that are
    // not minima (Himmelblau has four saddles and one maximum). Check a sample by iterating
    // the textbook Newton's method from those pixels.
    assert_eq!(newton.stopped, 0);
    let l = Landscape::new(LandscapeKind::Himmelblau, &scene(q).params()).unwrap();
    let h = ClassicHyper {
        lr: 1.0,
        cov0: 1.0,
        tau: 1.0,
        scale: 1.0,
    };
    let none: Vec<usize> = (0..newton.labels.len())
        .filter(|&i| newton.labels[i] == NONE)
        .collect();
    for &i in none.iter().step_by(97) {
        let mut c = Classic::new(ClassicKind::Newton, newton.start(i / 128, i % 128), 1.0, 1);
        for _ in 0..100 {
            c.step(&l, &h, (&[], &[])).unwrap();
        }
        let e = l.eval(c.theta);
        assert!(e.grad.norm() < 1e-8, "pixel {i}: ended at {:?}", c.theta);
        assert!(
            !is_positive_definite(&e.hess),
            "pixel {i}: {:?} is a minimum",
            c.theta
        );
    }
}

#[test]
fn every_pixel_is_the_run_from_that_start() {
    // The rule from a pixel is the scene's run from that pixel's centre: same label.
    let small = Options {
        n: 12,
        steps: 60,
        tol: 0.01,
    };
    for q in [
        "landscape=himmelblau&estimator=delta",
        "landscape=himmelblau&estimator=mc&samples=6&seed=3",
        "landscape=six-hump-camel&estimator=unscented&lr=0.2",
        "landscape=himmelblau&estimator=gauss-hermite&gh=3&hessian=stein",
    ] {
        let b = run(q, Method::Rule, &small);
        let reach = 0.01 * (b.domain.x[1] - b.domain.x[0]).hypot(b.domain.y[1] - b.domain.y[0]);
        for i in 0..b.labels.len() {
            let p = b.start(i / small.n, i % small.n);
            let mut s = scene(q);
            s.family = blr_playground::family::FamilyKind::Full;
            s.improved = Some(true);
            s.init = [p[0], p[1]];
            s.steps = Some(small.steps);
            let out = Session::trajectory(&s).unwrap();
            let last = out.steps.last().unwrap();
            let m = Vec2::from(last.components[0].mean);
            let want = if last.status != "ok" {
                NONE
            } else {
                b.minima
                    .iter()
                    .position(|min| (min.at - m).norm() <= reach)
                    .map_or(NONE, |k| k as i16)
            };
            assert_eq!(
                b.labels[i], want,
                "{q}: pixel {i} from {p:?} ended at {m:?}"
            );
        }
    }
}

#[test]
fn the_same_scene_gives_the_same_labels() {
    let opts = Options {
        n: 40,
        steps: 50,
        tol: 0.01,
    };
    for q in [
        "landscape=himmelblau",
        "landscape=himmelblau&estimator=mc&samples=8&seed=7",
        "landscape=branin&lr=0.3&cov0=0.05",
    ] {
        for method in Method::ALL {
            let a = run(q, method, &opts);
            let b = run(q, method, &opts);
            assert_eq!(a, b, "{q} {}", method.name());
        }
    }
    // A different seed moves some Monte Carlo starts.
    let a = run("estimator=mc&samples=2&seed=1&lr=0.5", Method::Rule, &opts);
    let b = run("estimator=mc&samples=2&seed=2&lr=0.5", Method::Rule, &opts);
    assert_ne!(a.labels, b.labels);
}

#[test]
fn formulas_have_no_known_minima_and_bad_scenes_are_refused() {
    let b = run(
        "landscape=expr&expr=x^2%2By^2",
        Method::Newton,
        &Options {
            n: 8,
            steps: 5,
            tol: 0.01,
        },
    );
    assert!(b.minima.is_empty() && b.none == 64);
    let bad = scene("landscape=rastrigin&hessian=gauss-newton");
    let e = basins(&bad, Method::Rule, &Options::default()).unwrap_err();
    assert_eq!(e.key, "hessian");
    assert_eq!(Method::from_name("newton"), Some(Method::Newton));
    assert_eq!(Method::from_name("adam"), None);
}

#[test]
fn a_job_advanced_in_small_pieces_gives_the_same_picture() {
    // The page spends a few milliseconds a frame on a picture: however the work is split
    // (here 1 to 997 evaluations a call, fewer than one start's Monte Carlo step at times),
    // every start follows its own iteration and the labels are the same bits.
    let opts = Options {
        n: 12,
        steps: 40,
        tol: 0.01,
    };
    for (q, method) in [
        ("landscape=himmelblau", Method::Newton),
        ("landscape=six-hump-camel&lr=0.05", Method::Gd),
        (
            "landscape=himmelblau&estimator=mc&samples=7&tau=0.5",
            Method::Rule,
        ),
        (
            "landscape=rastrigin&estimator=gauss-hermite&gh=3",
            Method::Rule,
        ),
    ] {
        let whole = run(q, method, &opts);
        for evals in [1, 13, 997] {
            let mut job = Job::new(&scene(q), method, &opts).unwrap();
            let mut progress = job.progress();
            assert_eq!(progress, 0.0);
            let mut calls = 0;
            while !job.advance(evals) {
                let p = job.progress();
                assert!((progress..=1.0).contains(&p), "{q}: {progress} → {p}");
                progress = p;
                calls += 1;
            }
            assert_eq!(job.progress(), 1.0);
            if evals < opts.n * opts.n {
                assert!(
                    calls > 1,
                    "{q} with {evals} evaluations a call: {calls} calls"
                );
            }
            assert_eq!(job.finish(), whole, "{q} with {evals} evaluations a call");
        }
    }
}
