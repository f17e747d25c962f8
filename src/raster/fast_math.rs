//! Four-lane eˣ and ln x for pictures only ([`exp_fast`], [`ln_fast`]): short polynomials with
//! no special-case branches, cheaper than `wide`'s and std's, within the stated bounds
//! [`EXP_FAST_TOLERANCE`] and [`LN_FAST_TOLERANCE`] (which `tests/raster.rs` measures). q's
//! log-density and the colour map use them; the rule and the landscapes never do.

use crate::landscape::F64x4;
use crate::landscape::vmath::{Lane, Reg, per_register};
use std::f64::consts::{LN_2, LOG2_E, SQRT_2};
use wide::f64x4;

/// 1.5·2⁵²: x + ROUND − ROUND is x rounded to the nearest integer (ties to even) for
/// |x| < 2⁵¹, and the low bits of x + ROUND hold that integer.
pub(super) const ROUND: f64 = 6_755_399_441_055_744.0;

/// [`exp_fast`]'s relative error bound on [−708, 709.78]: |exp_fast(x) − eˣ| ≤
/// `EXP_FAST_TOLERANCE` · eˣ. Truncating the Taylor series after f⁷ on |f| ≤ ½ln 2 leaves at
/// most e^(ln2/2)·(ln2/2)⁸/8! = 7.4e-9; rounding adds a few ulp. `tests/raster.rs` measures
/// 2.4·10⁶ points (worst 7.0e-9).
pub const EXP_FAST_TOLERANCE: f64 = 1e-8;

/// [`ln_fast`]'s absolute error bound for normal positive x: |ln_fast(x) − ln x| ≤
/// `LN_FAST_TOLERANCE`. The atanh series 2(z + z³/3 + … + z⁹/9), z = (m − 1)/(m + 1),
/// m ∈ [√½, √2), stops before 2z¹¹/11 ≤ 6.9e-10; `tests/raster.rs` measures 2·10⁶ points
/// (worst 7.1e-10).
pub const LN_FAST_TOLERANCE: f64 = 1e-9;

/// eˣ in four lanes, cheaper than `wide`'s 1-ulp exp (degree 7 instead of 13, no special-case
/// branches): x = r·ln 2 + f with r = round(x/ln 2) (Cody–Waite, ln 2 split in two), eᶠ by its
/// Taylor polynomial to f⁷ (Estrin's scheme), times 2ʳ built in the exponent bits. Relative
/// error ≤ [`EXP_FAST_TOLERANCE`] for x ∈ [−708, 709.78]; 0 below −708 (eˣ < 3.4e-308:
/// subnormals are flushed), +∞ above 709.78 (eˣ overflows at 709.7827), NaN for NaN. For pictures only: the rule and the landscapes use
/// `wide`'s exp or std's.
#[inline]
pub fn exp_fast(x: F64x4) -> F64x4 {
    const LO: f64 = -708.0;
    const HI: f64 = 709.78;
    let x = x.0;
    let y = per_register(
        x.fast_max(f64x4::splat(LO)).fast_min(f64x4::splat(HI)),
        exp_core::<Reg>,
    );
    let y = x.simd_lt(f64x4::splat(LO)).select(f64x4::ZERO, y);
    let y = x
        .simd_gt(f64x4::splat(HI))
        .select(f64x4::splat(f64::INFINITY), y);
    F64x4(x.is_nan().select(x, y))
}

/// [`exp_fast`] for x ≤ 0 where a result of e⁻⁷⁰⁸ ≈ 3.3e-308 in place of 0 below −708 (and
/// for NaN) does not matter: a sum that also holds 1. No special-case lanes.
#[inline]
pub(super) fn exp_nonpositive(x: f64x4) -> f64x4 {
    per_register(x, |x: Reg, h| exp_core(x.max_fast(Reg::k(h, &K.exp_lo)), h))
}

/// The constants of [`exp_core`] and [`ln_fast`], each in four lanes (read through
/// [`Lane::k`]).
struct Constants {
    exp_lo: f64x4,
    log2_e: f64x4,
    round: f64x4,
    ln2_hi: f64x4,
    ln2_lo: f64x4,
    one: f64x4,
    half: f64x4,
    c3: f64x4,
    c4: f64x4,
    c5: f64x4,
    c6: f64x4,
    c7: f64x4,
    exp_bias: f64x4,
    mantissa: f64x4,
    one_bits: f64x4,
    exponent_bits: f64x4,
    ln_bias: f64x4,
    sqrt2: f64x4,
    ln2: f64x4,
    two: f64x4,
    i3: f64x4,
    i5: f64x4,
    i7: f64x4,
    i9: f64x4,
}

const fn splat(v: f64) -> f64x4 {
    f64x4::new([v; 4])
}

static K: Constants = Constants {
    exp_lo: splat(-708.0),
    log2_e: splat(LOG2_E),
    round: splat(ROUND),
    ln2_hi: splat(0.693_145_751_953_125), // 15 significant bits: r·LN2_HI is exact
    ln2_lo: splat(1.428_606_820_309_417_3e-6), // ln 2 − LN2_HI
    one: splat(1.0),
    half: splat(0.5),
    c3: splat(1.0 / 6.0),
    c4: splat(1.0 / 24.0),
    c5: splat(1.0 / 120.0),
    c6: splat(1.0 / 720.0),
    c7: splat(1.0 / 5040.0),
    exp_bias: splat(1022.0 + 4_503_599_627_370_496.0),
    mantissa: splat(f64::from_bits((1 << 52) - 1)),
    one_bits: splat(1.0),
    exponent_bits: splat(4_503_599_627_370_496.0),
    ln_bias: splat(4_503_599_627_370_496.0 + 1023.0),
    sqrt2: splat(SQRT_2),
    ln2: splat(LN_2),
    two: splat(2.0),
    i3: splat(1.0 / 3.0),
    i5: splat(1.0 / 5.0),
    i7: splat(1.0 / 7.0),
    i9: splat(1.0 / 9.0),
};

/// eˣ for x ∈ [−708, 709.78] (see [`exp_fast`]), one register.
#[inline(always)]
fn exp_core<L: Lane>(x: L, h: usize) -> L {
    let round = L::k(h, &K.round);
    let r = (x * L::k(h, &K.log2_e) + round) - round;
    let f = (x - r * L::k(h, &K.ln2_hi)) - r * L::k(h, &K.ln2_lo);
    // Σ fⁿ/n!, n ≤ 7, by Estrin's scheme (shorter dependency chains than Horner's).
    let f2 = f * f;
    let f4 = f2 * f2;
    let p01 = L::k(h, &K.one) + f;
    let p23 = L::k(h, &K.half) + f * L::k(h, &K.c3);
    let p45 = L::k(h, &K.c4) + f * L::k(h, &K.c5);
    let p67 = L::k(h, &K.c6) + f * L::k(h, &K.c7);
    let p = (p01 + f2 * p23) + f4 * (p45 + f2 * p67);
    // 2ʳ⁻¹: r − 1 + 1023 + 2⁵² holds r + 1022 ∈ [1, 2046] (r ∈ [−1021, 1024]) in its low
    // mantissa bits; shifted into the exponent field it is the double 2ʳ⁻¹. Then eˣ = 2p·2ʳ⁻¹
    // (2ʳ itself would overflow for r = 1024, x ∈ (709.44, 709.78]).
    let bits = (r + L::k(h, &K.exp_bias)).to_bits() << 52;
    (p + p) * L::from_bits(bits)
}

/// ln x in four lanes for normal positive x (the colour map takes it of values in [1, 1e4+1],
/// q's density of sums in [1, K]): x = 2ᵉ·m with m ∈ [√½, √2) from the bits,
/// ln m = 2 atanh z = 2(z + z³/3 + z⁵/5 + z⁷/7 + z⁹/9) with z = (m − 1)/(m + 1), |z| ≤ 0.172;
/// one division, no special-case branches. Absolute error ≤ [`LN_FAST_TOLERANCE`]. Zero,
/// subnormal, negative, infinite and NaN lanes give unspecified finite-or-NaN values: callers
/// mask them.
#[inline]
pub fn ln_fast(x: F64x4) -> F64x4 {
    F64x4(per_register(x.0, ln_core::<Reg>))
}

/// [`ln_fast`] on one register.
#[inline(always)]
fn ln_core<L: Lane>(x: L, h: usize) -> L {
    let one = L::k(h, &K.one);
    let bits = x.to_bits();
    // m ∈ [1, 2), and the biased exponent as a double via 2⁵² + e.
    let m = L::from_bits((bits & L::kbits(h, &K.mantissa)) | L::kbits(h, &K.one_bits));
    let e = L::from_bits((bits >> 52) | L::kbits(h, &K.exponent_bits)) - L::k(h, &K.ln_bias);
    let sqrt2 = L::k(h, &K.sqrt2);
    let (m, e) = (
        L::select_gt(m, sqrt2, m * L::k(h, &K.half), m),
        L::select_gt(m, sqrt2, e + one, e),
    );
    let z = (m - one) / (m + one);
    let z2 = z * z;
    let p = L::k(h, &K.i9);
    let p = p * z2 + L::k(h, &K.i7);
    let p = p * z2 + L::k(h, &K.i5);
    let p = p * z2 + L::k(h, &K.i3);
    let p = p * z2 + one;
    e * L::k(h, &K.ln2) + L::k(h, &K.two) * z * p
}
