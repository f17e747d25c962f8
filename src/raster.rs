//! Pictures of a scene in canvas pixels: the landscape heatmap and its contours, q's ellipses
//! and the contours of q's density. Plain Rust with no browser types, so every picture is
//! tested natively; the page (`web`) only hands these buffers to a canvas.
//!
//! Hot loops are structure-of-arrays loops over slices, four points per [`F64x4`] (simd128
//! `f64x2` pairs on wasm, SSE2 natively), with no allocation per pixel:
//!
//! - q's log-density ([`log_q`], [`log_q_pixels`]): the K quadratic forms per point, their
//!   maximum, then Σ exp(tₖ − max) with [`exp_fast`] (relative error ≤ [`EXP_FAST_TOLERANCE`])
//!   and one `ln`: K exps and one log per point instead of K exps and K logs. The result is
//!   within [`LOG_Q_TOLERANCE`] of the exact log-sum-exp (`tests/raster.rs` checks every point
//!   of a 512² grid).
//! - the colour map ([`Heatmap::recolour`]): the colour-scale position t and the table index
//!   in lanes ([`ln_fast`], [`exp_fast`]), then one 4-byte table copy per pixel. The index is
//!   the exact one except within ~1e-7 of a rounding tie (never more than one table step).
//! - marching squares ([`contour`]): one comparison per node carried along the row and a
//!   4-bit case per cell; only cells the level crosses do any arithmetic. The segments are
//!   the same, in the same order and to the bit, as the straightforward per-edge loop.

use crate::basins::Basins;
use crate::family::{FamilyKind, Gaussian, Q};
use crate::landscape::simd::map4;
use crate::landscape::{Domain, F64x4, Landscape, Real};
use crate::linalg::Vec2;
use crate::run::Component;
use crate::scene::Scene;
use serde::Serialize;
use std::f64::consts::{LN_2, LOG2_E, TAU};
use wide::bytemuck::cast;
use wide::{f64x4, u64x4};

/// Loss contour levels per landscape.
pub const LEVELS: usize = 12;
/// Loss contours use every `CONTOUR_STRIDE`-th pixel of the heatmap's grid: a quarter of the
/// resolution is smooth at screen scale and costs 1/16 of the cells.
pub const CONTOUR_STRIDE: usize = 4;
/// ε = `EPS_FRACTION` · (ℓ̄_max − ℓ̄_min) in the log colour scale: the scale spans four decades
/// below the range, enough to separate the floor of a valley from its walls.
pub const EPS_FRACTION: f64 = 1e-4;
/// The density grid has this many intervals along its longer side.
pub const DENSITY_NODES: usize = 80;
/// The density grid covers each component's mean ± this many standard deviations per axis
/// (just beyond the outermost contour, 3σ).
pub const DENSITY_EXTENT: f64 = 3.5;
/// Colour of a pixel whose ℓ̄ is NaN or infinite: mid grey, which viridis never shows.
pub const NON_FINITE: [u8; 3] = [128, 128, 128];

/// A world window [x0, x1] × [y0, y1] shown on a w × h canvas, y up in the world and down in
/// pixels: px = (x − x0)·s, py = (y1 − y)·s with one scale s (pixels per unit) on both axes,
/// so that circles look round.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// The window actually shown (the requested one widened to the canvas's aspect ratio).
    pub window: Domain,
    pub w: usize,
    pub h: usize,
}

impl View {
    /// Shows `window` on a w × h canvas, widening the short side of the window about its centre
    /// until its aspect ratio is the canvas's: s = min(w/Δx, h/Δy), Δx' = w/s, Δy' = h/s.
    /// Sizes below one pixel count as one.
    pub fn fit(window: Domain, w: usize, h: usize) -> View {
        let (w, h) = (w.max(1), h.max(1));
        let (dx, dy) = (window.x[1] - window.x[0], window.y[1] - window.y[0]);
        let s = (w as f64 / dx).min(h as f64 / dy);
        let (cx, cy) = (
            0.5 * (window.x[0] + window.x[1]),
            0.5 * (window.y[0] + window.y[1]),
        );
        let (hx, hy) = (0.5 * w as f64 / s, 0.5 * h as f64 / s);
        View {
            window: Domain {
                x: [cx - hx, cx + hx],
                y: [cy - hy, cy + hy],
            },
            w,
            h,
        }
    }

    /// The scene's `view`, or the landscape's own domain when it is `auto`.
    pub fn of_scene(scene: &Scene, landscape: &Landscape, w: usize, h: usize) -> View {
        let window = scene.view.map_or_else(
            || landscape.domain(),
            |[x0, x1, y0, y1]| Domain {
                x: [x0, x1],
                y: [y0, y1],
            },
        );
        View::fit(window, w, h)
    }

    /// Pixels per world unit, s = w / (x1 − x0).
    pub fn scale(&self) -> f64 {
        self.w as f64 / (self.window.x[1] - self.window.x[0])
    }

    /// World → pixel: (px, py) = ((x − x0)·s, (y1 − y)·s).
    pub fn to_px(&self, p: [f64; 2]) -> [f64; 2] {
        let s = self.scale();
        [(p[0] - self.window.x[0]) * s, (self.window.y[1] - p[1]) * s]
    }

    /// Pixel → world, the inverse of [`View::to_px`]: (x, y) = (x0 + px/s, y1 − py/s).
    pub fn to_world(&self, px: [f64; 2]) -> [f64; 2] {
        let s = self.scale();
        [self.window.x[0] + px[0] / s, self.window.y[1] - px[1] / s]
    }

    /// World points as a flat pixel polyline [px, py, px, py, …] (f32: what canvas takes).
    pub fn polyline<I: IntoIterator<Item = [f64; 2]>>(&self, points: I) -> Vec<f32> {
        points
            .into_iter()
            .flat_map(|p| self.to_px(p).map(|v| v as f32))
            .collect()
    }
}

/// How the heatmap turns ℓ̄ into colour (scene keys `target` and `tau`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shade {
    /// c = log(ℓ̄ − ℓ̄_min + ε), normalised to [0, 1] over the grid: dark at the minimum.
    Loss,
    /// The target p = exp(−(ℓ̄ − ℓ̄_min)/τ), linear in [0, 1]: bright where the mass is.
    Target { tau: f64 },
}

impl Shade {
    /// The shade a scene asks for.
    pub fn of_scene(scene: &Scene) -> Shade {
        if scene.target {
            Shade::Target { tau: scene.tau }
        } else {
            Shade::Loss
        }
    }
}

/// The landscape's values on the canvas's pixel-centre grid, their range, and their colours.
/// Values are evaluated once per landscape, view or size; [`Heatmap::recolour`] re-colours
/// from the stored values (it has no landscape to evaluate).
#[derive(Clone, Debug)]
pub struct Heatmap {
    view: View,
    /// ℓ̄ at pixel (i, j)'s centre, row-major: `values[j·w + i]`.
    values: Vec<f64>,
    /// ℓ̄_min: the smaller of the grid's minimum and the landscape's known global minimum.
    lo: f64,
    /// The grid's largest finite value.
    hi: f64,
    /// RGBA bytes, row-major, what `ImageData` takes.
    rgba: Vec<u8>,
}

impl Heatmap {
    /// Evaluates ℓ̄ at every pixel centre ((i + ½, j + ½) in pixels), one row per batch through
    /// [`Landscape::values`], and colours the result.
    pub fn new(landscape: &Landscape, view: View, shade: Shade) -> Heatmap {
        let (w, h) = (view.w, view.h);
        let xs: Vec<f64> = (0..w)
            .map(|i| view.to_world([i as f64 + 0.5, 0.0])[0])
            .collect();
        let mut ys = vec![0.0; w];
        let mut values = vec![0.0; w * h];
        for (j, row) in values.chunks_exact_mut(w).enumerate() {
            ys.fill(view.to_world([0.0, j as f64 + 0.5])[1]);
            landscape.values(&xs, &ys, row);
        }
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for &v in values.iter().filter(|v| v.is_finite()) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if let Some(m) = landscape.minima().first() {
            lo = lo.min(m.value);
        }
        let mut heat = Heatmap {
            view,
            values,
            lo,
            hi,
            rgba: vec![0; w * h * 4],
        };
        heat.recolour(shade);
        heat
    }

    /// ℓ̄ at each pixel centre, row-major.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// The RGBA bytes (w·h·4).
    pub fn rgba(&self) -> &[u8] {
        &self.rgba
    }

    /// The loss scale's ε (a small fraction of the range R = ℓ̄_max − ℓ̄_min; any positive number
    /// when the landscape is flat over the window) and N = log(1 + R/ε), so that
    /// t = log(1 + (ℓ̄ − ℓ̄_min)/ε) / N.
    fn log_scale(&self) -> (f64, f64) {
        let range = self.hi - self.lo;
        let eps = if range > 0.0 {
            EPS_FRACTION * range
        } else {
            1.0
        };
        (eps, (range / eps).ln_1p())
    }

    /// Re-colours every pixel from the stored values with the [`VIRIDIS`] table:
    /// - loss: t = log(1 + (ℓ̄ − ℓ̄_min)/ε) / log(1 + (ℓ̄_max − ℓ̄_min)/ε), which is
    ///   c = log(ℓ̄ − ℓ̄_min + ε) normalised to [0, 1] over the grid;
    /// - target: t = exp(−(ℓ̄ − ℓ̄_min)/τ).
    ///
    /// Entry round(255·t) of the table; non-finite ℓ̄ gets [`NON_FINITE`].
    pub fn recolour(&mut self, shade: Shade) {
        let lo = self.lo;
        let (eps, norm) = self.log_scale();
        let inv_norm = if norm > 0.0 { 1.0 / norm } else { 0.0 };
        // One monomorphised loop per shade: no branch on the shade per pixel. ℓ̄ − ℓ̄_min ≤ R,
        // so the loss shade's argument 1 + (ℓ̄ − ℓ̄_min)/ε lies in [1, 1 + 1e4], where
        // `ln_fast` is within 1e-9; `exp_fast` is within 1e-8 relative. Either moves 255·t by
        // less than 3e-6, so an index differs from the exact one only next to a rounding tie.
        let (lo4, eps4, inv4) = (f64x4::splat(lo), f64x4::splat(eps), f64x4::splat(inv_norm));
        match shade {
            Shade::Loss => paint(&self.values, &mut self.rgba, |v| {
                let u = (v - lo4).fast_max(f64x4::ZERO) / eps4;
                ln_fast(F64x4(u + f64x4::ONE)).0 * inv4
            }),
            Shade::Target { tau } => {
                let tau4 = f64x4::splat(tau);
                paint(&self.values, &mut self.rgba, |v| {
                    exp_fast(F64x4(-((v - lo4).fast_max(f64x4::ZERO) / tau4))).0
                })
            }
        }
    }

    /// The loss contour levels: the values where the loss colour scale passes
    /// t = i/(LEVELS + 1), i = 1…LEVELS, i.e. ℓ̄ = ℓ̄_min + ε·((1 + R/ε)^t − 1) with
    /// R = ℓ̄_max − ℓ̄_min: log-spaced above the minimum, and on colour boundaries.
    /// Empty when the grid has no finite range.
    pub fn levels(&self) -> Vec<f64> {
        if self.hi <= self.lo {
            return Vec::new();
        }
        let (eps, norm) = self.log_scale();
        (1..=LEVELS)
            .map(|i| self.lo + eps * (norm * i as f64 / (LEVELS + 1) as f64).exp_m1())
            .collect()
    }

    /// The values at every `stride`-th pixel centre (and the last row and column), as a
    /// [`Field`] for [`contour`].
    pub fn field(&self, stride: usize) -> Field {
        let (cols, rows) = (nodes(self.view.w, stride), nodes(self.view.h, stride));
        let mut v = Vec::with_capacity(cols.len() * rows.len());
        for &j in &rows {
            let row = &self.values[j * self.view.w..(j + 1) * self.view.w];
            v.extend(cols.iter().map(|&i| row[i]));
        }
        let centre = |i: &usize| *i as f64 + 0.5;
        Field {
            px: cols.iter().map(centre).collect(),
            py: rows.iter().map(centre).collect(),
            v,
        }
    }

    /// Loss contour segments [x0, y0, x1, y1, …] in pixels at the [`Heatmap::levels`], on the
    /// grid of every [`CONTOUR_STRIDE`]-th pixel.
    pub fn contours(&self) -> Vec<f32> {
        let field = self.field(CONTOUR_STRIDE);
        let mut out = Vec::new();
        for level in self.levels() {
            contour(&field, level, &mut out);
        }
        out
    }
}

/// [`VIRIDIS`] as RGBA words, with [`NON_FINITE`] as entry 256.
const LUT: [[u8; 4]; 257] = {
    let mut t = [[NON_FINITE[0], NON_FINITE[1], NON_FINITE[2], 255]; 257];
    let mut i = 0;
    while i < 256 {
        t[i] = [VIRIDIS[i][0], VIRIDIS[i][1], VIRIDIS[i][2], 255];
        i += 1;
    }
    t
};

/// 1.5·2⁵²: x + ROUND − ROUND is x rounded to the nearest integer (ties to even) for
/// |x| < 2⁵¹, and the low bits of x + ROUND hold that integer.
const ROUND: f64 = 6_755_399_441_055_744.0;

/// Colours each pixel with [`VIRIDIS`] entry round(255·t(ℓ̄)) (t clamped to [0, 1], NaN
/// counting as 0, as `as usize` does), or [`NON_FINITE`], four pixels per call of `t`.
#[inline(never)]
fn paint(values: &[f64], rgba: &mut [u8], t: impl Fn(f64x4) -> f64x4) {
    debug_assert_eq!(rgba.len(), values.len() * 4);
    let index = |v: f64x4| -> [u64; 4] {
        let s = t(v) * f64x4::splat(255.0);
        // NaN and negative → 0, then at most 255; non-finite ℓ̄ → entry 256.
        let s = s.simd_ge(f64x4::ZERO).select(s, f64x4::ZERO);
        let s = s.fast_min(f64x4::splat(255.0));
        let s = v.is_finite().select(s, f64x4::splat(256.0));
        cast::<f64x4, u64x4>(s + f64x4::splat(ROUND)).to_array()
    };
    let mut px = rgba.chunks_exact_mut(16);
    let mut vs = values.chunks_exact(4);
    for (p, v) in (&mut px).zip(&mut vs) {
        let idx = index(f64x4::new([v[0], v[1], v[2], v[3]]));
        for (o, i) in p.chunks_exact_mut(4).zip(idx) {
            o.copy_from_slice(&LUT[(i & 0x1ff) as usize]);
        }
    }
    let rest = vs.remainder();
    if !rest.is_empty() {
        let mut v = [rest[rest.len() - 1]; 4];
        v[..rest.len()].copy_from_slice(rest);
        let idx = index(f64x4::new(v));
        for (o, i) in px.into_remainder().chunks_exact_mut(4).zip(idx) {
            o.copy_from_slice(&LUT[(i & 0x1ff) as usize]);
        }
    }
}

/// Indices 0, stride, 2·stride, … below n, and n − 1 (so the grid reaches the far edge).
fn nodes(n: usize, stride: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).step_by(stride.max(1)).collect();
    if idx.last() != Some(&(n - 1)) {
        idx.push(n - 1);
    }
    idx
}

/// Values on a rectangular grid of canvas points: node (i, j) sits at pixel
/// (`px[i]`, `py[j]`) and holds `v[j·px.len() + i]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub px: Vec<f64>,
    pub py: Vec<f64>,
    pub v: Vec<f64>,
}

/// Marching squares: appends the segments [x0, y0, x1, y1] (pixels) where the piecewise-linear
/// interpolant of `field` crosses `level`. Each crossing lies on a cell edge at
/// t = (level − v₀)/(v₁ − v₀) between the edge's corners. Saddle cells (opposite corners on the
/// same side) are split by the cell's mean value; cells with a non-finite corner are skipped.
///
/// Corners go around the cell (0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left in
/// grid order) and edge k joins corner k to corner k + 1. Each node is compared with the
/// level once (the right column's results carry over to the next cell), the four results
/// make a 4-bit case, and the cells every corner of which is on one side (almost all of them)
/// cost nothing more; the crossed edges are the set bits of case ⊕ (case rotated by one),
/// taken in edge order.
#[inline(never)]
pub fn contour(field: &Field, level: f64, out: &mut Vec<f32>) {
    let (nx, ny) = (field.px.len(), field.py.len());
    if nx < 2 || ny < 2 {
        return;
    }
    let px = &field.px[..nx];
    for j in 1..ny {
        let top = &field.v[(j - 1) * nx..j * nx];
        let bottom = &field.v[j * nx..(j + 1) * nx];
        let (y0, y1) = (field.py[j - 1], field.py[j]);
        // Corner 0 and corner 3 of the first cell; corners 1 and 2 become them for the next.
        let (mut a0, mut a3) = ((top[0] >= level) as u8, (bottom[0] >= level) as u8);
        for i in 1..nx {
            let (a1, a2) = ((top[i] >= level) as u8, (bottom[i] >= level) as u8);
            let case = a0 | a1 << 1 | a2 << 2 | a3 << 3;
            (a0, a3) = (a1, a2);
            if case == 0 || case == 15 {
                continue;
            }
            let v = [top[i - 1], top[i], bottom[i], bottom[i - 1]];
            if !(v[0].is_finite() && v[1].is_finite() && v[2].is_finite() && v[3].is_finite()) {
                continue;
            }
            let cx = [px[i - 1], px[i], px[i], px[i - 1]];
            let cy = [y0, y0, y1, y1];
            let cross = |k: usize| -> [f32; 2] {
                let k1 = (k + 1) & 3;
                let t = (level - v[k]) / (v[k1] - v[k]);
                let x = cx[k] + t * (cx[k1] - cx[k]);
                let y = cy[k] + t * (cy[k1] - cy[k]);
                [x as f32, y as f32]
            };
            let mut seg =
                |a: [f32; 2], b: [f32; 2]| out.extend_from_slice(&[a[0], a[1], b[0], b[1]]);
            let edges = case ^ (case >> 1 | (case & 1) << 3);
            if edges == 15 {
                // All four edges cross; when the centre is on corner 0's side, corners 1 and 3
                // are cut off; otherwise corners 0 and 2 are.
                let centre_above = 0.25 * (((v[0] + v[1]) + v[2]) + v[3]) >= level;
                if centre_above == (case & 1 != 0) {
                    seg(cross(0), cross(1));
                    seg(cross(2), cross(3));
                } else {
                    seg(cross(3), cross(0));
                    seg(cross(1), cross(2));
                }
            } else {
                let first = edges.trailing_zeros() as usize;
                let second = (edges & (edges - 1)).trailing_zeros() as usize;
                seg(cross(first), cross(second));
            }
        }
    }
}

/// Points on each drawn ellipse.
pub const ELLIPSE_POINTS: usize = 64;

/// The r-σ ellipse of N(m, Σ) as n world points θ_k = m + r·A(cos φ_k, sin φ_k),
/// φ_k = 2πk/n, with A Aᵀ = Σ ([`Gaussian::sqrt_cov`]): (θ − m)ᵀΣ⁻¹(θ − m) = r² at every
/// point. The polyline is closed (the last point joins the first). Empty when the precision
/// is not positive definite.
pub fn ellipse(g: &Gaussian, r: f64, n: usize) -> Vec<[f64; 2]> {
    let Some(a) = g.sqrt_cov() else {
        return Vec::new();
    };
    (0..n)
        .map(|k| {
            let phi = TAU * k as f64 / n as f64;
            let p = g.mean + a * Vec2::new(phi.cos(), phi.sin()) * r;
            [p[0], p[1]]
        })
        .collect()
}

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

/// [`log_q`] and [`log_q_pixels`] are within this of the exact log-sum-exp, relative to
/// max(1, |log q|): |log q_fast − log q| ≤ `LOG_Q_TOLERANCE` · max(1, |log q|). Every term
/// eᵗᵏ⁻ᵐᵃˣ is within [`EXP_FAST_TOLERANCE`] relative and all are positive, so their sum is too,
/// and its log moves by at most 1.0000001 · 1e-8; the quadratic forms are rounded
/// differently from [`Gaussian::log_density`] (a few ulp of |tₖ|, which is where the relative
/// part comes in far from the means). So where the density contours are drawn (log q within
/// 4.5 of its top) q itself is within ~1e-7 relative. Measured on a 512² grid with K = 8:
/// 1.0e-9 (`tests/raster.rs`).
pub const LOG_Q_TOLERANCE: f64 = 2e-8;

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
    let y = exp_core(x.fast_max(f64x4::splat(LO)).fast_min(f64x4::splat(HI)));
    let y = x.simd_lt(f64x4::splat(LO)).select(f64x4::ZERO, y);
    let y = x
        .simd_gt(f64x4::splat(HI))
        .select(f64x4::splat(f64::INFINITY), y);
    F64x4(x.is_nan().select(x, y))
}

/// [`exp_fast`] for x ≤ 0 where a result of e⁻⁷⁰⁸ ≈ 3.3e-308 in place of 0 below −708 (and
/// for NaN) does not matter: a sum that also holds 1. No special-case lanes.
#[inline]
fn exp_nonpositive(x: f64x4) -> f64x4 {
    exp_core(x.fast_max(f64x4::splat(-708.0)))
}

/// eˣ for x ∈ [−708, 709.78] (see [`exp_fast`]).
#[inline]
fn exp_core(x: f64x4) -> f64x4 {
    const LN2_HI: f64 = 0.693_145_751_953_125; // 15 significant bits: r·LN2_HI is exact
    const LN2_LO: f64 = 1.428_606_820_309_417_3e-6; // ln 2 − LN2_HI
    let c = |v: f64| f64x4::splat(v);
    let round = c(ROUND);
    let r = (x * c(LOG2_E) + round) - round;
    let f = (x - r * c(LN2_HI)) - r * c(LN2_LO);
    // Σ fⁿ/n!, n ≤ 7, by Estrin's scheme (shorter dependency chains than Horner's).
    let f2 = f * f;
    let f4 = f2 * f2;
    let p01 = f64x4::ONE + f;
    let p23 = c(0.5) + f * c(1.0 / 6.0);
    let p45 = c(1.0 / 24.0) + f * c(1.0 / 120.0);
    let p67 = c(1.0 / 720.0) + f * c(1.0 / 5040.0);
    let p = (p01 + f2 * p23) + f4 * (p45 + f2 * p67);
    // 2ʳ⁻¹: r − 1 + 1023 + 2⁵² holds r + 1022 ∈ [1, 2046] (r ∈ [−1021, 1024]) in its low
    // mantissa bits; shifted into the exponent field it is the double 2ʳ⁻¹. Then eˣ = 2p·2ʳ⁻¹
    // (2ʳ itself would overflow for r = 1024, x ∈ (709.44, 709.78]).
    let bits = cast::<f64x4, u64x4>(r + c(1022.0 + 4_503_599_627_370_496.0)) << 52;
    (p + p) * cast::<u64x4, f64x4>(bits)
}

/// ln x in four lanes for normal positive x (the colour map takes it of values in [1, 1e4+1]):
/// x = 2ᵉ·m with m ∈ [√½, √2) from the bits, ln m = 2 atanh z = 2(z + z³/3 + z⁵/5 + z⁷/7 +
/// z⁹/9) with z = (m − 1)/(m + 1), |z| ≤ 0.172; one division, no special-case branches.
/// Absolute error ≤ [`LN_FAST_TOLERANCE`]. Zero, subnormal, negative, infinite and NaN
/// lanes give unspecified finite-or-NaN values: callers mask them.
#[inline]
pub fn ln_fast(x: F64x4) -> F64x4 {
    const MANTISSA: u64 = (1 << 52) - 1;
    const ONE_BITS: u64 = 0x3ff0_0000_0000_0000;
    let c = |v: f64| f64x4::splat(v);
    let bits = cast::<f64x4, u64x4>(x.0);
    // m ∈ [1, 2), and the biased exponent as a double via 2⁵² + e.
    let m = cast::<u64x4, f64x4>((bits & u64x4::splat(MANTISSA)) | u64x4::splat(ONE_BITS));
    let e = cast::<u64x4, f64x4>((bits >> 52) | u64x4::splat(0x4330_0000_0000_0000))
        - c(4_503_599_627_370_496.0 + 1023.0);
    let big = m.simd_gt(c(std::f64::consts::SQRT_2));
    let m = big.select(m * c(0.5), m);
    let e = big.select(e + f64x4::ONE, e);
    let z = (m - f64x4::ONE) / (m + f64x4::ONE);
    let z2 = z * z;
    let p = c(1.0 / 9.0);
    let p = p * z2 + c(1.0 / 7.0);
    let p = p * z2 + c(1.0 / 5.0);
    let p = p * z2 + c(1.0 / 3.0);
    let p = p * z2 + f64x4::ONE;
    F64x4(e * c(LN_2) + c(2.0) * z * p)
}

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
    let v = top + sum.ln();
    F64x4(top.simd_eq(f64x4::NEG_INFINITY).select(top, v))
}

/// log q(θ) = log Σ_k π_k N(θ; m_k, S_k⁻¹) at many points (structure of arrays, equal
/// lengths), four points at a time: the largest term is factored out and the rest summed with
/// [`exp_fast`], so it neither overflows nor underflows far from the means; within
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

/// Basin colours, one per known minimum in the landscape's order (cycled beyond seven): the
/// Okabe–Ito categorical palette (colour-blind safe) without its black, ordered so that
/// neighbours differ in lightness as well as hue.
pub const BASIN_COLOURS: [[u8; 3]; 7] = [
    [230, 159, 0],   // orange
    [86, 180, 233],  // sky blue
    [0, 158, 115],   // bluish green
    [204, 121, 167], // reddish purple
    [240, 228, 66],  // yellow
    [0, 114, 178],   // blue
    [213, 94, 0],    // vermilion
];
/// The colour of starts that reach no known minimum: a dark neutral slate, which the palette
/// and the heatmap's viridis never show, so that the basins stand out and "none" reads as
/// nothing.
pub const BASIN_NONE: [u8; 3] = [46, 50, 60];
/// Opacity of the basins overlay (0–255): the basin colours read true, the heatmap still
/// shows through faintly, and the loss contours are drawn on top.
pub const BASIN_ALPHA: u8 = 190;

/// The colour of basin label `label` ([`crate::basins::NONE`] or a minimum's index).
pub fn basin_colour(label: i16) -> [u8; 3] {
    match usize::try_from(label) {
        Ok(k) => BASIN_COLOURS[k % BASIN_COLOURS.len()],
        Err(_) => BASIN_NONE,
    }
}

/// The basins as an RGBA overlay of the canvas (w·h·4 bytes, row-major like the heatmap):
/// each pixel whose centre lies in the basins' domain takes the colour of the grid cell it
/// falls in ([`basin_colour`], alpha [`BASIN_ALPHA`]); pixels outside are transparent.
/// Cells are looked up by column and by row separately (nearest cell, no blending), so the
/// picture is exactly the computed grid.
pub fn basins_overlay(b: &Basins, view: &View) -> Vec<u8> {
    let (w, h, n) = (view.w, view.h, b.n);
    let d = &b.domain;
    // The cell index of each pixel column and row, or None outside the domain.
    let cell = |u: f64| -> Option<usize> {
        let k = (u * n as f64).floor();
        (k >= 0.0 && k < n as f64).then_some(k as usize)
    };
    let cols: Vec<Option<usize>> = (0..w)
        .map(|i| cell((view.to_world([i as f64 + 0.5, 0.0])[0] - d.x[0]) / (d.x[1] - d.x[0])))
        .collect();
    let mut rgba = vec![0u8; w * h * 4];
    for (j, row_px) in rgba.chunks_exact_mut(w * 4).enumerate() {
        let y = view.to_world([0.0, j as f64 + 0.5])[1];
        let Some(row) = cell((d.y[1] - y) / (d.y[1] - d.y[0])) else {
            continue;
        };
        let labels = &b.labels[row * n..(row + 1) * n];
        for (px, col) in row_px.chunks_exact_mut(4).zip(&cols) {
            if let Some(c) = col {
                let [r, g, bl] = basin_colour(labels[*c]);
                px.copy_from_slice(&[r, g, bl, BASIN_ALPHA]);
            }
        }
    }
    rgba
}

/// One line of the basins legend.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BasinEntry {
    /// "(3.00, 2.00)" for a minimum, "none" for the starts that reach none.
    pub label: String,
    /// CSS colour, "#rrggbb".
    pub colour: String,
    pub count: usize,
    /// count / n².
    pub fraction: f64,
    /// The fraction as the legend prints it: "42.3%", "<0.1%" for a few starts, "0%".
    pub percent: String,
}

/// The legend of a basins picture: one entry per known minimum (in the labels' order), then
/// "none".
pub fn basins_legend(b: &Basins) -> Vec<BasinEntry> {
    let total = b.labels.len().max(1);
    let entry = |label: String, colour: [u8; 3], count: usize| {
        let fraction = count as f64 / total as f64;
        let percent = match fraction {
            0.0 => "0%".to_string(),
            f if f < 0.0005 => "<0.1%".to_string(),
            f => format!("{:.1}%", 100.0 * f),
        };
        BasinEntry {
            label,
            colour: format!("#{:02x}{:02x}{:02x}", colour[0], colour[1], colour[2]),
            count,
            fraction,
            percent,
        }
    };
    b.minima
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let label = format!("({}, {})", sig3(m.at[0]), sig3(m.at[1]));
            entry(label, basin_colour(k as i16), b.counts[k])
        })
        .chain(std::iter::once(entry("none".into(), BASIN_NONE, b.none)))
        .collect()
}

/// The canvas's text alternative: q in words (family, weights, means, covariances), every
/// number to three significant digits.
pub fn describe(kind: FamilyKind, comps: &[Component]) -> String {
    let gaussian = |c: &Component| {
        let [[a, b], [_, d]] = c.cov.map(|row| row.map(sig3));
        format!(
            "mean ({}, {}) and covariance [[{a}, {b}], [{b}, {d}]]",
            sig3(c.mean[0]),
            sig3(c.mean[1])
        )
    };
    match (kind, comps) {
        (FamilyKind::Mixture, _) => {
            let mut s = format!("q is a mixture of {} Gaussians.", comps.len());
            for (k, c) in comps.iter().enumerate() {
                s.push_str(&format!(
                    " Component {}: weight {}, {}.",
                    k + 1,
                    sig3(c.weight),
                    gaussian(c)
                ));
            }
            s
        }
        (_, [c]) => {
            let what = match kind {
                FamilyKind::Fixed => "a Gaussian (covariance fixed)",
                FamilyKind::Diagonal => "a diagonal Gaussian",
                _ => "a Gaussian",
            };
            format!("q is {what} with {}.", gaussian(c))
        }
        _ => String::new(),
    }
}

/// A number to three significant digits: fixed-point from 0.001 to 9999, scientific beyond.
fn sig3(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    if !v.is_finite() {
        return v.to_string();
    }
    // Round first, so that 9.996 counts as 10.0 when choosing the decimals.
    let r: f64 = format!("{v:.2e}").parse().unwrap_or(v);
    let e = r.abs().log10().floor() as i32;
    if (-3..4).contains(&e) {
        format!("{r:.*}", (2 - e).max(0) as usize)
    } else {
        format!("{r:.2e}")
    }
}

/// Viridis (perceptually uniform, colour-blind safe, monotone in lightness) as 256 sRGB
/// entries, dark purple (index 0) to yellow (255). Source: matplotlib's `_viridis_data`
/// (lib/matplotlib/_cm_listed.py, by Stéfan van der Walt, Nathaniel Smith and Eric Firing,
/// CC0), rounded to 8 bits as shipped in d3-scale-chromatic 3.1.1.
#[rustfmt::skip]
pub const VIRIDIS: [[u8; 3]; 256] = [
    [68, 1, 84], [68, 2, 86], [69, 4, 87], [69, 5, 89], [70, 7, 90], [70, 8, 92],
    [70, 10, 93], [70, 11, 94], [71, 13, 96], [71, 14, 97], [71, 16, 99], [71, 17, 100],
    [71, 19, 101], [72, 20, 103], [72, 22, 104], [72, 23, 105], [72, 24, 106], [72, 26, 108],
    [72, 27, 109], [72, 28, 110], [72, 29, 111], [72, 31, 112], [72, 32, 113], [72, 33, 115],
    [72, 35, 116], [72, 36, 117], [72, 37, 118], [72, 38, 119], [72, 40, 120], [72, 41, 121],
    [71, 42, 122], [71, 44, 122], [71, 45, 123], [71, 46, 124], [71, 47, 125], [70, 48, 126],
    [70, 50, 126], [70, 51, 127], [70, 52, 128], [69, 53, 129], [69, 55, 129], [69, 56, 130],
    [68, 57, 131], [68, 58, 131], [68, 59, 132], [67, 61, 132], [67, 62, 133], [66, 63, 133],
    [66, 64, 134], [66, 65, 134], [65, 66, 135], [65, 68, 135], [64, 69, 136], [64, 70, 136],
    [63, 71, 136], [63, 72, 137], [62, 73, 137], [62, 74, 137], [62, 76, 138], [61, 77, 138],
    [61, 78, 138], [60, 79, 138], [60, 80, 139], [59, 81, 139], [59, 82, 139], [58, 83, 139],
    [58, 84, 140], [57, 85, 140], [57, 86, 140], [56, 88, 140], [56, 89, 140], [55, 90, 140],
    [55, 91, 141], [54, 92, 141], [54, 93, 141], [53, 94, 141], [53, 95, 141], [52, 96, 141],
    [52, 97, 141], [51, 98, 141], [51, 99, 141], [50, 100, 142], [50, 101, 142], [49, 102, 142],
    [49, 103, 142], [49, 104, 142], [48, 105, 142], [48, 106, 142], [47, 107, 142], [47, 108, 142],
    [46, 109, 142], [46, 110, 142], [46, 111, 142], [45, 112, 142], [45, 113, 142], [44, 113, 142],
    [44, 114, 142], [44, 115, 142], [43, 116, 142], [43, 117, 142], [42, 118, 142], [42, 119, 142],
    [42, 120, 142], [41, 121, 142], [41, 122, 142], [41, 123, 142], [40, 124, 142], [40, 125, 142],
    [39, 126, 142], [39, 127, 142], [39, 128, 142], [38, 129, 142], [38, 130, 142], [38, 130, 142],
    [37, 131, 142], [37, 132, 142], [37, 133, 142], [36, 134, 142], [36, 135, 142], [35, 136, 142],
    [35, 137, 142], [35, 138, 141], [34, 139, 141], [34, 140, 141], [34, 141, 141], [33, 142, 141],
    [33, 143, 141], [33, 144, 141], [33, 145, 140], [32, 146, 140], [32, 146, 140], [32, 147, 140],
    [31, 148, 140], [31, 149, 139], [31, 150, 139], [31, 151, 139], [31, 152, 139], [31, 153, 138],
    [31, 154, 138], [30, 155, 138], [30, 156, 137], [30, 157, 137], [31, 158, 137], [31, 159, 136],
    [31, 160, 136], [31, 161, 136], [31, 161, 135], [31, 162, 135], [32, 163, 134], [32, 164, 134],
    [33, 165, 133], [33, 166, 133], [34, 167, 133], [34, 168, 132], [35, 169, 131], [36, 170, 131],
    [37, 171, 130], [37, 172, 130], [38, 173, 129], [39, 173, 129], [40, 174, 128], [41, 175, 127],
    [42, 176, 127], [44, 177, 126], [45, 178, 125], [46, 179, 124], [47, 180, 124], [49, 181, 123],
    [50, 182, 122], [52, 182, 121], [53, 183, 121], [55, 184, 120], [56, 185, 119], [58, 186, 118],
    [59, 187, 117], [61, 188, 116], [63, 188, 115], [64, 189, 114], [66, 190, 113], [68, 191, 112],
    [70, 192, 111], [72, 193, 110], [74, 193, 109], [76, 194, 108], [78, 195, 107], [80, 196, 106],
    [82, 197, 105], [84, 197, 104], [86, 198, 103], [88, 199, 101], [90, 200, 100], [92, 200, 99],
    [94, 201, 98], [96, 202, 96], [99, 203, 95], [101, 203, 94], [103, 204, 92], [105, 205, 91],
    [108, 205, 90], [110, 206, 88], [112, 207, 87], [115, 208, 86], [117, 208, 84], [119, 209, 83],
    [122, 209, 81], [124, 210, 80], [127, 211, 78], [129, 211, 77], [132, 212, 75], [134, 213, 73],
    [137, 213, 72], [139, 214, 70], [142, 214, 69], [144, 215, 67], [147, 215, 65], [149, 216, 64],
    [152, 216, 62], [155, 217, 60], [157, 217, 59], [160, 218, 57], [162, 218, 55], [165, 219, 54],
    [168, 219, 52], [170, 220, 50], [173, 220, 48], [176, 221, 47], [178, 221, 45], [181, 222, 43],
    [184, 222, 41], [186, 222, 40], [189, 223, 38], [192, 223, 37], [194, 223, 35], [197, 224, 33],
    [200, 224, 32], [202, 225, 31], [205, 225, 29], [208, 225, 28], [210, 226, 27], [213, 226, 26],
    [216, 226, 25], [218, 227, 25], [221, 227, 24], [223, 227, 24], [226, 228, 24], [229, 228, 25],
    [231, 228, 25], [234, 229, 26], [236, 229, 27], [239, 229, 28], [241, 229, 29], [244, 230, 30],
    [246, 230, 32], [248, 230, 33], [251, 231, 35], [253, 231, 37],
];
