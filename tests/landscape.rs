//! Landscapes (docs/maths.md §9): exact derivatives against finite differences, known minima,
//! Gauss–Newton matrices, the `expr` formula language and the shipped data sets.

use blr_playground::landscape::*;
use blr_playground::linalg::*;
use proptest::prelude::*;
use std::f64::consts::{E, PI};

const HIMMELBLAU: &str = "(x^2+y-11)^2 + (x+y^2-7)^2";

fn params(expr: &str) -> Params {
    Params {
        cond: 10.0,
        angle: 30.0,
        expr: expr.to_owned(),
        ..Params::default()
    }
}

/// Every kind is built with the quadratic's cond/angle above and, for `expr`, Himmelblau.
fn landscape(kind: LandscapeKind) -> Landscape {
    Landscape::new(kind, &params(HIMMELBLAU)).unwrap()
}

fn formula(src: &str) -> Landscape {
    Landscape::new(LandscapeKind::Expr, &params(src)).unwrap_or_else(|e| panic!("{src}: {e}"))
}

fn parse_err(src: &str) -> ExprError {
    match Expr::parse(src) {
        Ok(_) => panic!("{src:?} should not parse"),
        Err(e) => e,
    }
}

/// An n×n grid over the domain, offset so that no point sits on an axis of symmetry, at the
/// origin (Ackley's smoothed tip) or at double banana's singular point (1, 1).
fn spread(d: Domain, n: usize) -> Vec<Vec2> {
    let at = |r: [f64; 2], t: f64| r[0] + (r[1] - r[0]) * t / n as f64;
    (0..n)
        .flat_map(|i| {
            (0..n).map(move |j| Vec2::new(at(d.x, i as f64 + 0.37), at(d.y, j as f64 + 0.61)))
        })
        .collect()
}

/// |got − want| ≤ tol·(1 + |want|).
fn assert_close(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol * (1.0 + want.abs()),
        "{what}: got {got:e}, want {want:e}, difference {:e} (tol {tol:e})",
        got - want
    );
}

fn assert_mat_close(what: &str, got: &Mat2, want: &Mat2, tol: f64) {
    for (g, w) in got.iter().zip(want.iter()) {
        assert_close(what, *g, *w, tol);
    }
}

fn unit(i: usize, h: f64) -> Vec2 {
    if i == 0 {
        Vec2::new(h, 0.0)
    } else {
        Vec2::new(0.0, h)
    }
}

// (a) Derivatives.

#[test]
fn gradients_and_hessians_match_central_differences() {
    for kind in LandscapeKind::ALL {
        let l = landscape(kind);
        let d = l.domain();
        let h = 1e-5 * (d.x[1] - d.x[0]).max(d.y[1] - d.y[0]);
        let points = spread(d, 6);
        assert_eq!(points.len(), 36);
        for p in points {
            let what = format!("{} at ({:.3}, {:.3})", kind.name(), p[0], p[1]);
            let e = l.eval(p);
            assert!(e.value.is_finite(), "{what}");
            assert_close(&format!("{what}: value"), e.value, l.value(p), 1e-14);
            assert_eq!(
                e.hess[(0, 1)].to_bits(),
                e.hess[(1, 0)].to_bits(),
                "{what}: symmetry"
            );
            for i in 0..2 {
                let dp = unit(i, h);
                let fd = (l.value(p + dp) - l.value(p - dp)) / (2.0 * h);
                assert_close(&format!("{what}: ∂{i}"), e.grad[i], fd, 1e-6);
                let fd = (l.eval(p + dp).grad - l.eval(p - dp).grad) / (2.0 * h);
                for j in 0..2 {
                    assert_close(&format!("{what}: ∂{i}∂{j}"), e.hess[(j, i)], fd[j], 1e-5);
                }
            }
        }
    }
}

#[test]
fn value_and_derivatives_are_finite_at_the_smoothed_points() {
    // Ackley's tip and the two moons' centre are cones; double banana's (1, 1) is a log
    // singularity. The smoothing keeps all three finite, so the delta method may land there.
    for (kind, p) in [
        (LandscapeKind::Ackley, Vec2::zeros()),
        (LandscapeKind::TwoMoons, Vec2::zeros()),
        (LandscapeKind::DoubleBanana, Vec2::new(1.0, 1.0)),
    ] {
        let e = landscape(kind).eval(p);
        assert!(
            e.value.is_finite() && finite_vec(&e.grad) && e.hess.iter().all(|v| v.is_finite()),
            "{}: {e:?}",
            kind.name()
        );
    }
    // The smoothing moves Ackley's value only near the origin.
    let ackley = landscape(LandscapeKind::Ackley);
    let exact = |x: f64, y: f64| {
        -20.0 * (-0.2 * (0.5 * (x * x + y * y)).sqrt()).exp()
            - (0.5 * ((2.0 * PI * x).cos() + (2.0 * PI * y).cos())).exp()
            + E
            + 20.0
    };
    for p in spread(ackley.domain(), 6) {
        assert_close(
            "ackley vs unsmoothed",
            ackley.value(p),
            exact(p[0], p[1]),
            1e-11,
        );
    }
}

// (b) Minima.

#[test]
fn listed_minima_are_stationary_positive_definite_and_global_first() {
    for kind in LandscapeKind::ALL {
        let l = landscape(kind);
        let minima = l.minima();
        if kind == LandscapeKind::Expr {
            assert!(minima.is_empty());
            continue;
        }
        assert!(!minima.is_empty(), "{}", kind.name());
        let d = l.domain();
        for m in &minima {
            let what = format!("{} minimum at {:?}", kind.name(), m.at.as_slice());
            let e = l.eval(m.at);
            assert!(
                e.grad.norm() < 1e-6 * (1.0 + e.value.abs()),
                "{what}: gradient {:?}",
                e.grad
            );
            assert!(
                is_positive_definite(&e.hess),
                "{what}: Hessian {:?}",
                e.hess
            );
            assert_close(&format!("{what}: value"), m.value, l.value(m.at), 1e-9);
            assert!(
                (d.x[0]..=d.x[1]).contains(&m.at[0]) && (d.y[0]..=d.y[1]).contains(&m.at[1]),
                "{what}"
            );
        }
        // Global first: no other listed minimum and no point of a fine grid is lower.
        let best = minima[0].value;
        assert!(
            minima.iter().all(|m| m.value >= best - 1e-12),
            "{}",
            kind.name()
        );
        let lowest = spread(d, 150)
            .into_iter()
            .map(|p| l.value(p))
            .fold(f64::INFINITY, f64::min);
        assert!(
            lowest >= best - 1e-12,
            "{}: grid value {lowest} below {best}",
            kind.name()
        );
        // Distinct minima are distinct points.
        for (i, a) in minima.iter().enumerate() {
            for b in &minima[i + 1..] {
                assert!(
                    (a.at - b.at).norm() > 1e-5,
                    "{}: duplicate minimum",
                    kind.name()
                );
            }
        }
    }
}

#[test]
fn minima_match_the_spec() {
    let first = |kind| landscape(kind).minima()[0];
    let near = |kind, at: [f64; 2], value: f64, tol: f64| {
        let found = landscape(kind)
            .minima()
            .into_iter()
            .find(|m| (m.at - Vec2::new(at[0], at[1])).norm() < tol)
            .unwrap_or_else(|| panic!("{kind:?}: no minimum near {at:?}"));
        assert_close(&format!("{kind:?} at {at:?}"), found.value, value, 1e-5);
    };
    use LandscapeKind as K;
    near(K::SixHumpCamel, [0.089842, -0.712656], -1.031628, 1e-6);
    near(K::SixHumpCamel, [-0.089842, 0.712656], -1.031628, 1e-6);
    assert_close(
        "six-hump camel",
        first(K::SixHumpCamel).value,
        -1.031628,
        1e-6,
    );
    near(K::StyblinskiTang, [-2.9035, -2.9035], -78.332, 1e-4);
    assert_close(
        "styblinski-tang",
        first(K::StyblinskiTang).value,
        -78.332,
        1e-5,
    );
    for at in [[-PI, 12.275], [PI, 2.275], [9.42478, 2.475]] {
        near(K::Branin, at, 0.397887, 1e-5);
    }
    for at in [
        [3.0, 2.0],
        [-2.805118, 3.131313],
        [-3.779310, -3.283186],
        [3.584428, -1.848127],
    ] {
        near(K::Himmelblau, at, 0.0, 1e-6);
    }
    assert_eq!(landscape(K::Himmelblau).minima().len(), 4);
    near(K::Rosenbrock, [1.0, 1.0], 0.0, 1e-15);
    near(K::Rastrigin, [0.0, 0.0], 0.0, 1e-15);
    near(K::Ackley, [0.0, 0.0], 4e-6, 1e-15);
    near(K::Quadratic, [0.0, 0.0], 0.0, 1e-15);
    // Ridge: the minimum is the exact posterior mean.
    let (m, _) = data::ridge_posterior();
    assert!((first(K::Ridge).at - m).norm() < 1e-15);
    // Posteriors with several modes list them all.
    assert_eq!(landscape(K::DoubleBanana).minima().len(), 2);
    assert_eq!(landscape(K::Star).minima().len(), 6);
    assert_eq!(landscape(K::TwoMoons).minima().len(), 4);
    assert_eq!(landscape(K::SixHumpCamel).minima().len(), 6);
    assert_eq!(landscape(K::StyblinskiTang).minima().len(), 4);
}

// (c) Gauss–Newton.

#[test]
fn gauss_newton_equals_the_hessian_where_residuals_vanish() {
    use LandscapeKind as K;
    let check = |kind, p: Vec2, tol| {
        let l = landscape(kind);
        let gn = l.gauss_newton(p).unwrap();
        assert_mat_close(
            &format!("{kind:?} at {:?}", p.as_slice()),
            &gn,
            &l.eval(p).hess,
            tol,
        );
    };
    check(K::Rosenbrock, Vec2::new(1.0, 1.0), 1e-15);
    for m in landscape(K::Himmelblau).minima() {
        check(K::Himmelblau, m.at, 1e-12);
    }
    // Double banana: on the level curve F(θ) = log 30 the data residual is zero.
    for x in [-1.2, -0.3, 0.4, 1.5] {
        let b: f64 = (30.0 - (1.0 - x) * (1.0 - x)) / 100.0;
        for y in [x * x + b.sqrt(), x * x - b.sqrt()] {
            check(K::DoubleBanana, Vec2::new(x, y), 1e-9);
        }
    }
    // Quadratic, ridge and logistic: the Gauss–Newton matrix is the Hessian everywhere.
    for kind in [K::Quadratic, K::Ridge, K::Logistic] {
        for p in spread(landscape(kind).domain(), 6) {
            check(kind, p, 1e-12);
        }
    }
    let (_, s) = data::ridge_posterior();
    check(K::Ridge, Vec2::new(0.3, 0.2), 0.0);
    assert_mat_close(
        "ridge",
        &landscape(K::Ridge).gauss_newton(Vec2::zeros()).unwrap(),
        &s,
        0.0,
    );
}

#[test]
fn gauss_newton_is_positive_semidefinite_wherever_it_exists() {
    use LandscapeKind as K;
    for kind in LandscapeKind::ALL {
        let l = landscape(kind);
        let expected = matches!(
            kind,
            K::Quadratic
                | K::Rosenbrock
                | K::Himmelblau
                | K::DoubleBanana
                | K::Logistic
                | K::Ridge
                | K::Tracking
        );
        assert_eq!(l.has_gauss_newton(), expected, "{}", kind.name());
        for p in spread(l.domain(), 8) {
            let Some(gn) = l.gauss_newton(p) else {
                assert!(!expected);
                continue;
            };
            assert_eq!(
                gn[(0, 1)].to_bits(),
                gn[(1, 0)].to_bits(),
                "{}: symmetry",
                kind.name()
            );
            let det = gn[(0, 0)] * gn[(1, 1)] - gn[(0, 1)] * gn[(1, 0)];
            let scale = gn.norm() * gn.norm();
            assert!(
                gn[(0, 0)] >= 0.0 && gn[(1, 1)] >= 0.0 && det >= -1e-12 * scale,
                "{}: {gn:?}",
                kind.name()
            );
            // A least-squares Gauss–Newton matrix minus its prior has rank ≤ 2 residuals; for
            // double banana (one residual) it is rank one, which pins the formula down.
            if kind == K::DoubleBanana {
                let g = gn - Mat2::identity();
                let det = g[(0, 0)] * g[(1, 1)] - g[(0, 1)] * g[(1, 0)];
                assert!(det.abs() <= 1e-9 * g.norm() * g.norm(), "{g:?}");
            }
        }
    }
}

#[test]
fn convex_landscapes_have_positive_definite_hessians() {
    for kind in LandscapeKind::ALL {
        let l = landscape(kind);
        if l.is_convex() {
            for p in spread(l.domain(), 8) {
                assert!(is_positive_definite(&l.eval(p).hess), "{}", kind.name());
            }
        }
    }
}

// (d) The formula language.

#[test]
fn himmelblau_formula_matches_the_builtin() {
    let typed = formula(HIMMELBLAU);
    let builtin = landscape(LandscapeKind::Himmelblau);
    for p in spread(builtin.domain(), 12) {
        let (a, b) = (typed.eval(p), builtin.eval(p));
        assert_close("value", a.value, b.value, 1e-12);
        assert_close("value path", typed.value(p), builtin.value(p), 1e-12);
        for i in 0..2 {
            assert_close("gradient", a.grad[i], b.grad[i], 1e-12);
        }
        assert_mat_close("Hessian", &a.hess, &b.hess, 1e-12);
    }
}

#[test]
fn functions_and_constants_give_std_values_and_exact_derivatives() {
    type F = fn(f64) -> f64;
    // (formula in x, value, derivative)
    let cases: [(&str, F, F); 8] = [
        ("sin(x)", f64::sin, f64::cos),
        ("cos(x)", f64::cos, |x| -x.sin()),
        ("tan(x)", f64::tan, |x| 1.0 / (x.cos() * x.cos())),
        ("exp(x)", f64::exp, f64::exp),
        ("log(x)", f64::ln, |x| 1.0 / x),
        ("sqrt(x)", f64::sqrt, |x| 0.5 / x.sqrt()),
        ("abs(x)", f64::abs, f64::signum),
        ("tanh(x)", f64::tanh, |x| 1.0 - x.tanh() * x.tanh()),
    ];
    for (src, f, df) in cases {
        let l = formula(src);
        let xs: &[f64] = if matches!(src, "log(x)" | "sqrt(x)") {
            &[0.3, 1.0, 2.5, 7.0]
        } else {
            &[-2.5, -0.4, 0.3, 1.2]
        };
        for &x in xs {
            let p = Vec2::new(x, 0.7);
            assert_eq!(l.value(p), f(x), "{src} at {x}");
            let e = l.eval(p);
            assert_close(src, e.value, f(x), 1e-15);
            assert_close(&format!("d/dx {src} at {x}"), e.grad[0], df(x), 1e-14);
            assert_eq!(e.grad[1], 0.0);
        }
    }
    let c = |src: &str| formula(src).value(Vec2::new(0.25, -1.5));
    assert_eq!(c("pi"), PI);
    assert_eq!(c("e"), E);
    assert_eq!(c("2*pi*e"), 2.0 * PI * E);
    assert_eq!(c("y"), -1.5);
    assert_eq!(c("x"), 0.25);
    // Powers: constant integer, constant real and variable exponents.
    let l = formula("x^y");
    let e = l.eval(Vec2::new(2.0, 3.0));
    assert_close("x^y", e.value, 8.0, 1e-15);
    assert_close("d/dx x^y", e.grad[0], 12.0, 1e-14);
    assert_close("d/dy x^y", e.grad[1], 8.0 * 2f64.ln(), 1e-14);
    let e = formula("x^2.5 + y^-3").eval(Vec2::new(4.0, 2.0));
    assert_close("x^2.5 + y^-3", e.value, 32.0 + 0.125, 1e-15);
    assert_close("d/dx", e.grad[0], 2.5 * 8.0, 1e-14);
    assert_close("d/dy", e.grad[1], -3.0 / 16.0, 1e-14);
    assert_close("d²/dy²", e.hess[(1, 1)], 12.0 / 32.0, 1e-14);
}

#[test]
fn precedence_and_numbers() {
    let v = |src: &str, x: f64, y: f64| formula(src).value(Vec2::new(x, y));
    assert_eq!(v("-x^2", 3.0, 0.0), -9.0);
    assert_eq!(v("-2^2", 0.0, 0.0), -4.0);
    assert_eq!(v("(-2)^2", 0.0, 0.0), 4.0);
    assert_eq!(v("2^3^2", 0.0, 0.0), 512.0);
    assert_eq!(v("2^-1", 0.0, 0.0), 0.5);
    assert_eq!(v("1-2-3", 0.0, 0.0), -4.0);
    assert_eq!(v("8/4/2", 0.0, 0.0), 1.0);
    assert_eq!(v("2+3*4", 0.0, 0.0), 14.0);
    assert_eq!(v("(2+3)*4", 0.0, 0.0), 20.0);
    assert_eq!(v("--x", 5.0, 0.0), 5.0);
    assert_eq!(v("x - -y", 5.0, 2.0), 7.0);
    assert_eq!(v("2*x^2*y", 3.0, 0.5), 9.0);
    assert_eq!(v("sin(pi/2)^2", 0.0, 0.0), 1.0);
    assert_eq!(v(" \t x\n+ y ", 1.0, 2.0), 3.0);
    for (src, want) in [
        ("1", 1.0),
        ("2.5", 2.5),
        (".5", 0.5),
        ("2.", 2.0),
        ("1e-3", 1e-3),
        ("1E3", 1e3),
        ("1.5e+2", 150.0),
    ] {
        assert_eq!(v(src, 0.0, 0.0), want, "{src}");
    }
    assert_eq!(Expr::parse("x + y").unwrap().source(), "x + y");
}

#[test]
fn errors_name_the_column_what_was_expected_and_what_was_found() {
    let cases: [(&str, usize, &[&str]); 16] = [
        (
            "x +",
            4,
            &[
                "expected a number, x, y, pi, e, a function or '('",
                "found end of input",
            ],
        ),
        (
            "sin(x",
            6,
            &[
                "expected",
                "')' to close 'sin(' at column 4",
                "found end of input",
            ],
        ),
        (
            "(x",
            3,
            &["')' to close '(' at column 1", "found end of input"],
        ),
        (
            "foo(x)",
            1,
            &[
                "unknown name 'foo'",
                "sin, cos, tan, exp, log, sqrt, abs, tanh",
            ],
        ),
        ("X", 1, &["unknown name 'X'"]),
        ("x y", 3, &["expected an operator", "found 'y'"]),
        ("2x", 2, &["expected an operator", "found 'x'"]),
        ("2*#", 3, &["unexpected character '#'"]),
        (")", 1, &["expected a number", "found ')'"]),
        ("x^", 3, &["expected a number", "found end of input"]),
        ("sin x", 5, &["expected '(' after 'sin'", "found 'x'"]),
        ("x + é", 5, &["unexpected character 'é'", "ASCII"]),
        ("é", 1, &["unexpected character 'é'"]),
        ("", 1, &["empty"]),
        ("   ", 1, &["empty"]),
        ("1e999", 1, &["'1e999' is out of range"]),
    ];
    for (src, column, needles) in cases {
        let e = parse_err(src);
        assert_eq!(e.column, column, "{src:?}: {e}");
        for n in needles {
            assert!(e.message.contains(n), "{src:?}: {e} lacks {n:?}");
        }
        assert_eq!(e.to_string(), format!("column {column}: {}", e.message));
        // It is a std error, so `?` and `Box<dyn Error>` work.
        let _: Box<dyn std::error::Error> = Box::new(e.clone());
        assert!(Landscape::new(LandscapeKind::Expr, &params(src)).is_err());
    }
}

#[test]
fn limits_reject_huge_and_deep_input_cleanly() {
    // Length: 1000 characters parse, 1001 do not.
    let ok = format!("11{}", "+1".repeat(499));
    assert_eq!(ok.len(), 1000);
    assert_eq!(formula(&ok).value(Vec2::zeros()), 510.0);
    let e = parse_err(&format!("{ok}1"));
    assert_eq!(e.column, 1001);
    assert!(e.message.contains("at most 1000"), "{e}");
    // Characters, not bytes, are counted.
    assert!(Expr::parse(&format!("x{}", " ".repeat(999))).is_ok());
    assert_eq!(parse_err(&"é".repeat(1001)).column, 1001);
    // 100 000 nested parentheses: rejected up front, no stack overflow.
    let deep = format!("{}x{}", "(".repeat(100_000), ")".repeat(100_000));
    assert!(parse_err(&deep).message.contains("at most 1000"));
    // Nesting: 64 levels parse, the 65th is refused at its own column.
    let nest = |n: usize| format!("{}x{}", "(".repeat(n), ")".repeat(n));
    assert_eq!(formula(&nest(64)).value(Vec2::new(1.5, 0.0)), 1.5);
    let e = parse_err(&nest(65));
    assert_eq!(e.column, 65);
    assert!(e.message.contains("nesting deeper than 64"), "{e}");
    let e = parse_err(&format!("{}x{}", "sin(".repeat(100), ")".repeat(100)));
    assert_eq!(e.column, 4 * 65);
    let e = parse_err(&format!("2{}", "^2".repeat(65)));
    assert!(e.message.contains("nesting"), "{e}");
    // A run of unary minus is read iteratively, so any length within the limit is fine.
    assert_eq!(
        formula(&format!("{}x", "-".repeat(999))).value(Vec2::new(2.0, 0.0)),
        -2.0
    );
    // Deep right-nested sums need a stack taller than the inline one.
    let tall = format!("{}1{}", "1+(".repeat(40), ")".repeat(40));
    let e = formula(&tall).eval(Vec2::new(0.3, 0.4));
    assert_eq!(e.value, 41.0);
    let tall = format!("{}x{}", "y+(".repeat(40), ")".repeat(40));
    let e = formula(&tall).eval(Vec2::new(0.5, 0.25));
    assert_eq!((e.value, e.grad[0], e.grad[1]), (10.5, 1.0, 40.0));
}

// (e) Untrusted input never panics.

const TOKENS: [&str; 28] = [
    "x", "y", "pi", "e", "1", "2.5", ".5", "1e-3", "0", "+", "-", "*", "/", "^", "(", ")", "sin(",
    "cos(", "tan(", "exp(", "log(", "sqrt(", "abs(", "tanh(", " ", "#", "é", "1e400",
];

fn check_never_panics(src: &str, x: f64, y: f64) {
    match Expr::parse(src) {
        Ok(expr) => {
            assert_eq!(expr.source(), src);
            let _ = expr.eval(x, y);
            let l = formula(src);
            let _ = l.value(Vec2::new(x, y));
            let _ = l.eval(Vec2::new(x, y));
        }
        Err(e) => {
            assert!(
                e.column >= 1 && e.column <= src.chars().count() + 1,
                "{src:?}: {e}"
            );
            assert!(!e.message.is_empty());
        }
    }
}

/// Cases per property: the CI default, or `BLR_SOAK_CASES` (scripts/soak.sh runs 10⁵).
fn cases(ci: u32) -> u32 {
    std::env::var("BLR_SOAK_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(ci)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(2000), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic(src in "\\PC{0,80}", x in -10.0..10.0f64, y in -10.0..10.0f64) {
        check_never_panics(&src, x, y);
    }

    #[test]
    fn token_soup_never_panics(
        tokens in prop::collection::vec(prop::sample::select(TOKENS.to_vec()), 0..60),
        x in -10.0..10.0f64,
        y in -10.0..10.0f64,
    ) {
        check_never_panics(&tokens.concat(), x, y);
    }
}

// (f) Batches.

/// `evals` against `eval` bit for bit is tests/simd.rs's
/// `derivative_batches_are_per_point_evaluation_bit_for_bit`; here: the batch has one entry
/// per point, and `values` (SIMD lanes, wide's exp/ln/sin/cos rather than std's) equals the
/// scalar value within the documented bound.
#[test]
fn batch_evaluation_equals_per_point_evaluation() {
    for kind in LandscapeKind::ALL {
        let l = landscape(kind);
        let points = spread(l.domain(), 7);
        let xs: Vec<f64> = points.iter().map(|p| p[0]).collect();
        let ys: Vec<f64> = points.iter().map(|p| p[1]).collect();
        let mut batch = Batch::default();
        l.evals(&xs, &ys, &mut batch);
        assert_eq!(batch.len(), points.len());
        let mut values = vec![0.0; points.len()];
        l.values(&xs, &ys, &mut values);
        for (i, p) in points.iter().enumerate() {
            let want = l.value(*p);
            assert!(
                (values[i] - want).abs() <= simd::VALUES_TOLERANCE * want.abs().max(1.0),
                "{}",
                kind.name()
            );
        }
    }
}

// (g) Data, names and domains.

#[test]
fn logistic_data_has_thirty_points_per_class() {
    let rows = data::logistic();
    assert_eq!(rows.len(), 60);
    for label in [1.0, -1.0] {
        let class: Vec<_> = rows.iter().filter(|r| r.1 == label).collect();
        assert_eq!(class.len(), 30);
        // The sample means lie within 3.5 standard errors of the class means of docs/maths.md §9.
        let (centre, sd) = if label > 0.0 {
            ([1.0, 5.0], 1.0)
        } else {
            ([-5.0, 1.0], 2.2)
        };
        for (k, c) in centre.into_iter().enumerate() {
            let mean = class.iter().map(|r| r.0[k]).sum::<f64>() / 30.0;
            assert!(
                (mean - c).abs() < 3.5 * sd / 30f64.sqrt(),
                "label {label}: mean {mean}"
            );
        }
    }
    assert!(rows.iter().all(|r| r.1 == 1.0 || r.1 == -1.0));
}

#[test]
fn ridge_data_and_exact_posterior() {
    let r = data::ridge();
    assert_eq!((r.x.len(), r.y.len(), r.sigma, r.delta), (20, 20, 0.5, 1.0));
    let (m, s) = data::ridge_posterior();
    // S m = Xᵀy/σ², checked term by term.
    let mut xty = Vec2::zeros();
    for (xi, yi) in r.x.iter().zip(&r.y) {
        xty += Vec2::new(xi[0], xi[1]) * (yi / (r.sigma * r.sigma));
    }
    let residual = s * m - xty;
    assert!(residual.norm() < 1e-12 * xty.norm(), "{residual:?}");
    // The landscape's exact Hessian is S* at every point and its gradient vanishes at m*.
    let l = landscape(LandscapeKind::Ridge);
    assert_mat_close("Hessian", &l.eval(Vec2::new(-2.0, 3.0)).hess, &s, 1e-13);
    assert!(l.eval(m).grad.norm() < 1e-12);
}

#[test]
fn names_descriptions_and_domains() {
    let mut names = std::collections::HashSet::new();
    for kind in LandscapeKind::ALL {
        assert!(names.insert(kind.name()), "duplicate {}", kind.name());
        assert_eq!(LandscapeKind::from_name(kind.name()), Some(kind));
        assert_eq!(
            serde_json::to_string(&kind).unwrap(),
            format!("\"{}\"", kind.name())
        );
        let desc = kind.description();
        assert!(!desc.is_empty() && !desc.contains('\n'), "{}", kind.name());
        let d = landscape(kind).domain();
        assert!(d.x[0] < d.x[1] && d.y[0] < d.y[1]);
    }
    assert_eq!(
        LandscapeKind::from_name("six-hump-camel"),
        Some(LandscapeKind::SixHumpCamel)
    );
    assert_eq!(LandscapeKind::from_name("nope"), None);
    let d = |kind| {
        let d = landscape(kind).domain();
        [d.x[0], d.x[1], d.y[0], d.y[1]]
    };
    use LandscapeKind as K;
    assert_eq!(d(K::Rosenbrock), [-2.0, 2.0, -1.0, 3.0]);
    assert_eq!(d(K::Himmelblau), [-5.0, 5.0, -5.0, 5.0]);
    assert_eq!(d(K::SixHumpCamel), [-3.0, 3.0, -2.0, 2.0]);
    assert_eq!(d(K::Rastrigin), [-5.12, 5.12, -5.12, 5.12]);
    assert_eq!(d(K::Ackley), [-5.0, 5.0, -5.0, 5.0]);
    assert_eq!(d(K::StyblinskiTang), [-5.0, 5.0, -5.0, 5.0]);
    assert_eq!(d(K::Branin), [-5.0, 10.0, 0.0, 15.0]);
}

#[test]
fn quadratic_follows_cond_and_angle() {
    let l = Landscape::new(
        LandscapeKind::Quadratic,
        &Params {
            cond: 25.0,
            angle: 90.0,
            expr: String::new(),
            ..Params::default()
        },
    )
    .unwrap();
    // Rotated by 90°: the stiff axis is x.
    let h = l.eval(Vec2::new(0.4, -1.1)).hess;
    assert_mat_close("A", &h, &Mat2::new(25.0, 0.0, 0.0, 1.0), 1e-14);
    assert_close(
        "value",
        l.value(Vec2::new(1.0, 2.0)),
        0.5 * (25.0 + 4.0),
        1e-14,
    );
}

#[test]
fn the_ridge_target_is_the_posterior_of_the_model_in_use() {
    // The exact Gaussian target a mean-field q is drawn against follows the scene's σ and δ,
    // not the shipped model's: (a, Λ) equals the conjugate posterior with those constants,
    // and the landscape's gradient vanishes at a with Hessian Λ.
    let params = Params {
        sigma: 0.8,
        prior: Some(3.0),
        ..Params::default()
    };
    let l = Landscape::new(LandscapeKind::Ridge, &params).unwrap();
    let (a, lam) = l.gaussian().unwrap();
    let r = data::ridge();
    let rows: Vec<[f64; 3]> =
        r.x.iter()
            .zip(&r.y)
            .map(|(x, y)| [x[0], x[1], *y])
            .collect();
    let (m, s) = data::ridge_posterior_of(&rows, 0.8, 3.0);
    assert!((a - m).norm() < 1e-12 * m.norm(), "{a:?} vs {m:?}");
    assert!((lam - s).norm() < 1e-12 * s.norm());
    let e = l.eval(a);
    assert!(e.grad.norm() < 1e-10, "{:?}", e.grad);
    assert!((e.hess - lam).norm() < 1e-10 * lam.norm());
    let (shipped, _) = data::ridge_posterior();
    assert!((a - shipped).norm() > 1e-3, "σ and δ must move the target");
}
