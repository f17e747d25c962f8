//! q's log-density as the pictures need it: [`log_q`] at many points and [`log_q_pixels`] at
//! every pixel centre of a view (a vectorised log-sum-exp over the components, within
//! [`LOG_Q_TOLERANCE`] of the exact one), and [`density_contours`], the contours of q at the
//! 1σ, 2σ and 3σ levels on a grid that follows q.

use super::contours::{Field, contour};
use super::fast_math::{exp_nonpositive, ln_fast};
use super::view::View;
use crate::family::Q;
use crate::landscape::simd::map4;
use crate::landscape::{F64x4, Real};
use wide::f64x4;

/// The density grid has this many intervals along its longer side.
pub const DENSITY_NODES: usize = 80;
/// The density grid covers each component's mean ± this many standard deviations per axis
/// (just beyond the outermost contour, 3σ).
pub const DENSITY_EXTENT: f64 = 3.5;

/// [`log_q`] and [`log_q_pixels`] are within this of the exact log-sum-exp, relative to
/// max(1, |log q|): |log q_fast − log q| ≤ `LOG_Q_TOLERANCE` · max(1, |log q|). Every term
/// eᵗᵏ⁻ᵐᵃˣ is within [`EXP_FAST_TOLERANCE`](super::EXP_FAST_TOLERANCE) relative and all are positive, so their sum is too,
/// and its log moves by at most 1.0000001 · 1e-8, and that log ([`ln_fast`], of a sum in
/// [1, K]) adds at most [`LN_FAST_TOLERANCE`](super::LN_FAST_TOLERANCE) = 1e-9; the quadratic forms are rounded
/// differently from [`Gaussian::log_density`](crate::family::Gaussian::log_density) (a few ulp of |tₖ|, which is where the relative
/// part comes in far from the means). So where the density contours are drawn (log q within
/// 4.5 of its top) q itself is within ~1e-7 relative. Measured on a 512² grid with K = 8:
/// 1.1e-9 (`tests/raster.rs`).
pub const LOG_Q_TOLERANCE: f64 = 2e-8;

/// One component of q as the coefficients of its log-density term
/// tₖ(x, y) = cₖ − (aₖ·dx² + bₖ·dx·dy + dₖ·dy²), dx = x − mₓ, dy = y − m_y, with
/// cₖ = log πₖ − log 2π + ½ log det Sₖ and (aₖ, bₖ, dₖ) = (½S₁₁, ½(S₁₂ + S₂₁), ½S₂₂).
#[derive(Clone, Copy, Debug)]
struct Term {
    c: f64,
    mx: f64,
    my: f64,
    a: f64,
    b: f64,
    d: f64,
}

impl Term {
    #[inline]
    fn at(&self, x: F64x4, y: F64x4) -> F64x4 {
        let (dx, dy) = (x - self.mx, y - self.my);
        F64x4::cst(self.c) - (dx * (dx * self.a + dy * self.b) + dy * dy * self.d)
    }
}

/// q's terms, or `None` when log q is NaN everywhere (a precision with a negative
/// determinant, or non-finite weights).
fn terms(q: &Q) -> Option<Vec<Term>> {
    let terms: Vec<Term> = q
        .comps
        .iter()
        .zip(q.normalisers())
        .map(|(g, c)| {
            let s = &g.prec;
            Term {
                c,
                mx: g.mean[0],
                my: g.mean[1],
                a: 0.5 * s[(0, 0)],
                b: 0.5 * (s[(0, 1)] + s[(1, 0)]),
                d: 0.5 * s[(1, 1)],
            }
        })
        .collect();
    terms.iter().all(|t| !t.c.is_nan()).then_some(terms)
}

/// log q at four points: max tₖ + log Σ exp(tₖ − max tₖ) (−∞ where every term is −∞, NaN
/// where x or y is NaN).
#[inline]
fn log_q4(terms: &[Term], x: F64x4, y: F64x4) -> F64x4 {
    let Some((first, rest)) = terms.split_first() else {
        return F64x4::cst(f64::NEG_INFINITY);
    };
    let t0 = first.at(x, y).0;
    if rest.is_empty() {
        return F64x4(t0);
    }
    // The terms, in groups of up to GROUP kept on the stack (the quadratic forms are computed
    // once); each group's log-sum-exp is merged into the running one (one more exp per group
    // beyond the first: none for the scene's K ≤ 16).
    const GROUP: usize = 16;
    let mut buf = [t0; GROUP];
    let mut acc: Option<(f64x4, f64x4)> = None; // (top, Σ exp(t − top))
    for chunk in terms.chunks(GROUP) {
        for (b, t) in buf.iter_mut().zip(chunk) {
            *b = t.at(x, y).0;
        }
        let buf = &buf[..chunk.len()];
        // Starting from the first term keeps a NaN (from a NaN coordinate) in `top`.
        let top = buf[1..]
            .iter()
            .fold(buf[0], |m, &v| v.simd_gt(m).select(v, m));
        let sum = buf
            .iter()
            .fold(f64x4::ZERO, |s, &v| s + exp_nonpositive(v - top));
        // A group whose terms are all −∞ here holds nothing (its sum is NaN from −∞ + ∞).
        let sum = top.simd_eq(f64x4::NEG_INFINITY).select(f64x4::ZERO, sum);
        acc = Some(match acc {
            None => (top, sum),
            Some((t1, s1)) => {
                let new = top.simd_gt(t1);
                let (hi, lo) = (new.select(top, t1), new.select(t1, top));
                let (s_hi, s_lo) = (new.select(sum, s1), new.select(s1, sum));
                (hi, s_hi + s_lo * exp_nonpositive(lo - hi))
            }
        });
    }
    let (top, sum) = acc.expect("q has a component");
    // sum ∈ [1, K] (the top term is e⁰ = 1) where top is finite; elsewhere `top` decides.
    let v = top + ln_fast(F64x4(sum)).0;
    F64x4(top.simd_eq(f64x4::NEG_INFINITY).select(top, v))
}

/// log q(θ) = log Σ_k π_k N(θ; m_k, S_k⁻¹) at many points (structure of arrays, equal
/// lengths), four points at a time: the largest term is factored out and the rest summed with
/// [`exp_fast`](super::exp_fast), so it neither overflows nor underflows far from the means; within
/// [`LOG_Q_TOLERANCE`] of the exact value. NaN everywhere when a component's precision has a
/// negative determinant; −∞ when q has no components.
#[inline(never)]
pub fn log_q(q: &Q, xs: &[f64], ys: &[f64], out: &mut [f64]) {
    match terms(q) {
        Some(terms) => map4(xs, ys, out, |x, y| log_q4(&terms, x, y)),
        None => out.fill(f64::NAN),
    }
}

/// log q at every pixel centre of `view`, row-major (`out[j·w + i]` at pixel (i + ½, j + ½)),
/// as [`log_q`] computes it, without materialising the w·h coordinates. `out.len()` must be
/// w·h.
pub fn log_q_pixels(q: &Q, view: &View, out: &mut [f64]) {
    assert_eq!(
        out.len(),
        view.w * view.h,
        "log_q_pixels: out must hold w·h values"
    );
    let Some(terms) = terms(q) else {
        out.fill(f64::NAN);
        return;
    };
    let xs: Vec<f64> = (0..view.w)
        .map(|i| view.to_world([i as f64 + 0.5, 0.0])[0])
        .collect();
    let mut ys = vec![0.0; view.w];
    for (j, row) in out.chunks_exact_mut(view.w).enumerate() {
        ys.fill(view.to_world([0.0, j as f64 + 0.5])[1]);
        map4(&xs, &ys, row, |x, y| log_q4(&terms, x, y));
    }
}

/// log q on a grid of canvas points covering every component's mean ± [`DENSITY_EXTENT`]
/// standard deviations (clipped to the canvas), [`DENSITY_NODES`] intervals along the longer
/// side: the grid follows q, so a q only a few pixels wide is resolved as well as a wide one,
/// at the same cost. `None` when no component shows on the canvas.
fn density_field(q: &Q, view: &View) -> Option<Field> {
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for g in &q.comps {
        let Some(c) = g.cov() else { continue };
        let (sx, sy) = (
            DENSITY_EXTENT * c[(0, 0)].sqrt(),
            DENSITY_EXTENT * c[(1, 1)].sqrt(),
        );
        let a = view.to_px([g.mean[0] - sx, g.mean[1] + sy]);
        let b = view.to_px([g.mean[0] + sx, g.mean[1] - sy]);
        (x0, x1, y0, y1) = (x0.min(a[0]), x1.max(b[0]), y0.min(a[1]), y1.max(b[1]));
    }
    let (x0, x1) = (x0.max(0.0), x1.min(view.w as f64));
    let (y0, y1) = (y0.max(0.0), y1.min(view.h as f64));
    // (min and max skip NaN, so a non-finite covariance cannot reach this test.)
    if x1 <= x0 || y1 <= y0 {
        return None;
    }
    let step = (x1 - x0).max(y1 - y0) / DENSITY_NODES as f64;
    let axis = |lo: f64, hi: f64| -> Vec<f64> {
        let n = ((hi - lo) / step).ceil() as usize + 1;
        (0..n).map(|i| lo + i as f64 * step).collect()
    };
    let (px, py) = (axis(x0, x1), axis(y0, y1));
    let mut xs = Vec::with_capacity(px.len() * py.len());
    let mut ys = Vec::with_capacity(px.len() * py.len());
    for &row in &py {
        for &col in &px {
            let [x, y] = view.to_world([col, row]);
            xs.push(x);
            ys.push(y);
        }
    }
    let mut v = vec![0.0; xs.len()];
    log_q(q, &xs, &ys, &mut v);
    Some(Field { px, py, v })
}

/// Contours of q's density at exp(−½r²)·max for r = 1, 2, 3, as segments in pixels; max is
/// the largest of q on the grid and at the means. For a single Gaussian these are its 1σ, 2σ
/// and 3σ ellipses.
pub fn density_contours(q: &Q, view: &View) -> Vec<f32> {
    let Some(field) = density_field(q, view) else {
        return Vec::new();
    };
    let mx: Vec<f64> = q.comps.iter().map(|g| g.mean[0]).collect();
    let my: Vec<f64> = q.comps.iter().map(|g| g.mean[1]).collect();
    let mut at_means = vec![0.0; mx.len()];
    log_q(q, &mx, &my, &mut at_means);
    let top = field
        .v
        .iter()
        .chain(&at_means)
        .copied()
        .filter(|v| v.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    let mut out = Vec::new();
    if top.is_finite() {
        for r in [1.0, 2.0, 3.0] {
            contour(&field, top - 0.5 * r * r, &mut out);
        }
    }
    out
}
