//! The data view of the one-dimensional mixture (docs/maths.md §14): the histogram of the rows
//! x, coloured by the responsibilities, and the two fitted components ½N(x | mₖ, σ²) at q's
//! means, scaled to the histogram's counts. Every number is computed here; the page's
//! www/widget/mixture.js only draws it.

use super::{Page, json};
use crate::landscape::LandscapeKind;
use serde::Serialize;
use std::f64::consts::TAU;

/// Histogram bins at most (fewer for few rows: about √N).
const MAX_BINS: usize = 40;
/// Points per component curve.
const CURVE_POINTS: usize = 121;

#[derive(Serialize)]
struct Bin {
    x0: f64,
    x1: f64,
    count: usize,
    /// The mean responsibility q(z_n = 1) of the bin's rows (0.5 for an empty bin).
    resp: f64,
    /// Σ q(z_n = 1) over the bin's rows: the part of the bar drawn in component 1's colour.
    first: f64,
}

#[derive(Serialize)]
struct MixtureView {
    /// The x range drawn, [lo, hi].
    x: [f64; 2],
    /// The largest count of a bin or value of the fitted density: the top of the y axis.
    y_max: f64,
    bins: Vec<Bin>,
    /// Per component k, the points (x, N·w·½N(x | mₖ, σ²)) with w the bin width: the fitted
    /// component in the histogram's units.
    curves: [Vec<[f64; 2]>; 2],
    /// The two curves' sum, the fitted mixture's density in the same units.
    total: Vec<[f64; 2]>,
    /// q's means (m₁, m₂) the curves are drawn at.
    means: [f64; 2],
    sigma: f64,
    /// Rows with q(z_n = 1) > ½ (assigned to component 1).
    assigned: [usize; 2],
    /// The text alternative.
    text: String,
}

impl Page {
    /// JSON of the data view when the landscape is `mixture1d` (see the module's doc), `null`
    /// otherwise.
    pub fn mixture_view(&self) -> String {
        let run = &self.run;
        let (Some(d), Some(resp)) = (run.landscape().data(), run.responsibilities()) else {
            return "null".into();
        };
        if run.landscape().kind() != LandscapeKind::Mixture1d {
            return "null".into();
        }
        let xs: Vec<f64> = d.data.rows.iter().map(|r| r[0]).collect();
        // q's mean Σₖ πₖmₖ (the mean itself for one Gaussian).
        let q = run.q();
        let m = q
            .weights()
            .iter()
            .zip(&q.comps)
            .fold(crate::linalg::Vec2::zeros(), |acc, (w, g)| {
                acc + g.mean * *w
            });
        let means = [m[0], m[1]];
        let (lo, hi) = xs
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            });
        // Frame the data and both means, with a margin of 2σ.
        let pad = 2.0 * d.sigma;
        let lo = lo.min(means[0]).min(means[1]) - pad;
        let hi = hi.max(means[0]).max(means[1]) + pad;
        let n = xs.len();
        let nb = ((n as f64).sqrt().ceil() as usize).clamp(5, MAX_BINS);
        let (d_lo, d_hi) = xs
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            });
        // The bins cover the data only; a single repeated value gets a bin of width σ.
        let width = ((d_hi - d_lo) / nb as f64).max(d.sigma / nb as f64);
        let mut count = vec![0usize; nb];
        let mut rsum = vec![0.0; nb];
        for (&x, &r) in xs.iter().zip(&resp) {
            let i = (((x - d_lo) / width) as usize).min(nb - 1);
            count[i] += 1;
            rsum[i] += r;
        }
        let bins: Vec<Bin> = (0..nb)
            .map(|i| Bin {
                x0: d_lo + i as f64 * width,
                x1: d_lo + (i + 1) as f64 * width,
                count: count[i],
                resp: if count[i] > 0 {
                    rsum[i] / count[i] as f64
                } else {
                    0.5
                },
                first: rsum[i],
            })
            .collect();
        let s2 = d.sigma * d.sigma;
        let scale = n as f64 * width * 0.5 / (TAU * s2).sqrt();
        let curves = means.map(|mk| {
            (0..CURVE_POINTS)
                .map(|j| {
                    let x = lo + (hi - lo) * j as f64 / (CURVE_POINTS - 1) as f64;
                    [x, scale * (-(x - mk).powi(2) / (2.0 * s2)).exp()]
                })
                .collect::<Vec<_>>()
        });
        let total = curves[0]
            .iter()
            .zip(&curves[1])
            .map(|(a, b)| [a[0], a[1] + b[1]])
            .collect::<Vec<_>>();
        let y_max = total
            .iter()
            .map(|p| p[1])
            .chain(count.iter().map(|&c| c as f64))
            .fold(1.0, f64::max);
        let ones = resp.iter().filter(|&&r| r > 0.5).count();
        let assigned = [ones, n - ones];
        let text = format!(
            "Histogram of the {n} rows x with the two fitted components at q's means m₁ = {:.3}, m₂ = {:.3} (σ = {}); {} rows are assigned to component 1 and {} to component 2 (responsibility above ½).",
            means[0], means[1], d.sigma, assigned[0], assigned[1]
        );
        json(&MixtureView {
            x: [lo, hi],
            y_max,
            bins,
            curves,
            total,
            means,
            sigma: d.sigma,
            assigned,
            text,
        })
    }
}
