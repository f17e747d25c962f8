//! Presets: named scenes with a caption, stored as data in `assets/presets.json` (each one's
//! `state` is a scene query string, exactly what the page puts in its URL hash). build.rs turns
//! the file into constants at build time, so nothing parses JSON at run time.

use serde::Serialize;
use std::sync::OnceLock;

/// One preset scene.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Preset {
    pub id: String,
    pub title: String,
    /// One paragraph describing what the sliders show.
    pub caption: String,
    /// The scene as a query string (URL hash without `#`).
    pub state: String,
}

// `PRESETS: &[[&str; 4]]`: id, title, caption and state of each preset of the file (build.rs).
include!(concat!(env!("OUT_DIR"), "/presets.rs"));

/// Every preset, in display order.
pub fn all() -> &'static [Preset] {
    static ALL: OnceLock<Vec<Preset>> = OnceLock::new();
    ALL.get_or_init(|| {
        PRESETS
            .iter()
            .map(|[id, title, caption, state]| Preset {
                id: id.to_string(),
                title: title.to_string(),
                caption: caption.to_string(),
                state: state.to_string(),
            })
            .collect()
    })
}

/// The preset with this id.
pub fn find(id: &str) -> Option<&'static Preset> {
    all().iter().find(|p| p.id == id)
}
