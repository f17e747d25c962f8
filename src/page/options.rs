//! What the page builds its controls and menus from: the key table and the presets, as JSON.
//! The page holds no key table of its own; every label, range, scale, group and choice comes
//! from [`KEYS`].

use super::{Page, json};
use crate::preset;
use crate::scene::KEYS;
use crate::scene::keys::{Control, Effect, Group, Named};
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
    /// The choices of each choice key by name (what the selects list).
    #[serde(flatten)]
    choices: BTreeMap<&'static str, Vec<Named>>,
}

impl Page {
    /// JSON `[{"id", "title", "caption", "state"}]`: the presets.
    pub fn presets() -> String {
        json(&preset::all())
    }

    /// JSON: the key table (`keys`: name, label, help, accepted, default, group, effect,
    /// control, choices) and, under each choice key's name, its named values.
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
        json(&Options { keys, choices })
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
