//! The URL-hash form of a scene, `k=v&k=v` (percent-encoded): what the page's address bar,
//! `blr run --state` and the presets hold. Only keys that differ from the defaults are
//! written, in table order.

use super::keys::{KEYS, shown};
use super::{Scene, SceneError};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Longest query string accepted (bounds the work any URL can cause).
pub const MAX_QUERY: usize = 8192;

// Characters left as they are in a URL hash value; everything else is percent-encoded.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b',')
    .remove(b'~');

impl Scene {
    /// Parses a query string `k=v&k=v` (the page's URL hash without `#`), strictly: the first
    /// bad key or value is an error. Keys not given keep their defaults.
    pub fn from_query(q: &str) -> Result<Scene, SceneError> {
        let mut s = Scene::default();
        s.apply_query(q)?;
        Ok(s)
    }

    /// Sets the keys a query string names, on top of this scene (strictly).
    pub fn apply_query(&mut self, q: &str) -> Result<(), SceneError> {
        for (k, v) in pairs(q)? {
            self.set(&k, &v)?;
        }
        Ok(())
    }

    /// Parses a query string leniently (for URLs): a bad key or value keeps its default and
    /// is reported in the returned list; a scene that cannot run falls back key by key.
    pub fn from_query_lenient(q: &str) -> (Scene, Vec<SceneError>) {
        let mut s = Scene::default();
        let mut notes = Vec::new();
        match pairs(q) {
            Ok(ps) => {
                for (k, v) in ps {
                    if let Err(e) = s.set(&k, &v) {
                        notes.push(e);
                    }
                }
            }
            Err(e) => notes.push(e),
        }
        // Cross-key checks (e.g. a malformed formula): reset the blamed key to its default;
        // when that changes nothing, fall back to the whole default scene.
        for _ in 0..KEYS.len() {
            let Err(e) = s.check() else { break };
            let d = Scene::default();
            match d.get(&e.key) {
                Some(v) if s.get(&e.key).as_ref() != Some(&v) => {
                    let _ = s.set(&e.key, &v);
                }
                _ => s = d,
            }
            notes.push(e);
        }
        (s, notes)
    }

    /// Writes the keys that differ from the defaults, in table order, percent-encoded.
    pub fn to_query(&self) -> String {
        self.changed(&Scene::default())
            .map(|k| {
                let v = k.print(&k.value(self));
                format!("{}={}", k.name, utf8_percent_encode(&v, VALUE))
            })
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Splits and percent-decodes `k=v&k=v`; empty pieces are skipped.
fn pairs(q: &str) -> Result<Vec<(String, String)>, SceneError> {
    if q.len() > MAX_QUERY {
        return Err(SceneError {
            key: "state".into(),
            message: format!("query is {} bytes long; at most {MAX_QUERY}", q.len()),
        });
    }
    let q = q.strip_prefix('#').unwrap_or(q);
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let dec = |s: &str| {
                percent_decode_str(s)
                    .decode_utf8()
                    .map(|c| c.into_owned())
                    .map_err(|_| SceneError {
                        key: shown(k),
                        message: format!(
                            "invalid value '{}'; accepted: UTF-8 text, percent-encoded",
                            shown(s)
                        ),
                    })
            };
            Ok((dec(k)?, dec(v)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::family::FamilyKind;
    use crate::scene::BasinsMethod;

    #[test]
    fn every_key_round_trips_through_text() {
        let s = Scene::default();
        for k in KEYS {
            let v = s.get(k.name).unwrap();
            let mut t = Scene::default();
            t.set(k.name, &v).unwrap();
            assert_eq!(t, s, "{}", k.name);
        }
    }

    #[test]
    fn query_round_trips() {
        let q = "landscape=expr&expr=sin(x)%2By%5E2&family=mixture&k=5&lr=0.0001&init=1.5,-2&view=-1,1,-2,2&improved=false&compare=adam&basins=newton";
        let s = Scene::from_query(q).unwrap();
        assert_eq!(s.basins, Some(BasinsMethod::Newton));
        assert_eq!(s.expr, "sin(x)+y^2");
        assert_eq!(s.lr, 1e-4);
        assert_eq!(Scene::from_query(&s.to_query()).unwrap(), s);
        assert_eq!(Scene::default().to_query(), "");
    }

    #[test]
    fn bad_values_name_the_key_and_accepted_values() {
        let e = Scene::from_query("family=gaussian").unwrap_err();
        assert_eq!(e.key, "family");
        assert!(e.message.contains("fixed, diagonal, full, mixture"), "{e}");
        for q in [
            "lr=0",
            "lr=2",
            "lr=NaN",
            "tau=inf",
            "k=17",
            "init=1",
            "view=1,0,0,1",
            "seed=-1",
            "expr=sin(x",
            "basins=on",
        ] {
            let e = Scene::from_query(q).unwrap_err();
            assert_eq!(e.key, q.split('=').next().unwrap(), "{q}");
        }
        assert!(
            Scene::from_query("bogus=1")
                .unwrap_err()
                .message
                .contains("unknown key")
        );
    }

    #[test]
    fn lenient_parse_keeps_good_keys_and_reports_bad_ones() {
        let (s, notes) = Scene::from_query_lenient("family=mixture&lr=1e400&%3Cscript%3E=1&k=3");
        assert_eq!(s.family, FamilyKind::Mixture);
        assert_eq!(s.k, 3);
        assert_eq!(s.lr, Scene::default().lr);
        let keys: Vec<&str> = notes.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(keys, ["lr", "<script>"]);
    }
}
