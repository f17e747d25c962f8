//! The landscape heatmap: ℓ̄ evaluated once at every pixel centre of a [`View`], coloured by a
//! [`Shade`] (the log loss scale, or the target exp(−(ℓ̄ − ℓ̄_min)/τ)) and re-coloured from the
//! stored values when only the shade changes; also the loss contour levels, which lie on the
//! colour boundaries, and their segments on a coarser grid of the same values.

use super::colour::paint;
use super::contours::{Field, contour};
use super::fast_math::{exp_fast, ln_fast};
use super::view::View;
use crate::landscape::{F64x4, Landscape};
use wide::f64x4;

/// Loss contour levels per landscape.
pub const LEVELS: usize = 12;
/// Loss contours use every `CONTOUR_STRIDE`-th pixel of the heatmap's grid: a quarter of the
/// resolution is smooth at screen scale and costs 1/16 of the cells.
pub const CONTOUR_STRIDE: usize = 4;
/// ε = `EPS_FRACTION` · (ℓ̄_max − ℓ̄_min) in the log colour scale: the scale spans four decades
/// below the range, enough to separate the floor of a valley from its walls.
pub const EPS_FRACTION: f64 = 1e-4;

/// How the heatmap turns ℓ̄ into colour (scene keys `target` and `tau`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shade {
    /// c = log(ℓ̄ − ℓ̄_min + ε), normalised to [0, 1] over the grid: dark at the minimum.
    Loss,
    /// The target p = exp(−(ℓ̄ − ℓ̄_min)/τ), linear in [0, 1]: bright where the mass is.
    Target { tau: f64 },
}

impl Shade {
    /// The shade a scene asks for: the target at temperature `tau` when `target` is set (scene
    /// keys `target` and `tau`), otherwise the loss.
    pub fn new(target: bool, tau: f64) -> Shade {
        if target {
            Shade::Target { tau }
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
        Heatmap::surface(landscape, view, shade, None)
    }

    /// The heatmap of ℓ̄ (`keep` = `None`), or of the dropout objective with keep probability
    /// p (docs/maths.md §12), D(x, y) = p²ℓ̄(x, y) + p(1−p)[ℓ̄(x, 0) + ℓ̄(0, y)] + (1−p)²ℓ̄(0, 0),
    /// from the same grid of ℓ̄ plus one row ℓ̄(x, 0), one column ℓ̄(0, y) and ℓ̄(0, 0) (terms of
    /// probability 0 left out, so p = 1 is ℓ̄ to the bit). ℓ̄_min is the smaller of the grid's
    /// minimum and, for ℓ̄ (and D at p = 1) only, the landscape's known global minimum.
    /// A [`HeatmapJob`] run to its end.
    pub fn surface(landscape: &Landscape, view: View, shade: Shade, keep: Option<f64>) -> Heatmap {
        let mut job = HeatmapJob::new(view, keep);
        job.advance(landscape, usize::MAX);
        job.finish(landscape, shade)
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

    /// Re-colours every pixel from the stored values with the [`VIRIDIS`](super::VIRIDIS) table:
    /// - loss: t = log(1 + (ℓ̄ − ℓ̄_min)/ε) / log(1 + (ℓ̄_max − ℓ̄_min)/ε), which is
    ///   c = log(ℓ̄ − ℓ̄_min + ε) normalised to [0, 1] over the grid;
    /// - target: t = exp(−(ℓ̄ − ℓ̄_min)/τ).
    ///
    /// Entry round(255·t) of the table; non-finite ℓ̄ gets [`NON_FINITE`](super::NON_FINITE).
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

    /// ℓ̄ at colour-scale position t ∈ [0, 1] under `shade`, the inverse of
    /// [`Heatmap::recolour`]'s t: for the loss, ℓ̄_min + ε·((1 + R/ε)^t − 1); for the target,
    /// ℓ̄_min − τ·ln t (infinite at t = 0). What a colour bar labels its colours with.
    pub fn loss_at(&self, shade: Shade, t: f64) -> f64 {
        let t = t.clamp(0.0, 1.0);
        match shade {
            Shade::Loss => {
                let (eps, norm) = self.log_scale();
                self.lo + eps * (norm * t).exp_m1()
            }
            Shade::Target { tau } => self.lo - tau * t.ln(),
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

/// A heatmap being evaluated a bounded number of points at a time, so that the page can spend
/// a few milliseconds of each frame on a landscape whose rows of data make it expensive: the
/// grid row by row (pieces of a row, four points at a time: the same calls as whole rows), and
/// for the dropout objective the row ℓ̄(x, 0) and the column ℓ̄(0, y) after it.
pub struct HeatmapJob {
    view: View,
    keep: Option<f64>,
    /// Pixel centres: x of each column, y of each row.
    xs: Vec<f64>,
    row_ys: Vec<f64>,
    values: Vec<f64>,
    /// The dropout objective's ℓ̄(x, 0) and ℓ̄(0, y).
    on_x: Vec<f64>,
    on_y: Vec<f64>,
    /// Points evaluated so far, in the order above.
    next: usize,
    /// A piece's other coordinate (its row's y, or 0).
    other: Vec<f64>,
}

impl HeatmapJob {
    /// A heatmap of `view` to evaluate (of the dropout objective with keep probability p
    /// when `keep` is `Some(p)`; see [`Heatmap::surface`]).
    pub fn new(view: View, keep: Option<f64>) -> HeatmapJob {
        let (w, h) = (view.w, view.h);
        let extra = |n| {
            if keep.is_some() {
                vec![0.0; n]
            } else {
                Vec::new()
            }
        };
        HeatmapJob {
            xs: (0..w)
                .map(|i| view.to_world([i as f64 + 0.5, 0.0])[0])
                .collect(),
            row_ys: (0..h)
                .map(|j| view.to_world([0.0, j as f64 + 0.5])[1])
                .collect(),
            values: vec![0.0; w * h],
            on_x: extra(w),
            on_y: extra(h),
            next: 0,
            other: Vec::new(),
            view,
            keep,
        }
    }

    fn total(&self) -> usize {
        self.values.len() + self.on_x.len() + self.on_y.len()
    }

    /// Evaluates about `points` more points (at least four, or what is left); true once every
    /// point is done.
    pub fn advance(&mut self, landscape: &Landscape, points: usize) -> bool {
        let (w, grid) = (self.view.w, self.values.len());
        let mut left = points.max(1);
        while left > 0 && self.next < self.total() {
            // The line the next point is on, its start in `next`'s count, and its length.
            let (line, start, len) = if self.next < grid {
                let j = self.next / w;
                (Line::Row(j), j * w, w)
            } else if self.next < grid + self.on_x.len() {
                (Line::OnX, grid, self.on_x.len())
            } else {
                (Line::OnY, grid + self.on_x.len(), self.on_y.len())
            };
            let i0 = self.next - start;
            let i1 = len.min(i0 + left.min(len).next_multiple_of(4));
            let n = i1 - i0;
            self.other.clear();
            match line {
                Line::Row(j) => {
                    self.other.resize(n, self.row_ys[j]);
                    let out = &mut self.values[j * w + i0..j * w + i1];
                    landscape.values(&self.xs[i0..i1], &self.other, out);
                }
                Line::OnX => {
                    self.other.resize(n, 0.0);
                    landscape.values(&self.xs[i0..i1], &self.other, &mut self.on_x[i0..i1]);
                }
                Line::OnY => {
                    self.other.resize(n, 0.0);
                    let ys = &self.row_ys[i0..i1];
                    landscape.values(&self.other, ys, &mut self.on_y[i0..i1]);
                }
            }
            self.next += n;
            left = left.saturating_sub(n);
        }
        self.next == self.total()
    }

    /// The share of the points evaluated, in [0, 1].
    pub fn progress(&self) -> f64 {
        self.next as f64 / self.total().max(1) as f64
    }

    /// The heatmap, coloured by `shade` (once [`HeatmapJob::advance`] returned true).
    pub fn finish(self, landscape: &Landscape, shade: Shade) -> Heatmap {
        let HeatmapJob {
            view,
            keep,
            mut values,
            on_x,
            on_y,
            ..
        } = self;
        let w = view.w;
        if let Some(p) = keep {
            let r = 1.0 - p;
            let origin = landscape.value(crate::linalg::Vec2::zeros());
            // The masks' terms, each only where its probability is positive.
            let term = |w: f64, v: f64| if w > 0.0 { w * v } else { 0.0 };
            for (row, &ly) in values.chunks_exact_mut(w).zip(&on_y) {
                for (v, &lx) in row.iter_mut().zip(&on_x) {
                    *v = term(p * p, *v) + term(p * r, lx) + term(r * p, ly) + term(r * r, origin);
                }
            }
        }
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for &v in values.iter().filter(|v| v.is_finite()) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        // D = ℓ̄ at p = 1 (the masks of probability 0 are left out), so the known minimum
        // counts there too.
        if keep.is_none_or(|p| p == 1.0)
            && let Some(m) = landscape.minima().first()
        {
            lo = lo.min(m.value);
        }
        let mut heat = Heatmap {
            view,
            rgba: vec![0; values.len() * 4],
            values,
            lo,
            hi,
        };
        heat.recolour(shade);
        heat
    }
}

/// Which line of points a [`HeatmapJob`] is on.
enum Line {
    Row(usize),
    OnX,
    OnY,
}

/// Indices 0, stride, 2·stride, … below n, and n − 1 (so the grid reaches the far edge).
fn nodes(n: usize, stride: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).step_by(stride.max(1)).collect();
    if idx.last() != Some(&(n - 1)) {
        idx.push(n - 1);
    }
    idx
}
