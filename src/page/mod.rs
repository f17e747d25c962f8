//! The page model: everything the page shows, computed natively and tested with plain
//! `cargo test`. A [`Page`] owns a [`Session`] (the scene and its run), the raster and basins
//! caches, the per-step history and trails, and hands out JSON, pixel buffers and strings;
//! every number comes from the layers below. The wasm bindings (`crate::web`) only forward to
//! it (contract: www/README.md). No method panics on any input: errors come back as strings
//! naming the key.

use crate::basins::{self, Basins, Method};
use crate::estimate::EstimatorKind;
use crate::family::{self, FamilyKind, Gaussian};
use crate::landscape::{LandscapeKind, Params};
use crate::linalg::Vec2;
use crate::raster::{self, ELLIPSE_POINTS, Heatmap, HeatmapJob, Shade, View};
use crate::rule::Schedule;
use crate::scene::{Scene, SceneError};
use crate::session::{Change, Session};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::VecDeque;

mod bernoulli;
mod data;
mod export;
mod figure;
mod glossary;
mod history;
mod mixture;
mod options;
mod reading;
mod timeline;
mod tracking;
mod zoom;

use history::Thinned;
use timeline::{Recent, Timeline, Trail};

/// Means kept per component at full resolution for the trail (the most recent), and
/// classical iterates shown (the run keeps at least that many).
const TRAIL: usize = 200;
const _: () = assert!(TRAIL <= crate::run::CLASSIC_RECENT);
/// Trail points closer than this (canvas pixels) to the previous one drawn are left out: a
/// 16-component mixture's trails were thousands of segments a frame, most in one pixel.
const TRAIL_MIN_PX: f64 = 1.0;
/// Entries of the charts' history at most (every step, then every 2nd, 4th, …: `Thinned`).
const HISTORY_CAP: usize = 1024;
/// Means kept per component for the whole path before the recent trail (thinned likewise).
const PATH_CAP: usize = 256;
/// The viewer's settings, not the lesson's: kept when a preset or a tour step is opened, and
/// a scene that differs from a preset only in them is still that preset.
pub const VIEWER_KEYS: [&str; 4] = ["speed", "theme", "projector", "hide"];
/// Largest canvas side accepted (device pixels); bounds the heatmap's memory.
const MAX_SIDE: u32 = 4096;
/// Canvas size until the page calls `resize`.
const DEFAULT_SIDE: usize = 256;
/// The basins picture uses `basins::Options::default()`: 128×128 starts (a coarse grid: the
/// picture is a map of where each region goes, not a render), 100 steps each. At most this many
/// landscape evaluations (n²·steps·points per start, a data landscape's counted once per row)
/// per basins picture: measured natively on the shared machine at 70–80 ns per sampled point
/// (value, gradient and Hessian), about 0.6 s natively and at most 0.8 s in the browser, spent
/// a few milliseconds a frame (`basins_advance`). An expensive estimator (many Monte Carlo
/// samples, Gauss–Hermite nodes) or data set gets a coarser grid, down to `BASINS_MIN_N` per
/// side, which keeps every estimator within the budget on the closed-form landscapes
/// (4²·100·4096 = 6.6·10⁶). On a data landscape a large estimate times the rows can exceed it
/// even at 4×4 (logistic's 60 rows with 4,096 samples: 3.9·10⁸, 14 s in the browser):
/// computed a piece a frame like any other, with its progress and Cancel.
const BASINS_BUDGET: usize = 8_000_000;
const BASINS_MIN_N: usize = 4;

/// What the heatmap was evaluated for: a change re-evaluates the landscape.
#[derive(Clone, Debug, PartialEq)]
struct RasterKey {
    kind: LandscapeKind,
    params: Params,
    view: View,
    /// The keep probability p when the heatmap shows the dropout objective D.
    surface: Option<f64>,
    /// Tracking: the step's loss ℓ_t changes every step; its observation row and predicted
    /// prior (mean, precision), or the initial q for ℓ₀.
    online: Option<(Option<usize>, [f64; 2], [f64; 4])>,
}

/// A heatmap being evaluated, and what for.
struct RasterWork {
    key: RasterKey,
    job: HeatmapJob,
}

/// The heatmap, its contours and what they were made for.
struct Raster {
    key: RasterKey,
    shade: Shade,
    heat: Heatmap,
    contours: Vec<f32>,
}

/// What a basins picture depends on: the method and the scene keys that method reads (the
/// others at their defaults), so that unrelated changes keep the picture.
#[derive(Clone, Debug, PartialEq)]
struct BasinsKey {
    method: Method,
    scene: Scene,
}

impl BasinsKey {
    /// The key of the picture the scene asks for; `None` when `basins=off`.
    ///
    /// The whole scene minus what cannot change the picture, so that a key added later (or
    /// the model's sigma, prior and rows) makes the picture stale by default rather than
    /// leaving a wrong one on screen: playback, the view and overlays, the comparator and the
    /// start never matter (every start of the grid is drawn), nor keys the scene does not use
    /// (the key table's relevance); Newton's method reads only the problem; gradient descent
    /// also lr and cov0; the rule reads everything else.
    fn of(scene: &Scene) -> Option<BasinsKey> {
        let method = scene.basins?;
        let d = Scene::default();
        let mut k = Scene {
            steps: d.steps,
            speed: d.speed,
            view: d.view,
            target: d.target,
            density: d.density,
            theme: d.theme,
            compare: d.compare,
            init: d.init,
            ..scene.relevant_only()
        };
        if method != Method::Rule {
            k = Scene {
                family: d.family,
                k: d.k,
                estimator: d.estimator,
                samples: d.samples,
                gh: d.gh,
                hessian: d.hessian,
                batch: d.batch,
                lr_weights: d.lr_weights,
                tau: d.tau,
                improved: d.improved,
                seed: d.seed,
                schedule: d.schedule,
                ..k
            };
        }
        if method == Method::Newton {
            (k.lr, k.cov0) = (d.lr, d.cov0);
        }
        Some(BasinsKey { method, scene: k })
    }
}

/// A basins picture being computed, and what for.
struct BasinsWork {
    key: BasinsKey,
    opts: basins::Options,
    job: basins::Job,
}

/// A computed basins picture.
struct BasinsPicture {
    key: BasinsKey,
    opts: basins::Options,
    result: Result<Basins, String>,
}

/// The basins picture as canvas pixels, for one view and size.
struct BasinsOverlay {
    view: View,
    rgba: Vec<u8>,
}

#[derive(Serialize)]
struct BasinsLegend<'a> {
    method: &'static str,
    label: &'static str,
    n: usize,
    steps: usize,
    entries: Vec<raster::BasinEntry>,
    stopped: usize,
    error: Option<&'a str>,
    text: String,
}

/// One step of the charts' series.
#[derive(Clone, Debug)]
struct HistoryEntry {
    loss: f64,
    objective: Option<f64>,
    weights: Vec<f64>,
}

/// The charts' series as `history()` hands them out: one entry per kept step.
#[derive(Serialize)]
struct HistoryJson<'a> {
    t: Vec<usize>,
    stride: usize,
    loss: Vec<f64>,
    objective: Vec<Option<f64>>,
    /// weights[i][k] at step t[i].
    weights: Vec<&'a [f64]>,
}

#[derive(Serialize)]
struct Notice<'a> {
    key: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct FrameComponent {
    weight: f64,
    mean: [f32; 2],
    world_mean: [f64; 2],
    cov: [[f64; 2]; 2],
    /// 1σ and 2σ ellipses, closed polylines in pixels.
    ellipses: [Vec<f32>; 2],
}

/// A labelled point of the landscape the page marks (the dropout family: the minimum of ℓ̄
/// and the minimum of D, docs/maths.md §12).
#[derive(Clone, Debug, Serialize)]
struct FrameMarker {
    /// What the point is ("min-loss", "min-dropout"): the page's marker style.
    kind: &'static str,
    /// What the page writes beside it.
    label: String,
    px: [f32; 2],
    world: [f64; 2],
}

/// What the markers depend on: the landscape and, for D, the keep probability.
#[derive(Clone, Debug, PartialEq)]
struct MarkersKey {
    kind: LandscapeKind,
    params: Params,
    keep: Option<f64>,
}

/// A marked point in world coordinates: its kind, its label and where it is.
type Found = (&'static str, String, Vec2);

#[derive(Serialize)]
struct FrameClassic {
    name: &'static str,
    label: &'static str,
    path: Vec<f32>,
    status: String,
}

#[derive(Serialize)]
struct Frame<'a> {
    t: usize,
    status: String,
    diverged: Option<&'a str>,
    objective: Option<f64>,
    loss: f64,
    components: Vec<FrameComponent>,
    trail: Vec<Vec<f32>>,
    classic: Option<FrameClassic>,
    gap: Option<f64>,
    /// ‖m_t − θ_t‖ now (single Gaussians with a comparator); `gap` is its maximum so far.
    distance: Option<f64>,
    samples: Vec<f32>,
    /// The exact target N(a, τΛ⁻¹) as 1σ and 2σ ellipses, for a mean-field q on an exactly
    /// Gaussian landscape (what the mean-field ellipse under-states).
    target_ellipses: Option<[Vec<f32>; 2]>,
    density: Option<Vec<f32>>,
    /// A Bernoulli q: the square, its corners and the λ-space twin panel.
    bernoulli: Option<bernoulli::Frame>,
    /// Tracking: the observations, the true path and the predicted ellipse.
    tracking: Option<tracking::Frame>,
    /// Labelled points (the dropout family: the minima of ℓ̄ and of D); empty otherwise.
    markers: Vec<FrameMarker>,
    /// With minibatches on a data landscape: [N, b], the rows and the rows per step of the
    /// scaled loss (N/b)Σ_{n∈B} ℓₙ + R each step uses (docs/maths.md §10).
    minibatch: Option<[usize; 2]>,
    reduces_to: Option<&'static str>,
    /// Whether the improved rule (docs/maths.md §6) is in effect (improved=auto resolved) on a
    /// family whose precision moves.
    improved: bool,
    equations: String,
    text: String,
    /// The steps the scrubber can go to: [earliest, furthest recorded].
    recorded: [usize; 2],
    /// The scene's start (`init`) in pixels: the handle the start is dragged by.
    start: [f32; 2],
}

pub(crate) fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string()))
}

/// The step of the last mark at or before t.
/// Adds step t's point to a point's recent steps, keeping the last `TRAIL`.
fn push_recent(recent: &mut Recent, t: usize, p: [f64; 2]) {
    if recent.len() == TRAIL {
        recent.pop_front();
    }
    recent.push_back((t, p));
}

/// A point's whole path as drawn, oldest first: its thinned path (`PATH_CAP` points at most)
/// up to its recent steps, then every one of those, so a long run is drawn whole at a bounded
/// cost and the last `TRAIL` steps in full.
fn drawn_path<'a>(
    path: &'a Thinned<[f64; 2]>,
    recent: &'a Recent,
) -> impl Iterator<Item = [f64; 2]> + 'a {
    let from = recent.front().map_or(usize::MAX, |p| p.0);
    path.iter()
        .filter(move |(t, _)| *t < from)
        .map(|(_, p)| *p)
        .chain(recent.iter().map(|p| p.1))
}

fn mark_t(timeline: &Timeline, t: usize) -> usize {
    timeline.mark_before(t).map_or(0, |m| m.session.t())
}

/// Reads a hash leniently into a session, with what was ignored or reset.
fn start(hash: &str) -> (Session, Vec<SceneError>) {
    let (scene, mut notices) = Scene::from_query_lenient(hash);
    match Session::new(&scene) {
        Ok(run) => (run, notices),
        Err(e) => {
            // from_query_lenient already falls back to a runnable scene; this is the last guard.
            notices.push(e);
            let run = Session::new(&Scene::default()).expect("the default scene runs (tested)");
            (run, notices)
        }
    }
}

/// The BLR playground behind one canvas (www/README.md).
pub struct Page {
    run: Session,
    notices: Vec<SceneError>,
    w: usize,
    h: usize,
    raster: Option<Raster>,
    raster_work: Option<RasterWork>,
    version: u32,
    /// The charts' series, thinned to at most `HISTORY_CAP` entries.
    history: Thinned<HistoryEntry>,
    /// Recent means per component (step, world coordinates), oldest first.
    trail: Trail,
    /// The whole path of means per component, thinned to at most `PATH_CAP` points.
    path: Vec<Thinned<[f64; 2]>>,
    /// A Bernoulli q: its natural parameters λ (the twin panel), kept like the means: the
    /// recent steps and the thinned whole path.
    lambda_trail: Recent,
    lambda_path: Thinned<[f64; 2]>,
    /// The last basins picture computed, the one being computed, and the overlay for the
    /// current view.
    basins: Option<BasinsPicture>,
    basins_work: Option<BasinsWork>,
    basins_overlay: Option<BasinsOverlay>,
    basins_version: u32,
    /// The heatmap of the last figure handed to the page (`figure_json`).
    figure_heat: Vec<u8>,
    /// The recorded history, for going back (`seek`).
    timeline: Timeline,
    /// The minima the markers show (world coordinates, label), and what they were found for:
    /// a grid search and Newton refinement, done once per landscape and keep probability.
    markers: RefCell<Option<(MarkersKey, Vec<Found>)>>,
}

impl Page {
    /// A playground for the scene in a URL hash (`#` optional), read leniently.
    pub fn new(hash: &str) -> Page {
        let (run, notices) = start(hash);
        let mut pg = Page {
            run,
            notices,
            w: DEFAULT_SIDE,
            h: DEFAULT_SIDE,
            raster: None,
            raster_work: None,
            version: 0,
            history: Thinned::new(HISTORY_CAP),
            trail: Vec::new(),
            path: Vec::new(),
            lambda_trail: Recent::new(),
            lambda_path: Thinned::new(PATH_CAP),
            basins: None,
            basins_work: None,
            basins_overlay: None,
            basins_version: 0,
            figure_heat: Vec::new(),
            timeline: Timeline::default(),
            markers: RefCell::new(None),
        };
        pg.restart_history();
        pg
    }

    /// JSON `[{"key", "message"}]`: what the last `new`/`load` ignored or reset.
    pub fn notices(&self) -> String {
        let list: Vec<Notice> = self
            .notices
            .iter()
            .map(|n| Notice {
                key: &n.key,
                message: &n.message,
            })
            .collect();
        json(&list)
    }

    /// Replaces the whole scene; returns the notices.
    pub fn load(&mut self, hash: &str) -> String {
        (self.run, self.notices) = start(hash);
        self.restart_history();
        self.notices()
    }

    /// Replaces the scene with a preset's or a tour step's, keeping the viewer's settings
    /// ([`VIEWER_KEYS`]: a projector lesson stays one from preset to preset) unless the hash
    /// sets them; returns the notices.
    pub fn open(&mut self, hash: &str) -> String {
        let viewer = self.run.scene().clone();
        let named: Vec<&str> = hash
            .trim_start_matches('#')
            .split('&')
            .filter_map(|p| p.split('=').next())
            .collect();
        let notices = self.load(hash);
        let mut scene = self.run.scene().clone();
        for k in VIEWER_KEYS.iter().filter(|k| !named.contains(k)) {
            if let Some(v) = viewer.get(k) {
                // A value the previous scene held was checked when it was set.
                let _ = scene.set(k, &v);
            }
        }
        // Viewer keys are display keys: the run is not touched.
        let _ = self.run.set_scene(&scene);
        notices
    }

    /// The scene as a URL hash without `#` (non-default keys only).
    pub fn query(&self) -> String {
        self.run.scene().to_query()
    }

    /// The command line that runs this scene headless (with `--data FILE` when the scene uses
    /// the user's rows, which the query cannot carry).
    pub fn cli(&self) -> String {
        let data = self
            .run
            .scene()
            .data
            .as_ref()
            .map_or_else(String::new, |d| {
                format!(" --data '{}'", d.file.replace('\'', "'\\''"))
            });
        format!("blr run --state '{}'{data}", self.query())
    }

    /// The text value of one scene key ("" for an unknown key).
    pub fn get(&self, key: &str) -> String {
        self.run.scene().get(key).unwrap_or_default()
    }

    /// The number of steps the scene runs (`steps=auto` resolved: 200, or on tracking one per
    /// row of the data).
    pub fn steps(&self) -> u32 {
        u32::try_from(self.run.scene().steps()).unwrap_or(u32::MAX)
    }

    /// Changes one key: "" on success, else one line naming the key. Tuning keys keep q and
    /// the step count; other keys restart.
    pub fn set(&mut self, key: &str, value: &str) -> String {
        let mut scene = self.run.scene().clone();
        if let Err(e) = scene.set(key, value) {
            return e.to_string();
        }
        let t = self.run.t();
        match self.run.set_scene(&scene) {
            Err(e) => return e.to_string(),
            // A restart (or a tuning at t = 0, which alters the initial objective) starts the
            // series and the timeline again; a tuning mid-run continues them (and makes what
            // was recorded after this step another future).
            Ok(Change::Restarted) => self.restart_history(),
            Ok(Change::Tuned) if t == 0 => self.restart_history(),
            Ok(Change::Tuned) => {
                if !self.timeline.tuned(&self.run, &scene) {
                    self.timeline = Timeline::new(&self.run, &self.trail);
                }
            }
            Ok(Change::Shown) => {}
        }
        String::new()
    }

    /// Back to t = 0 with the same scene.
    pub fn reset(&mut self) {
        if let Ok(run) = Session::new(self.run.scene()) {
            self.run = run;
            self.restart_history();
        }
    }

    /// Advances up to n steps, never past the scene's `steps`; false once the run has
    /// diverged (then `frame().diverged` says why).
    pub fn step(&mut self, n: u32) -> bool {
        for _ in 0..n {
            if self.run.t() >= self.run.scene().steps() {
                break;
            }
            if !self.step_one() {
                self.timeline.stop();
                break;
            }
        }
        self.run.diverged().is_none()
    }

    /// Goes to step t of the recorded history (clamped to `frame().recorded`), stepping at
    /// most `max_steps` on the way: true once there. Restores the last mark at or before t
    /// unless the run can step on to t from where it is; the tunings made mid-run are applied
    /// at their steps again, so the frame at t is the one shown when the run was at t.
    /// (True also when the run has stopped and can go no further.)
    pub fn seek(&mut self, t: usize, max_steps: u32) -> bool {
        let [from, to] = self.timeline.range();
        let target = t.clamp(from, to);
        let now = self.run.t();
        // The run steps on from where it is when it can (a stopped run only when it is there).
        let on_the_way = now == target
            || (self.run.diverged().is_none()
                && (mark_t(&self.timeline, target)..target).contains(&now));
        if let Some(mark) = self.timeline.mark_before(target)
            && !on_the_way
        {
            let c = mark.session.t();
            self.run = self.timeline.resume(mark, self.run.scene());
            self.trail = mark.trail.clone();
            self.history.truncate(c);
            for p in &mut self.path {
                p.truncate(c);
            }
            // The marks keep no λ: its steps after c are forgotten, and λ at c is the last.
            self.lambda_path.truncate(c);
            self.lambda_trail.retain(|p| p.0 <= c);
            if let Some(b) = self.run.q().bern
                && self.lambda_trail.back().map(|p| p.0) != Some(c)
            {
                push_recent(&mut self.lambda_trail, c, [b.lambda[0], b.lambda[1]]);
            }
            self.apply_tunings();
        }
        for _ in 0..max_steps {
            if self.run.t() >= target || !self.step_one() {
                break;
            }
        }
        // At the end of a run that stopped, the step that failed is taken again (it fails the
        // same way: the reason shows as it did).
        if self.run.t() == target
            && self.run.diverged().is_none()
            && self.timeline.stops_after(target)
        {
            self.run.step();
        }
        // A stopped run goes no further (not reached: the record ends where it stopped).
        self.run.t() == target || self.run.diverged().is_some()
    }

    /// The marks the timeline keeps now, and at most (its memory bound: see `seek`).
    pub fn marks(&self) -> (usize, usize) {
        self.timeline.marks()
    }

    /// Moves the starting mean to a canvas pixel (restarts).
    pub fn set_init(&mut self, px: f64, py: f64) {
        let [x, y] = self.view().to_world([px, py]);
        // Non-finite or out-of-range points are refused by the scene's own check.
        let _ = self.set("init", &format!("{x},{y}"));
    }

    /// The canvas size in device pixels (each side clamped to 1…4096).
    pub fn resize(&mut self, w: u32, h: u32) {
        self.w = w.clamp(1, MAX_SIDE) as usize;
        self.h = h.clamp(1, MAX_SIDE) as usize;
    }

    /// Whether the heatmap is not yet the one for the current landscape, view and size: then
    /// the page calls `landscape_advance` (`landscape_version` would evaluate it at once).
    /// Cheap; nothing is computed here.
    pub fn landscape_stale(&self) -> bool {
        let key = self.raster_key();
        self.raster.as_ref().is_none_or(|r| r.key != key)
    }

    /// Evaluates about `points` more pixels of a stale heatmap (a computation for another
    /// landscape, view or size is dropped); returns the share done, 1 once the heatmap is
    /// current (its version changed then).
    pub fn landscape_advance(&mut self, points: usize) -> f64 {
        let key = self.raster_key();
        if self.raster.as_ref().is_some_and(|r| r.key == key) {
            self.raster_work = None;
            return 1.0;
        }
        let mut job = self.heatmap_job(&key);
        if !job.advance(self.run.loss_landscape(), points) {
            let progress = job.progress();
            self.raster_work = Some(RasterWork { key, job });
            return progress;
        }
        self.raster = Some(self.new_raster(key, job));
        1.0
    }

    /// The heatmap computation under way for `key`, or a new one.
    fn heatmap_job(&mut self, key: &RasterKey) -> HeatmapJob {
        match self.raster_work.take() {
            Some(w) if w.key == *key => w.job,
            _ => HeatmapJob::new(key.view, key.surface),
        }
    }

    /// The heatmap of a finished computation, with its contours (a new version).
    fn new_raster(&mut self, key: RasterKey, job: HeatmapJob) -> Raster {
        let shade = Shade::new(self.run.scene().target, self.run.scene().tau);
        let heat = job.finish(self.run.loss_landscape(), shade);
        self.version = self.version.wrapping_add(1);
        Raster {
            contours: heat.contours(),
            key,
            shade,
            heat,
        }
    }

    /// The heatmap's RGBA bytes, w·h·4.
    pub fn landscape_rgba(&mut self) -> &[u8] {
        self.raster().heat.rgba()
    }

    /// Changes whenever the heatmap's pixels changed.
    pub fn landscape_version(&mut self) -> u32 {
        self.raster();
        self.version
    }

    /// Loss contour segments [x0, y0, x1, y1, …] in pixels.
    pub fn contours(&mut self) -> Vec<f32> {
        self.raster().contours.clone()
    }

    /// Whether the scene asks for basins (`basins` ≠ off) that are not computed yet: then the
    /// page calls `basins_advance`. Cheap; nothing is computed here.
    pub fn basins_stale(&self) -> bool {
        BasinsKey::of(self.run.scene()).is_some() && self.current_basins().is_none()
    }

    /// Works on the basins picture the scene asks for, about `evals` landscape evaluations
    /// (at least one start's step): the method from every start of a 128×128 grid over the
    /// landscape's domain, 100 steps (coarser when the estimator makes that too expensive;
    /// `basins::Job`). A stale picture starts a computation; one for a picture the scene no
    /// longer asks for is dropped (how the page cancels). Returns the share done, 1 once the
    /// picture is there. Only `basins` and the keys its method reads make a picture stale.
    pub fn basins_advance(&mut self, evals: usize) -> f64 {
        let scene = self.run.scene();
        let Some(key) = BasinsKey::of(scene).filter(|_| self.current_basins().is_none()) else {
            self.basins_work = None;
            return 1.0;
        };
        let work = match self.basins_work.take() {
            Some(w) if w.key == key => w,
            _ => {
                let opts =
                    basins::Options::within_budget(scene, key.method, BASINS_BUDGET, BASINS_MIN_N);
                match basins::Job::new(scene, key.method, &opts) {
                    Ok(job) => BasinsWork { key, opts, job },
                    Err(e) => {
                        self.picture(key, opts, Err(e.to_string()));
                        return 1.0;
                    }
                }
            }
        };
        let BasinsWork { key, opts, mut job } = work;
        if !job.advance(evals) {
            let progress = job.progress();
            self.basins_work = Some(BasinsWork { key, opts, job });
            return progress;
        }
        self.picture(key, opts, Ok(job.finish()));
        1.0
    }

    /// The basins picture is there (its overlay is drawn anew).
    fn picture(&mut self, key: BasinsKey, opts: basins::Options, result: Result<Basins, String>) {
        self.basins = Some(BasinsPicture { key, opts, result });
        self.basins_overlay = None;
    }

    /// The basins overlay's RGBA bytes (w·h·4, like the heatmap; transparent outside the
    /// landscape's domain). Empty when basins are off or stale.
    pub fn basins_rgba(&mut self) -> &[u8] {
        self.overlay()
    }

    /// Changes whenever the basins overlay's pixels changed (computed, resized, moved, off).
    pub fn basins_version(&mut self) -> u32 {
        self.overlay();
        self.basins_version
    }

    /// JSON: the basins legend, `null` when there is no current picture:
    /// `{"method", "label", "n", "steps", "entries": [{"label", "colour", "count", "fraction",
    /// "percent"}, …, none last], "stopped", "error", "text"}`.
    pub fn basins_legend(&self) -> String {
        let Some(p) = self.current_basins() else {
            return "null".into();
        };
        let method = p.key.method;
        let (entries, stopped, error) = match &p.result {
            Ok(b) => (raster::basins_legend(b), b.stopped, None),
            Err(e) => (Vec::new(), 0, Some(e.as_str())),
        };
        let (n, steps) = (p.opts.n, p.opts.steps);
        let text = match error {
            Some(e) => format!("Basins of {} could not be computed: {e}", method.label()),
            None => format!(
                "Basins of {} ({n}×{n} starts, {steps} steps): {}.",
                method.label(),
                entries
                    .iter()
                    .map(|e| format!("{} {}", e.label, e.percent))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        json(&BasinsLegend {
            method: method.name(),
            label: method.label(),
            n,
            steps,
            entries,
            stopped,
            error,
            text,
        })
    }

    /// JSON: everything to draw the overlay and the side panel for the current step.
    pub fn frame(&self) -> String {
        let view = self.view();
        let run = &self.run;
        let scene = run.scene();
        let rec = run.record();
        let q = run.q();
        let components = rec
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| FrameComponent {
                weight: c.weight,
                mean: view.to_px(c.mean).map(|v| v as f32),
                world_mean: c.mean,
                cov: c.cov,
                // A Bernoulli q has no Gaussian component, hence no ellipse.
                ellipses: [1.0, 2.0].map(|r| {
                    q.comps.get(i).map_or_else(Vec::new, |g| {
                        view.polyline(raster::ellipse(g, r, ELLIPSE_POINTS))
                    })
                }),
            })
            .collect();
        let classic = run.classic_kind().map(|kind| {
            let path = run.classic_recent();
            let recent = &path[path.len().saturating_sub(TRAIL)..];
            FrameClassic {
                name: kind.name(),
                label: kind.label(),
                path: view.polyline(recent.iter().map(|p| [p[0], p[1]])),
                status: run.classic_status().unwrap_or("ok").to_string(),
            }
        });
        let (xs, ys) = run.points();
        let frame = Frame {
            t: rec.t,
            diverged: run.diverged(),
            objective: rec.objective,
            loss: run.loss(),
            components,
            trail: (0..self.trail.len())
                .map(|i| self.path_px(i, &view))
                .collect(),
            classic,
            gap: run.gap(),
            distance: run.gap().and_then(|_| {
                let (m, p) = (rec.components[0].mean, run.classic_recent().last()?);
                Some(((m[0] - p[0]).powi(2) + (m[1] - p[1]).powi(2)).sqrt())
            }),
            samples: view.polyline(xs.iter().zip(ys).map(|(&x, &y)| [x, y])),
            target_ellipses: (scene.family == FamilyKind::Diagonal)
                .then(|| run.landscape().gaussian())
                .flatten()
                .map(|(mean, lambda)| {
                    let g = Gaussian {
                        mean,
                        prec: lambda / scene.tau,
                    };
                    [1.0, 2.0].map(|r| view.polyline(raster::ellipse(&g, r, ELLIPSE_POINTS)))
                }),
            density: scene.density.then(|| raster::density_contours(q, &view)),
            bernoulli: q.bern.map(|b| {
                let lambda: Vec<[f64; 2]> =
                    drawn_path(&self.lambda_path, &self.lambda_trail).collect();
                bernoulli::Frame::new(&b, run.landscape(), &view, &lambda)
            }),
            tracking: tracking::Frame::new(run.run(), &view),
            markers: self.markers(&view),
            minibatch: run
                .landscape()
                .data()
                .filter(|_| scene.batch > 0)
                .map(|d| [d.data.len(), scene.batch]),
            reduces_to: run.reduces_to().map(|r| r.name),
            // The correction acts on a precision: the fixed and dropout families have none.
            improved: run.improved()
                && !matches!(scene.family, FamilyKind::Fixed | FamilyKind::Dropout),
            equations: if scene.landscape == LandscapeKind::Tracking
                && scene.family != FamilyKind::Fixed
            {
                // Predict, then the rule's update on ℓ_t (the fixed family's covariance is
                // frozen: its own block, with ℓ_t as the loss).
                "tracking".into()
            } else if scene.family == FamilyKind::Diagonal && scene.schedule == Schedule::Sequential
            {
                "diagonal-sequential".into()
            } else if scene.family == FamilyKind::Bernoulli {
                // Three different gradients: the 4-corner sum, the concrete relaxation, ℓ̄(aμ).
                format!("bernoulli-{}", scene.estimator.name())
            } else if scene.family == FamilyKind::Dropout {
                // One block: exact and Monte Carlo masks share the update.
                "dropout".into()
            } else {
                format!(
                    "{}-{}",
                    scene.family.name(),
                    if scene.estimator == EstimatorKind::Delta {
                        "delta"
                    } else {
                        "expect"
                    }
                )
            },
            text: raster::describe(scene.family, &rec.components),
            status: rec.status,
            recorded: self.timeline.range(),
            start: view.to_px(scene.init).map(|v| v as f32),
        };
        json(&frame)
    }

    /// JSON `{"t": […], "stride": s, "loss": […], "objective": […], "weights": [[…], …]}`:
    /// every step while the run is short, then every `stride`-th (at most about 1,000
    /// entries, however long the run), always ending with the current step.
    pub fn history(&self) -> String {
        let now = self.entry();
        let t = self.run.t();
        let tail = (self.history.last_step() != Some(t)).then_some((t, &now));
        let all = || self.history.iter().chain(tail);
        json(&HistoryJson {
            t: all().map(|(t, _)| t).collect(),
            stride: self.history.stride(),
            loss: all().map(|(_, e)| e.loss).collect(),
            objective: all().map(|(_, e)| e.objective).collect(),
            weights: all().map(|(_, e)| e.weights.as_slice()).collect(),
        })
    }
}

impl Page {
    /// The dropout family's markers in canvas pixels: the minimum of ℓ̄ (the landscape's known
    /// global minimum, else found like D's at p = 1) and the minimum of D at the scene's p
    /// ([`family::dropout_global_minimum`]); found once per landscape and p, none for the other
    /// families or where no stationary point is found.
    fn markers(&self, view: &View) -> Vec<FrameMarker> {
        let scene = self.run.scene();
        if scene.family != FamilyKind::Dropout {
            return Vec::new();
        }
        let key = MarkersKey {
            kind: scene.landscape,
            params: scene.params(),
            keep: Some(scene.keep),
        };
        let mut cache = self.markers.borrow_mut();
        if cache.as_ref().is_none_or(|(k, _)| *k != key) {
            let l = self.run.landscape();
            let loss = l
                .minima()
                .first()
                .map(|m| m.at)
                .or_else(|| family::dropout_global_minimum(l, 1.0));
            let dropout = family::dropout_global_minimum(l, scene.keep);
            let found = [
                ("min-loss", "minimum of ℓ̄".to_string(), loss),
                (
                    "min-dropout",
                    format!("minimum of D (p = {})", reading::fmt_num(scene.keep)),
                    dropout,
                ),
            ]
            .into_iter()
            .filter_map(|(k, label, at)| Some((k, label, at?)))
            .collect();
            *cache = Some((key, found));
        }
        cache.as_ref().map_or_else(Vec::new, |(_, found)| {
            found
                .iter()
                .map(|(kind, label, at)| FrameMarker {
                    kind,
                    label: label.clone(),
                    px: view.to_px([at[0], at[1]]).map(|v| v as f32),
                    world: [at[0], at[1]],
                })
                .collect()
        })
    }

    fn view(&self) -> View {
        View::of_window(self.run.scene().view, self.run.landscape(), self.w, self.h)
    }

    /// The computed basins picture, if it is the one the scene asks for.
    fn current_basins(&self) -> Option<&BasinsPicture> {
        let key = BasinsKey::of(self.run.scene())?;
        self.basins.as_ref().filter(|p| p.key == key)
    }

    /// The overlay for the current picture, view and canvas size, re-rasterised only when one
    /// of them changed (never recomputed: that is `basins_advance`); empty without a picture.
    fn overlay(&mut self) -> &[u8] {
        // A computation for a picture the scene no longer asks for is dropped (cancelled).
        let asked = BasinsKey::of(self.run.scene());
        if self
            .basins_work
            .as_ref()
            .is_some_and(|w| Some(&w.key) != asked.as_ref())
        {
            self.basins_work = None;
        }
        let view = self.view();
        let wanted = match self.current_basins() {
            Some(BasinsPicture { result: Ok(b), .. }) => Some(b),
            _ => None,
        };
        let fresh = match (wanted, &self.basins_overlay) {
            (None, None) => None,
            (None, Some(_)) => Some(None),
            (Some(_), Some(o)) if o.view == view => None,
            (Some(b), _) => Some(Some(BasinsOverlay {
                view,
                rgba: raster::basins_overlay(b, &view),
            })),
        };
        if let Some(o) = fresh {
            self.basins_overlay = o;
            self.basins_version = self.basins_version.wrapping_add(1);
        }
        self.basins_overlay.as_ref().map_or(&[], |o| &o.rgba)
    }

    /// What the heatmap for the current scene, view and size is made for.
    fn raster_key(&self) -> RasterKey {
        let scene = self.run.scene();
        RasterKey {
            kind: scene.landscape,
            params: scene.params(),
            view: self.view(),
            surface: scene.dropout_surface(),
            online: self.run.loss_landscape().data().and_then(|d| {
                let o = d.online.as_ref()?;
                Some((
                    o.row,
                    [o.mean[0], o.mean[1]],
                    [0, 1, 2, 3].map(|i| o.prec[i]),
                ))
            }),
        }
    }

    /// The heatmap for the current landscape, view and shade: evaluated to the end here when
    /// it is stale (the page spreads that over frames with `landscape_advance` first), only
    /// re-coloured when the shade changed.
    fn raster(&mut self) -> &Raster {
        let key = self.raster_key();
        let mut r = match self.raster.take() {
            Some(r) if r.key == key => r,
            _ => {
                let mut job = self.heatmap_job(&key);
                job.advance(self.run.loss_landscape(), usize::MAX);
                self.new_raster(key, job)
            }
        };
        let scene = self.run.scene();
        let shade = Shade::new(scene.target, scene.tau);
        if r.shade != shade {
            r.heat.recolour(shade);
            r.shade = shade;
            self.version = self.version.wrapping_add(1);
        }
        self.raster.insert(r)
    }

    /// Component i's mean path in canvas pixels: the thinned whole path up to the recent
    /// trail, then the trail itself, without the points within `TRAIL_MIN_PX` of the last one
    /// drawn (empty for no such component).
    fn path_px(&self, i: usize, view: &View) -> Vec<f32> {
        let (Some(tr), Some(path)) = (self.trail.get(i), self.path.get(i)) else {
            return Vec::new();
        };
        view.polyline_thinned(drawn_path(path, tr), TRAIL_MIN_PX)
    }

    /// Starts the series and trails again from the current q.
    fn restart_history(&mut self) {
        let k = self.run.q().means().len();
        self.lambda_trail.clear();
        self.lambda_path = Thinned::new(PATH_CAP);
        self.history = Thinned::new(HISTORY_CAP);
        self.trail = vec![VecDeque::with_capacity(TRAIL); k];
        self.path = vec![Thinned::new(PATH_CAP); k];
        self.record();
        self.timeline = Timeline::new(&self.run, &self.trail);
    }

    /// One step of the run with its page record; at a step of the recorded history, the
    /// tunings made there again. False when the run could not step.
    fn step_one(&mut self) -> bool {
        if !self.run.step() {
            return false;
        }
        self.record();
        self.timeline.arrived(&self.run, &self.trail);
        self.apply_tunings();
        true
    }

    /// Applies the tunings recorded at the current step (replaying the history), keeping
    /// what the page shows now (the keys whose effect is Display).
    fn apply_tunings(&mut self) {
        let t = self.run.t();
        let tunings: Vec<Scene> = self.timeline.tunings_at(t).cloned().collect();
        for scene in tunings {
            let scene = crate::session::shown_as(&scene, self.run.scene());
            // It was accepted when it was made, from this very state.
            let _ = self.run.set_scene(&scene);
        }
    }

    /// The charts' entry for the current step.
    fn entry(&self) -> HistoryEntry {
        HistoryEntry {
            loss: self.run.loss(),
            objective: self.run.objective(),
            weights: self.run.q().weights(),
        }
    }

    /// Offers the current step to the series, the path and the trail.
    fn record(&mut self) {
        let t = self.run.t();
        if self.history.wants(t) {
            self.history.push(t, self.entry());
        }
        let q = self.run.q();
        if let Some(b) = &q.bern {
            let l = [b.lambda[0], b.lambda[1]];
            push_recent(&mut self.lambda_trail, t, l);
            self.lambda_path.push(t, l);
        }
        for ((tr, path), g) in self.trail.iter_mut().zip(&mut self.path).zip(q.means()) {
            let m = [g[0], g[1]];
            push_recent(tr, t, m);
            path.push(t, m);
        }
    }
}
