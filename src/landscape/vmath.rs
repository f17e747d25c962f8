//! eˣ in four lanes, table-driven, for [`F64x4`](super::F64x4)'s `Real::exp`: within 1 ulp of
//! the correctly rounded result (measured: 0.51 ulp against a double-double reference), with
//! a third of the arithmetic of `wide`'s exp and no special-case selects on the fast path.
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

use wide::bytemuck::cast;
#[cfg(target_arch = "wasm32")]
use wide::bytemuck::cast_ref;
use wide::{f64x4, i64x4, u64x4};

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

/// 1.5·2⁵²: z + SHIFT − SHIFT is z rounded to the nearest integer (ties to even) for
/// |z| < 2⁵¹, and the low bits of z + SHIFT hold that integer in two's complement.
const SHIFT_F: f64 = 6_755_399_441_055_744.0;
/// N/ln 2.
const INV_LN2_N_F: f64 = 184.664_965_233_787_3;
/// ln2/N = LN2_HI_N + LN2_LO_N; LN2_HI_N has 36 significant bits (17 trailing zeros).
const LN2_HI_N_F: f64 = f64::from_bits(0x3f76_2e42_fefa_0000);
const LN2_LO_N_F: f64 = f64::from_bits(0x3d0c_f79a_bc9e_3b3a);
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
    let y = exp_core(x);
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
fn exp_core(x: f64x4) -> f64x4 {
    let shift = lanes(&SHIFT);
    let kd = x * lanes(&INV_LN2_N) + shift;
    let ki = cast::<f64x4, u64x4>(kd);
    let kd = kd - shift;
    let r = (x - kd * lanes(&LN2_HI_N)) - kd * lanes(&LN2_LO_N);
    // The table lookups, lane by lane (there is no gather in simd128).
    let e = ki.to_array().map(|k| EXP_TABLE[k as usize % N]);
    let tail = f64x4::new(e.map(|e| e.tail));
    let bits = u64x4::new(e.map(|e| e.scale_bits)) + (ki << (52 - EXP_TABLE_BITS));
    let s = cast::<u64x4, f64x4>(bits);
    let r2 = r * r;
    let tmp =
        tail + r + r2 * (lanes(&C2) + r * lanes(&C3)) + (r2 * r2) * (lanes(&C4) + r * lanes(&C5));
    s + s * tmp
}

/// A constant in every lane, for the vector functions here and in `raster::fast_math`. On
/// wasm32 it is read from memory: V8 builds every `v128.const` from a 64-bit immediate at each
/// use (three instructions, through a general register; measured in its jitted code), which
/// was a fifth of the logistic raster's instructions; a load is one. The value is the same
/// either way.
#[inline(always)]
pub(crate) fn lanes(c: &'static f64x4) -> f64x4 {
    #[cfg(target_arch = "wasm32")]
    {
        // One 16-byte load serves both f64x2 halves (loading each half apart doubled the
        // loads and V8 spilled the second half's copy).
        let half: &'static wide::f64x2 = &cast_ref::<f64x4, [wide::f64x2; 2]>(c)[0];
        // SAFETY: `half` refers to an initialised, aligned static; a volatile read of it is
        // an ordinary read that the compiler may not fold back into a constant.
        let v = unsafe { std::ptr::read_volatile(half) };
        cast::<[wide::f64x2; 2], f64x4>([v, v])
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        *c
    }
}

static FAST_MAX: f64x4 = f64x4::new([EXP_FAST_MAX; 4]);
static SHIFT: f64x4 = f64x4::new([SHIFT_F; 4]);
static INV_LN2_N: f64x4 = f64x4::new([INV_LN2_N_F; 4]);
static LN2_HI_N: f64x4 = f64x4::new([LN2_HI_N_F; 4]);
static LN2_LO_N: f64x4 = f64x4::new([LN2_LO_N_F; 4]);
static C2: f64x4 = f64x4::new([0.5; 4]);
static C3: f64x4 = f64x4::new([1.0 / 6.0; 4]);
static C4: f64x4 = f64x4::new([1.0 / 24.0; 4]);
static C5: f64x4 = f64x4::new([1.0 / 120.0; 4]);
