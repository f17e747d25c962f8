//! The module import graph: maths below the executor below the scene, below pictures, the
//! page model and the bindings. Reads every `crate::…` path in src/ (outside `#[cfg(test)]`
//! blocks and comments) and fails on an import that points up a layer, on a picture that
//! takes the whole scene, and on any circle.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Layers, lowest first. A module may import only from its own layer or below.
const LAYERS: &[&[&str]] = &[
    &["linalg", "rng"],
    &["landscape"],
    &["family"],
    &["estimate"],
    &["rule", "classic"],
    &["reduction"],
    &["run"],
    &["scene"],
    &["session", "preset", "tour"],
    &["export"],
    &["basins"],
    &["raster"],
    &["figure", "animation"],
    &["page", "bench", "cli"],
    &["web", "web_export", "web_bench", "main", "lib"],
];

/// Pictures draw q, a landscape and a view; they never read the scene or its session.
const FORBIDDEN: &[(&str, &str)] = &[
    ("raster", "scene"),
    ("raster", "session"),
    ("figure", "scene"),
    ("figure", "session"),
];

fn layer(m: &str) -> usize {
    LAYERS
        .iter()
        .position(|l| l.contains(&m))
        .unwrap_or_else(|| panic!("module {m} is in no layer: add it to LAYERS"))
}

/// The top-level module a source file belongs to (src/scene/keys.rs → scene).
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix("src").unwrap();
    let first = rel.iter().next().unwrap().to_string_lossy().to_string();
    first.trim_end_matches(".rs").to_string()
}

/// The crate modules a file names, outside comments and its `#[cfg(test)]` tail.
fn imports(text: &str) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    let mut out = BTreeSet::new();
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            assert!(
                !name.is_empty(),
                "grouped `use crate::{{…}}`: name each module: {line}"
            );
            out.insert(name);
        }
    }
    out
}

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, files);
        } else if p.extension().is_some_and(|x| x == "rs") {
            files.push(p);
        }
    }
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    walk(Path::new("src"), &mut files);
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let m = module_of(&f);
        let deps = imports(&fs::read_to_string(&f).unwrap());
        g.entry(m.clone())
            .or_default()
            .extend(deps.into_iter().filter(|d| *d != m));
    }
    g
}

#[test]
fn no_import_points_up_a_layer() {
    let mut up = Vec::new();
    for (m, deps) in graph() {
        for d in deps {
            if layer(&d) > layer(&m) {
                up.push(format!("{m} → {d}"));
            }
            if FORBIDDEN.contains(&(m.as_str(), d.as_str())) {
                up.push(format!("{m} → {d} (forbidden)"));
            }
        }
    }
    assert!(up.is_empty(), "upward imports: {up:?}");
}

#[test]
fn the_import_graph_has_no_circle() {
    let g = graph();
    // Depth-first search with colours; a grey node met again closes a circle.
    fn visit<'a>(
        n: &'a str,
        g: &'a BTreeMap<String, BTreeSet<String>>,
        colour: &mut BTreeMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        match colour.get(n) {
            Some(2) => return None,
            Some(1) => {
                let i = path.iter().position(|p| *p == n).unwrap();
                return Some(path[i..].iter().map(|s| s.to_string()).collect());
            }
            _ => {}
        }
        colour.insert(n, 1);
        path.push(n);
        for d in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(d, g, colour, path) {
                return Some(c);
            }
        }
        path.pop();
        colour.insert(n, 2);
        None
    }
    let mut colour = BTreeMap::new();
    for n in g.keys() {
        let mut path = Vec::new();
        if let Some(c) = visit(n, &g, &mut colour, &mut path) {
            panic!("import circle: {}", c.join(" → "));
        }
    }
}

#[test]
fn the_checker_sees_imports() {
    // The reader itself: a `use` line, an inline path, a comment and a test block.
    let text = "use crate::family::Q;\nlet x = crate::rng::seeded(1); // crate::page\n#[cfg(test)]\nuse crate::web;";
    let got: Vec<String> = imports(text).into_iter().collect();
    assert_eq!(got, ["family", "rng"]);
    assert!(graph()["scene"].contains("run"));
}
