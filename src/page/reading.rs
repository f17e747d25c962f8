//! Reading the picture: the axes' ticks, the colour bar's values and the readout of
//! (x, y, ℓ̄) under the pointer or the keyboard cursor. Every number is computed here, from the
//! same view and heatmap the picture is drawn with; the page only places the text.

use super::{Page, json};
use crate::landscape::LandscapeKind;
use crate::linalg::Vec2;
use crate::raster::{Shade, VIRIDIS};
use serde::Serialize;

/// Colour-bar stops handed out (the page draws a gradient through them).
const BAR_STOPS: usize = 17;
/// Labelled positions on the colour bar.
const BAR_TICKS: usize = 5;
/// About this many ticks per axis.
const AXIS_TICKS: f64 = 6.0;

#[derive(Serialize)]
struct Tick {
    /// Canvas pixel along the axis (x for the horizontal axis, y for the vertical one).
    px: f64,
    label: String,
}

#[derive(Serialize)]
struct Axes {
    x: Vec<Tick>,
    y: Vec<Tick>,
}

#[derive(Serialize)]
struct Stop {
    /// Position along the bar, 0 (low) to 1 (high colour-scale position).
    t: f64,
    colour: String,
}

#[derive(Serialize)]
struct BarTick {
    t: f64,
    label: String,
}

#[derive(Serialize)]
struct ColourBar {
    /// What the colours are ("loss ℓ̄ (log scale)" or the target's formula).
    title: String,
    stops: Vec<Stop>,
    ticks: Vec<BarTick>,
    /// For the target: the loss at the same positions (the target shows exp(−(ℓ̄ − ℓ̄min)/τ)).
    loss_ticks: Option<Vec<BarTick>>,
}

#[derive(Serialize)]
struct Probe {
    x: f64,
    y: f64,
    loss: f64,
    text: String,
}

/// A number for a label: 0, up to three significant digits, or scientific notation; a true
/// minus sign.
pub(crate) fn fmt_num(v: f64) -> String {
    let s = if !v.is_finite() {
        if v > 0.0 { "∞".into() } else { "—".into() }
    } else if v == 0.0 {
        "0".into()
    } else if (1e-3..1e4).contains(&v.abs()) {
        let digits = (2 - v.abs().log10().floor() as i32).max(0) as usize;
        let s = format!("{v:.digits$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    } else {
        format!("{v:.1e}")
    };
    s.replace('-', "−")
}

/// Ticks at the multiples of a 1-2-5 step in [lo, hi], about `AXIS_TICKS` of them.
pub(super) fn nice_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return Vec::new();
    }
    let step = nice_step(span / AXIS_TICKS);
    // A bound a rounding away from a multiple counts as that multiple (0.6 / 0.1 < 6).
    let first = (lo / step.at(1) - 1e-9).ceil() as i64;
    let last = (hi / step.at(1) + 1e-9).floor() as i64;
    (first..=last).map(|i| step.at(i)).collect()
}

/// A round step m·10^e (m = 1, 2 or 5): the smallest at least `raw`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NiceStep {
    m: f64,
    e: i32,
}

impl NiceStep {
    /// i steps, as the nearest f64 to the decimal number i·m·10^e (0.1·3 is 0.3, not
    /// 0.30000000000000004).
    pub(crate) fn at(self, i: i64) -> f64 {
        let k = i as f64 * self.m;
        if self.e < 0 {
            k / 10f64.powi(-self.e)
        } else {
            k * 10f64.powi(self.e)
        }
    }

    /// The multiple of the step nearest x.
    pub(crate) fn round(self, x: f64) -> i64 {
        (x / self.at(1)).round() as i64
    }
}

/// The smallest round step (1, 2 or 5 times a power of ten) at least `raw` (> 0).
pub(crate) fn nice_step(raw: f64) -> NiceStep {
    let e = raw.log10().floor() as i32;
    let mag = 10f64.powi(e);
    match [1.0, 2.0, 5.0].into_iter().find(|m| m * mag >= raw) {
        Some(m) => NiceStep { m, e },
        None => NiceStep { m: 1.0, e: e + 1 },
    }
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

impl Page {
    /// JSON `{"x": [{"px", "label"}], "y": [{"px", "label"}]}`: axis ticks at round world
    /// coordinates (a 1-2-5 step), in canvas pixels of the current view.
    pub fn axes(&self) -> String {
        let v = self.view();
        let tick = |world: f64, px: f64| Tick {
            px,
            label: fmt_num(if world.abs() < 1e-12 { 0.0 } else { world }),
        };
        let x = nice_ticks(v.window.x[0], v.window.x[1])
            .into_iter()
            .map(|x| tick(x, v.to_px([x, 0.0])[0]))
            .collect();
        let y = nice_ticks(v.window.y[0], v.window.y[1])
            .into_iter()
            .map(|y| tick(y, v.to_px([0.0, y])[1]))
            .collect();
        json(&Axes { x, y })
    }

    /// JSON `{"title", "stops": [{"t", "colour"}], "ticks": [{"t", "label"}], "loss_ticks"}`:
    /// the heatmap's colour scale with the loss at each labelled colour (the log scale the
    /// heatmap uses); when the target is shown, its values and, in `loss_ticks`, the loss at
    /// the same colours.
    pub fn colour_bar(&mut self) -> String {
        let raster = self.raster();
        let (shade, heat) = (raster.shade, &raster.heat);
        let stops = (0..BAR_STOPS)
            .map(|i| {
                let t = i as f64 / (BAR_STOPS - 1) as f64;
                Stop {
                    t,
                    colour: hex(VIRIDIS[(t * 255.0).round() as usize]),
                }
            })
            .collect();
        let at = |f: &dyn Fn(f64) -> String| {
            (0..BAR_TICKS)
                .map(|i| {
                    let t = i as f64 / (BAR_TICKS - 1) as f64;
                    BarTick { t, label: f(t) }
                })
                .collect::<Vec<_>>()
        };
        let loss = at(&|t| fmt_num(heat.loss_at(shade, t)));
        // The dropout family can show its objective D instead of ℓ̄ (docs/maths.md §12).
        // Tracking shows the loss of the current step, ℓ_t (docs/maths.md §13).
        let tracking = self.run.scene().landscape == LandscapeKind::Tracking;
        let (what, sym) = match self.run.scene().dropout_surface() {
            Some(p) => (format!("dropout objective D, p = {}", fmt_num(p)), "D"),
            None if tracking => ("this step's loss ℓₜ".to_string(), "ℓₜ"),
            None => ("loss ℓ̄".to_string(), "ℓ̄"),
        };
        let bar = match shade {
            Shade::Loss => ColourBar {
                title: format!("{what} (log scale)"),
                stops,
                ticks: loss,
                loss_ticks: None,
            },
            Shade::Target { tau } => ColourBar {
                title: if sym == "D" {
                    format!("exp(−(D − Dmin)/τ), τ = {}; {what}", fmt_num(tau))
                } else {
                    format!("target exp(−({sym} − {sym}min)/τ), τ = {}", fmt_num(tau))
                },
                stops,
                ticks: at(&|t| fmt_num(t)),
                loss_ticks: Some(loss),
            },
        };
        json(&bar)
    }

    /// Moves the start by (dx, dy) keyboard steps and restarts: a step is the round number
    /// (1, 2 or 5 times a power of ten) nearest above 1/50 of the window's width, and the new
    /// start sits on that grid (so the link stays short). Returns the sentence that
    /// announces the new start, or the error naming the key.
    pub fn nudge(&mut self, dx: i32, dy: i32) -> String {
        let v = self.view();
        let step = nice_step((v.window.x[1] - v.window.x[0]) / 50.0);
        let [x, y] = self.run.scene().init;
        let (x, y) = (
            step.at(step.round(x) + i64::from(dx)),
            step.at(step.round(y) + i64::from(dy)),
        );
        let err = self.set("init", &format!("{x},{y}"));
        if !err.is_empty() {
            return err;
        }
        format!("start moved to x = {}, y = {}", fmt_num(x), fmt_num(y))
    }

    /// JSON `{"x", "y", "loss", "text"}`: the world point under canvas pixel (px, py) and ℓ̄
    /// there, with a line of text for the readout.
    pub fn probe(&self, px: f64, py: f64) -> String {
        let [x, y] = self.view().to_world([px, py]);
        // The loss the heatmap shows: on tracking this step's ℓ_t.
        let loss = self.run.loss_landscape().value(Vec2::new(x, y));
        let sym = match self.run.scene().landscape {
            LandscapeKind::Tracking => "ℓₜ",
            _ => "ℓ̄",
        };
        json(&Probe {
            x,
            y,
            loss,
            text: format!(
                "x = {}, y = {}, {sym} = {}",
                fmt_num(x),
                fmt_num(y),
                fmt_num(loss)
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_ticks() {
        assert_eq!(fmt_num(0.0), "0");
        assert_eq!(fmt_num(-1.5), "−1.5");
        assert_eq!(fmt_num(12.345), "12.3");
        assert_eq!(fmt_num(2.0), "2");
        assert_eq!(fmt_num(1.5e-5), "1.5e−5");
        assert_eq!(nice_ticks(-2.0, 2.0), [-2.0, -1.0, 0.0, 1.0, 2.0]);
        assert_eq!(nice_ticks(0.0, 10.0), [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(nice_ticks(0.0, 0.6), [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
        let s = nice_step(0.12);
        assert_eq!((s.at(1), s.at(3), s.round(0.61)), (0.2, 0.6, 3));
    }
}
