//! Zooming and panning the plot: a wheel turn, a pinch or a drag on the page becomes a new
//! `view` window (a tuning key: the run goes on, the heatmap is evaluated for the new window,
//! and the link carries it). The world↔pixel maths is the view's; the page only sends pixels.

use super::Page;

/// Narrowest window side: below it the f64 grid of the heatmap would show its steps.
const MIN_SIDE: f64 = 1e-6;
/// Significant digits of the window's side kept in the link (`view=…`): a sub-pixel shift.
const DIGITS: i32 = 5;

impl Page {
    /// Zooms about canvas pixel (px, py) by `factor` (< 1 zooms in): the world point c under
    /// the pixel stays under it, each side x of the window becomes c + (x − c)·factor.
    /// Returns "" or one line naming `view` (too far in, beyond ±10⁶, a bad factor).
    pub fn zoom(&mut self, px: f64, py: f64, factor: f64) -> String {
        if !(factor.is_finite() && factor > 0.0 && px.is_finite() && py.is_finite()) {
            return format!("view: cannot zoom by {factor} about ({px}, {py})");
        }
        let view = self.view();
        let [cx, cy] = view.to_world([px, py]);
        let w = view.window;
        self.set_window([
            cx + (w.x[0] - cx) * factor,
            cx + (w.x[1] - cx) * factor,
            cy + (w.y[0] - cy) * factor,
            cy + (w.y[1] - cy) * factor,
        ])
    }

    /// Pans by (dx, dy) canvas pixels, the picture following the pointer: the window moves
    /// by (−dx/s, +dy/s) world units, s pixels per unit (y is up in the world, down on screen).
    pub fn pan(&mut self, dx: f64, dy: f64) -> String {
        if !(dx.is_finite() && dy.is_finite()) {
            return format!("view: cannot pan by ({dx}, {dy}) pixels");
        }
        let view = self.view();
        let (ox, oy) = (-dx / view.scale(), dy / view.scale());
        let w = view.window;
        self.set_window([w.x[0] + ox, w.x[1] + ox, w.y[0] + oy, w.y[1] + oy])
    }

    /// Back to the landscape's own window (`view=auto`).
    pub fn reset_view(&mut self) -> String {
        self.set("view", "auto")
    }

    /// Sets `view` to [x0, x1, y0, y1], each written with `DIGITS` significant digits of the
    /// shorter side (so the link stays short and the picture moves by under a pixel).
    fn set_window(&mut self, win: [f64; 4]) -> String {
        let side = (win[1] - win[0]).min(win[3] - win[2]);
        if side.is_nan() || side < MIN_SIDE {
            return format!("view: cannot zoom in further (a side below {MIN_SIDE:e})");
        }
        let decimals = (DIGITS - side.log10().floor() as i32 - 1).max(0) as usize;
        let text: Vec<String> = win
            .iter()
            .map(|v| format!("{:.*}", decimals, v + 0.0))
            .collect();
        self.set("view", &text.join(","))
    }
}
