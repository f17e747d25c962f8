//! Known-answer tests of the pictures: pixel ↔ world, where the heatmap is darkest, the target
//! shade's monotonicity, contours of ½(x² + y²) on circles, ellipses and density contours of a
//! Gaussian on the Mahalanobis levels, and the text alternative. The vectorised hot paths are
//! checked against straightforward references written here: the fast exp and log against std
//! to their stated bounds, q's log-density against the exact log-sum-exp at every point of a
//! 512² grid, the colour map against the per-pixel std formula (the same entry, or one step
//! away next to a rounding tie), marching squares against the per-edge loop (the same bits).

use blr_playground::basins::{self, Basins, Method, NONE};
use blr_playground::family::{FamilyKind, Gaussian, Q};
use blr_playground::landscape::F64x4;
use blr_playground::landscape::{Domain, Landscape, LandscapeKind, Params};
use blr_playground::linalg::{Mat2, Vec2, inverse};
use blr_playground::raster::{
    self, BASIN_ALPHA, BASIN_COLOURS, BASIN_NONE, EXP_FAST_TOLERANCE, Field, Heatmap, HeatmapJob,
    LN_FAST_TOLERANCE, LOG_Q_TOLERANCE, NON_FINITE, Shade, VIRIDIS, View, contour,
    density_contours, describe, ellipse, exp_fast, ln_fast, log_q, log_q_pixels,
};
use blr_playground::run::Component;
use blr_playground::scene::Scene;

fn landscape(kind: LandscapeKind, cond: f64, expr: &str) -> Landscape {
    let params = Params {
        cond,
        angle: 0.0,
        expr: expr.into(),
        ..Params::default()
    };
    Landscape::new(kind, &params).unwrap()
}

fn domain(x0: f64, x1: f64, y0: f64, y1: f64) -> Domain {
    Domain {
        x: [x0, x1],
        y: [y0, y1],
    }
}

/// The table index of each pixel's colour (None for the non-finite colour).
fn indices(heat: &Heatmap) -> Vec<Option<usize>> {
    heat.rgba()
        .chunks_exact(4)
        .map(|p| {
            assert_eq!(p[3], 255);
            let rgb = [p[0], p[1], p[2]];
            if rgb == NON_FINITE {
                return None;
            }
            Some(
                VIRIDIS
                    .iter()
                    .position(|c| *c == rgb)
                    .expect("a viridis colour"),
            )
        })
        .collect()
}

/// Segment endpoints in world coordinates.
fn world_points(view: &View, segs: &[f32]) -> Vec<Vec2> {
    assert_eq!(segs.len() % 4, 0);
    segs.chunks_exact(2)
        .map(|p| {
            let [x, y] = view.to_world([p[0] as f64, p[1] as f64]);
            Vec2::new(x, y)
        })
        .collect()
}

#[test]
fn pixels_and_world_round_trip_with_one_scale() {
    // A 2:1 window on a 300×100 canvas is widened in x to 3:1, about its centre.
    let v = View::fit(domain(-2.0, 2.0, 0.0, 2.0), 300, 100);
    assert_eq!(v.window.y, [0.0, 2.0]);
    assert!((v.window.x[0] + 3.0).abs() < 1e-12 && (v.window.x[1] - 3.0).abs() < 1e-12);
    assert!((v.scale() - 50.0).abs() < 1e-12);
    // Top-left pixel corner is (x0, y1); bottom-right is (x1, y0): y points up in the world.
    assert_eq!(v.to_px([-3.0, 2.0]), [0.0, 0.0]);
    let br = v.to_px([3.0, 0.0]);
    assert!((br[0] - 300.0).abs() < 1e-9 && (br[1] - 100.0).abs() < 1e-9);
    // A tall canvas widens y instead, and the requested window is always inside.
    let t = View::fit(domain(-1.0, 1.0, -1.0, 1.0), 100, 400);
    assert_eq!(t.window.x, [-1.0, 1.0]);
    assert!((t.window.y[1] - 4.0).abs() < 1e-12);
    for (i, p) in [[0.3, -0.7], [-2.9, 1.99], [1e3, -1e3], [0.0, 0.0]]
        .into_iter()
        .enumerate()
    {
        for view in [v, t] {
            let back = view.to_world(view.to_px(p));
            assert!(
                (back[0] - p[0]).abs() < 1e-9 && (back[1] - p[1]).abs() < 1e-9,
                "{i}"
            );
            let px = [17.25 * i as f64, 3.5 * i as f64];
            let again = view.to_px(view.to_world(px));
            assert!((again[0] - px[0]).abs() < 1e-9 && (again[1] - px[1]).abs() < 1e-9);
        }
    }
}

/// World centres of the pixels that have the heatmap's darkest colour, and the view.
fn darkest(l: &Landscape, w: usize, h: usize) -> (View, Vec<Vec2>) {
    let view = View::fit(l.domain(), w, h);
    let heat = Heatmap::new(l, view, Shade::Loss);
    assert_eq!(heat.rgba().len(), w * h * 4);
    let idx = indices(&heat);
    let min = idx.iter().flatten().min().copied();
    let pts = (0..w * h)
        .filter(|&k| idx[k] == min)
        .map(|k| {
            let [x, y] = view.to_world([(k % w) as f64 + 0.5, (k / w) as f64 + 0.5]);
            Vec2::new(x, y)
        })
        .collect();
    (view, pts)
}

#[test]
fn darkest_pixels_sit_on_a_global_minimum() {
    for kind in [
        LandscapeKind::Quadratic,
        LandscapeKind::Himmelblau,
        LandscapeKind::SixHumpCamel,
        LandscapeKind::StyblinskiTang,
        LandscapeKind::Branin,
        LandscapeKind::Rastrigin,
        LandscapeKind::Ackley,
    ] {
        let l = landscape(kind, 10.0, "");
        let (view, pts) = darkest(&l, 161, 121);
        let minima = l.minima();
        let global: Vec<Vec2> = minima
            .iter()
            .filter(|m| m.value <= minima[0].value + 1e-9)
            .map(|m| m.at)
            .collect();
        assert!(!pts.is_empty());
        // Every pixel of the darkest colour is within two pixels of a global minimum.
        for p in pts {
            let d = global
                .iter()
                .map(|m| (m - p).norm())
                .fold(f64::INFINITY, f64::min);
            assert!(
                d * view.scale() <= 2.0,
                "{kind:?}: darkest pixel {p:?} is {d} away"
            );
        }
    }
    // Rosenbrock's valley floor (1 − x)² is flatter than one colour step for several pixels
    // either side of (1, 1), and thinner than a pixel across: the darkest pixels lie along the
    // floor y ≈ x² near x = 1, which is what the picture should show.
    let l = landscape(LandscapeKind::Rosenbrock, 10.0, "");
    let (view, pts) = darkest(&l, 161, 121);
    assert!(!pts.is_empty());
    for p in pts {
        assert!((p[0] - 1.0).abs() < 0.2, "{p:?}");
        assert!((p[1] - p[0] * p[0]).abs() * view.scale() < 1.0, "{p:?}");
    }
}

#[test]
fn target_shade_is_monotone_decreasing_in_the_loss_and_recolouring_is_pure() {
    let l = landscape(LandscapeKind::Himmelblau, 10.0, "");
    let view = View::fit(l.domain(), 90, 90);
    let mut heat = Heatmap::new(&l, view, Shade::Loss);
    let loss_colours = heat.rgba().to_vec();
    heat.recolour(Shade::Target { tau: 20.0 });
    let idx = indices(&heat);
    let mut pairs: Vec<(f64, usize)> = heat
        .values()
        .iter()
        .zip(&idx)
        .map(|(&v, i)| (v, i.unwrap()))
        .collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(pairs.windows(2).all(|w| w[1].1 <= w[0].1));
    // Brightest near the minima (p ≈ 1), darkest far away (p ≈ 0).
    assert!(pairs[0].1 >= 250 && pairs.last().unwrap().1 == 0);
    // Back to the loss shade gives the same bytes: colours depend on stored values only.
    heat.recolour(Shade::Loss);
    assert_eq!(heat.rgba(), &loss_colours[..]);
}

#[test]
fn non_finite_values_get_the_neutral_colour() {
    // log(x) is NaN for x < 0 (and −inf at 0): exactly the left half of the canvas is grey.
    let l = landscape(LandscapeKind::Expr, 1.0, "log(x) + y^2");
    let view = View::fit(domain(-1.0, 1.0, -1.0, 1.0), 40, 40);
    let heat = Heatmap::new(&l, view, Shade::Loss);
    for (k, i) in indices(&heat).iter().enumerate() {
        assert_eq!(i.is_none(), k % 40 < 20, "pixel {k}");
    }
    assert!(!heat.contours().is_empty());
}

#[test]
fn contours_of_half_r_squared_are_circles() {
    // cond = 1, angle = 0: ℓ̄ = ½(x² + y²), whose level c is the circle of radius √(2c).
    let l = landscape(LandscapeKind::Quadratic, 1.0, "");
    let view = View::fit(domain(-3.0, 3.0, -3.0, 3.0), 240, 240);
    let heat = Heatmap::new(&l, view, Shade::Loss);
    let h = 1.0 / view.scale();
    for c in [0.02, 0.5, 1.0, 2.0, 4.0] {
        let mut segs = Vec::new();
        contour(&heat.field(1), c, &mut segs);
        let r = (2.0 * c).sqrt();
        let pts = world_points(&view, &segs);
        for p in &pts {
            // Linear interpolation of a quadratic: error ≲ h²/r.
            assert!(
                (p.norm() - r).abs() < h * h / r + 1e-5,
                "c = {c}: |p| = {}",
                p.norm()
            );
        }
        // The segments close up into the whole circle: total length 2πr to within 0.5%.
        let len: f64 = pts.chunks_exact(2).map(|s| (s[1] - s[0]).norm()).sum();
        assert!(
            (len / (std::f64::consts::TAU * r) - 1.0).abs() < 5e-3,
            "c = {c}"
        );
    }
    // The drawn contours (coarser grid) lie on the circles of the log-spaced levels.
    let levels = heat.levels();
    assert_eq!(levels.len(), raster::LEVELS);
    assert!(levels.windows(2).all(|w| w[1] / w[0] > 1.3), "{levels:?}");
    let radii: Vec<f64> = levels.iter().map(|c| (2.0 * c).sqrt()).collect();
    let coarse = raster::CONTOUR_STRIDE as f64 * h;
    let segs = heat.contours();
    assert!(!segs.is_empty());
    for p in world_points(&view, &segs) {
        let d = radii
            .iter()
            .map(|r| (p.norm() - r).abs())
            .fold(f64::INFINITY, f64::min);
        assert!(d < coarse * coarse / radii[0] + 1e-5, "{p:?} is {d} off");
    }
}

fn correlated() -> Gaussian {
    let cov = Mat2::new(0.8, -0.3, -0.3, 0.25);
    Gaussian {
        mean: Vec2::new(0.4, -0.6),
        prec: inverse(&cov).unwrap(),
    }
}

#[test]
fn ellipses_are_the_mahalanobis_levels() {
    let g = correlated();
    let view = View::fit(domain(-2.0, 2.0, -2.0, 2.0), 500, 500);
    for r in [1.0, 2.0] {
        let pts = ellipse(&g, r, 64);
        assert_eq!(pts.len(), 64);
        for p in &pts {
            let d = Vec2::new(p[0], p[1]) - g.mean;
            assert!((d.dot(&(g.prec * d)) - r * r).abs() < 1e-12);
        }
        // Through the canvas (f32 pixels) and back: still on the ellipse.
        for p in world_points(&view, &view.polyline(pts)) {
            let d = p - g.mean;
            assert!((d.dot(&(g.prec * d)).sqrt() - r).abs() < 1e-4);
        }
    }
    let broken = Gaussian {
        mean: Vec2::zeros(),
        prec: Mat2::new(1.0, 2.0, 2.0, 1.0),
    };
    assert!(ellipse(&broken, 1.0, 64).is_empty());
}

#[test]
fn density_contours_of_one_gaussian_are_its_1_2_3_sigma_ellipses() {
    let view = View::fit(domain(-3.0, 3.0, -3.0, 3.0), 400, 300);
    // A wide one, and a narrow one a few pixels across (the grid follows q).
    for (g, tol) in [
        (correlated(), 0.01),
        (
            Gaussian {
                mean: Vec2::new(1.0, 1.0),
                prec: Mat2::new(4e4, 0.0, 0.0, 1e4),
            },
            0.02,
        ),
    ] {
        let q = Q {
            kind: FamilyKind::Full,
            comps: vec![g],
            eta: vec![0.0],
            bern: None,
        };
        let segs = density_contours(&q, &view);
        let mut seen = [false; 3];
        for p in world_points(&view, &segs) {
            let d = p - g.mean;
            let m = d.dot(&(g.prec * d)).sqrt();
            let r = m.round();
            assert!((1.0..=3.0).contains(&r) && (m - r).abs() < tol, "{m}");
            seen[r as usize - 1] = true;
        }
        assert_eq!(seen, [true; 3]);
    }
    // A mixture far off the canvas draws nothing.
    let off = Q {
        kind: FamilyKind::Mixture,
        comps: vec![Gaussian {
            mean: Vec2::new(50.0, 50.0),
            prec: Mat2::identity(),
        }],
        eta: vec![0.0],
        bern: None,
    };
    assert!(density_contours(&off, &view).is_empty());
}

#[test]
fn text_alternative_states_q_to_three_significant_digits() {
    let c = |weight, mean, cov| Component {
        weight,
        mean,
        cov,
        lambda: None,
    };
    assert_eq!(
        describe(
            FamilyKind::Full,
            &[c(1.0, [1.0, 1.0], [[0.5, 0.1], [0.1, 0.2]])]
        ),
        "q is a Gaussian with mean (1.00, 1.00) and covariance [[0.500, 0.100], [0.100, 0.200]]."
    );
    assert_eq!(
        describe(
            FamilyKind::Mixture,
            &[
                c(0.25, [-2.805118, 3.1313], [[1e-5, 0.0], [0.0, 12345.6]]),
                c(0.75, [9.996, -0.0012345], [[2.0, -1.0], [-1.0, 3.0]]),
            ]
        ),
        "q is a mixture of 2 Gaussians. \
         Component 1: weight 0.250, mean (-2.81, 3.13) and covariance [[1.00e-5, 0], [0, 1.23e4]]. \
         Component 2: weight 0.750, mean (10.0, -0.00123) and covariance [[2.00, -1.00], [-1.00, 3.00]]."
    );
    assert!(
        describe(
            FamilyKind::Fixed,
            &[c(1.0, [0.0, 0.0], [[1.0, 0.0], [0.0, 1.0]])]
        )
        .starts_with("q is a Gaussian (covariance fixed) with mean (0, 0)")
    );
}

// ------------------------------------------------------------------------------------------
// The vectorised hot paths against straightforward references.

/// SplitMix64: a small deterministic generator for test inputs.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [lo, hi).
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// f applied lane-wise to `xs` (a multiple of 4 long).
fn lanes(xs: &[f64], f: impl Fn(F64x4) -> F64x4) -> Vec<f64> {
    xs.chunks_exact(4)
        .flat_map(|c| f(F64x4::load(c)).to_array())
        .collect()
}

#[test]
fn fast_exp_is_within_its_relative_bound() {
    let mut rng = Mix(7);
    let mut xs: Vec<f64> = (0..2_000_000)
        .map(|_| rng.uniform(-708.0, 709.78))
        .collect();
    // Dense near 0 (the density's terms), and the reduction's boundaries ±ln2/2 + k·ln 2.
    xs.extend((0..400_000).map(|i| -40.0 * i as f64 / 400_000.0));
    xs.extend((-20..20).flat_map(|k| {
        let b = (k as f64 + 0.5) * std::f64::consts::LN_2;
        [b.next_down(), b, b.next_up()]
    }));
    xs.extend([0.0, -0.0, 1.0, -1.0, -708.0, 709.78, 709.0]);
    while !xs.len().is_multiple_of(4) {
        xs.push(0.5);
    }
    let ys = lanes(&xs, exp_fast);
    let mut worst = 0.0f64;
    for (&x, &y) in xs.iter().zip(&ys) {
        let e = x.exp();
        let rel = (y - e).abs() / e;
        assert!(
            rel <= EXP_FAST_TOLERANCE,
            "exp_fast({x}) = {y}, exp = {e}: {rel:e}"
        );
        worst = worst.max(rel);
    }
    println!(
        "exp_fast: worst relative error {worst:.3e} over {} points",
        xs.len()
    );
    assert_eq!(lanes(&[0.0; 4], exp_fast), [1.0; 4]);
    // Outside the range: 0 below −708, +∞ above 709.78, NaN stays NaN.
    let special = lanes(
        &[
            -709.0,
            f64::NEG_INFINITY,
            710.0,
            f64::INFINITY,
            f64::NAN,
            -1e300,
            1e300,
            -800.0,
        ],
        exp_fast,
    );
    assert_eq!(special[..2], [0.0, 0.0]);
    assert_eq!(special[2..4], [f64::INFINITY; 2]);
    assert!(special[4].is_nan());
    assert_eq!(special[5..], [0.0, f64::INFINITY, 0.0]);
}

#[test]
fn fast_log_is_within_its_absolute_bound() {
    let mut rng = Mix(11);
    // Log-uniform over the normal range, and uniform over the colour map's [1, 1 + 1e4].
    let mut xs: Vec<f64> = (0..1_000_000)
        .map(|_| 10f64.powf(rng.uniform(-307.0, 308.0)))
        .collect();
    xs.extend((0..1_000_000).map(|_| rng.uniform(1.0, 10_001.0)));
    xs.extend([
        1.0,
        1.0f64.next_up(),
        std::f64::consts::SQRT_2,
        2.0,
        f64::MIN_POSITIVE,
    ]);
    xs.extend([f64::MAX, 0.5, 3.0]);
    let ys = lanes(&xs, ln_fast);
    let mut worst = 0.0f64;
    for (&x, &y) in xs.iter().zip(&ys) {
        let err = (y - x.ln()).abs();
        assert!(
            err <= LN_FAST_TOLERANCE,
            "ln_fast({x}) = {y}, ln = {}: {err:e}",
            x.ln()
        );
        worst = worst.max(err);
    }
    println!(
        "ln_fast: worst absolute error {worst:.3e} over {} points",
        xs.len()
    );
}

/// A mixture of k Gaussians spread over [−4, 4]², with correlated and very unequal
/// covariances and unequal weights.
fn mixture(k: usize) -> Q {
    let comps = (0..k)
        .map(|i| {
            let a = i as f64 * 2.4;
            let r = 0.5 + 3.0 * (i as f64 / k.max(1) as f64);
            let (s1, s2) = (0.05 + 0.3 * (i % 3) as f64, 0.02 + 0.5 * (i % 4) as f64);
            let rho = 0.8 * ((i as f64) * 1.3).sin();
            let c = (s1 * s2).sqrt() * rho;
            Gaussian {
                mean: Vec2::new(r * a.cos(), r * a.sin()),
                prec: inverse(&Mat2::new(s1, c, c, s2)).unwrap(),
            }
        })
        .collect();
    Q {
        kind: if k == 1 {
            FamilyKind::Full
        } else {
            FamilyKind::Mixture
        },
        comps,
        eta: (0..k).map(|i| 0.7 * (i as f64 * 0.9).cos()).collect(),
        bern: None,
    }
}

/// The exact log q(θ) = log Σ πₖ N(θ; mₖ, Sₖ⁻¹), straightforwardly: std's exp and ln around
/// the largest term.
fn log_q_reference(q: &Q, x: f64, y: f64) -> f64 {
    let t: Vec<f64> = q
        .comps
        .iter()
        .zip(q.log_weights())
        .map(|(g, lw)| lw + g.log_density(Vec2::new(x, y)))
        .collect();
    let top = t.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if top == f64::NEG_INFINITY {
        return top;
    }
    top + t.iter().map(|v| (v - top).exp()).sum::<f64>().ln()
}

#[test]
fn log_q_matches_the_exact_log_sum_exp_at_every_grid_point() {
    let view = View::fit(domain(-6.0, 6.0, -6.0, 6.0), 512, 512);
    let (w, h) = (view.w, view.h);
    let mut xs = Vec::with_capacity(w * h);
    let mut ys = Vec::with_capacity(w * h);
    for j in 0..h {
        for i in 0..w {
            let [x, y] = view.to_world([i as f64 + 0.5, j as f64 + 0.5]);
            xs.push(x);
            ys.push(y);
        }
    }
    // K = 8 on the full grid; 1, 3 and 20 (two groups of terms) on a quarter of it.
    for (k, n) in [(8, w * h), (1, w * h / 4), (3, w * h / 4), (20, w * h / 4)] {
        let q = mixture(k);
        let mut out = vec![0.0; n];
        log_q(&q, &xs[..n], &ys[..n], &mut out);
        let mut worst = 0.0f64;
        for i in 0..n {
            let exact = log_q_reference(&q, xs[i], ys[i]);
            let err = (out[i] - exact).abs() / exact.abs().max(1.0);
            assert!(
                err <= LOG_Q_TOLERANCE,
                "K = {k}, point {i} ({}, {}): {} vs {exact}",
                xs[i],
                ys[i],
                out[i]
            );
            worst = worst.max(err);
        }
        println!("log_q K = {k}: worst error {worst:.3e} (relative to max(1, |log q|))");
        if n == w * h {
            // The pixel-grid form gives the same values, bit for bit.
            let mut px = vec![0.0; w * h];
            log_q_pixels(&q, &view, &mut px);
            assert!(px.iter().zip(&out).all(|(a, b)| a.to_bits() == b.to_bits()));
        }
    }
    // Any length (the last group of four is padded), NaN coordinates, far-away points.
    let q = mixture(5);
    for n in 0..9 {
        let xs: Vec<f64> = (0..n).map(|i| i as f64 * 0.7 - 2.0).collect();
        let ys: Vec<f64> = (0..n).map(|i| 1.0 - i as f64 * 0.3).collect();
        let mut out = vec![0.0; n];
        log_q(&q, &xs, &ys, &mut out);
        for i in 0..n {
            let exact = log_q_reference(&q, xs[i], ys[i]);
            assert!((out[i] - exact).abs() <= LOG_Q_TOLERANCE * exact.abs().max(1.0));
        }
    }
    let mut out = [0.0; 3];
    log_q(&q, &[f64::NAN, 1e6, 0.0], &[0.0, -1e6, f64::NAN], &mut out);
    assert!(out[0].is_nan() && out[2].is_nan());
    let exact = log_q_reference(&q, 1e6, -1e6);
    assert!(
        (out[1] - exact).abs() <= LOG_Q_TOLERANCE * exact.abs(),
        "{out:?} vs {exact}"
    );
    // No components: −∞; a precision with a negative determinant: NaN (as N's log-density is).
    let empty = Q {
        kind: FamilyKind::Mixture,
        comps: vec![],
        eta: vec![],
        bern: None,
    };
    log_q(&empty, &[0.0; 3], &[0.0; 3], &mut out);
    assert_eq!(out, [f64::NEG_INFINITY; 3]);
    let mut bad = mixture(2);
    bad.comps[1].prec = Mat2::new(1.0, 2.0, 2.0, 1.0);
    log_q(&bad, &[0.0; 3], &[0.0; 3], &mut out);
    assert!(out.iter().all(|v| v.is_nan()));
}

/// The colour-table index of every pixel, straightforwardly: t from std's ln_1p / exp, entry
/// round(255·t) clamped to the table (NaN → 0), 256 for a non-finite ℓ̄.
fn colour_reference(l: &Landscape, heat: &Heatmap, shade: Shade) -> Vec<usize> {
    let vals = heat.values();
    let finite = || vals.iter().copied().filter(|v| v.is_finite());
    let mut lo = finite().fold(f64::INFINITY, f64::min);
    let hi = finite().fold(f64::NEG_INFINITY, f64::max);
    if let Some(m) = l.minima().first() {
        lo = lo.min(m.value);
    }
    let range = hi - lo;
    let eps = if range > 0.0 { 1e-4 * range } else { 1.0 };
    let norm = (range / eps).ln_1p();
    let inv = if norm > 0.0 { 1.0 / norm } else { 0.0 };
    vals.iter()
        .map(|&v| {
            if !v.is_finite() {
                return 256;
            }
            let t = match shade {
                Shade::Loss => ((v - lo).max(0.0) / eps).ln_1p() * inv,
                Shade::Target { tau } => (-(v - lo).max(0.0) / tau).exp(),
            };
            (t * 255.0).round().clamp(0.0, 255.0) as usize
        })
        .collect()
}

#[test]
fn colour_map_matches_the_per_pixel_formula() {
    let cases = [
        (LandscapeKind::Himmelblau, ""),
        (LandscapeKind::Rosenbrock, ""),
        (LandscapeKind::Rastrigin, ""),
        (LandscapeKind::Quadratic, ""),
        (LandscapeKind::Expr, "log(x) + y^2"),
        (LandscapeKind::Expr, "1"),
    ];
    let (mut total, mut same) = (0usize, 0usize);
    for (kind, expr) in cases {
        let l = landscape(kind, 1e3, expr);
        // 509 × 257: rows that are not a multiple of four pixels long.
        let view = View::fit(domain(-3.0, 3.0, -2.0, 4.0), 509, 257);
        let mut heat = Heatmap::new(&l, view, Shade::Loss);
        for shade in [
            Shade::Loss,
            Shade::Target { tau: 0.7 },
            Shade::Target { tau: 50.0 },
        ] {
            heat.recolour(shade);
            let want = colour_reference(&l, &heat, shade);
            for (k, (px, &i)) in heat.rgba().chunks_exact(4).zip(&want).enumerate() {
                assert_eq!(px[3], 255);
                // (The table repeats a few colours, so entries are compared as colours.)
                let entry = |i: usize| if i == 256 { NON_FINITE } else { VIRIDIS[i] };
                let exact = px[..3] == entry(i);
                let near = i < 256
                    && [i.saturating_sub(1), (i + 1).min(255)]
                        .iter()
                        .any(|&j| px[..3] == VIRIDIS[j]);
                assert!(
                    exact || near,
                    "{kind:?} {shade:?} pixel {k}: {px:?}, reference entry {i}"
                );
                total += 1;
                same += exact as usize;
            }
        }
    }
    println!("colour map: {same} of {total} pixels have exactly the reference entry");
    assert!(same as f64 >= 0.9999 * total as f64, "{same} of {total}");
}

/// Marching squares, straightforwardly: every cell, every edge, in edge order (the reference
/// the branch-light [`contour`] must reproduce bit for bit).
fn contour_reference(field: &Field, level: f64, out: &mut Vec<f32>) {
    let nx = field.px.len();
    for j in 1..field.py.len() {
        for i in 1..nx {
            let corners = [(i - 1, j - 1), (i, j - 1), (i, j), (i - 1, j)];
            let v = corners.map(|(a, b)| field.v[b * nx + a]);
            if !v.iter().all(|x| x.is_finite()) {
                continue;
            }
            let above = v.map(|x| x >= level);
            let mut cross = [[0.0f32; 2]; 4];
            let mut n = 0;
            for k in 0..4 {
                let k1 = (k + 1) % 4;
                if above[k] != above[k1] {
                    let t = (level - v[k]) / (v[k1] - v[k]);
                    let ((a0, b0), (a1, b1)) = (corners[k], corners[k1]);
                    let x = field.px[a0] + t * (field.px[a1] - field.px[a0]);
                    let y = field.py[b0] + t * (field.py[b1] - field.py[b0]);
                    cross[n] = [x as f32, y as f32];
                    n += 1;
                }
            }
            let mut seg =
                |a: [f32; 2], b: [f32; 2]| out.extend_from_slice(&[a[0], a[1], b[0], b[1]]);
            match n {
                2 => seg(cross[0], cross[1]),
                4 => {
                    let centre_above = 0.25 * v.iter().sum::<f64>() >= level;
                    if centre_above == above[0] {
                        seg(cross[0], cross[1]);
                        seg(cross[2], cross[3]);
                    } else {
                        seg(cross[3], cross[0]);
                        seg(cross[1], cross[2]);
                    }
                }
                _ => {}
            }
        }
    }
}

fn same_bits(a: &[f32], b: &[f32]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

#[test]
fn contours_are_the_per_edge_loops_bit_for_bit() {
    let mut fields = Vec::new();
    // Landscapes at full resolution and at the drawn stride, with their own levels.
    for kind in [
        LandscapeKind::Himmelblau,
        LandscapeKind::Rastrigin,
        LandscapeKind::SixHumpCamel,
    ] {
        let l = landscape(kind, 10.0, "");
        let heat = Heatmap::new(&l, View::fit(l.domain(), 300, 211), Shade::Loss);
        for stride in [1, raster::CONTOUR_STRIDE] {
            fields.push((heat.field(stride), heat.levels()));
        }
    }
    // Random values with NaN and ±∞ sprinkled in, many saddles, levels on node values.
    let mut rng = Mix(3);
    for (nx, ny) in [(1, 1), (1, 5), (5, 1), (2, 2), (17, 9), (64, 64)] {
        let v: Vec<f64> = (0..nx * ny)
            .map(|_| match rng.next() % 40 {
                0 => f64::NAN,
                1 => f64::INFINITY,
                2 => f64::NEG_INFINITY,
                3 => 0.5,
                _ => rng.uniform(0.0, 1.0),
            })
            .collect();
        let field = Field {
            px: (0..nx).map(|i| 3.0 * i as f64 + 0.5).collect(),
            py: (0..ny).map(|j| 2.5 * j as f64 + 0.25).collect(),
            v,
        };
        fields.push((field, vec![0.5, 0.25, 0.0, 1.0, 0.731, f64::NAN]));
    }
    let mut segments = 0;
    for (field, levels) in &fields {
        for &level in levels {
            let (mut got, mut want) = (vec![1.0f32], vec![1.0f32]);
            contour(field, level, &mut got);
            contour_reference(field, level, &mut want);
            assert!(
                same_bits(&got, &want),
                "level {level}: {} vs {}",
                got.len(),
                want.len()
            );
            segments += got.len() / 4;
        }
    }
    assert!(segments > 10_000, "{segments}");
}

#[test]
fn basins_overlay_and_legend_show_the_labels() {
    // A 2×2 grid over [0, 2]² by hand: minima 0 and 1 and two starts that reached none.
    let l = landscape(LandscapeKind::Himmelblau, 10.0, "");
    let b = Basins {
        n: 2,
        domain: domain(0.0, 2.0, 0.0, 2.0),
        minima: l.minima()[..2].to_vec(),
        labels: vec![0, NONE, 1, NONE],
        counts: vec![1, 1],
        none: 2,
        stopped: 1,
    };
    // A 6×4 canvas shows the domain in its middle 4×4 pixels, each cell 2×2 pixels.
    let view = View::fit(b.domain, 6, 4);
    let rgba = raster::basins_overlay(&b, &view);
    assert_eq!(rgba.len(), 6 * 4 * 4);
    let px = |i: usize, j: usize| &rgba[4 * (j * 6 + i)..4 * (j * 6 + i) + 4];
    let with = |c: [u8; 3]| [c[0], c[1], c[2], BASIN_ALPHA];
    for j in 0..4 {
        assert_eq!(px(0, j), [0; 4]);
        assert_eq!(px(5, j), [0; 4]);
    }
    assert_eq!(px(1, 0), with(BASIN_COLOURS[0]));
    assert_eq!(px(2, 1), with(BASIN_COLOURS[0]));
    assert_eq!(px(3, 0), with(BASIN_NONE));
    assert_eq!(px(1, 3), with(BASIN_COLOURS[1]));
    assert_eq!(px(4, 2), with(BASIN_NONE));
    let legend = raster::basins_legend(&b);
    let labels: Vec<&str> = legend.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(labels, ["(3.00, 2.00)", "(-2.81, 3.13)", "none"]);
    let percent: Vec<&str> = legend.iter().map(|e| e.percent.as_str()).collect();
    assert_eq!(percent, ["25.0%", "25.0%", "50.0%"]);
    assert_eq!(legend[0].colour, "#e69f00");
    assert_eq!(legend[2].fraction, 0.5);
    // A real picture: the colours of its pixels are its labels', and the fractions add up.
    let scene = Scene::from_query("landscape=himmelblau").unwrap();
    let opts = basins::Options {
        n: 64,
        ..basins::Options::default()
    };
    let b = basins::basins(&scene, Method::Newton, &opts).unwrap();
    let legend = raster::basins_legend(&b);
    assert_eq!(legend.len(), 5);
    assert!((legend.iter().map(|e| e.fraction).sum::<f64>() - 1.0).abs() < 1e-12);
    assert!(legend.iter().all(|e| e.percent.ends_with('%')));
    // A square domain on a 64×64 canvas: one pixel per start.
    let view = View::fit(b.domain, 64, 64);
    let rgba = raster::basins_overlay(&b, &view);
    for (k, px) in rgba.chunks_exact(4).enumerate() {
        assert_eq!(px[..3], raster::basin_colour(b.labels[k]), "pixel {k}");
    }
}

/// The dropout objective's heatmap is D(x, y) = p²ℓ̄(x, y) + p(1−p)[ℓ̄(x, 0) + ℓ̄(0, y)] +
/// (1−p)²ℓ̄(0, 0) at every pixel centre (written out here from ℓ̄ at four points), and p = 1 is
/// ℓ̄'s heatmap to the bit.
#[test]
fn the_dropout_heatmap_is_the_dropout_objective() {
    let l = landscape(LandscapeKind::Rosenbrock, 10.0, "");
    let view = View::of_window(None, &l, 37, 23);
    let p = 0.7;
    let heat = Heatmap::surface(&l, view, Shade::Loss, Some(p));
    for j in 0..23 {
        for i in 0..37 {
            let [x, y] = view.to_world([i as f64 + 0.5, j as f64 + 0.5]);
            let want = p * p * l.value(Vec2::new(x, y))
                + p * (1.0 - p) * (l.value(Vec2::new(x, 0.0)) + l.value(Vec2::new(0.0, y)))
                + (1.0 - p) * (1.0 - p) * l.value(Vec2::zeros());
            let got = heat.values()[j * 37 + i];
            assert!(
                (got - want).abs() <= 1e-12 * want.abs().max(1.0),
                "({i}, {j}): {got} vs {want}"
            );
        }
    }
    let plain = Heatmap::new(&l, view, Shade::Loss);
    let one = Heatmap::surface(&l, view, Shade::Loss, Some(1.0));
    assert!(plain.values() == one.values());
    assert!(plain.rgba() == one.rgba());
}

#[test]
fn a_heatmap_evaluated_in_pieces_is_the_same_bits() {
    // The page evaluates an expensive heatmap a few thousand points a frame: any split gives
    // the values and colours of the whole, the dropout objective's extra row and column too
    // (37 columns: pieces that end inside a row and rows that are no multiple of four).
    let l = landscape(LandscapeKind::Himmelblau, 1.0, "");
    let view = View::fit(domain(-5.0, 5.0, -4.0, 3.0), 37, 23);
    for keep in [None, Some(0.7)] {
        let whole = Heatmap::surface(&l, view, Shade::Loss, keep);
        for points in [1, 7, 100, 5000] {
            let mut job = HeatmapJob::new(view, keep);
            let (mut calls, mut progress) = (0, 0.0);
            while !job.advance(&l, points) {
                assert!(job.progress() > progress);
                progress = job.progress();
                calls += 1;
            }
            assert_eq!(job.progress(), 1.0);
            let extra = if keep.is_some() { 37 + 23 } else { 0 };
            assert_eq!(
                calls == 0,
                points >= 37 * 23 + extra,
                "{points}: {calls} calls"
            );
            let heat = job.finish(&l, Shade::Loss);
            assert_eq!(heat.values(), whole.values(), "{keep:?}, {points} a call");
            assert_eq!(heat.rgba(), whole.rgba());
        }
    }
}
