//! What the page builds its controls and menus from: the key table and the presets, as JSON.
//! The page holds no key table of its own; every label, range, scale, group and choice comes
//! from [`KEYS`].

use super::glossary::{GLOSSARY, Term};
use super::{Page, VIEWER_KEYS, json};
use crate::preset;
use crate::scene::KEYS;
use crate::scene::Scene;
use crate::scene::keys::{Control, Effect, Group, Named};
use crate::tour;
use serde::Serialize;
use std::collections::BTreeMap;

/// One key as the page sees it.
#[derive(Serialize)]
struct KeyInfo {
    name: &'static str,
    label: &'static str,
    help: String,
    accepted: String,
    default: &'static str,
    group: Group,
    effect: Effect,
    control: Control,
    /// The named values of a choice key (empty otherwise).
    choices: Vec<Named>,
}

#[derive(Serialize)]
struct Options {
    /// Every key, in table order.
    keys: Vec<KeyInfo>,
    /// Plain words for the page's symbols ([`GLOSSARY`]).
    glossary: &'static [Term],
    /// The choices of each choice key by name (what the selects list).
    #[serde(flatten)]
    choices: BTreeMap<&'static str, Vec<Named>>,
}

/// One chapter of the tour as the page sees it.
#[derive(Serialize)]
struct TourChapter<'a> {
    id: &'a str,
    title: &'a str,
    paper: Option<&'a str>,
    steps: Vec<TourStep<'a>>,
}

#[derive(Serialize)]
struct TourStep<'a> {
    text: &'a str,
    /// The step's whole scene, canonical.
    state: String,
}

impl Page {
    /// JSON `[{"id", "title", "caption", "state"}]`: the presets.
    pub fn presets() -> String {
        json(&preset::all())
    }

    /// The id of the preset the current scene is exactly (comparing canonical queries), or ""
    /// when it is none: what a shared preset link shows as its title and caption at once.
    /// The viewer's settings (`VIEWER_KEYS`: speed, theme, projector, hide) are not compared.
    pub fn preset_id(&self) -> String {
        let here = self.run.scene();
        let with_viewer = |mut s: Scene| {
            for k in VIEWER_KEYS {
                if let Some(v) = here.get(k) {
                    let _ = s.set(k, &v);
                }
            }
            s.to_query()
        };
        let here = here.to_query();
        preset::all()
            .iter()
            .find(|p| Scene::from_query(&p.state).is_ok_and(|s| with_viewer(s) == here))
            .map(|p| p.id.clone())
            .unwrap_or_default()
    }

    /// JSON `[{"id", "title", "paper", "steps": [{"text", "state"}]}]`: the guided tour
    /// (assets/tour.json), each step's scene written out whole (the chapter's scene with the
    /// step's keys on top) as a canonical query, so the page loads it as it is.
    pub fn tour() -> String {
        let chapters: Vec<TourChapter> = tour::all()
            .iter()
            .map(|c| TourChapter {
                id: &c.id,
                title: &c.title,
                paper: c.paper.as_deref(),
                steps: c
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(i, s)| TourStep {
                        text: &s.text,
                        // A step that does not parse is a test failure (tests/captions.rs).
                        state: c.scene(i).map(|s| s.to_query()).unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect();
        json(&chapters)
    }

    /// JSON: the key table (`keys`: name, label, help, accepted, default, group, effect,
    /// control, choices), the glossary (`glossary`: [{"term", "meaning"}]) and, under each
    /// choice key's name, its named values.
    pub fn options() -> String {
        let keys: Vec<KeyInfo> = KEYS
            .iter()
            .map(|k| KeyInfo {
                name: k.name,
                label: k.label,
                help: k.help.to_string(),
                accepted: k.accepted(),
                default: k.default,
                group: k.group,
                effect: k.effect,
                control: k.control,
                choices: k.choices(),
            })
            .collect();
        let choices = KEYS
            .iter()
            .filter(|k| !k.choices().is_empty())
            .map(|k| (k.name, k.choices()))
            .collect();
        json(&Options {
            keys,
            glossary: GLOSSARY,
            choices,
        })
    }

    /// JSON `["landscape", "family", …]`: the keys that matter for the current scene (the
    /// page hides the controls of the others, e.g. `k` unless the family is a mixture).
    pub fn relevant(&self) -> String {
        let scene = self.run.scene();
        json(
            &KEYS
                .iter()
                .filter(|k| scene.relevant(k))
                .map(|k| k.name)
                .collect::<Vec<_>>(),
        )
    }
}
