//! The first-paint module's wasm bindings (feature `page`): the `Playground` class whose
//! contract is www/README.md. Forwarding only: every method calls [`Page`], which holds the page
//! model natively. Pixel buffers are handed out as (address, length) in wasm memory so the page
//! can view them without copies. What only the downloads need (the trajectories, the GIF and
//! WebM writers) is in the export module, `crate::web_export`.

use crate::page::Page;
use wasm_bindgen::prelude::*;

/// The BLR playground behind one canvas (www/README.md).
#[wasm_bindgen]
pub struct Playground(Page);

#[wasm_bindgen]
impl Playground {
    /// A playground for the scene in a URL hash (`#` optional), read leniently.
    #[wasm_bindgen(constructor)]
    pub fn new(hash: &str) -> Playground {
        Playground(Page::new(hash))
    }

    /// JSON `[{"key", "message"}]`: what the last `new`/`load` ignored or reset.
    pub fn notices(&self) -> String {
        self.0.notices()
    }

    /// Replaces the whole scene; returns the notices.
    pub fn load(&mut self, hash: &str) -> String {
        self.0.load(hash)
    }

    /// Opens a preset's or a tour step's scene, keeping the viewer's settings (speed, theme,
    /// projector, hide) unless the hash sets them; returns the notices.
    pub fn open(&mut self, hash: &str) -> String {
        self.0.open(hash)
    }

    /// The scene as a URL hash without `#` (non-default keys only).
    pub fn query(&self) -> String {
        self.0.query()
    }

    /// The command line that runs this scene headless.
    pub fn cli(&self) -> String {
        self.0.cli()
    }

    /// The text value of one scene key ("" for an unknown key).
    pub fn get(&self, key: &str) -> String {
        self.0.get(key)
    }

    /// The number of steps the scene runs (`steps=auto` resolved).
    pub fn steps(&self) -> u32 {
        self.0.steps()
    }

    /// Changes one key: "" on success, else one line naming the key.
    pub fn set(&mut self, key: &str, value: &str) -> String {
        self.0.set(key, value)
    }

    /// Back to t = 0 with the same scene.
    pub fn reset(&mut self) {
        self.0.reset()
    }

    /// Advances up to n steps; false once the run has diverged.
    pub fn step(&mut self, n: u32) -> bool {
        self.0.step(n)
    }

    /// Goes to step t of the recorded history, stepping at most `max_steps` on the way; true
    /// once there (`frame().recorded` is the range it can go to).
    pub fn seek(&mut self, t: u32, max_steps: u32) -> bool {
        self.0.seek(t as usize, max_steps)
    }

    /// Moves the starting mean to a canvas pixel (restarts).
    pub fn set_init(&mut self, px: f64, py: f64) {
        self.0.set_init(px, py)
    }

    /// Zooms about a canvas pixel by `factor` (< 1 zooms in): "" or one line naming `view`.
    pub fn zoom(&mut self, px: f64, py: f64, factor: f64) -> String {
        self.0.zoom(px, py, factor)
    }

    /// Pans by (dx, dy) canvas pixels, the picture following the pointer.
    pub fn pan(&mut self, dx: f64, dy: f64) -> String {
        self.0.pan(dx, dy)
    }

    /// Back to the landscape's own window (`view=auto`).
    pub fn reset_view(&mut self) -> String {
        self.0.reset_view()
    }

    /// Moves the start by (dx, dy) keyboard steps (restarts); the sentence announcing it,
    /// or the error.
    pub fn nudge(&mut self, dx: i32, dy: i32) -> String {
        self.0.nudge(dx, dy)
    }

    /// The canvas size in device pixels.
    pub fn resize(&mut self, w: u32, h: u32) {
        self.0.resize(w, h)
    }

    /// Address of the heatmap's RGBA bytes in wasm memory.
    pub fn landscape_ptr(&mut self) -> *const u8 {
        self.0.landscape_rgba().as_ptr()
    }

    /// Length of the heatmap's RGBA bytes, w·h·4.
    pub fn landscape_len(&mut self) -> usize {
        self.0.landscape_rgba().len()
    }

    /// Whether the heatmap is not yet the current one (then call `landscape_advance`).
    pub fn landscape_stale(&self) -> bool {
        self.0.landscape_stale()
    }

    /// Evaluates about `points` more pixels of a stale heatmap; the share done, 1 once current.
    pub fn landscape_advance(&mut self, points: u32) -> f64 {
        self.0.landscape_advance(points as usize)
    }

    /// Changes whenever the heatmap's pixels changed.
    pub fn landscape_version(&mut self) -> u32 {
        self.0.landscape_version()
    }

    /// Loss contour segments [x0, y0, x1, y1, …] in pixels.
    pub fn contours(&mut self) -> Vec<f32> {
        self.0.contours()
    }

    /// Whether the scene asks for basins that are not computed yet.
    pub fn basins_stale(&self) -> bool {
        self.0.basins_stale()
    }

    /// Works on the basins picture the scene asks for, about `evals` landscape evaluations;
    /// the share done, 1 once it is there.
    pub fn basins_advance(&mut self, evals: u32) -> f64 {
        self.0.basins_advance(evals as usize)
    }

    /// Address of the basins overlay's RGBA bytes (length 0 when there is none).
    pub fn basins_ptr(&mut self) -> *const u8 {
        self.0.basins_rgba().as_ptr()
    }

    /// Length of the basins overlay: w·h·4, or 0 when there is none.
    pub fn basins_len(&mut self) -> usize {
        self.0.basins_rgba().len()
    }

    /// Changes whenever the basins overlay's pixels changed.
    pub fn basins_version(&mut self) -> u32 {
        self.0.basins_version()
    }

    /// JSON: the basins legend, `null` when there is no current picture.
    pub fn basins_legend(&self) -> String {
        self.0.basins_legend()
    }

    /// JSON: everything to draw the overlay and the side panel for the current step.
    pub fn frame(&self) -> String {
        self.0.frame()
    }

    /// JSON: axis ticks at round world coordinates, in canvas pixels.
    pub fn axes(&self) -> String {
        self.0.axes()
    }

    /// JSON: the heatmap's colour scale and the values its colours stand for.
    pub fn colour_bar(&mut self) -> String {
        self.0.colour_bar()
    }

    /// JSON: the world point and ℓ̄ under a canvas pixel.
    pub fn probe(&self, px: f64, py: f64) -> String {
        self.0.probe(px, py)
    }

    /// JSON: the per-step series for the charts.
    pub fn history(&self) -> String {
        self.0.history()
    }

    /// JSON: the mixture1d data view (histogram, fitted components, responsibilities), `null`
    /// on other landscapes.
    pub fn mixture_view(&self) -> String {
        self.0.mixture_view()
    }

    /// JSON: the keys that matter for the current scene.
    pub fn relevant(&self) -> String {
        self.0.relevant()
    }

    /// JSON: the presets.
    pub fn presets() -> String {
        Page::presets()
    }

    /// The id of the preset the current scene is exactly, or "".
    pub fn preset_id(&self) -> String {
        self.0.preset_id()
    }

    /// JSON: the guided tour's chapters, each step's scene written out whole.
    pub fn tour() -> String {
        Page::tour()
    }

    /// JSON: the key table and each choice key's named values.
    pub fn options() -> String {
        Page::options()
    }

    /// The figure of the current step (plot, legend, scene line) as an SVG document:
    /// `width` × `height` pixels, text at `scale`, `theme` "light" or "dark" ("": the scene's);
    /// the heatmap's href is "blr:heatmap", for the page to fill from `figure_heat_*`.
    pub fn figure_svg(&mut self, width: u32, height: u32, scale: f64, theme: &str) -> String {
        self.0.figure_svg(width, height, scale, theme)
    }

    /// The same figure's items as JSON, to replay on a canvas; its heatmap is `figure_heat_*`.
    pub fn figure_json(&mut self, width: u32, height: u32, scale: f64, theme: &str) -> String {
        self.0.figure_json(width, height, scale, theme)
    }

    /// Gives the data landscape the rows of a file (name and bytes), read as `blr run --data`
    /// reads them: "" on success, else the CLI's one-line message; the previous rows stay.
    pub fn load_data(&mut self, file: &str, bytes: &[u8]) -> String {
        self.0.load_data(file, bytes)
    }

    /// Back to the shipped rows.
    pub fn clear_data(&mut self) {
        self.0.clear_data()
    }

    /// JSON: the own-data notice (`{"file", "rows", "checksum", "text"}`) or `null`.
    pub fn data_notice(&self) -> String {
        self.0.data_notice()
    }

    /// JSON: the data panel on a `w` × `h` canvas for the current step, or `null`.
    pub fn data_panel(&self, w: u32, h: u32) -> String {
        self.0.data_panel(w, h)
    }

    /// Address of the last `figure_json`'s heatmap RGBA bytes in wasm memory.
    pub fn figure_heat_ptr(&self) -> *const u8 {
        self.0.figure_heat().as_ptr()
    }

    /// Length of the last `figure_json`'s heatmap RGBA bytes (plot_w · plot_h · 4).
    pub fn figure_heat_len(&self) -> usize {
        self.0.figure_heat().len()
    }
}
