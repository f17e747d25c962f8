//! The export module's wasm bindings (feature `export`; www/pkg/blr_playground_export_bg.wasm):
//! what only the page's downloads need, kept out of the first-paint module (`crate::web`) so
//! that the page loads it the first time the user saves something (www/README.md, "Two
//! modules"). Forwarding only, like `crate::web`.
//!
//! Every download that is not the figure of the current step replays the scene from t = 0
//! (`Session::trajectory`, the video's frames), so it needs the scene and the user's rows, not
//! the page's state: the page hands over its `query()` and, when the scene uses them, the
//! rows' file. The figure of the current step stays in the first-paint module.

use crate::animation::{Gif, Webm};
use crate::page::Page;
use wasm_bindgen::prelude::*;

/// A scene replayed from t = 0 for a download: its whole trajectory (the JSON and CSV
/// downloads) or its frames one by one (the video and GIF).
#[wasm_bindgen]
pub struct Replay(Page);

#[wasm_bindgen]
impl Replay {
    /// The scene of a URL hash (`#` optional), read as `Playground`'s constructor reads it.
    #[wasm_bindgen(constructor)]
    pub fn new(hash: &str) -> Replay {
        Replay(Page::new(hash))
    }

    /// The user's rows, as `Playground.load_data` reads them: "" or the one-line message.
    pub fn load_data(&mut self, file: &str, bytes: &[u8]) -> String {
        self.0.load_data(file, bytes)
    }

    /// The text value of one scene key ("" for an unknown key).
    pub fn get(&self, key: &str) -> String {
        self.0.get(key)
    }

    /// The number of steps the scene runs (`steps=auto` resolved).
    pub fn steps(&self) -> u32 {
        self.0.steps()
    }

    /// Advances up to n steps; false once the run has diverged.
    pub fn step(&mut self, n: u32) -> bool {
        self.0.step(n)
    }

    /// The scene's whole trajectory as `blr run --format json` prints it.
    pub fn trajectory_json(&self) -> String {
        self.0.trajectory_json()
    }

    /// The scene's whole trajectory as `blr run --format csv` prints it.
    pub fn trajectory_csv(&self) -> String {
        self.0.trajectory_csv()
    }

    /// The figure of the current step as JSON items, as `Playground.figure_json`.
    pub fn figure_json(&mut self, width: u32, height: u32, scale: f64, theme: &str) -> String {
        self.0.figure_json(width, height, scale, theme)
    }

    /// Address of the last `figure_json`'s heatmap RGBA bytes in this module's memory.
    pub fn figure_heat_ptr(&self) -> *const u8 {
        self.0.figure_heat().as_ptr()
    }

    /// Length of the last `figure_json`'s heatmap RGBA bytes (plot_w · plot_h · 4).
    pub fn figure_heat_len(&self) -> usize {
        self.0.figure_heat().len()
    }
}

/// An animated GIF being written from RGBA frames (the page's GIF export; `crate::animation`).
#[wasm_bindgen]
pub struct GifEncoder(Result<Gif, String>);

#[wasm_bindgen]
impl GifEncoder {
    /// A GIF of `width` × `height` pixels, each frame shown `delay_cs` hundredths of a second.
    /// A bad size or delay gives an encoder whose `push` returns the reason.
    #[wasm_bindgen(constructor)]
    pub fn new(width: u32, height: u32, delay_cs: u32) -> GifEncoder {
        GifEncoder(Gif::new(width, height, delay_cs))
    }

    /// Adds one frame of width·height·4 RGBA bytes: "" or the reason it could not.
    pub fn push(&mut self, rgba: &[u8]) -> String {
        match &mut self.0 {
            Ok(g) => g.push(rgba).err().unwrap_or_default(),
            Err(e) => e.clone(),
        }
    }

    /// The GIF file's bytes; empty when no frame was added or it was already finished.
    pub fn finish(&mut self) -> Vec<u8> {
        match std::mem::replace(&mut self.0, Err("gif: already finished".into())) {
            Ok(g) => g.finish().unwrap_or_default(),
            Err(_) => Vec::new(),
        }
    }
}

/// A WebM being muxed from the browser's VideoEncoder output (the page's WebM export;
/// `crate::animation`).
#[wasm_bindgen]
pub struct WebmMuxer(Result<Webm, String>);

#[wasm_bindgen]
impl WebmMuxer {
    /// A WebM of `width` × `height` pixels, codec "vp8" or "vp9", frames `frame_ms` long. A bad
    /// argument gives a muxer whose `push` returns the reason.
    #[wasm_bindgen(constructor)]
    pub fn new(width: u32, height: u32, codec: &str, frame_ms: u32) -> WebmMuxer {
        WebmMuxer(Webm::new(width, height, codec, frame_ms))
    }

    /// Adds one compressed frame shown from `ms` on (`key` for a key frame): "" or the reason.
    pub fn push(&mut self, data: &[u8], ms: f64, key: bool) -> String {
        if !(ms.is_finite() && ms >= 0.0) {
            return format!("webm: a frame at {ms} ms");
        }
        match &mut self.0 {
            Ok(w) => w
                .push(data, ms.round() as u64, key)
                .err()
                .unwrap_or_default(),
            Err(e) => e.clone(),
        }
    }

    /// The WebM file's bytes; empty when no frame was added or it was already finished.
    pub fn finish(&mut self) -> Vec<u8> {
        match std::mem::replace(&mut self.0, Err("webm: already finished".into())) {
            Ok(w) => w.finish().unwrap_or_default(),
            Err(_) => Vec::new(),
        }
    }
}
