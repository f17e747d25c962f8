//! What the page draws for a Bernoulli q (docs/maths.md §11): the square [−a, a]² with its four
//! corners (the binary weights) labelled by their loss and probability, and the twin panel of
//! the same run in λ-space beside μ = tanh λ (the rule as mirror descent). Pixels of the plot
//! come from the view; the twin panel's points are in panel units ([0, 1]², y up), which the
//! page scales to its own canvas.

use crate::family::Bernoulli;
use crate::landscape::Landscape;
use crate::linalg::Vec2;
use crate::raster::{View, sig3};
use serde::Serialize;

/// The λ box of the twin panel is at least ±this, and grows to hold the whole path.
const LAMBDA_BOX_MIN: f64 = 3.0;

/// One corner w = a·s of the square.
#[derive(Serialize)]
pub(super) struct Corner {
    /// The binary weights w.
    w: [f64; 2],
    /// w in canvas pixels.
    px: [f32; 2],
    /// ℓ̄(w).
    loss: f64,
    /// q(w) = Π_i (1 + s_i tanh λ_i)/2.
    prob: f64,
    /// Whether w has the smallest loss of the four.
    best: bool,
    /// "ℓ̄ 0.109 · q 0.990", three significant digits.
    label: String,
    /// The marker's colour, "#rrggbb": green at the smallest of the four losses, vermilion at
    /// the largest, linear in the loss between.
    colour: String,
}

/// Green (#009e73) to vermilion (#d55e00), Okabe–Ito, at u ∈ [0, 1].
fn ramp(u: f64) -> String {
    let u = if u.is_finite() {
        u.clamp(0.0, 1.0)
    } else {
        1.0
    };
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * u).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(0x00, 0xd5),
        mix(0x9e, 0x5e),
        mix(0x73, 0x00)
    )
}

/// The twin panel: λ (left half) and μ = tanh λ (right half), the whole run's paths in panel
/// units.
#[derive(Serialize)]
pub(super) struct Twin {
    /// The λ half shows [−box, box]².
    lambda_box: f64,
    /// λ's path, [u, v, …] in [0, 1]² (u = (λ₁ + box)/(2·box), v likewise).
    lambda_path: Vec<f32>,
    /// μ's path, [u, v, …] in [0, 1]² (u = (μ₁ + 1)/2, v likewise).
    mu_path: Vec<f32>,
    /// The axis labels, with the current values.
    lambda_label: String,
    mu_label: String,
}

/// Everything a Bernoulli frame adds.
#[derive(Serialize)]
pub(super) struct Frame {
    scale: f64,
    /// The square's outline, a closed polyline in canvas pixels.
    square: Vec<f32>,
    corners: Vec<Corner>,
    lambda: [f64; 2],
    mu: [f64; 2],
    twin: Twin,
}

impl Frame {
    /// The frame of q = `b` on `landscape`, with λ's path `trail` (the whole run as the page
    /// keeps it, thinned like the means' path; oldest first).
    pub(super) fn new(
        b: &Bernoulli,
        landscape: &Landscape,
        view: &View,
        trail: &[[f64; 2]],
    ) -> Frame {
        let a = b.scale;
        let probs = b.probs();
        let losses = Bernoulli::STATES.map(|s| landscape.value(Vec2::new(s[0], s[1]) * a));
        let best = (0..4).fold(0, |k, i| if losses[i] < losses[k] { i } else { k });
        let (lo, hi) = (
            losses.iter().copied().fold(f64::INFINITY, f64::min),
            losses.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        );
        let corners = Bernoulli::STATES
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let w = [s[0] * a, s[1] * a];
                Corner {
                    w,
                    px: view.to_px(w).map(|v| v as f32),
                    loss: losses[i],
                    prob: probs[i],
                    best: i == best,
                    label: format!("ℓ̄ {} · q {}", sig3(losses[i]), sig3(probs[i])),
                    colour: ramp(if hi > lo {
                        (losses[i] - lo) / (hi - lo)
                    } else {
                        0.0
                    }),
                }
            })
            .collect();
        let square = view.polyline([[-a, -a], [a, -a], [a, a], [-a, a]]);
        let (mu, lambda) = (b.mu(), b.lambda);
        let reach = trail
            .iter()
            .flatten()
            .map(|l| l.abs())
            .filter(|l| l.is_finite())
            .fold(LAMBDA_BOX_MIN, f64::max);
        // Round the box up to a whole number so that it changes rarely while λ grows.
        let lambda_box = reach.ceil();
        let unit = |v: f64, half: f64| (0.5 + 0.5 * v / half) as f32;
        let twin = Twin {
            lambda_box,
            lambda_path: trail
                .iter()
                .flat_map(|l| [unit(l[0], lambda_box), unit(l[1], lambda_box)])
                .collect(),
            mu_path: trail
                .iter()
                .flat_map(|l| [unit(l[0].tanh(), 1.0), unit(l[1].tanh(), 1.0)])
                .collect(),
            lambda_label: format!("λ = ({}, {})", sig3(lambda[0]), sig3(lambda[1])),
            mu_label: format!("μ = tanh λ = ({}, {})", sig3(mu[0]), sig3(mu[1])),
        };
        Frame {
            scale: a,
            square,
            corners,
            lambda: [lambda[0], lambda[1]],
            mu: [mu[0], mu[1]],
            twin,
        }
    }
}
