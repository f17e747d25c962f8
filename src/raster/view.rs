//! The part of the world a picture shows and its pixel grid: [`View`] maps world points to
//! canvas pixels and back with one scale on both axes (circles look round). Every picture in
//! `raster` takes a `View`; it is built from a window and the landscape (whose domain is the
//! default window), never from a scene.

use crate::landscape::{Domain, Landscape};

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

    /// The window [x0, x1, y0, y1] (a scene's `view`), or the landscape's own domain when it is
    /// `None` (`auto`), fitted to a w × h canvas as [`View::fit`] does.
    pub fn of_window(window: Option<[f64; 4]>, landscape: &Landscape, w: usize, h: usize) -> View {
        let window = window.map_or_else(
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
