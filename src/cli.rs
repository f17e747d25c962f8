//! The `blr` command line: `blr run` and `blr list` (docs/design.md's contract). Every scene
//! flag is generated from the scene's key table, so the CLI accepts exactly the URL's keys.

use crate::export;
use crate::figure;
use crate::page::Page;
use crate::preset;
use crate::reduction::REDUCTIONS;
use crate::scene::{KEYS, Scene, SceneError};
use crate::session::Session;
use clap::{Arg, ArgMatches, Command, error::ErrorKind};
use std::ffi::OsString;
use std::fmt::Write;

fn command() -> Command {
    let mut run =
        scene_args(Command::new("run").about("Run a scene headless and print its trajectory")).arg(
            Arg::new("format")
                .long("format")
                .value_name("FORMAT")
                .value_parser(["json", "csv"])
                .default_value("json")
                .help("output format"),
        );
    run = scene_flags(run);
    Command::new("blr")
        .about("The Bayesian Learning Rule on 2D landscapes, headless")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .subcommand(run)
        .subcommand(figure_command())
        .subcommand(Command::new("list").about("List landscapes, families, estimators, presets"))
}

/// Where a scene comes from: --state, --scene FILE, --preset ID (then the --KEY flags).
fn scene_args(cmd: Command) -> Command {
    cmd.arg(
        Arg::new("state")
            .long("state")
            .value_name("QUERY")
            .help("the page's URL hash, e.g. 'landscape=rosenbrock&family=full'"),
    )
    .arg(
        Arg::new("scene")
            .long("scene")
            .value_name("FILE")
            .help("a scene as JSON (what `blr run` prints, or its \"scene\" field); --state and flags override it"),
    )
    .arg(
        Arg::new("preset")
            .long("preset")
            .value_name("ID")
            .help("start from a preset (see `blr list`); --state and flags override it"),
    )
}

/// One `--KEY VALUE` flag per scene key.
fn scene_flags(mut cmd: Command) -> Command {
    for k in KEYS {
        cmd = cmd.arg(
            Arg::new(k.name)
                .long(k.name)
                .value_name("VALUE")
                .allow_hyphen_values(true)
                .help(format!("{} ({})", k.help, k.accepted())),
        );
    }
    cmd
}

/// `blr figure`: the scene's plot after `steps` steps, with legend and scene line.
fn figure_command() -> Command {
    let fig = scene_args(
        Command::new("figure").about("Draw a scene's plot after its steps to an SVG or PNG file"),
    )
    .arg(
        Arg::new("out")
            .long("out")
            .value_name("FILE")
            .required(true)
            .help("the figure to write: FILE.svg or FILE.png"),
    )
    .arg(
        Arg::new("width")
            .long("width")
            .value_name("PX")
            .value_parser(clap::value_parser!(u32).range(16..=4096))
            .default_value("800")
            .help("width in pixels"),
    )
    .arg(
        Arg::new("height")
            .long("height")
            .value_name("PX")
            .value_parser(clap::value_parser!(u32).range(16..=4096))
            .default_value("660")
            .help("height in pixels (the legend and scene line take the bottom 54)"),
    );
    scene_flags(fig)
}

/// Runs `blr figure`: 0 written, 2 bad input, 1 the file could not be written.
fn figure(m: &ArgMatches) -> i32 {
    let out = m.get_one::<String>("out").map_or("", String::as_str);
    let ext = std::path::Path::new(out)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let png = match ext.as_deref() {
        Some("png") => true,
        Some("svg") => false,
        _ => {
            eprintln!(
                "blr: error: out: unsupported file type '{}'; accepted: FILE.svg, FILE.png",
                crate::scene::keys::shown(out)
            );
            return 2;
        }
    };
    let scene = match scene_of(m).and_then(|s| Session::new(&s).map(|_| s)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("blr: error: {e}");
            return 2;
        }
    };
    let mut page = Page::new(&scene.to_query());
    page.step(u32::try_from(scene.steps).unwrap_or(u32::MAX));
    let (w, h) = (
        *m.get_one::<u32>("width").unwrap_or(&800),
        *m.get_one::<u32>("height").unwrap_or(&660),
    );
    let svg = page.figure_svg(w, h, 1.0, "");
    let bytes = if png {
        match figure::render_png(&svg) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("blr: error: out: cannot render the PNG: {e}");
                return 1;
            }
        }
    } else {
        svg.into_bytes()
    };
    match std::fs::write(out, bytes) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("blr: error: out: cannot write '{out}': {e}");
            1
        }
    }
}

/// Reads `--scene FILE`; the error names the file.
fn scene_file(path: &str) -> Result<Scene, SceneError> {
    let fail = |message: String| SceneError {
        key: "scene".into(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| fail(format!("{path}: {e}")))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| fail(format!("{path}: not JSON: {e}")))?;
    Scene::from_json(&json).map_err(|e| SceneError {
        key: e.key,
        message: format!("{} (in {path})", e.message),
    })
}

/// Builds the scene of `blr run`: preset or scene file, then --state, then each --KEY flag.
fn scene_of(m: &ArgMatches) -> Result<Scene, SceneError> {
    if m.get_one::<String>("preset").is_some() && m.get_one::<String>("scene").is_some() {
        return Err(SceneError {
            key: "scene".into(),
            message: "give --scene or --preset, not both".into(),
        });
    }
    let mut scene = match m.get_one::<String>("preset") {
        Some(id) => {
            let p = preset::find(id).ok_or_else(|| SceneError {
                key: "preset".into(),
                message: format!(
                    "unknown preset '{id}'; accepted: {}",
                    preset::all()
                        .iter()
                        .map(|p| p.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })?;
            Scene::from_query(&p.state)?
        }
        None => match m.get_one::<String>("scene") {
            Some(path) => scene_file(path)?,
            None => Scene::default(),
        },
    };
    if let Some(q) = m.get_one::<String>("state") {
        // Only the keys the query names, on top of the preset or file.
        scene.apply_query(q)?;
    }
    for k in KEYS {
        if let Some(v) = m.get_one::<String>(k.name) {
            scene.set(k.name, v)?;
        }
    }
    // Cross-key checks (formula, Hessian choice) happen in Scene::setup, which `run` calls next.
    Ok(scene)
}

fn list() -> String {
    let mut s = String::new();
    let mut section = |title: &str, rows: Vec<(String, String)>| {
        let _ = writeln!(s, "{title}:");
        for (n, d) in rows {
            let _ = writeln!(s, "  {n:<16} {d}");
        }
    };
    // Every choice key's values, from the key table.
    for k in KEYS.iter().filter(|k| !k.choices().is_empty()) {
        section(
            k.name,
            k.choices()
                .iter()
                .map(|c| (c.name.to_string(), c.description.to_string()))
                .collect(),
        );
    }
    section(
        "reductions",
        REDUCTIONS
            .iter()
            .map(|r| {
                (
                    r.classic.name().to_string(),
                    format!(
                        "{} = family {} with {} (paper {})",
                        r.name,
                        r.family.name(),
                        r.condition,
                        r.section
                    ),
                )
            })
            .collect(),
    );
    section(
        "presets",
        preset::all()
            .iter()
            .map(|p| (p.id.clone(), p.title.clone()))
            .collect(),
    );
    section(
        "keys",
        KEYS.iter()
            .map(|k| {
                (
                    k.name.to_string(),
                    format!("{} ({}; default {})", k.help, k.accepted(), k.default),
                )
            })
            .collect(),
    );
    s
}

/// Runs the CLI on `args`; returns the exit code (0 ok, 2 bad input) after printing.
pub fn main<I: IntoIterator<Item = OsString>>(args: I) -> i32 {
    let m = match command().try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = e.print();
            return 0;
        }
        Err(e) => {
            // One line, naming what was wrong (clap's first line), plus the accepted keys.
            let first = e
                .to_string()
                .lines()
                .next()
                .unwrap_or("bad arguments")
                .to_string();
            let keys: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
            eprintln!("blr: {first}; scene keys: {}", keys.join(", "));
            return 2;
        }
    };
    match m.subcommand() {
        Some(("list", _)) => {
            print!("{}", list());
            0
        }
        Some(("figure", f)) => figure(f),
        Some(("run", r)) => match scene_of(r).and_then(|s| Session::trajectory(&s)) {
            Ok(out) => {
                if r.get_one::<String>("format").map(String::as_str) == Some("csv") {
                    print!("{}", export::csv(&out));
                } else {
                    print!("{}", export::json(&out));
                }
                0
            }
            Err(e) => {
                eprintln!("blr: error: {e}");
                2
            }
        },
        _ => 2,
    }
}
