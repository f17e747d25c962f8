//! The user's own rows on the page and the data panel beside the landscape (docs/design.md,
//! "Data"): the page hands a file's bytes to [`Page::load_data`], which reads them exactly as
//! `blr run --data FILE` does ([`crate::scene::read_data`]); [`Page::data_panel`] describes the
//! rows in data space, in panel pixels, for the page to draw.
//!
//! The panel is generic: a title, two labelled axes with ticks, groups of points (each with a
//! legend name) and labelled polylines. Each data landscape fills it its own way (logistic: the
//! rows coloured by label with the decision boundary of q's mean; ridge: observed y against the
//! fit mᵀx with the line of a perfect fit); other views (a histogram, observations over time)
//! can be added as further cases without changing the page's drawing code.

use super::reading::{fmt_num, nice_ticks};
use super::{Page, json};
use crate::landscape::data::Model;
use crate::scene::read_data;
use serde::Serialize;
use std::sync::Arc;

/// Margins of the panel's plot area, in panel pixels (left, right, top, bottom): room for the
/// tick labels and the axis titles.
const MARGIN: [f64; 4] = [44.0, 10.0, 10.0, 34.0];
/// The ranges are the data's, widened by this fraction on each side.
const PAD: f64 = 0.06;

/// One axis of the panel.
#[derive(Serialize)]
struct PanelAxis {
    label: String,
    /// Ticks at round data values: the pixel along the axis and the text.
    ticks: Vec<PanelTick>,
}

#[derive(Serialize)]
struct PanelTick {
    px: f32,
    label: String,
}

/// Points of one kind (one legend entry): flat [x, y, …] in panel pixels.
#[derive(Serialize)]
struct PanelGroup {
    name: String,
    points: Vec<f32>,
}

/// A labelled polyline, flat [x, y, …] in panel pixels (`kind` picks its style).
#[derive(Serialize)]
struct PanelLine {
    kind: &'static str,
    label: String,
    path: Vec<f32>,
}

/// The own-data notice: the rows cannot travel in a link.
#[derive(Serialize)]
struct Own {
    file: String,
    rows: usize,
    checksum: String,
    /// The sentence the page shows wherever the link is shared or copied.
    text: String,
}

/// Everything the panel draws.
#[derive(Serialize)]
struct Panel {
    title: String,
    /// The plot area [x0, y0, x1, y1] in panel pixels.
    plot: [f32; 4],
    x: PanelAxis,
    y: PanelAxis,
    groups: Vec<PanelGroup>,
    lines: Vec<PanelLine>,
    own: Option<Own>,
    /// The panel in words.
    text: String,
}

/// A linear map from a data box to the plot area (y up).
struct Frame {
    lo: [f64; 2],
    hi: [f64; 2],
    plot: [f64; 4],
}

impl Frame {
    /// The box around `xs` × `ys` (finite values), padded; a degenerate side is widened by 1.
    fn around(
        xs: impl Iterator<Item = f64> + Clone,
        ys: impl Iterator<Item = f64> + Clone,
        w: f64,
        h: f64,
    ) -> Frame {
        let range = |v: &mut dyn Iterator<Item = f64>| {
            let (lo, hi) = v.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
                (a.min(x), b.max(x))
            });
            let (lo, hi) = if lo < hi {
                (lo, hi)
            } else {
                (lo - 1.0, lo + 1.0)
            };
            let pad = PAD * (hi - lo);
            [lo - pad, hi + pad]
        };
        let (rx, ry) = (range(&mut xs.clone()), range(&mut ys.clone()));
        Frame {
            lo: [rx[0], ry[0]],
            hi: [rx[1], ry[1]],
            plot: [
                MARGIN[0],
                MARGIN[2],
                (w - MARGIN[1]).max(MARGIN[0] + 1.0),
                (h - MARGIN[3]).max(MARGIN[2] + 1.0),
            ],
        }
    }

    fn px(&self, p: [f64; 2]) -> [f32; 2] {
        let u = (p[0] - self.lo[0]) / (self.hi[0] - self.lo[0]);
        let v = (p[1] - self.lo[1]) / (self.hi[1] - self.lo[1]);
        [
            (self.plot[0] + u * (self.plot[2] - self.plot[0])) as f32,
            (self.plot[3] - v * (self.plot[3] - self.plot[1])) as f32,
        ]
    }

    fn axis(&self, i: usize, label: &str) -> PanelAxis {
        let ticks = nice_ticks(self.lo[i], self.hi[i])
            .into_iter()
            .map(|v| {
                let mut p = [self.lo[0], self.lo[1]];
                p[i] = v;
                PanelTick {
                    px: self.px(p)[i],
                    label: fmt_num(if v.abs() < 1e-12 { 0.0 } else { v }),
                }
            })
            .collect();
        PanelAxis {
            label: label.into(),
            ticks,
        }
    }

    /// The part of the line {p : a·p = c} inside the box (Liang–Barsky on a long segment
    /// through the box's nearest point to the line); empty when it misses the box or a = 0.
    fn line(&self, a: [f64; 2], c: f64) -> Vec<f32> {
        let n2 = a[0] * a[0] + a[1] * a[1];
        if !(n2 > 0.0 && n2.is_finite() && c.is_finite()) {
            return Vec::new();
        }
        let centre = [
            0.5 * (self.lo[0] + self.hi[0]),
            0.5 * (self.lo[1] + self.hi[1]),
        ];
        // The foot of the centre on the line, and the line's direction.
        let k = (c - a[0] * centre[0] - a[1] * centre[1]) / n2;
        let foot = [centre[0] + k * a[0], centre[1] + k * a[1]];
        let d = [-a[1], a[0]];
        let (mut t0, mut t1) = (f64::NEG_INFINITY, f64::INFINITY);
        for i in 0..2 {
            if d[i] == 0.0 {
                if foot[i] < self.lo[i] || foot[i] > self.hi[i] {
                    return Vec::new();
                }
                continue;
            }
            let (u, v) = ((self.lo[i] - foot[i]) / d[i], (self.hi[i] - foot[i]) / d[i]);
            t0 = t0.max(u.min(v));
            t1 = t1.min(u.max(v));
        }
        if t0 >= t1 {
            return Vec::new();
        }
        let at = |t: f64| self.px([foot[0] + t * d[0], foot[1] + t * d[1]]);
        [at(t0), at(t1)].concat()
    }
}

impl Page {
    /// Gives the data landscape the rows of a file (`file`: its name, `bytes`: its content),
    /// read as `blr run --data FILE` reads them; the run restarts on them. "" on success, else
    /// one line naming the file, line and column (the CLI's message); the previous rows stay.
    pub fn load_data(&mut self, file: &str, bytes: &[u8]) -> String {
        let mut scene = self.run.scene().clone();
        match read_data(scene.landscape, file, bytes) {
            Ok(d) => scene.data = Some(Arc::new(d)),
            Err(e) => return e.to_string(),
        }
        match self.run.set_scene(&scene) {
            Ok(_) => {
                self.restart_history();
                String::new()
            }
            Err(e) => e.to_string(),
        }
    }

    /// Back to the shipped rows (restarts when the scene had the user's own).
    pub fn clear_data(&mut self) {
        let mut scene = self.run.scene().clone();
        if scene.data.take().is_some() && self.run.set_scene(&scene).is_ok() {
            self.restart_history();
        }
    }

    /// JSON: the notice for a scene with the user's rows, `null` otherwise:
    /// `{"file", "rows", "checksum", "text"}`, `text` being "this scene uses your own data (N
    /// rows, checksum …); the link does not carry it".
    pub fn data_notice(&self) -> String {
        json(&self.own())
    }

    fn own(&self) -> Option<Own> {
        let d = self.run.scene().data.as_ref()?;
        let checksum = d.checksum_text();
        Some(Own {
            text: format!(
                "this scene uses your own data ({} rows, checksum {checksum}); the link does not carry it",
                d.len()
            ),
            file: d.file.clone(),
            rows: d.len(),
            checksum,
        })
    }

    /// JSON: the data panel on a `w` × `h` pixel canvas for the current step, `null` when the
    /// landscape has no rows: `{"title", "plot", "x": {"label", "ticks": [{"px", "label"}]},
    /// "y", "groups": [{"name", "points"}], "lines": [{"kind", "label", "path"}], "own",
    /// "text"}`. Logistic: the rows (x₁, x₂) by label and the decision boundary mᵀx = 0 of q's
    /// mean; ridge: each row's observed y against the fit mᵀx, with the line y = mᵀx.
    pub fn data_panel(&self, w: u32, h: u32) -> String {
        let (w, h) = (f64::from(w.clamp(32, 4096)), f64::from(h.clamp(32, 4096)));
        let Some(term) = self.run.landscape().data() else {
            return "null".into();
        };
        let d = &term.data;
        // q's mean; for a mixture, its heaviest component's.
        let q = self.run.q();
        let weights = q.weights();
        let k = (0..weights.len())
            .max_by(|&a, &b| weights[a].total_cmp(&weights[b]))
            .unwrap_or(0);
        let m = q.comps[k].mean;
        let source = match &self.run.scene().data {
            Some(own) => format!("your rows ({})", own.file),
            None => "the shipped rows".to_string(),
        };
        let panel = match d.model {
            // One-dimensional rows have their own view: the histogram of `Page::mixture_view`.
            Model::Mixture1d | Model::Tracking => return "null".into(),
            Model::Logistic => {
                let f = Frame::around(
                    d.rows.iter().map(|r| r[0]),
                    d.rows.iter().map(|r| r[1]),
                    w,
                    h,
                );
                let group = |label: f64, name: &str| PanelGroup {
                    name: name.into(),
                    points: d
                        .rows
                        .iter()
                        .filter(|r| r[2] == label)
                        .flat_map(|r| f.px([r[0], r[1]]))
                        .collect(),
                };
                let boundary = f.line([m[0], m[1]], 0.0);
                let shown = !boundary.is_empty();
                Panel {
                    title: format!("Data: {} rows, {source}", d.len()),
                    plot: f.plot.map(|v| v as f32),
                    x: f.axis(0, "x₁"),
                    y: f.axis(1, "x₂"),
                    groups: vec![group(-1.0, "label −1"), group(1.0, "label +1")],
                    lines: vec![PanelLine {
                        kind: "boundary",
                        label: "decision boundary mᵀx = 0 of q's mean".into(),
                        path: boundary,
                    }],
                    own: self.own(),
                    text: format!(
                        "Data panel: {} rows of logistic regression, {} with label +1, {source}; the decision boundary of q's mean m = ({}, {}) {}.",
                        d.len(),
                        d.rows.iter().filter(|r| r[2] == 1.0).count(),
                        fmt_num(m[0]),
                        fmt_num(m[1]),
                        if shown {
                            "crosses the panel"
                        } else {
                            "lies outside the panel"
                        }
                    ),
                }
            }
            Model::Ridge => {
                let fit: Vec<f64> = d.rows.iter().map(|r| m[0] * r[0] + m[1] * r[1]).collect();
                let both = || fit.iter().copied().chain(d.rows.iter().map(|r| r[2]));
                let f = Frame::around(both(), both(), w, h);
                let points = fit
                    .iter()
                    .zip(&d.rows)
                    .flat_map(|(&x, r)| f.px([x, r[2]]))
                    .collect();
                let rss: f64 = fit
                    .iter()
                    .zip(&d.rows)
                    .map(|(x, r)| (r[2] - x).powi(2))
                    .sum();
                Panel {
                    title: format!("Data: {} rows, {source}", d.len()),
                    plot: f.plot.map(|v| v as f32),
                    x: f.axis(0, "fit mᵀx"),
                    y: f.axis(1, "observed y"),
                    groups: vec![PanelGroup {
                        name: "rows".into(),
                        points,
                    }],
                    lines: vec![PanelLine {
                        kind: "fit",
                        label: "y = mᵀx (a perfect fit)".into(),
                        path: f.line([1.0, -1.0], 0.0),
                    }],
                    own: self.own(),
                    text: format!(
                        "Data panel: {} rows of ridge regression, {source}; with q's mean m = ({}, {}) the residual sum of squares Σ(y − mᵀx)² is {}.",
                        d.len(),
                        fmt_num(m[0]),
                        fmt_num(m[1]),
                        fmt_num(rss)
                    ),
                }
            }
        };
        json(&panel)
    }
}
