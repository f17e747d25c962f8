//! Presets: named scenes with a caption, stored as data in `assets/presets.json` (each one's
//! `state` is a scene query string, exactly what the page puts in its URL hash).

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// One preset scene.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Preset {
    pub id: String,
    pub title: String,
    /// One paragraph describing what the sliders show.
    pub caption: String,
    /// The scene as a query string (URL hash without `#`).
    pub state: String,
}

/// The presets' JSON text, as shipped.
pub const JSON: &str = include_str!("../assets/presets.json");

/// Every preset, in display order.
pub fn all() -> &'static [Preset] {
    static ALL: OnceLock<Vec<Preset>> = OnceLock::new();
    // The file is part of the build and checked by tests; an empty list keeps wasm alive even
    // if it were ever malformed.
    ALL.get_or_init(|| serde_json::from_str(JSON).unwrap_or_default())
}

/// The preset with this id.
pub fn find(id: &str) -> Option<&'static Preset> {
    all().iter().find(|p| p.id == id)
}
