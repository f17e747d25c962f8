//! The JSON form of a scene, in the URL's vocabulary: one field per key of the table, choices
//! and text as strings (`"improved": "auto"`, `"compare": "newton"`), numbers as numbers,
//! flags as booleans, `init` as `[x, y]`, `view` as `"auto"` or `[x0, x1, y0, y1]`. A scene
//! reads back from the JSON it prints (`blr run --scene FILE`); missing keys keep their
//! defaults and every value is checked exactly as the URL's text would be.

use super::keys::{KEYS, Value, fmt_num};
use super::{Scene, SceneError};
use crate::landscape::data::{Dataset, Model};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use std::sync::Arc;

/// The user's rows as the scene's JSON carries them, so that the output reproduces the run:
/// `{"file", "model", "rows", "checksum", "values": [[x1, x2, label or y], …]}`.
fn data_json(d: &Dataset) -> Json {
    serde_json::json!({
        "file": d.file,
        "model": d.model.name(),
        "rows": d.len(),
        "checksum": d.checksum_text(),
        "values": d.rows,
    })
}

/// Reads the `data` object back; the checksum must match the values.
fn data_of(v: &Json) -> Result<Dataset, SceneError> {
    let fail = |m: &str| SceneError {
        key: "data".into(),
        message: format!(
            "{m}; expected {{\"file\", \"model\", \"checksum\", \"values\"}} as blr run prints it"
        ),
    };
    let names = || Model::ALL.map(Model::name).join(", ");
    let Some(model) = v
        .get("model")
        .and_then(Json::as_str)
        .and_then(Model::from_name)
    else {
        return Err(fail(&format!("model must be one of {}", names())));
    };
    let file = v.get("file").and_then(Json::as_str).unwrap_or("data");
    let rows: Vec<[f64; 3]> = v
        .get("values")
        .cloned()
        .and_then(|x| serde_json::from_value(x).ok())
        .ok_or_else(|| fail("values must be rows of three numbers"))?;
    // Only the model's columns: the unused cells of a row are 0.
    let used = model.columns().len();
    let text = rows
        .iter()
        .map(|r| {
            r[..used]
                .iter()
                .map(|&v| fmt_num(v))
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let header = model.columns().join(",");
    let d =
        Dataset::parse(model, file, &format!("{header}\n{text}\n")).map_err(|e| SceneError {
            key: "data".into(),
            message: e.to_string(),
        })?;
    match v.get("checksum").and_then(Json::as_str) {
        Some(c) if c == d.checksum_text() => Ok(d),
        Some(c) => Err(fail(&format!(
            "checksum {c} does not match the values ({})",
            d.checksum_text()
        ))),
        None => Err(fail("missing checksum")),
    }
}

impl Serialize for Scene {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut map = ser.serialize_map(Some(KEYS.len()))?;
        for k in KEYS {
            let v = k.value(self);
            match &v {
                Value::Number(x) | Value::AutoNumber(Some(x)) => map.serialize_entry(k.name, x)?,
                Value::Integer(x) | Value::AutoInteger(Some(x)) => {
                    map.serialize_entry(k.name, x)?
                }
                Value::Flag(b) => map.serialize_entry(k.name, b)?,
                Value::Pair(p) => map.serialize_entry(k.name, p)?,
                Value::Window(Some(w)) => map.serialize_entry(k.name, w)?,
                Value::Choice(_)
                | Value::Text(_)
                | Value::Window(None)
                | Value::AutoNumber(None)
                | Value::AutoInteger(None) => map.serialize_entry(k.name, &k.print(&v))?,
            }
        }
        if let Some(d) = &self.data {
            map.serialize_entry("data", &data_json(d))?;
        }
        map.end()
    }
}

/// The URL text of one JSON value: strings as they are, numbers in round-trip form, arrays
/// joined by commas; `None` for what no key accepts (objects, null, nested arrays).
fn text(v: &Json) -> Option<String> {
    match v {
        Json::String(s) => Some(s.clone()),
        Json::Bool(b) => Some(b.to_string()),
        Json::Number(n) => Some(match (n.as_u64(), n.as_f64()) {
            (Some(u), _) => u.to_string(),
            (None, Some(f)) => fmt_num(f),
            _ => return None,
        }),
        Json::Array(a) => a
            .iter()
            .map(|x| match x {
                Json::Number(_) | Json::String(_) => text(x),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(|p| p.join(",")),
        _ => None,
    }
}

impl Scene {
    /// Reads a scene from a JSON object in the vocabulary [`Scene`] serialises to; the error
    /// names the key. Also accepts a whole `blr run` output (its `"scene"` field).
    pub fn from_json(v: &Json) -> Result<Scene, SceneError> {
        let obj = match v.get("scene") {
            Some(inner @ Json::Object(_)) => inner,
            _ => v,
        };
        let Json::Object(map) = obj else {
            return Err(SceneError {
                key: "scene".into(),
                message: "expected a JSON object of scene keys".into(),
            });
        };
        let mut s = Scene::default();
        for (k, v) in map {
            if k == "data" {
                s.data = match v {
                    Json::Null => None,
                    _ => Some(Arc::new(data_of(v)?)),
                };
                continue;
            }
            let t = text(v).ok_or_else(|| SceneError {
                key: k.clone(),
                message: format!(
                    "invalid JSON value {v}; expected a string, number, boolean or array of numbers"
                ),
            })?;
            s.set(k, &t)?;
        }
        Ok(s)
    }
}

impl<'de> Deserialize<'de> for Scene {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Scene, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scene;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a scene: an object of scene keys")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Scene, A::Error> {
                let mut obj = serde_json::Map::new();
                while let Some((k, v)) = m.next_entry::<String, Json>()? {
                    obj.insert(k, v);
                }
                Scene::from_json(&Json::Object(obj)).map_err(de::Error::custom)
            }
        }
        de.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_speaks_the_url_vocabulary_and_reads_back() {
        let s = Scene::from_query(
            "family=mixture&improved=false&compare=newton&view=-1,1,-2,2&init=0.5,-1&basins=rule",
        )
        .unwrap();
        let j = serde_json::to_value(&s).unwrap();
        assert_eq!(j["improved"], "false");
        assert_eq!(j["compare"], "newton");
        assert_eq!(j["family"], "mixture");
        assert_eq!(j["basins"], "rule");
        assert_eq!(j["lr"], 0.1);
        assert_eq!(j["k"], 4);
        assert_eq!(j["init"], serde_json::json!([0.5, -1.0]));
        assert_eq!(j["view"], serde_json::json!([-1.0, 1.0, -2.0, 2.0]));
        assert_eq!(
            serde_json::to_value(Scene::default()).unwrap()["view"],
            "auto"
        );
        let back: Scene = serde_json::from_value(j).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn bad_json_names_the_key() {
        let e = Scene::from_json(&serde_json::json!({"lr": 2})).unwrap_err();
        assert_eq!(e.key, "lr");
        let e = Scene::from_json(&serde_json::json!({"bogus": 1})).unwrap_err();
        assert!(e.message.contains("unknown key"), "{e}");
        let e = Scene::from_json(&serde_json::json!({"init": {"x": 1}})).unwrap_err();
        assert_eq!(e.key, "init");
        let e = Scene::from_json(&serde_json::json!([1, 2])).unwrap_err();
        assert_eq!(e.key, "scene");
    }
}
