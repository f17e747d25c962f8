//! The guided tour: chapters through the paper in its order (gradient descent, Newton,
//! Laplace, variational inference, mixtures, smoothing, the improved rule, RMSprop/Adam,
//! ridge; then minibatch SGD, dropout, VOGN, BayesBiNN, EM and SVI, CAVI and message passing),
//! stored as data in `assets/tour.json`. Each chapter is a scene and a few narrated
//! steps; a step may change some keys of the chapter's scene (`set`, a query string applied on
//! top of `state`). Every narrated claim is asserted by tests/captions.rs.

use crate::scene::{Scene, SceneError};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// One narrated step of a chapter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// What the student does and what to watch.
    pub text: String,
    /// Keys changed from the chapter's scene for this step (a query string; empty for none).
    #[serde(default)]
    pub set: String,
}

/// One chapter: a scene and its narrated steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Chapter {
    pub id: String,
    pub title: String,
    /// The paper's section(s) the chapter follows, e.g. "§1.3.2" (absent when none applies).
    #[serde(default)]
    pub paper: Option<String>,
    /// The chapter's scene as a query string (URL hash without `#`).
    pub state: String,
    pub steps: Vec<Step>,
}

impl Chapter {
    /// The scene of step `i`: the chapter's scene with the step's keys set on top.
    pub fn scene(&self, i: usize) -> Result<Scene, SceneError> {
        let mut s = Scene::from_query(&self.state)?;
        if let Some(step) = self.steps.get(i) {
            s.apply_query(&step.set)?;
        }
        Ok(s)
    }
}

/// The tour's JSON text, as shipped.
pub const JSON: &str = include_str!("../assets/tour.json");

/// Every chapter, in the paper's order.
pub fn all() -> &'static [Chapter] {
    static ALL: OnceLock<Vec<Chapter>> = OnceLock::new();
    // The file is part of the build and checked by tests; an empty tour keeps wasm alive even
    // if it were ever malformed.
    ALL.get_or_init(|| serde_json::from_str(JSON).unwrap_or_default())
}

/// The chapter with this id.
pub fn find(id: &str) -> Option<&'static Chapter> {
    all().iter().find(|c| c.id == id)
}
