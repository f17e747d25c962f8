//! Known-answer tests of the pictures: pixel ↔ world, where the heatmap is darkest, the target
//! shade's monotonicity, contours of ½(x² + y²) on circles, ellipses and density contours of a
//! Gaussian on the Mahalanobis levels, and the text alternative.

use blr_playground::family::{FamilyKind, Gaussian, Q};
use blr_playground::landscape::{Domain, Landscape, LandscapeKind, Params};
use blr_playground::linalg::{Mat2, Vec2, inverse};
use blr_playground::raster::{
    self, Heatmap, NON_FINITE, Shade, VIRIDIS, View, contour, density_contours, describe, ellipse,
};
use blr_playground::run::Component;

fn landscape(kind: LandscapeKind, cond: f64, expr: &str) -> Landscape {
    let params = Params {
        cond,
        angle: 0.0,
        expr: expr.into(),
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
    };
    assert!(density_contours(&off, &view).is_empty());
}

#[test]
fn text_alternative_states_q_to_three_significant_digits() {
    let c = |weight, mean, cov| Component { weight, mean, cov };
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
