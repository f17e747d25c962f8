//! The number types every landscape formula is written for, and the SIMD value path.
//!
//! Each landscape (and the `expr` tape interpreter) is written once, generic over [`Real`]:
//!
//! - `f64`: the scalar value ([`super::Landscape::value`]), std's libm functions;
//! - num-dual's dual numbers (a blanket impl over `DualNum<Primitive = f64>`, which also
//!   covers `f64`): exact gradients and Hessians ([`super::Landscape::eval`]);
//! - [`F64x4`]: four points at once in `wide::f64x4` lanes (simd128 `f64x2` pairs on wasm,
//!   SSE2/AVX natively) for [`super::Landscape::values`].
//!
//! So the scalar, dual and SIMD paths cannot drift: they run the same arithmetic in the same
//! order. Additions, subtractions, multiplications, divisions and square roots are IEEE
//! correctly rounded in every lane (no fused multiply-add is introduced), so a landscape made
//! of those only (quadratic, Rosenbrock, Himmelblau, six-hump camel, Styblinski–Tang, ridge,
//! polynomial formulas) gives the SAME BITS on both paths. Only the transcendental functions
//! differ: the lanes evaluate polynomial approximations rather than the platform libm, eˣ our
//! own table-driven one ([`super::vmath`]: 0.51 ulp from the true value, a third of the work
//! of `wide`'s), sin and cos `wide`'s algorithm re-written there to the same bits without its
//! lane-by-lane integer conversion, the others `wide`'s (Cephes/Agner Fog's VCL).
//!
//! # Error of the lanes' transcendental functions against std (measured)
//!
//! Measured natively (x86_64, glibc's libm as the reference) on 10⁶ points per range;
//! `tests/simd.rs` re-measures and asserts every row:
//!
//! | function       | range                     | max error            |
//! |----------------|---------------------------|----------------------|
//! | `exp` (vmath)  | [−700, 700]               | 2.22e-16 rel (1 ulp) |
//! | `ln`           | [1e-300, 1e300]           | 2.20e-16 rel (1 ulp) |
//! | `ln_1p`        | [1e-300, 1e3] and [0, 1]  | 4.4e-16 rel (2 ulp)  |
//! | `sin`, `cos` (vmath) | \|x\| ≤ 40, and 1e4…1e8 | 2.22e-16 absolute |
//! | `sin`          | [−1.5, 1.5]               | 3.1e-16 rel (2 ulp)  |
//! | `tanh`         | [−20, 20]                 | 6.3e-16 rel (4 ulp)  |
//! | `powf`         | x^−1.3, x ∈ [1e-3, 1e3]   | 7.6e-16 rel (5 ulp)  |
//! | `sqrt`, `powi` | everywhere                | 0 (same bits)        |
//!
//! (sin and cos are compared absolutely: near their zeros any two libms differ relatively.)
//! Where wide is inaccurate or wrong the lane is handed to std instead, so those inputs give
//! std's bits: sin/cos/tan of |x| > 1e8 (wide's Cody–Waite reduction loses digits: 6e-8 at
//! 1e9), ln of subnormals (wide returns −∞), and powf's special cases (x^±∞, 1^y, NaN^0,
//! (±∞)^y, subnormal x, |y| > 2⁵²). The check is one comparison per call.
//!
//! A landscape value sums a handful of such terms: over 128² points of every landscape's
//! domain the largest SIMD–scalar difference is 2.4e-15 relative to max(|ℓ̄|, 1) (double
//! banana; Rastrigin and Branin 1.8–2.0e-15, Ackley 1.2e-15, star, two moons, logistic and
//! mixture1d ≤ 3.7e-16; the polynomial landscapes identical), and [`VALUES_TOLERANCE`] = 1e-14
//! is asserted.
//!
//! The lanes are also portable where std is not: on the default x86_64 target (SSE2, no fused
//! multiply-add) and on wasm32 with simd128, the lanes run the same f64x2 arithmetic, and the
//! SIMD values of all 14 landscapes on a 512² raster were measured to have identical bits on
//! both, whereas the scalar path differs on 6 of the 7 transcendental ones (glibc's libm natively,
//! a musl-derived libm on wasm). A native build with `+fma` would change that (wide then
//! fuses its polynomial steps).

use super::vmath;
use num_dual::DualNum;
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub};
use wide::f64x4;

/// SIMD and scalar [`super::Landscape::values`] agree to this, relative to max(|ℓ̄|, 1):
/// |v_simd − v_scalar| ≤ `VALUES_TOLERANCE` · max(|v_scalar|, 1) at every finite point of
/// every landscape's domain (and for the `expr` formulas tested).
pub const VALUES_TOLERANCE: f64 = 1e-14;

/// The arithmetic a landscape formula needs, for scalars, dual numbers and SIMD lanes.
///
/// Comparisons are lane-wise ([`Real::select_gt`]) so that branch-free SIMD code and the
/// branching scalar code are the same formula; for dual numbers they compare real parts.
pub trait Real:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + Add<f64, Output = Self>
    + Sub<f64, Output = Self>
    + Mul<f64, Output = Self>
    + Div<f64, Output = Self>
    + AddAssign
{
    /// The constant c (every lane, zero derivatives).
    fn cst(c: f64) -> Self;
    fn sqrt(self) -> Self;
    fn exp(self) -> Self;
    fn ln(self) -> Self;
    /// ln(1 + x), accurate for tiny x.
    fn ln_1p(self) -> Self;
    fn sin(self) -> Self;
    fn cos(self) -> Self;
    fn tan(self) -> Self;
    fn tanh(self) -> Self;
    fn abs(self) -> Self;
    /// xⁿ for an integer n (repeated squaring, like std's `powi`).
    fn powi(self, n: i32) -> Self;
    /// xⁿ for a constant real n.
    fn powf(self, n: f64) -> Self;
    /// xʸ for a variable exponent.
    fn powd(self, y: Self) -> Self;
    /// Lane-wise `if a > b { then } else { otherwise }`, comparing real parts (false when
    /// either is NaN). The derivatives of the chosen branch are kept exactly.
    fn select_gt(a: Self, b: Self, then: Self, otherwise: Self) -> Self;
}

/// f64 and every num-dual number over f64 (first and second order, any dimension).
impl<D: DualNum<Primitive = f64> + Copy> Real for D {
    #[inline]
    fn cst(c: f64) -> Self {
        D::from(c)
    }
    #[inline]
    fn sqrt(self) -> Self {
        DualNum::sqrt(&self)
    }
    #[inline]
    fn exp(self) -> Self {
        DualNum::exp(&self)
    }
    #[inline]
    fn ln(self) -> Self {
        DualNum::ln(&self)
    }
    #[inline]
    fn ln_1p(self) -> Self {
        DualNum::ln_1p(&self)
    }
    #[inline]
    fn sin(self) -> Self {
        DualNum::sin(&self)
    }
    #[inline]
    fn cos(self) -> Self {
        DualNum::cos(&self)
    }
    #[inline]
    fn tan(self) -> Self {
        DualNum::tan(&self)
    }
    #[inline]
    fn tanh(self) -> Self {
        DualNum::tanh(&self)
    }
    #[inline]
    fn abs(self) -> Self {
        signed::abs(self)
    }
    #[inline]
    fn powi(self, n: i32) -> Self {
        DualNum::powi(&self, n)
    }
    #[inline]
    fn powf(self, n: f64) -> Self {
        DualNum::powf(&self, n)
    }
    #[inline]
    fn powd(self, y: Self) -> Self {
        DualNum::powd(&self, y)
    }
    #[inline]
    fn select_gt(a: Self, b: Self, then: Self, otherwise: Self) -> Self {
        if a.re() > b.re() { then } else { otherwise }
    }
}

/// |x| through num-dual's `Signed` supertrait (sign(x)·x, derivative sign(x)). In a module of
/// its own, where [`Real`] is not in scope, so that `abs` names `Signed::abs` unambiguously.
mod signed {
    use num_dual::DualNum;

    #[inline]
    pub(super) fn abs<D: DualNum<Primitive = f64>>(x: D) -> D {
        x.abs()
    }
}

/// Four f64 lanes: four points evaluated by one formula. A newtype over `wide::f64x4` so
/// that [`Real`] can be implemented for it beside the blanket dual-number impl.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct F64x4(pub f64x4);

impl F64x4 {
    /// The first four entries of `s` (`s.len() >= 4`).
    #[inline]
    pub fn load(s: &[f64]) -> Self {
        F64x4(f64x4::new([s[0], s[1], s[2], s[3]]))
    }

    /// The lanes as an array.
    #[inline]
    pub fn to_array(self) -> [f64; 4] {
        self.0.to_array()
    }
}

impl From<[f64; 4]> for F64x4 {
    #[inline]
    fn from(a: [f64; 4]) -> Self {
        F64x4(f64x4::new(a))
    }
}

macro_rules! lane_ops {
    ($($tr:ident $f:ident $op:tt),*) => {$(
        impl $tr for F64x4 {
            type Output = F64x4;
            #[inline]
            fn $f(self, r: F64x4) -> F64x4 {
                F64x4(self.0 $op r.0)
            }
        }
        impl $tr<f64> for F64x4 {
            type Output = F64x4;
            #[inline]
            fn $f(self, r: f64) -> F64x4 {
                F64x4(self.0 $op f64x4::splat(r))
            }
        }
    )*};
}
lane_ops!(Add add +, Sub sub -, Mul mul *, Div div /);

impl Neg for F64x4 {
    type Output = F64x4;
    #[inline]
    fn neg(self) -> F64x4 {
        F64x4(-self.0)
    }
}

impl AddAssign for F64x4 {
    #[inline]
    fn add_assign(&mut self, r: F64x4) {
        self.0 += r.0;
    }
}

impl Real for F64x4 {
    #[inline]
    fn cst(c: f64) -> Self {
        F64x4(f64x4::splat(c))
    }
    #[inline]
    fn sqrt(self) -> Self {
        F64x4(self.0.sqrt())
    }
    #[inline]
    fn exp(self) -> Self {
        F64x4(vmath::exp(self.0))
    }
    /// Subnormal arguments of either sign (where wide returns −∞) are taken by std.
    #[inline]
    fn ln(self) -> Self {
        let x = self.0;
        let ax = x.abs();
        let sub = ax.simd_gt(f64x4::ZERO) & ax.simd_lt(f64x4::splat(f64::MIN_POSITIVE));
        F64x4(patch(x.ln(), sub, |k| self.0.as_array()[k].ln()))
    }
    #[inline]
    fn ln_1p(self) -> Self {
        F64x4(self.0.ln_1p())
    }
    #[inline]
    fn sin(self) -> Self {
        let a = self.0.as_array();
        F64x4(patch(vmath::sin_cos(self.0).0, self.trig_far(), |k| {
            a[k].sin()
        }))
    }
    #[inline]
    fn cos(self) -> Self {
        let a = self.0.as_array();
        F64x4(patch(vmath::sin_cos(self.0).1, self.trig_far(), |k| {
            a[k].cos()
        }))
    }
    #[inline]
    fn tan(self) -> Self {
        let (s, c) = vmath::sin_cos(self.0);
        let a = self.0.as_array();
        F64x4(patch(s / c, self.trig_far(), |k| a[k].tan()))
    }
    #[inline]
    fn tanh(self) -> Self {
        F64x4(self.0.tanh())
    }
    #[inline]
    fn abs(self) -> Self {
        F64x4(self.0.abs())
    }
    /// compiler-rt's `__powidf2` (what std's `f64::powi` calls) lane-wise: the same
    /// multiplications in the same order, so the bits match std's.
    #[inline]
    fn powi(self, n: i32) -> Self {
        let one = f64x4::splat(1.0);
        let (mut a, mut r, mut b) = (self.0, one, n);
        loop {
            if b & 1 != 0 {
                r *= a;
            }
            b /= 2;
            if b == 0 {
                break;
            }
            a *= a;
        }
        F64x4(if n < 0 { one / r } else { r })
    }
    #[inline]
    fn powf(self, n: f64) -> Self {
        self.powd(F64x4::cst(n))
    }
    /// wide's `powf_simd` where it is accurate: finite normal |x| and |y| ≤ 2⁵²; std takes
    /// the special cases it gets wrong (x^±∞, 1^y, NaN^0, (−x)^(huge even y), (±∞)^y,
    /// subnormal x).
    #[inline]
    fn powd(self, y: Self) -> Self {
        let (x, y) = (self.0, y.0);
        let ax = x.abs();
        let fast = ax.simd_ge(f64x4::splat(f64::MIN_POSITIVE))
            & ax.simd_lt(f64x4::splat(f64::INFINITY))
            & y.abs().simd_le(f64x4::splat(POW_MAX_EXPONENT));
        let (a, b) = (x.as_array(), y.as_array());
        F64x4(patch(x.powf_simd(y), !fast, |k| a[k].powf(b[k])))
    }
    #[inline]
    fn select_gt(a: Self, b: Self, then: Self, otherwise: Self) -> Self {
        F64x4(a.0.simd_gt(b.0).select(then.0, otherwise.0))
    }
}

/// Largest |x| for which wide's sin_cos is accurate (its Cody–Waite reduction measured to
/// 2.2e-16 up to 1e8, 6e-8 at 1e9); beyond, std's full reduction is used.
const TRIG_MAX_ARGUMENT: f64 = 1e8;
/// Largest |y| for which wide's powf_simd gets the parity of a negative base's power right.
const POW_MAX_EXPONENT: f64 = 4_503_599_627_370_496.0;

impl F64x4 {
    /// Lanes outside [`TRIG_MAX_ARGUMENT`] (and NaN, ±∞), for std to take.
    #[inline]
    fn trig_far(self) -> f64x4 {
        !self.0.abs().simd_le(f64x4::splat(TRIG_MAX_ARGUMENT))
    }
}

/// `fast`, with the lanes where the mask `bad` is set replaced by `std(lane)`. The check is
/// one comparison per call; the scalar fix-up runs only when some lane needs it (never on a
/// landscape's domain).
#[inline]
fn patch(fast: f64x4, bad: f64x4, std: impl Fn(usize) -> f64) -> f64x4 {
    if !bad.any() {
        return fast;
    }
    let (mut v, m) = (fast.to_array(), bad.to_bitmask());
    for (k, v) in v.iter_mut().enumerate() {
        if m & (1 << k) != 0 {
            *v = std(k);
        }
    }
    f64x4::new(v)
}

/// log(eᵃ + eᵇ), stable: the larger (by real part) is factored out, the remainder goes
/// through ln_1p (exact for tiny remainders, which makes log(1 + eᶻ) accurate for very
/// negative z). The identity holds for dual numbers whichever branch is taken, so
/// derivatives are exact; on a tie the first argument is factored out.
#[inline]
pub fn log_add_exp<R: Real>(a: R, b: R) -> R {
    let hi = R::select_gt(b, a, b, a);
    let lo = R::select_gt(b, a, a, b);
    hi + (lo - hi).exp().ln_1p()
}

/// log Σ exp(aᵢ), stable, branch-free: the largest term (first of the largest, by real part)
/// is factored out and the rest goes through ln_1p. The terms that tie with the largest are
/// summed apart, so their count minus one is exact (0 in the usual, tie-free case, which
/// then gives the same bits as skipping the largest term's index).
pub fn log_sum_exp<R: Real, const N: usize>(a: [R; N]) -> R {
    if N == 2 {
        return log_add_exp(a[0], a[1]);
    }
    let top = a[1..]
        .iter()
        .fold(a[0], |top, &v| R::select_gt(v, top, v, top));
    let zero = R::cst(0.0);
    let (mut below, mut ties) = (zero, zero);
    for &v in &a {
        let e = (v - top).exp();
        below += R::select_gt(top, v, e, zero);
        ties += R::select_gt(top, v, zero, e);
    }
    top + (below + (ties - 1.0)).ln_1p()
}

/// `out[i] = f(xs[i], ys[i])`, four points per call of `f`. The last group is padded by
/// repeating its last point (nothing is read or written past the slices), so every point
/// goes through the same lane arithmetic whatever its position or the batch length.
#[inline]
pub fn map4(xs: &[f64], ys: &[f64], out: &mut [f64], f: impl Fn(F64x4, F64x4) -> F64x4) {
    assert!(xs.len() == ys.len() && xs.len() == out.len());
    let mut ox = out.chunks_exact_mut(4);
    for ((o, x), y) in (&mut ox).zip(xs.chunks_exact(4)).zip(ys.chunks_exact(4)) {
        o.copy_from_slice(&f(F64x4::load(x), F64x4::load(y)).to_array());
    }
    let tail = ox.into_remainder();
    if let Some(n) = std::num::NonZeroUsize::new(tail.len()) {
        let start = xs.len() - n.get();
        let pad = |s: &[f64]| F64x4::from(std::array::from_fn(|i| s[start + i.min(n.get() - 1)]));
        let v = f(pad(xs), pad(ys)).to_array();
        tail.copy_from_slice(&v[..n.get()]);
    }
}
