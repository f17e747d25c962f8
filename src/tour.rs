//! The guided tour: chapters through the paper in its order (gradient descent, Newton,
//! Laplace, variational inference, mixtures, smoothing, the improved rule, RMSprop/Adam,
//! ridge; then minibatch SGD, dropout, VOGN, BayesBiNN, EM and SVI, CAVI and message passing),
//! stored as data in `assets/tour.json`. Each chapter is a scene and a few narrated
//! steps; a step may change some keys of the chapter's scene (`set`, a query string applied on
//! top of `state`). Every narrated claim is asserted by tests/captions.rs. build.rs turns the
//! file into constants at build time, so nothing parses JSON at run time.

use crate::scene::{Scene, SceneError};
use serde::Serialize;
use std::sync::OnceLock;

/// One narrated step of a chapter.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    /// What the student does and what to watch.
    pub text: String,
    /// Keys changed from the chapter's scene for this step (a query string; empty for none).
    pub set: String,
}

/// One chapter: a scene and its narrated steps.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Chapter {
    pub id: String,
    pub title: String,
    /// The paper's section(s) the chapter follows, e.g. "§1.3.2" (absent when none applies).
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

// `TOUR`: each chapter of the file as (id, title, paper, state, [(text, set)]) (build.rs).
include!(concat!(env!("OUT_DIR"), "/tour.rs"));

/// Every chapter, in the paper's order.
pub fn all() -> &'static [Chapter] {
    static ALL: OnceLock<Vec<Chapter>> = OnceLock::new();
    ALL.get_or_init(|| {
        TOUR.iter()
            .map(|&(id, title, paper, state, steps)| Chapter {
                id: id.into(),
                title: title.into(),
                paper: paper.map(Into::into),
                state: state.into(),
                steps: steps
                    .iter()
                    .map(|[text, set]| Step {
                        text: text.to_string(),
                        set: set.to_string(),
                    })
                    .collect(),
            })
            .collect()
    })
}

/// The chapter with this id.
pub fn find(id: &str) -> Option<&'static Chapter> {
    all().iter().find(|c| c.id == id)
}
