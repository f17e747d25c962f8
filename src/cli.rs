//! The `blr` command line: `blr run` and `blr list` (docs/design.md's contract). Every scene
//! flag is generated from the scene's key table, so the CLI accepts exactly the URL's keys.

use crate::export;
use crate::figure;
use crate::landscape::LandscapeKind;
use crate::landscape::data::Dataset;
use crate::page::Page;
use crate::preset;
use crate::reduction::REDUCTIONS;
use crate::scene::{KEYS, Scene, SceneError};
use crate::session::{self, Session};
use clap::{Arg, ArgMatches, Command, error::ErrorKind};
use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::Write;
use std::sync::Arc;

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
            Arg::new("data")
                .long("data")
                .value_name("FILE.csv")
                .help("your own rows for a data landscape: logistic x1,x2,label (±1 or 0/1), ridge x1,x2,y; at most 10000 rows"),
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
    page.step(u32::try_from(scene.steps()).unwrap_or(u32::MAX));
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
    if let Some(path) = m.get_one::<String>("data") {
        scene.data = Some(Arc::new(data_file(path, scene.landscape)?));
    }
    // Cross-key checks (formula, Hessian choice) happen in Scene::setup, which `run` calls next.
    Ok(scene)
}

/// Reads `--data FILE.csv` for the scene's landscape ([`crate::scene::read_data`], as the page
/// does); the error names the file, line and column.
fn data_file(path: &str, landscape: LandscapeKind) -> Result<Dataset, SceneError> {
    let bytes = if landscape.model().is_some() {
        std::fs::read(path).map_err(|e| SceneError {
            key: "data".into(),
            message: format!("{path}: {e}"),
        })?
    } else {
        Vec::new() // refused for the landscape before any file is read
    };
    crate::scene::read_data(landscape, path, &bytes)
}

/// Runs the scene, writing each step as it is made (JSON exactly as `serde_json` prints
/// [`Output`], or CSV), so a closed pipe stops the run early.
fn write_run(scene: &Scene, csv: bool, w: &mut impl Write) -> Result<(), RunError> {
    let mut session = Session::new(scene).map_err(RunError::Scene)?;
    // The output without steps, split where the steps go: what comes before and after them.
    let frame = |s: &Session, classic: Vec<[f64; 2]>| -> (String, String) {
        let text = serde_json::to_string(&s.output(Vec::new(), classic))
            .expect("finite numbers serialise");
        let at = text.find("\"steps\":[]").expect("the steps field") + "\"steps\":[".len();
        (text[..at].to_string(), text[at..].to_string())
    };
    let progress = Progress::new(scene.steps());
    if csv {
        let header =
            export::csv_header(session.q().means().len(), session.classic_kind().is_some());
        w.write_all(header.as_bytes())?;
    } else {
        w.write_all(frame(&session, Vec::new()).0.as_bytes())?;
    }
    let mut first = true;
    // The whole classical path, for JSON's "classic" after the steps (the run keeps only
    // the recent one).
    let mut classic = Vec::new();
    let played = session.play(|run, r| -> Result<(), RunError> {
        progress.set(r.t);
        if csv {
            let point = run.classic_kind().map(|_| run.classic_point(r.t));
            w.write_all(export::csv_row(&r, point.as_ref().map(Option::as_ref)).as_bytes())?;
        } else {
            session::collect_classic(&mut classic, run, &r);
            if !first {
                w.write_all(b",")?;
            }
            first = false;
            serde_json::to_writer(&mut *w, &r).map_err(std::io::Error::from)?;
        }
        Ok(())
    });
    progress.finish();
    played?;
    if !csv {
        w.write_all(frame(&session, classic).1.as_bytes())?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(())
}

/// A progress bar on standard error for long runs (≥ 10⁴ steps) when standard error is a
/// terminal; nothing otherwise (and nothing in the wasm build, which never runs `blr`).
struct Progress {
    #[cfg(not(target_arch = "wasm32"))]
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    fn new(steps: usize) -> Progress {
        #[cfg(not(target_arch = "wasm32"))]
        {
            use std::io::IsTerminal;
            let bar = (steps >= 10_000 && std::io::stderr().is_terminal()).then(|| {
                let bar = indicatif::ProgressBar::new(steps as u64);
                bar.set_style(
                    indicatif::ProgressStyle::with_template(
                        "blr: {bar:40} {pos}/{len} steps ({per_sec}, eta {eta})",
                    )
                    .expect("a valid template"),
                );
                bar
            });
            Progress { bar }
        }
        #[cfg(target_arch = "wasm32")]
        {
            let _ = steps;
            Progress {}
        }
    }

    fn set(&self, t: usize) {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(b) = &self.bar {
            b.set_position(t as u64);
        }
        #[cfg(target_arch = "wasm32")]
        let _ = t;
    }

    fn finish(&self) {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// Why `blr run` stopped early.
enum RunError {
    /// Bad input: exit 2.
    Scene(SceneError),
    /// Standard output failed (closed pipe, full disk).
    Io(std::io::Error),
}

impl From<std::io::Error> for RunError {
    fn from(e: std::io::Error) -> Self {
        RunError::Io(e)
    }
}

/// The exit status for a failed write: a closed pipe ends quietly with 141 (128 + SIGPIPE,
/// what a shell reports for a program the signal stopped); anything else (a full disk) is one
/// line on standard error and status 1.
fn write_failed(e: &std::io::Error) -> i32 {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        141
    } else {
        eprintln!("blr: error: cannot write the output: {e}");
        1
    }
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

/// Runs the CLI on `args`; returns the exit code (0 ok, 2 bad input, 1 output failed, 141
/// closed pipe) after printing.
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
            let mut out = std::io::stdout().lock();
            match out.write_all(list().as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => 0,
                Err(e) => write_failed(&e),
            }
        }
        Some(("figure", f)) => figure(f),
        Some(("run", r)) => {
            let csv = r.get_one::<String>("format").map(String::as_str) == Some("csv");
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            match scene_of(r)
                .map_err(RunError::Scene)
                .and_then(|s| write_run(&s, csv, &mut out))
            {
                Ok(()) => 0,
                Err(RunError::Scene(e)) => {
                    eprintln!("blr: error: {e}");
                    2
                }
                Err(RunError::Io(e)) => write_failed(&e),
            }
        }
        _ => 2,
    }
}
