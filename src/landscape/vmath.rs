//! Vector math for [`F64x4`](super::F64x4)'s `Real` lanes: [`exp`], table-driven, within 1 ulp
//! of the correctly rounded result (measured: 0.51 ulp against a double-double reference) with
//! a third of the arithmetic of `wide`'s exp and no special-case selects on the fast path; and
//! [`sin_cos`], `wide`'s algorithm (Cephes/VCL) to the bit, without its integer conversions and
//! special-case fix-ups (the callers hand those lanes to std). Both read their constants
//! through [`lanes`], which on wasm32 is a load instead of V8's three-instruction immediate.
//!
//! # The method (Tang's table-driven exp)
//!
//! With N = 2^[`EXP_TABLE_BITS`] = 128: x = k·ln2/N + r, k = round(x·N/ln2), |r| ≤ ln2/2N
//! (Cody–Waite: ln2/N split in two, the high part with 36 significant bits so that k·hi is
//! exact for |k| < 2¹⁷), and k = 128·m + j with j ∈ [0, 128):
//!
//!   eˣ = 2ᵐ · 2^(j/N) · eʳ,  eʳ ≈ 1 + r + r²/2 + r³/6 + r⁴/24 + r⁵/120.
//!
//! 2^(j/N) comes from a table as its nearest double Tⱼ and the relative remainder
//! tⱼ = (2^(j/N) − Tⱼ)/Tⱼ (so Tⱼ(1 + tⱼ) is 2^(j/N) to ~2⁻¹⁰⁰); 2ᵐ·Tⱼ is built by adding m to
//! Tⱼ's exponent bits. The result is s + s·(tⱼ + r + r²(½ + r/6) + r⁴(1/24 + r/120)),
//! s = 2ᵐTⱼ: every term after s is below 0.0028·s, so their roundings move the result by a
//! few hundredths of an ulp, and the one rounding that matters is the final addition
//! (½ ulp). The Taylor remainder is below (ln2/256)⁶/6! ≈ 5.4e-19 relative.
//!
//! Only +, −, × (never fused) and integer bit operations: the same bits on every target
//! (wasm simd128, x86-64 with or without AVX/FMA, the scalar fallback).
//!
//! The fast path covers |x| ≤ [`EXP_FAST_MAX`] = 700. Lanes outside it
//! (overflow, the subnormal range, ±∞, NaN) are handed to std's exp, so they give std's bits;
//! the check is one comparison per call.

use std::ops::{Add, BitAnd, BitOr, BitXor, Div, Mul, Shl, Shr, Sub};
use wide::bytemuck::{cast, cast_ref};
use wide::{f64x2, f64x4, i64x4, u64x2, u64x4};

/// log₂ of the table's size N.
pub const EXP_TABLE_BITS: u32 = 7;
const N: usize = 1 << EXP_TABLE_BITS;

/// [`exp`]'s error bound on its fast path, in units of the last place of the result:
/// |exp(x) − eˣ| ≤ `EXP_MAX_ULP` · ulp(exp(x)) for |x| ≤ [`EXP_FAST_MAX`]. Below 1, so the
/// result is one of the two doubles around eˣ (and within 1 ulp of a correctly rounded libm).
/// `tests/simd.rs` measures 10⁶ points against a double-double reference.
pub const EXP_MAX_ULP: f64 = 0.52;

/// The fast path's range, |x| ≤ 700: eˣ ∈ [9.8e-305, 1.1e304], and s = 2ᵐTⱼ ≥ 2⁻¹⁰¹⁰, so that
/// s·(…) rounds in the normal range or (below 2⁻¹⁰²²) by at most 2⁻¹⁰⁷⁵ ≤ 2⁻⁶⁵·s. (Down to
/// −708 the results are normal too, but s·(…) is then subnormal and its rounding costs up to
/// a quarter of an ulp: measured 0.75 ulp at −707.7.)
pub const EXP_FAST_MAX: f64 = 700.0;

/// Every constant of the kernels is a static in four lanes, read through [`Lane::k`].
///
/// 1.5·2⁵²: z + SHIFT − SHIFT is z rounded to the nearest integer (ties to even) for
/// |z| < 2⁵¹, and the low bits of z + SHIFT hold that integer in two's complement.
static SHIFT: f64x4 = splat(6_755_399_441_055_744.0);
/// N/ln 2.
static INV_LN2_N: f64x4 = splat(184.664_965_233_787_3);
/// ln2/N = LN2_HI_N + LN2_LO_N; LN2_HI_N has 36 significant bits (17 trailing zeros).
static LN2_HI_N: f64x4 = splat(f64::from_bits(0x3f76_2e42_fefa_0000));
static LN2_LO_N: f64x4 = splat(f64::from_bits(0x3d0c_f79a_bc9e_3b3a));
/// [`EXP_FAST_MAX`], and the coefficients 1/n! of eʳ.
static FAST_MAX: f64x4 = splat(EXP_FAST_MAX);
static C1: f64x4 = splat(1.0);
static C2: f64x4 = splat(0.5);
static C3: f64x4 = splat(1.0 / 6.0);
static C4: f64x4 = splat(1.0 / 24.0);
static C5: f64x4 = splat(1.0 / 120.0);
/// 2^(1/N) as a double-double (hi + lo, |lo| ≤ ½ulp(hi)): the table is its powers.
const ROOT_HI: f64 = f64::from_bits(0x3ff0_163d_a9fb_3335);
const ROOT_LO: f64 = f64::from_bits(0x3c9b_6129_9ab8_cdb7);

/// One entry j: the bits of tⱼ, and the bits of Tⱼ minus j·2⁴⁵ (so that adding k·2⁴⁵ for
/// k = 128m + j puts m into the exponent and cancels j).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExpEntry {
    pub tail: f64,
    pub scale_bits: u64,
}

/// The table, computed at compile time from [`ROOT_HI`] + [`ROOT_LO`] by double-double
/// multiplication (`tests/simd.rs` checks every entry independently: (Tⱼ(1 + tⱼ))^N = 2ʲ).
pub static EXP_TABLE: [ExpEntry; N] = exp_table();

/// a·b = p + e exactly (Dekker's product with Veltkamp's split; no fused multiply-add, so it
/// runs in const evaluation). For |a|, |b| < 2⁹⁰⁰.
const fn two_prod(a: f64, b: f64) -> (f64, f64) {
    const SPLIT: f64 = 134_217_729.0; // 2²⁷ + 1
    let p = a * b;
    let (ta, tb) = (SPLIT * a, SPLIT * b);
    let (ah, bh) = (ta - (ta - a), tb - (tb - b));
    let (al, bl) = (a - ah, b - bh);
    (p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
}

const fn exp_table() -> [ExpEntry; N] {
    let mut t = [ExpEntry {
        tail: 0.0,
        scale_bits: 0,
    }; N];
    // (hi, lo) = 2^(j/N) as a double-double; each step multiplies by the root (relative error
    // ~2⁻¹⁰⁴ per step, ~2⁻⁹⁷ after 127).
    let (mut hi, mut lo) = (1.0f64, 0.0f64);
    let mut j = 0;
    while j < N {
        t[j] = ExpEntry {
            tail: lo / hi,
            scale_bits: hi
                .to_bits()
                .wrapping_sub((j as u64) << (52 - EXP_TABLE_BITS)),
        };
        let (p, e) = two_prod(hi, ROOT_HI);
        let e = e + (hi * ROOT_LO + lo * ROOT_HI);
        hi = p + e;
        lo = e - (hi - p);
        j += 1;
    }
    t
}

/// eˣ in every lane (see the module documentation): within 1 ulp of the correctly rounded
/// result for |x| ≤ [`EXP_FAST_MAX`], std's exp elsewhere.
#[inline]
pub fn exp(x: f64x4) -> f64x4 {
    let y = per_register(x, exp_core::<Reg>);
    // |x| > 700 or NaN, as one integer comparison of |x|'s bits (NaN's are above ∞'s).
    let bad = cast::<f64x4, i64x4>(x.abs()).simd_gt(cast::<f64x4, i64x4>(lanes(&FAST_MAX)));
    if !bad.any() {
        return y;
    }
    let (mut v, a, m) = (y.to_array(), x.to_array(), bad.to_bitmask());
    for k in 0..4 {
        if m & (1 << k) != 0 {
            v[k] = a[k].exp();
        }
    }
    f64x4::new(v)
}

/// The fast path for |x| ≤ [`EXP_FAST_MAX`] (other lanes give garbage, never a trap).
#[inline(always)]
fn exp_core<L: Lane>(x: L, h: usize) -> L {
    let shift = L::k(h, &SHIFT);
    let kd = x * L::k(h, &INV_LN2_N) + shift;
    let ki = kd.to_bits();
    let kd = kd - shift;
    let r = (x - kd * L::k(h, &LN2_HI_N)) - kd * L::k(h, &LN2_LO_N);
    let (tail, scale) = L::exp_entries(ki);
    let s = L::from_bits(scale + (ki << (52 - EXP_TABLE_BITS)));
    let r2 = r * r;
    let tmp = tail
        + r
        + r2 * (L::k(h, &C2) + r * L::k(h, &C3))
        + (r2 * r2) * (L::k(h, &C4) + r * L::k(h, &C5));
    s + s * tmp
}

/// One vector register of f64 lanes: `f64x2` where an `f64x4` is two registers (wasm simd128,
/// x86-64 without AVX), `f64x4` with AVX. The kernels run per register ([`per_register`]), so
/// that each half's constants are loaded where that half uses them: run on an `f64x4` split in
/// two, V8 kept every constant for the second half and spilled it to the stack (a quarter of
/// the Rastrigin raster's instructions were such spills and reloads).
#[cfg(not(target_feature = "avx"))]
pub(crate) type Reg = f64x2;
/// One vector register of f64 lanes (see the other definition).
#[cfg(target_feature = "avx")]
pub(crate) type Reg = f64x4;

/// `f` on each register of `x` ([`Reg`]), the first half first; `f`'s second argument is the
/// register's index, for [`Lane::k`].
#[inline(always)]
pub(crate) fn per_register(x: f64x4, f: impl Fn(Reg, usize) -> Reg) -> f64x4 {
    #[cfg(not(target_feature = "avx"))]
    {
        let [a, b] = cast::<f64x4, [f64x2; 2]>(x);
        cast::<[f64x2; 2], f64x4>([f(a, 0), f(b, 1)])
    }
    #[cfg(target_feature = "avx")]
    {
        f(x, 0)
    }
}

/// [`per_register`] for a kernel with two results.
#[inline(always)]
pub(crate) fn per_register2(x: f64x4, f: impl Fn(Reg, usize) -> (Reg, Reg)) -> (f64x4, f64x4) {
    #[cfg(not(target_feature = "avx"))]
    {
        let [a, b] = cast::<f64x4, [f64x2; 2]>(x);
        let ((a0, a1), (b0, b1)) = (f(a, 0), f(b, 1));
        (
            cast::<[f64x2; 2], f64x4>([a0, b0]),
            cast::<[f64x2; 2], f64x4>([a1, b1]),
        )
    }
    #[cfg(target_feature = "avx")]
    {
        f(x, 0)
    }
}

/// What the kernels need of a register of f64 lanes beyond +, −, ×, ÷ and ^ (on the bits):
/// `wide`'s `f64x2` and `f64x4` and their `u64` bit patterns.
pub(crate) trait Lane:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + BitXor<Output = Self>
{
    /// The lanes' bit patterns.
    type Bits: Copy
        + Add<Output = Self::Bits>
        + BitAnd<Output = Self::Bits>
        + BitOr<Output = Self::Bits>
        + BitXor<Output = Self::Bits>
        + Shl<u32, Output = Self::Bits>
        + Shr<u32, Output = Self::Bits>;
    /// A constant in every lane, read from its static: the `h`-th register's worth of it (so
    /// the two halves of an `f64x4` read different addresses). On wasm32 the read is a load:
    /// V8 builds every `v128.const` from a 64-bit immediate at each use (three instructions,
    /// through a general register; seen in its jitted code), which was a fifth of the logistic
    /// raster's instructions; a load is one. And V8 merges loads of one address, so one
    /// address per half keeps each load next to its use instead of spilling the first
    /// half's. The value is the same either way.
    fn k(h: usize, c: &'static f64x4) -> Self;
    /// [`Lane::k`] as bits.
    #[inline(always)]
    fn kbits(h: usize, c: &'static f64x4) -> Self::Bits {
        Self::k(h, c).to_bits()
    }
    fn to_bits(self) -> Self::Bits;
    fn from_bits(b: Self::Bits) -> Self;
    fn abs(self) -> Self;
    /// max(self, o), either when one is NaN.
    fn max_fast(self, o: Self) -> Self;
    /// Lane-wise `if a > b { then } else { otherwise }`.
    fn select_gt(a: Self, b: Self, then: Self, otherwise: Self) -> Self;
    /// Lane-wise `if b == 0 { then } else { otherwise }`.
    fn select_zero(b: Self::Bits, then: Self, otherwise: Self) -> Self;
    /// [`EXP_TABLE`]'s tails and scale bits at the entries k mod N of `k`, lane by lane (there
    /// is no gather in simd128).
    fn exp_entries(k: Self::Bits) -> (Self, Self::Bits);
}

macro_rules! impl_lane {
    ($f:ident, $u:ident, $n:literal) => {
        impl Lane for $f {
            type Bits = $u;
            #[inline(always)]
            fn k(h: usize, c: &'static f64x4) -> $f {
                let c: &'static $f = &cast_ref::<f64x4, [$f; 4 / $n]>(c)[h];
                #[cfg(target_arch = "wasm32")]
                {
                    // SAFETY: `c` refers to an initialised, aligned static; a volatile read
                    // of it is an ordinary read that the compiler may not fold back into a
                    // constant.
                    unsafe { std::ptr::read_volatile(c) }
                }
                #[cfg(not(target_arch = "wasm32"))]
                {
                    *c
                }
            }
            #[inline(always)]
            fn to_bits(self) -> $u {
                cast::<$f, $u>(self)
            }
            #[inline(always)]
            fn from_bits(b: $u) -> $f {
                cast::<$u, $f>(b)
            }
            #[inline(always)]
            fn abs(self) -> $f {
                $f::abs(self)
            }
            #[inline(always)]
            fn max_fast(self, o: $f) -> $f {
                self.fast_max(o)
            }
            #[inline(always)]
            fn select_gt(a: $f, b: $f, then: $f, otherwise: $f) -> $f {
                a.simd_gt(b).select(then, otherwise)
            }
            #[inline(always)]
            fn select_zero(b: $u, then: $f, otherwise: $f) -> $f {
                cast::<$u, $f>(b.simd_eq($u::ZERO)).select(then, otherwise)
            }
            #[inline(always)]
            fn exp_entries(k: $u) -> ($f, $u) {
                let e = k.to_array().map(|k| EXP_TABLE[k as usize % N]);
                ($f::new(e.map(|e| e.tail)), $u::new(e.map(|e| e.scale_bits)))
            }
        }
    };
}
impl_lane!(f64x2, u64x2, 2);
impl_lane!(f64x4, u64x4, 4);

/// A constant in all four lanes of an `f64x4` (two register loads where that is two
/// registers), for the checks made on whole `f64x4`s.
#[inline(always)]
pub(crate) fn lanes(c: &'static f64x4) -> f64x4 {
    per_register(f64x4::ZERO, |_, h| Reg::k(h, c))
}

/// sin x and cos x in every lane for |x| ≤ 1e8, `wide::f64x4::sin_cos`'s arithmetic to the bit
/// (Agner Fog's VCL, Cephes coefficients): y = round(|x|·2/π), r = |x| − y·π/2 with π/2 in
/// three parts (Cody–Waite), degree-13 and degree-12 polynomials in r on |r| ≤ π/4, the
/// quadrant's swap and signs from y's low bits. The quadrant comes from the bits of
/// |x|·2/π + 1.5·2⁵² (exact for |x|·2/π < 2⁵¹) instead of `wide`'s float-to-integer
/// conversion, which simd128 does lane by lane; and the overflow and non-finite fix-ups are
/// left out: lanes beyond 1e8, ±∞ and NaN give unspecified values, which the callers
/// (`Real::sin`, `cos`, `tan`) replace with std's.
#[inline]
pub fn sin_cos(x: f64x4) -> (f64x4, f64x4) {
    per_register2(x, sin_cos_core::<Reg>)
}

#[inline(always)]
fn sin_cos_core<L: Lane>(x: L, h: usize) -> (L, L) {
    let t = &TRIG;
    let xa = x.abs();
    let shift = L::k(h, &SHIFT);
    let yd = xa * L::k(h, &t.two_over_pi) + shift;
    let q = yd.to_bits();
    let y = yd - shift;
    let r = ((xa - y * L::k(h, &t.dp1)) - y * L::k(h, &t.dp2)) - y * L::k(h, &t.dp3);
    let r2 = r * r;
    // wide's polynomial_5 with mul_add = a·b + c (not fused here, as on every target without
    // FMA): ((c₃z + c₂)z² + ((c₅z + c₄)z⁴ + (c₁z + c₀))) at z = r².
    let poly = |c: &'static [f64x4; 6]| {
        let (z2, z4) = (r2 * r2, (r2 * r2) * (r2 * r2));
        (L::k(h, &c[3]) * r2 + L::k(h, &c[2])) * z2
            + ((L::k(h, &c[5]) * r2 + L::k(h, &c[4])) * z4 + (L::k(h, &c[1]) * r2 + L::k(h, &c[0])))
    };
    let s = (r * r2) * poly(&t.sin) + r;
    let c = (r2 * r2) * poly(&t.cos) + (L::k(h, &C1) - r2 * L::k(h, &C2));
    // Odd quadrants swap sin and cos; the sign bits: sin's from bit 1 of q and x's sign, cos's
    // from bit 1 of q + 1.
    let one = L::kbits(h, &ONE_BIT);
    let sign = L::kbits(h, &NEG_ZERO);
    let sin_sign = L::from_bits(((q << 62) ^ x.to_bits()) & sign);
    let cos_sign = L::from_bits((((q + one) & (one + one)) << 62) & sign);
    let odd = q & one;
    (
        L::select_zero(odd, s, c) ^ sin_sign,
        L::select_zero(odd, c, s) ^ cos_sign,
    )
}

/// [`sin_cos`]'s constants: 2/π, π/2 = DP1 + DP2 + DP3 (DP1 and DP2 with trailing zeros), and
/// the Cephes coefficients of sin r = r + r³·S(r²) and cos r = 1 − r²/2 + r⁴·C(r²).
struct Trig {
    two_over_pi: f64x4,
    dp1: f64x4,
    dp2: f64x4,
    dp3: f64x4,
    sin: [f64x4; 6],
    cos: [f64x4; 6],
}

// The literals as `wide` writes them (its f64x4_.rs), so that the doubles are the same.
#[allow(clippy::excessive_precision)]
static TRIG: Trig = Trig {
    two_over_pi: splat(2.0 / std::f64::consts::PI),
    dp1: splat(7.853981554508209228515625E-1 * 2.0),
    dp2: splat(7.94662735614792836714E-9 * 2.0),
    dp3: splat(3.06161699786838294307E-17 * 2.0),
    sin: [
        splat(-1.66666666666666307295E-1),
        splat(8.33333333332211858878E-3),
        splat(-1.98412698295895385996E-4),
        splat(2.75573136213857245213E-6),
        splat(-2.50507477628578072866E-8),
        splat(1.58962301576546568060E-10),
    ],
    cos: [
        splat(4.16666666666665929218E-2),
        splat(-1.38888888888730564116E-3),
        splat(2.48015872888517045348E-5),
        splat(-2.75573141792967388112E-7),
        splat(2.08757008419747316778E-9),
        splat(-1.13585365213876817300E-11),
    ],
};
static NEG_ZERO: f64x4 = splat(-0.0);
static ONE_BIT: f64x4 = splat(f64::from_bits(1));

const fn splat(v: f64) -> f64x4 {
    f64x4::new([v; 4])
}
