//! What is drawn over the heatmap besides contours: q's r-σ ellipses as world polylines, and
//! the basins picture as an RGBA overlay of the canvas with its legend (one colour per known
//! minimum, [`BASIN_NONE`] for the starts that reach none).

use super::text::sig3;
use super::view::View;
use crate::basins::Basins;
use crate::family::Gaussian;
use crate::linalg::Vec2;
use serde::Serialize;
use std::f64::consts::TAU;

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
