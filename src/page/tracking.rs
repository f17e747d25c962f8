//! What the page draws for tracking (docs/maths.md §13): the observations seen so far with the
//! newest one marked, the true path (the shipped rows only: their truth is known), and the
//! predicted q⁻_t the step started from, whose ellipse the update then shrinks to q_t's.

use crate::family::Gaussian;
use crate::landscape::data::{self, Model};
use crate::raster::{self, View};
use crate::run::Run;
use serde::Serialize;

/// Points of each predicted ellipse.
const ELLIPSE_POINTS: usize = 64;

#[derive(Serialize)]
pub(super) struct Frame {
    /// The observations y_1 … y_t consumed so far, [x, y, …] in canvas pixels.
    observations: Vec<f32>,
    /// y_t, the observation of the step into t (none at t = 0).
    current: Option<[f32; 2]>,
    /// The true positions θ_0 … θ_t of the shipped rows, in canvas pixels; empty for the
    /// user's rows (their truth is unknown).
    truth: Vec<f32>,
    /// The predicted q⁻_t's 1σ and 2σ ellipses (none at t = 0).
    predicted: Option<[Vec<f32>; 2]>,
    /// Rows consumed and rows in all: [t, N].
    rows: [usize; 2],
}

impl Frame {
    /// The tracking picture at the run's step; `None` on other landscapes.
    pub(super) fn new(run: &Run, view: &View) -> Option<Frame> {
        let d = run.landscape().data()?;
        if d.data.model != Model::Tracking {
            return None;
        }
        let t = run.t().min(d.data.len());
        let seen = &d.data.rows[..t];
        let shipped = d.data.rows == data::shipped(Model::Tracking).rows;
        Some(Frame {
            observations: view.polyline(seen.iter().map(|r| [r[0], r[1]])),
            current: run
                .observation()
                .and_then(|n| d.data.rows.get(n))
                .map(|r| view.to_px([r[0], r[1]]).map(|v| v as f32)),
            truth: match shipped {
                true => view.polyline((0..=t).map(data::tracking_truth)),
                false => Vec::new(),
            },
            predicted: run.predicted().map(|g: &Gaussian| {
                [1.0, 2.0].map(|r| view.polyline(raster::ellipse(g, r, ELLIPSE_POINTS)))
            }),
            rows: [t, d.data.len()],
        })
    }
}
