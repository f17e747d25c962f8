//! The SIMD value path (`Landscape::values`, four points per formula call in `F64x4` lanes)
//! against the scalar f64 formula (`Landscape::value`, std's libm), and `wide`'s
//! transcendental functions against std's at the bounds documented in
//! `blr_playground::landscape::simd`.

use blr_playground::landscape::simd::VALUES_TOLERANCE;
use blr_playground::landscape::{F64x4, Landscape, LandscapeKind, Params, Real};
use blr_playground::linalg::Vec2;

fn params(expr: &str) -> Params {
    Params {
        cond: 10.0,
        angle: 30.0,
        expr: expr.into(),
        ..Params::default()
    }
}

fn landscape(kind: LandscapeKind) -> Landscape {
    Landscape::new(kind, &params("(x^2+y-11)^2 + (x+y^2-7)^2")).unwrap()
}

fn formula(src: &str) -> Landscape {
    Landscape::new(LandscapeKind::Expr, &params(src)).unwrap()
}

/// A small deterministic generator (the tests need no statistics, only spread).
struct Lcg(u64);

impl Lcg {
    /// Uniform on [0, 1).
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// n×n grid over the landscape's domain, each point jittered inside its cell (so that no two
/// landscapes see only "round" coordinates), plus the domain's corners and centre.
fn points(l: &Landscape, n: usize) -> (Vec<f64>, Vec<f64>) {
    let d = l.domain();
    let mut rng = Lcg(7);
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for j in 0..n {
        for i in 0..n {
            let u = (i as f64 + rng.next()) / n as f64;
            let v = (j as f64 + rng.next()) / n as f64;
            xs.push(d.x[0] + u * (d.x[1] - d.x[0]));
            ys.push(d.y[0] + v * (d.y[1] - d.y[0]));
        }
    }
    for x in [d.x[0], d.x[1], 0.5 * (d.x[0] + d.x[1])] {
        for y in [d.y[0], d.y[1], 0.5 * (d.y[0] + d.y[1])] {
            xs.push(x);
            ys.push(y);
        }
    }
    (xs, ys)
}

/// Largest |simd − scalar| / max(|scalar|, 1) over the points; asserts that the two paths
/// agree on which points are finite, and that the error is within [`VALUES_TOLERANCE`].
fn compare(what: &str, l: &Landscape, xs: &[f64], ys: &[f64]) -> f64 {
    let mut out = vec![f64::NAN; xs.len()];
    l.values(xs, ys, &mut out);
    let mut worst = 0.0f64;
    for i in 0..xs.len() {
        let want = l.value(Vec2::new(xs[i], ys[i]));
        let got = out[i];
        assert_eq!(
            got.is_finite(),
            want.is_finite(),
            "{what} at ({}, {}): simd {got} vs scalar {want}",
            xs[i],
            ys[i]
        );
        if want.is_finite() {
            let err = (got - want).abs() / want.abs().max(1.0);
            assert!(
                err <= VALUES_TOLERANCE,
                "{what} at ({}, {}): simd {got:e} vs scalar {want:e}, error {err:e}",
                xs[i],
                ys[i]
            );
            worst = worst.max(err);
        }
    }
    worst
}

/// Landscapes made of +, −, ×, ÷ and √ only: the lanes do IEEE arithmetic in the formula's
/// order, so the SIMD values are the scalar values bit for bit.
const POLYNOMIAL: [LandscapeKind; 6] = [
    LandscapeKind::Quadratic,
    LandscapeKind::Rosenbrock,
    LandscapeKind::Himmelblau,
    LandscapeKind::SixHumpCamel,
    LandscapeKind::StyblinskiTang,
    LandscapeKind::Ridge,
];

#[test]
fn simd_values_agree_with_the_scalar_formula_on_every_landscape() {
    for kind in LandscapeKind::ALL {
        let l = landscape(kind);
        let (xs, ys) = points(&l, 128);
        assert!(xs.len() >= 10_000);
        let worst = compare(kind.name(), &l, &xs, &ys);
        println!("{:16} max relative difference {worst:.2e}", kind.name());
        if POLYNOMIAL.contains(&kind) {
            assert_eq!(worst, 0.0, "{}: expected identical bits", kind.name());
        }
    }
}

/// Formulas exercising every instruction of the tape (functions, constant integer and real
/// powers, variable powers, division, negation).
const FORMULAS: [&str; 8] = [
    "sin(x)*cos(y) + exp(-(x^2+y^2)/4)",
    "log(1 + x^2 + y^2) - tanh(x - y)",
    "sqrt(abs(x*y)) + abs(x)^0.5 + 2^y",
    "tan(x/4) + y^-3",
    "(x^2+y-11)^2 + (x+y^2-7)^2",
    "exp(sin(3*x)) * log(y^2 + 1) - -x/7",
    "abs(x)^abs(y) + (x^2)^1.5",
    "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y) + e",
];

#[test]
fn simd_expr_agrees_with_the_scalar_interpreter() {
    for src in FORMULAS {
        let l = formula(src);
        let (xs, ys) = points(&l, 128);
        let worst = compare(src, &l, &xs, &ys);
        println!("{src:52} max relative difference {worst:.2e}");
    }
    // The tape interpreter itself, called directly with lanes: one dispatch, four points.
    let e = blr_playground::landscape::Expr::parse("x*y + 1/x").unwrap();
    let v = e.eval(
        F64x4::from([1.0, 2.0, 4.0, -8.0]),
        F64x4::from([3.0, 0.5, 0.25, 2.0]),
    );
    assert_eq!(v.to_array(), [4.0, 1.5, 1.25, -16.125]);
}

#[test]
fn every_length_works_and_a_point_does_not_depend_on_its_position() {
    for kind in LandscapeKind::ALL {
        let l = landscape(kind);
        let (xs, ys) = points(&l, 4);
        let n = 13;
        let mut full = vec![0.0; n];
        l.values(&xs[..n], &ys[..n], &mut full);
        for len in 0..=n {
            // Every prefix, and every window starting at an odd offset.
            for start in [0, 1, 3] {
                let end = (start + len).min(n);
                let mut out = vec![f64::NAN; end - start];
                l.values(&xs[start..end], &ys[start..end], &mut out);
                for (k, v) in out.iter().enumerate() {
                    assert_eq!(
                        v.to_bits(),
                        full[start + k].to_bits(),
                        "{}: point {} in a batch [{start}, {end})",
                        kind.name(),
                        start + k
                    );
                }
            }
        }
    }
}

#[test]
#[should_panic]
fn mismatched_lengths_are_refused() {
    let l = landscape(LandscapeKind::Himmelblau);
    l.values(&[1.0, 2.0], &[1.0], &mut [0.0, 0.0]);
}

#[test]
/// NaN, +∞ and −∞ in x, y or both, in every lane of a five-point batch: the built-in
/// landscapes give a non-finite value there (never a panic, never a plausible number), and
/// the other lanes are untouched.
fn non_finite_inputs_give_non_finite_outputs_and_leave_other_lanes_alone() {
    let bad = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
    let mut all: Vec<(&str, Landscape)> = LandscapeKind::ALL
        .into_iter()
        .map(|k| (k.name(), landscape(k)))
        .collect();
    all.extend(FORMULAS.iter().map(|s| (*s, formula(s))));
    for (what, l) in &all {
        let is_formula = l.kind() == LandscapeKind::Expr;
        for (i, &b) in bad.iter().enumerate() {
            for lane in 0..5 {
                // Five points (a full group and a tail), the bad one in each position, the
                // bad coordinate in x, in y or in both.
                for which in 0..3 {
                    let mut xs = vec![0.5, -1.25, 1.75, 0.3, -0.7];
                    let mut ys = vec![0.25, 1.5, -0.75, -1.1, 0.9];
                    if which != 1 {
                        xs[lane] = b;
                    }
                    if which != 0 {
                        ys[lane] = b;
                    }
                    let mut out = vec![0.0; 5];
                    l.values(&xs, &ys, &mut out);
                    // A formula may legitimately map ±∞ to a finite value (y^-3 → 0 as
                    // y → ∞, tanh(∞) = 1): there the lanes must agree with std.
                    let want = l.value(Vec2::new(xs[lane], ys[lane]));
                    let may_be_finite = is_formula && b.is_infinite();
                    if may_be_finite && want.is_finite() {
                        let err = (out[lane] - want).abs() / want.abs().max(1.0);
                        assert!(err <= VALUES_TOLERANCE, "{what}: {} vs {want}", out[lane]);
                    } else {
                        assert!(
                            !out[lane].is_finite() && !want.is_finite(),
                            "{what}: input {i} in lane {lane} gave {} (scalar {want})",
                            out[lane]
                        );
                    }
                    for k in (0..5).filter(|&k| k != lane) {
                        let want = l.value(Vec2::new(xs[k], ys[k]));
                        let err = (out[k] - want).abs() / want.abs().max(1.0);
                        assert!(err <= VALUES_TOLERANCE, "{what}: lane {k} disturbed");
                    }
                }
            }
        }
    }
}

/// One std function against its `Real` lane version over `n` points of [lo, hi] (log-spaced
/// when `log`): the largest relative error, or absolute error when `absolute`.
fn max_error(
    lo: f64,
    hi: f64,
    log: bool,
    absolute: bool,
    lanes: impl Fn(F64x4) -> F64x4,
    std: impl Fn(f64) -> f64,
) -> f64 {
    let mut rng = Lcg(12345);
    let mut worst = 0.0f64;
    for _ in 0..250_000 {
        let x: [f64; 4] = std::array::from_fn(|_| {
            let u = rng.next();
            if log {
                (lo.ln() + u * (hi.ln() - lo.ln())).exp()
            } else {
                lo + u * (hi - lo)
            }
        });
        let got = lanes(F64x4::from(x)).to_array();
        for k in 0..4 {
            let want = std(x[k]);
            let err = (got[k] - want).abs() / if absolute { 1.0 } else { want.abs() };
            worst = worst.max(err);
        }
    }
    worst
}

#[test]
fn wide_transcendentals_are_within_the_documented_bounds_of_std() {
    // (name, lo, hi, log-spaced, absolute, documented bound): the table in landscape::simd.
    type Case = (&'static str, f64, f64, bool, bool, f64);
    let cases: [Case; 12] = [
        ("exp", -700.0, 700.0, false, false, 2.3e-16),
        ("ln", 1e-300, 1e300, true, false, 2.3e-16),
        ("ln_1p", 1e-300, 1e3, true, false, 4.5e-16),
        ("ln_1p", 0.0, 1.0, false, false, 4.5e-16),
        ("sin", -40.0, 40.0, false, true, 2.3e-16),
        ("cos", -40.0, 40.0, false, true, 2.3e-16),
        ("sin", 1e4, 1e8, true, true, 2.3e-16),
        ("cos", 1e4, 1e8, true, true, 2.3e-16),
        ("sin", -1.5, 1.5, false, false, 3.5e-16),
        ("tanh", -20.0, 20.0, false, false, 6.5e-16),
        ("powf", 1e-3, 1e3, true, false, 8e-16),
        ("sqrt", 1e-300, 1e300, true, false, 0.0),
    ];
    for (name, lo, hi, log, absolute, bound) in cases {
        let err = match name {
            "exp" => max_error(lo, hi, log, absolute, Real::exp, f64::exp),
            "ln" => max_error(lo, hi, log, absolute, Real::ln, f64::ln),
            "ln_1p" => max_error(lo, hi, log, absolute, Real::ln_1p, f64::ln_1p),
            "sin" => max_error(lo, hi, log, absolute, Real::sin, f64::sin),
            "cos" => max_error(lo, hi, log, absolute, Real::cos, f64::cos),
            "tanh" => max_error(lo, hi, log, absolute, Real::tanh, f64::tanh),
            "powf" => max_error(
                lo,
                hi,
                log,
                absolute,
                |v| v.powf(-1.3),
                |v: f64| v.powf(-1.3),
            ),
            "sqrt" => max_error(lo, hi, log, absolute, Real::sqrt, f64::sqrt),
            _ => unreachable!(),
        };
        println!("{name:6} [{lo:e}, {hi:e}] max error {err:.3e} (bound {bound:e})");
        assert!(err <= bound, "{name}: {err:e} > {bound:e}");
    }
}

#[test]
fn integer_powers_give_std_bits() {
    let mut rng = Lcg(3);
    for n in -40..=40 {
        for _ in 0..50 {
            let x: [f64; 4] = std::array::from_fn(|_| (rng.next() - 0.5) * 8.0);
            let got = F64x4::from(x).powi(n).to_array();
            for k in 0..4 {
                assert_eq!(got[k].to_bits(), x[k].powi(n).to_bits(), "{}^{n}", x[k]);
            }
        }
    }
}

/// Special and extreme arguments: every lane function gives what std gives (NaN where std
/// gives NaN), including the cases handed to std (huge trig arguments, subnormal logs,
/// powers with infinite, huge or NaN operands).
#[test]
fn special_values_follow_std() {
    let vals = [
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        -0.5,
        2.0,
        -2.0,
        -3.0,
        2.5,
        -2.5,
        1e-310,
        -1e-310,
        1e300,
        -1e300,
        1e9,
        -3e15,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
    ];
    let same = |got: f64, want: f64| {
        (got.is_nan() && want.is_nan())
            || got == want
            || (got - want).abs() <= 8e-16 * want.abs()
            || (got - want).abs() <= 2.3e-16
    };
    type Unary = (&'static str, fn(F64x4) -> F64x4, fn(f64) -> f64);
    let unary: [Unary; 8] = [
        ("exp", Real::exp, f64::exp),
        ("ln", Real::ln, f64::ln),
        ("ln_1p", Real::ln_1p, f64::ln_1p),
        ("sin", Real::sin, f64::sin),
        ("cos", Real::cos, f64::cos),
        ("tanh", Real::tanh, f64::tanh),
        ("sqrt", Real::sqrt, f64::sqrt),
        ("abs", Real::abs, f64::abs),
    ];
    for (name, lanes, std) in unary {
        for &x in &vals {
            let got = lanes(F64x4::from([x, 0.5, x, 1.5])).to_array();
            assert!(
                same(got[0], std(x)),
                "{name}({x:e}) = {} vs {}",
                got[0],
                std(x)
            );
            assert_eq!(got[0].to_bits(), got[2].to_bits());
        }
    }
    for &x in &vals {
        for &y in &vals {
            let got = F64x4::from([x, 2.0, x, 0.5]).powd(F64x4::from([y, 3.0, y, 2.0]));
            let got = got.to_array()[0];
            assert!(
                same(got, x.powf(y)),
                "pow({x:e}, {y:e}) = {got:e} vs {:e}",
                x.powf(y)
            );
        }
    }
}

/// The derivative batch hoists the kind dispatch out of its loop; it must still be
/// `Landscape::eval` bit for bit (the rule's gradient-descent oracle depends on it).
#[test]
fn derivative_batches_are_per_point_evaluation_bit_for_bit() {
    for kind in LandscapeKind::ALL {
        let l = landscape(kind);
        let (xs, ys) = points(&l, 40);
        let mut batch = blr_playground::landscape::Batch::default();
        l.evals(&xs, &ys, &mut batch);
        for i in 0..xs.len() {
            let (a, b) = (batch.get(i), l.eval(Vec2::new(xs[i], ys[i])));
            let bits = |e: &blr_playground::landscape::Eval| {
                [
                    e.value,
                    e.grad[0],
                    e.grad[1],
                    e.hess[(0, 0)],
                    e.hess[(0, 1)],
                    e.hess[(1, 1)],
                ]
                .map(f64::to_bits)
            };
            assert_eq!(bits(&a), bits(&b), "{} at point {i}", kind.name());
        }
    }
}

// ----- the table-driven exp (landscape::vmath) ------------------------------------------------

/// a·b = p + e exactly (fused multiply-add).
fn two_prod(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    (p, a.mul_add(b, -p))
}

/// a + b = s + e exactly.
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

/// Double-double (hi + lo) arithmetic, for the references below (relative error ~2⁻¹⁰⁴ per
/// operation).
#[derive(Clone, Copy, Debug)]
struct Dd(f64, f64);

impl Dd {
    fn add(self, o: Dd) -> Dd {
        let (s, e) = two_sum(self.0, o.0);
        let (hi, lo) = two_sum(s, e + self.1 + o.1);
        Dd(hi, lo)
    }
    fn mul(self, o: Dd) -> Dd {
        let (p, e) = two_prod(self.0, o.0);
        let (hi, lo) = two_sum(p, e + self.0 * o.1 + self.1 * o.0);
        Dd(hi, lo)
    }
    fn div_f64(self, d: f64) -> Dd {
        let q = self.0 / d;
        let (p, e) = two_prod(q, d);
        let r = ((self.0 - p) - e + self.1) / d;
        let (hi, lo) = two_sum(q, r);
        Dd(hi, lo)
    }
}

/// ln 2 as the sum of three doubles (from a 80-digit decimal expansion).
const LN2: [f64; 3] = [
    f64::from_bits(0x3fe6_2e42_fefa_39ef),
    f64::from_bits(0x3c7a_bc9e_3b39_803f),
    f64::from_bits(0x3907_b57a_079a_1934),
];

/// eˣ to ~2⁻¹⁰⁰ relative, as 2ᵏ·(hi + lo): k = round(x/ln 2), r = x − k ln 2 in double-double
/// (k·ln 2 from the three-part ln 2, each product exact), eʳ by its Taylor series to r³⁰/30!
/// (|r| ≤ 0.35: the remainder is below 1e-45).
fn exp_reference(x: f64) -> (i32, Dd) {
    let k = (x / LN2[0]).round();
    let mut r = Dd(x, 0.0);
    for c in LN2 {
        let (p, e) = two_prod(k, c);
        r = r.add(Dd(-p, -e));
    }
    let (mut sum, mut term) = (Dd(1.0, 0.0), Dd(1.0, 0.0));
    for n in 1..=30 {
        term = term.mul(r).div_f64(n as f64);
        sum = sum.add(term);
    }
    (k as i32, sum)
}

/// |y − eˣ| in units of the last place of y.
fn exp_ulp_error(x: f64, y: f64) -> f64 {
    let (k, Dd(hi, lo)) = exp_reference(x);
    // y·2⁻ᵏ is exact (y is normal and so is the scaled value), and so is its difference
    // with hi (they agree to a few ulp).
    let scale = 2f64.powi(-k);
    let ys = y * scale;
    let ulp = f64::from_bits(y.to_bits() + 1) - y;
    ((ys - hi) - lo).abs() / (ulp * scale)
}

#[test]
fn vector_exp_table_holds_the_powers_of_two_to_double_double_accuracy() {
    use blr_playground::landscape::vmath::{EXP_TABLE, EXP_TABLE_BITS};
    let n = 1usize << EXP_TABLE_BITS;
    assert_eq!(EXP_TABLE.len(), n);
    for (j, e) in EXP_TABLE.iter().enumerate() {
        // Tⱼ from the stored bits, then (Tⱼ(1 + tⱼ))^N by log₂N squarings must be 2ʲ.
        let t = f64::from_bits(e.scale_bits + ((j as u64) << (52 - EXP_TABLE_BITS)));
        assert!((1.0..2.0).contains(&t), "entry {j}: {t}");
        let (p, err) = two_prod(t, e.tail);
        let mut v = Dd(t, 0.0).add(Dd(p, err));
        for _ in 0..EXP_TABLE_BITS {
            v = v.mul(v);
        }
        let want = 2f64.powi(j as i32);
        let rel = ((v.0 - want) + v.1).abs() / want;
        // 2⁻⁹⁰: the entry is 2^(j/N) to ~2⁻⁹⁷ (the N-th power multiplies its error by N).
        assert!(rel < 2f64.powi(-90), "entry {j}: relative error {rel:e}");
        // Tⱼ is the nearest double: the remainder is at most half an ulp.
        assert!(
            e.tail.abs() <= f64::EPSILON / 2.0 / t * 2.0,
            "entry {j}: tail {}",
            e.tail
        );
    }
}

/// Correctly rounded eˣ (from an 80-digit decimal evaluation), bit for bit.
#[test]
fn vector_exp_known_answers() {
    let cases: [(f64, u64); 17] = [
        (0.0, 0x3ff0_0000_0000_0000),
        (-0.0, 0x3ff0_0000_0000_0000),
        (1.0, 0x4005_bf0a_8b14_5769),
        (-1.0, 0x3fd7_8b56_362c_ef38),
        (0.5, 0x3ffa_6129_8e1e_069c),
        (-0.5, 0x3fe3_68b2_fc6f_960a),
        (3.5, 0x4040_8ec7_2139_6bdb),
        (10.0, 0x40d5_829d_cf95_0560),
        (-10.0, 0x3f07_cd79_b564_7c9b),
        (100.0, 0x48f3_494a_9b17_1bf5),
        (-100.0, 0x36ea_8c1f_14e2_af5d),
        (700.0, 0x7f0d_945d_f4f8_ec8e),
        (-700.0, 0x00d1_4f2b_0fb9_307f),
        (708.0, 0x7fc5_86f6_bf26_0cf1),
        (-708.0, 0x0017_c8ab_2288_c9ab),
        (1e-10, 0x3ff0_0000_0006_df38),
        (-1e-10, 0x3fef_ffff_fff2_4190),
    ];
    for (x, bits) in cases {
        let got = F64x4::from([x, 1.0, x, -x]).exp().to_array();
        assert_eq!(got[0].to_bits(), bits, "exp({x:e}) = {:e}", got[0]);
        assert_eq!(got[2].to_bits(), bits);
    }
    // Tiny arguments: eˣ rounds to 1.
    for x in [1e-300, -1e-300, 1e-17, -1e-17, f64::MIN_POSITIVE] {
        assert_eq!(F64x4::cst(x).exp().to_array(), [1.0; 4], "exp({x:e})");
    }
}

/// 10⁶ points: within [`vmath::EXP_MAX_ULP`] of the true eˣ on the fast path |x| ≤ 700
/// (uniform on [−700, 700], and log-spaced magnitudes 1e-20…700 of both signs).
#[test]
fn vector_exp_is_within_its_ulp_bound_of_the_true_value() {
    use blr_playground::landscape::vmath::EXP_MAX_ULP;
    let mut rng = Lcg(2024);
    let (mut worst, mut at) = (0.0f64, 0.0);
    let mut above_half = 0usize;
    for i in 0..250_000 {
        let x: [f64; 4] = std::array::from_fn(|k| {
            let u = rng.next();
            if (i + k) % 2 == 0 {
                -700.0 + 1400.0 * u
            } else {
                let m = (1e-20f64.ln() + u * (700f64.ln() - 1e-20f64.ln())).exp();
                if rng.next() < 0.5 { -m } else { m }
            }
        });
        let y = F64x4::from(x).exp().to_array();
        for k in 0..4 {
            let e = exp_ulp_error(x[k], y[k]);
            if e > 0.5 {
                above_half += 1;
            }
            if e > worst {
                (worst, at) = (e, x[k]);
            }
        }
    }
    println!(
        "vector exp: max error {worst:.4} ulp at x = {at:e}; {above_half} of 10⁶ not correctly rounded"
    );
    assert!(worst <= EXP_MAX_ULP, "{worst} ulp at {at:e}");
    // Not correctly rounded only where eˣ is within a few hundredths of an ulp of a tie.
    assert!(above_half < 2_000, "{above_half}");
}

/// The lanes outside the fast path (|x| > 700, ±∞, NaN) get std's bits, whichever lane they
/// are in, and the other lanes are untouched.
#[test]
fn vector_exp_hands_the_edges_to_std() {
    let edges = [
        700.000_000_000_001,
        708.0,
        709.78,
        709.79,
        1e5,
        -700.000_000_000_001,
        -708.0,
        -709.0,
        -744.0,
        -745.2,
        -746.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
    ];
    let inner = [0.25, -3.0, 12.5, -0.001];
    for &x in &edges {
        for lane in 0..4 {
            let mut v = inner;
            v[lane] = x;
            let got = F64x4::from(v).exp().to_array();
            let want = x.exp();
            assert_eq!(
                got[lane].to_bits(),
                want.to_bits(),
                "exp({x:e}) in lane {lane}: {:e} vs std {want:e}",
                got[lane]
            );
            for k in (0..4).filter(|&k| k != lane) {
                let alone = F64x4::cst(inner[k]).exp().to_array()[0];
                assert_eq!(
                    got[k].to_bits(),
                    alone.to_bits(),
                    "lane {k} disturbed by {x:e}"
                );
            }
        }
    }
}

/// `vmath::sin_cos` is `wide`'s sin_cos to the bit where the lanes use it (|x| ≤ 1e8): the same
/// algorithm with the quadrant taken from bits instead of a float-to-integer conversion.
/// (Without FMA: with it, `wide` fuses its polynomial steps and the lanes' version does not.)
#[cfg(not(target_feature = "fma"))]
#[test]
fn vector_sin_cos_is_wides_to_the_bit() {
    use blr_playground::landscape::vmath;
    use wide::f64x4;
    let mut rng = Lcg(99);
    for i in 0..250_000 {
        let scale = [1.0, 40.0, 1e4, 1e8][i % 4];
        let mut x: [f64; 4] = std::array::from_fn(|_| (rng.next() - 0.5) * 2.0 * scale);
        if i == 0 {
            x = [0.0, -0.0, std::f64::consts::FRAC_PI_4, -1e8];
        }
        let (s, c) = vmath::sin_cos(f64x4::new(x));
        let (ws, wc) = f64x4::new(x).sin_cos();
        let (s, c, ws, wc) = (s.to_array(), c.to_array(), ws.to_array(), wc.to_array());
        for (k, xk) in x.iter().enumerate() {
            assert_eq!(s[k].to_bits(), ws[k].to_bits(), "sin {xk}");
            assert_eq!(c[k].to_bits(), wc[k].to_bits(), "cos {xk}");
        }
    }
}
