//! The benchmark workloads (src/bench.rs) at small sizes, each checksum against a direct
//! computation, so the suite behind BENCHMARKS.md cannot rot into timing the wrong thing.
//! Needs the cargo feature `bench`, which the crate's dev-dependency on itself turns on, so a
//! plain `cargo test --release` runs these.

use blr_playground::basins::{self, Method, Options};
use blr_playground::bench::{
    self, BasinsNewton, Density, QDensity, Raster, SceneStep, WORKLOADS, Workload,
};
use blr_playground::landscape::LandscapeKind;
use blr_playground::linalg::{Vec2, is_positive_definite};
use blr_playground::raster::LOG_Q_TOLERANCE;
use blr_playground::scene::Scene;
use blr_playground::session::Session;

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1.0)
}

/// Pixel centres written out independently of `bench::grid`.
fn centres(d: [f64; 4], n: usize) -> Vec<Vec2> {
    let mut v = Vec::new();
    for row in 0..n {
        for col in 0..n {
            v.push(Vec2::new(
                d[0] + (col as f64 + 0.5) * (d[1] - d[0]) / n as f64,
                d[3] - (row as f64 + 0.5) * (d[3] - d[2]) / n as f64,
            ));
        }
    }
    v
}

#[test]
fn grid_is_pixel_centres_row_major_top_first() {
    let d = bench::DENSITY_DOMAIN;
    let (xs, ys) = bench::grid(&d, 4);
    let want = centres([d.x[0], d.x[1], d.y[0], d.y[1]], 4);
    assert_eq!(xs.len(), 16);
    for (i, p) in want.iter().enumerate() {
        assert!(
            close(xs[i], p[0], 1e-15) && close(ys[i], p[1], 1e-15),
            "point {i}"
        );
    }
    assert!(ys[0] > ys[15], "row 0 is the top");
}

#[test]
fn raster_checksum_is_the_sum_of_scalar_values() {
    for kind in [
        LandscapeKind::Himmelblau,
        LandscapeKind::Rastrigin,
        LandscapeKind::Logistic,
    ] {
        let l = bench::landscape(kind);
        let d = l.domain();
        let direct: f64 = centres([d.x[0], d.x[1], d.y[0], d.y[1]], 24)
            .iter()
            .map(|&p| l.value(p))
            .sum();
        let mut w = Raster::new(kind, 24);
        let sum = w.run();
        assert!(close(sum, direct, 1e-12), "{kind:?}: {sum} vs {direct}");
        assert_eq!(w.values().len(), 24 * 24);
    }
}

#[test]
fn mixture_is_the_documented_one() {
    let q = bench::mixture_q(bench::K);
    assert_eq!(q.comps.len(), 8);
    assert_eq!(q.eta[7], 0.0);
    for (k, g) in q.comps.iter().enumerate() {
        assert!(is_positive_definite(&g.prec), "component {k}");
        assert!(close(g.mean.norm(), 3.0, 1e-15));
        assert_eq!(g.prec[(0, 0)], 1.0 + 0.25 * k as f64);
    }
    let w: f64 = q.weights().iter().sum();
    assert!(close(w, 1.0, 1e-15));
}

#[test]
fn density_checksum_is_the_sum_of_log_q() {
    let mut w = Density::new(bench::K, 20);
    let sum = w.run();
    let q = w.q().clone();
    let pi = q.weights();
    let d = bench::DENSITY_DOMAIN;
    let mut direct = 0.0;
    let mut scale = 0.0;
    for p in centres([d.x[0], d.x[1], d.y[0], d.y[1]], 20) {
        let dens: f64 = q
            .comps
            .iter()
            .zip(&pi)
            .map(|(g, w)| w * g.log_density(p).exp())
            .sum();
        direct += dens.ln();
        scale += dens.ln().abs().max(1.0);
    }
    assert!(
        (sum - direct).abs() <= LOG_Q_TOLERANCE * scale,
        "{sum} vs {direct}"
    );
}

#[test]
fn mixture_step_is_one_step_of_the_run_from_the_start_every_time() {
    let mut w = SceneStep::new(bench::K, 8);
    let a = w.run();
    let b = w.run();
    assert_eq!(a.to_bits(), b.to_bits(), "every iteration starts again");
    let mut run = Session::new(&bench::mixture_scene(bench::K, 8)).unwrap();
    assert_eq!(run.q(), w.initial());
    assert!(run.step());
    let q = run.q();
    let direct: f64 = q
        .comps
        .iter()
        .zip(&q.eta)
        .map(|(g, e)| g.mean.sum() + g.prec[(0, 0)] + g.prec[(0, 1)] + g.prec[(1, 1)] + e)
        .sum();
    assert_eq!(a.to_bits(), direct.to_bits(), "{a} vs {direct}");
    // The scene is the documented one.
    let s = run.scene();
    assert_eq!((s.k, s.samples, s.tau, s.lr), (8, 8, 0.1, 0.1));
    assert!(run.improved());
}

/// Workload 6: each scene is its paper row's preset without the comparator (presentation
/// keys aside), and the checksum is one step of that scene's session from the start, written
/// out from the new q.
#[test]
fn paper_row_steps_are_one_step_of_their_preset_scene() {
    let presets = [
        ("bernoulli-step", "bayesbinn"),
        ("kalman-step", "kalman"),
        ("em-step", "em"),
        ("dropout-step", "dropout"),
    ];
    assert_eq!(bench::STEP_SCENES.len(), presets.len());
    for ((name, query), (row, preset)) in bench::STEP_SCENES.iter().zip(presets) {
        assert_eq!(*name, row);
        assert!(WORKLOADS.contains(name), "{name} is timed");
        let scene = Scene::from_query(query).unwrap();
        let mut from_preset =
            Scene::from_query(&blr_playground::preset::find(preset).unwrap().state).unwrap();
        // What only the page shows or how long it runs, and the comparator.
        from_preset.steps = scene.steps;
        from_preset.speed = scene.speed;
        from_preset.view = scene.view;
        from_preset.surface = scene.surface;
        from_preset.compare = scene.compare;
        assert_eq!(from_preset, scene, "{name}");

        let mut w = Workload::new(name).unwrap();
        let (a, b) = (w.run(1), w.run(2));
        assert_eq!(
            a.to_bits(),
            b.to_bits(),
            "{name}: every iteration starts again"
        );
        let mut session = Session::new(&scene).unwrap();
        assert!(session.step(), "{name}");
        let q = session.q();
        let mut direct = 0.0;
        for (g, e) in q.comps.iter().zip(&q.eta) {
            direct += g.mean.sum() + g.prec[(0, 0)] + g.prec[(0, 1)] + g.prec[(1, 1)] + e;
        }
        if let Some(bern) = &q.bern {
            direct += bern.lambda[0] + bern.lambda[1];
        }
        assert_eq!(a.to_bits(), direct.to_bits(), "{name}: {a} vs {direct}");
    }
}

#[test]
fn basins_checksum_weights_the_counts() {
    let mut w = BasinsNewton::new(16, 100);
    let sum = w.run();
    let b = basins::basins(
        &Scene::from_query("landscape=himmelblau").unwrap(),
        Method::Newton,
        &Options {
            n: 16,
            steps: 100,
            tol: 0.01,
        },
    )
    .unwrap();
    let mut direct = 0.0;
    for &l in &b.labels {
        if l >= 0 {
            direct += (l + 1) as f64;
        }
    }
    assert_eq!(sum, direct);
    assert_eq!(w.counts(), (b.counts.as_slice(), b.none));
    assert!(b.counts.iter().sum::<usize>() > 0);
}

#[test]
fn every_named_workload_builds_and_unknown_names_do_not() {
    for name in WORKLOADS.iter().chain(&["mixture-step-check"]) {
        assert!(Workload::new(name).is_some(), "{name}");
    }
    assert!(Workload::new("raster-nope").is_none());
    // run(iters) repeats the work and returns the checksum of the last repetition.
    let mut w = Workload::new("mixture-step").unwrap();
    let (a, b) = (w.run(1), w.run(3));
    assert!(a.is_finite() && a == b);
}

#[test]
fn q_density_picture_follows_log_q_and_the_frame_components() {
    let q = bench::mixture_q(bench::K);
    // The frame's components: weight, mean, covariance.
    let mut flat = Vec::new();
    for (g, w) in q.comps.iter().zip(q.weights()) {
        let c = g.cov().unwrap();
        flat.extend([w, g.mean[0], g.mean[1], c[(0, 0)], c[(0, 1)], c[(1, 1)]]);
    }
    let back = bench::q_from_components(&flat).unwrap();
    assert!(bench::q_from_components(&flat[..5]).is_none());
    let mut pic = QDensity::new(32);
    let top = pic.update(&back);
    let v = pic.log_q();
    assert_eq!(v.len(), 32 * 32);
    assert_eq!(top, v.iter().copied().fold(f64::NEG_INFINITY, f64::max));
    let at = v.iter().position(|&x| x == top).unwrap();
    assert_eq!(&pic.rgba()[4 * at..4 * at + 4], &[120, 220, 255, 255]);
    // The same q as the original (covariance round trip, log weights up to a constant).
    let mut orig = QDensity::new(32);
    orig.update(&q);
    for (a, b) in orig.log_q().iter().zip(v) {
        assert!(close(*a, *b, 1e-7), "{a} vs {b}");
    }
}
