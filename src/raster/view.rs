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

    /// [`View::polyline`] without the points closer than `min_px` pixels to the last one kept
    /// (the first and the last point are always kept): a stroke without them is off by less
    /// than `min_px`, and a mean that has settled repeats one pixel for hundreds of steps.
    pub fn polyline_thinned<I: IntoIterator<Item = [f64; 2]>>(
        &self,
        points: I,
        min_px: f64,
    ) -> Vec<f32> {
        let mut out = Vec::new();
        let mut kept: Option<[f64; 2]> = None;
        let mut skipped = None;
        for p in points {
            let q = self.to_px(p);
            let near = kept.is_some_and(|k| (q[0] - k[0]).hypot(q[1] - k[1]) < min_px);
            if near {
                skipped = Some(q);
            } else {
                out.extend(q.map(|v| v as f32));
                kept = Some(q);
                skipped = None;
            }
        }
        out.extend(skipped.into_iter().flatten().map(|v| v as f32));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinned_polylines_drop_only_points_within_the_distance() {
        // One unit per pixel: the window [0, 10]² on a 10 × 10 canvas.
        let d = Domain {
            x: [0.0, 10.0],
            y: [0.0, 10.0],
        };
        let v = View::fit(d, 10, 10);
        let pts = [
            [1.0, 1.0],
            [1.2, 1.0],
            [1.5, 1.0],
            [3.0, 1.0],
            [3.1, 1.0],
            [3.2, 1.0],
        ];
        assert_eq!(
            v.polyline_thinned(pts, 1.0),
            [1.0, 9.0, 3.0, 9.0, 3.2, 9.0].map(|x| x as f32)
        );
        assert_eq!(v.polyline_thinned(pts, 0.0), v.polyline(pts));
        assert_eq!(v.polyline_thinned([[5.0, 5.0]; 300], 1.0), [5.0f32; 4]);
        assert!(v.polyline_thinned([], 1.0).is_empty());
    }
}
