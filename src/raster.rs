//! Pictures of a scene in canvas pixels: the landscape heatmap and its contours, q's ellipses
//! and the contours of q's density. Plain Rust with no browser types, so every picture is
//! tested natively; the page (`web`) only hands these buffers to a canvas.
//!
//! Hot loops are structure-of-arrays loops over slices (values, colours), so that they can be
//! vectorised without changing their callers.

use crate::family::{FamilyKind, Gaussian, Q};
use crate::landscape::{Domain, Landscape};
use crate::linalg::Vec2;
use crate::run::Component;
use crate::scene::Scene;
use std::f64::consts::TAU;

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
        // One monomorphised loop per shade: no branch on the shade per pixel.
        match shade {
            Shade::Loss => paint(&self.values, &mut self.rgba, |v| {
                ((v - lo).max(0.0) / eps).ln_1p() * inv_norm
            }),
            Shade::Target { tau } => paint(&self.values, &mut self.rgba, |v| {
                (-(v - lo).max(0.0) / tau).exp()
            }),
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

/// Colours each pixel with [`VIRIDIS`] entry round(255·t(ℓ̄)), or [`NON_FINITE`].
fn paint(values: &[f64], rgba: &mut [u8], t: impl Fn(f64) -> f64) {
    for (px, &v) in rgba.chunks_exact_mut(4).zip(values) {
        let [r, g, b] = if v.is_finite() {
            VIRIDIS[(t(v) * 255.0).round().clamp(0.0, 255.0) as usize]
        } else {
            NON_FINITE
        };
        px.copy_from_slice(&[r, g, b, 255]);
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
pub fn contour(field: &Field, level: f64, out: &mut Vec<f32>) {
    let nx = field.px.len();
    for j in 1..field.py.len() {
        for i in 1..nx {
            // Corners in order around the cell; edge k joins corner k and corner k + 1.
            let corners = [(i - 1, j - 1), (i, j - 1), (i, j), (i - 1, j)];
            let v = corners.map(|(a, b)| field.v[b * nx + a]);
            if !v.iter().all(|x| x.is_finite()) {
                continue;
            }
            let above = v.map(|x| x >= level);
            let mut cross = [[0.0f32; 2]; 4];
            let mut n = 0;
            for k in 0..4 {
                let k1 = (k + 1) % 4;
                if above[k] != above[k1] {
                    let t = (level - v[k]) / (v[k1] - v[k]);
                    let ((a0, b0), (a1, b1)) = (corners[k], corners[k1]);
                    let x = field.px[a0] + t * (field.px[a1] - field.px[a0]);
                    let y = field.py[b0] + t * (field.py[b1] - field.py[b0]);
                    cross[n] = [x as f32, y as f32];
                    n += 1;
                }
            }
            let mut seg =
                |a: [f32; 2], b: [f32; 2]| out.extend_from_slice(&[a[0], a[1], b[0], b[1]]);
            match n {
                2 => seg(cross[0], cross[1]),
                4 => {
                    // All four edges cross; cross[k] is on edge k. When the centre is on corner
                    // 0's side, corners 1 and 3 are cut off; otherwise corners 0 and 2 are.
                    let centre_above = 0.25 * v.iter().sum::<f64>() >= level;
                    if centre_above == above[0] {
                        seg(cross[0], cross[1]);
                        seg(cross[2], cross[3]);
                    } else {
                        seg(cross[3], cross[0]);
                        seg(cross[1], cross[2]);
                    }
                }
                _ => {}
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

/// log q(θ) = log Σ_k π_k N(θ; m_k, S_k⁻¹) at many points (structure of arrays), accumulated
/// one component at a time with log(eᵃ + eᵇ) = max(a, b) + log(1 + e^(min(a, b) − max(a, b))),
/// which neither overflows nor underflows far from the means.
pub fn log_q(q: &Q, xs: &[f64], ys: &[f64], out: &mut [f64]) {
    out.fill(f64::NEG_INFINITY);
    for (g, lw) in q.comps.iter().zip(q.log_weights()) {
        for ((o, &x), &y) in out.iter_mut().zip(xs).zip(ys) {
            let t = lw + g.log_density(Vec2::new(x, y));
            let (hi, lo) = if *o >= t { (*o, t) } else { (t, *o) };
            *o = if lo == f64::NEG_INFINITY {
                hi
            } else {
                hi + (lo - hi).exp().ln_1p()
            };
        }
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
