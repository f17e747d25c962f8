//! The page model ([`Page`], native): hostile links, the run it shows against the native
//! executor, errors as strings, buffer sizes, the basins overlay and legend against
//! `basins::basins`. The wasm bindings forward to it (tests/wasm.rs checks the forwarding).

use blr_playground::basins::{self, Method, NONE};
use blr_playground::page::Page;
use blr_playground::preset;
use blr_playground::raster::{BASIN_ALPHA, View, basin_colour};
use blr_playground::scene::Scene;
use blr_playground::session::Session;
use serde_json::Value;

fn parse(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * (1.0 + b.abs())
}

#[test]
fn hostile_hash_gives_defaults_and_notices() {
    let pg = Page::new("#<script>alert(1)</script>=1&lr=NaN&k=99999&expr=%00");
    let notices = parse(&pg.notices());
    let keys: Vec<&str> = notices
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["<script>alert(1)</script>", "lr", "k", "expr"]);
    let d = Scene::default();
    for k in ["landscape", "family", "lr", "k", "init", "steps"] {
        assert_eq!(pg.get(k), d.get(k).unwrap(), "{k}");
    }
    // Nothing of the markup survives into the link the page writes back.
    assert!(!pg.query().contains('<') && !pg.cli().contains('<'));
    let f = parse(&pg.frame());
    assert_eq!(f["t"], 0);
    assert_eq!(f["status"], "ok");
    // A formula nested too deeply falls back to the default formula, with a notice.
    let deep = format!(
        "landscape=expr&expr={}x{}",
        "(".repeat(200),
        ")".repeat(200)
    );
    let pg = Page::new(&deep);
    assert_eq!(parse(&pg.notices())[0]["key"], "expr");
    assert_eq!(pg.get("expr"), d.expr);
    // Overlong and undecodable links are reported, not run.
    let mut pg = Page::new(&"a".repeat(10_000));
    assert_eq!(parse(&pg.notices())[0]["key"], "state");
    assert_eq!(parse(&pg.load("lr=%FF"))[0]["key"], "lr");
    assert_eq!(pg.get("lr"), d.get("lr").unwrap());
}

#[test]
fn stepping_a_preset_matches_the_native_executor() {
    for id in ["newton", "gd", "mixture", "smoothing"] {
        let state = &preset::find(id).unwrap().state;
        let mut pg = Page::new(state);
        assert!(pg.step(100), "{id} diverged");
        let f = parse(&pg.frame());
        assert_eq!(f["t"], 100);
        // The same 100 steps natively (the gap is a running maximum, so the length matters).
        let mut scene = Scene::from_query(state).unwrap();
        scene.steps = Some(100);
        let out = Session::trajectory(&scene).unwrap();
        let rec = &out.steps[100];
        assert_eq!(rec.t, 100);
        let comps = f["components"].as_array().unwrap();
        assert_eq!(comps.len(), rec.components.len());
        for (c, r) in comps.iter().zip(&rec.components) {
            for i in 0..2 {
                assert!(
                    close(c["world_mean"][i].as_f64().unwrap(), r.mean[i]),
                    "{id}"
                );
                for j in 0..2 {
                    assert!(close(c["cov"][i][j].as_f64().unwrap(), r.cov[i][j]), "{id}");
                }
            }
            assert!(close(c["weight"].as_f64().unwrap(), r.weight), "{id}");
            assert_eq!(c["ellipses"][0].as_array().unwrap().len(), 128);
        }
        // The history has one entry per step, t = 0 included.
        let h = parse(&pg.history());
        assert_eq!(h["loss"].as_array().unwrap().len(), 101);
        assert_eq!(h["weights"][100].as_array().unwrap().len(), comps.len());
        if let (Some(gap), Some(native)) = (f["gap"].as_f64(), out.gap) {
            assert!(close(gap, native), "{id}: gap {gap} vs {native}");
        }
    }
    // The classical scenes say so.
    let mut pg = Page::new(&preset::find("newton").unwrap().state);
    let f = parse(&pg.frame());
    assert_eq!(f["reduces_to"], "Newton's method");
    assert_eq!(f["equations"], "full-delta");
    assert_eq!(f["classic"]["name"], "newton");
    assert!(
        f["text"]
            .as_str()
            .unwrap()
            .starts_with("q is a Gaussian with mean (-1.20, 1.00)")
    );
    // Never past the scene's steps.
    pg.step(1000);
    assert_eq!(parse(&pg.frame())["t"], 100);
}

#[test]
fn set_errors_name_the_key_and_tuning_keeps_the_run() {
    let mut pg = Page::new("landscape=quadratic&family=full&lr=0.1");
    let e = pg.set("lr", "2");
    assert!(e.starts_with("lr:"), "{e}");
    assert!(pg.set("nonsense", "1").contains("unknown key"));
    let e = pg.set("hessian", "stein");
    assert!(e.starts_with("hessian:"), "{e}");
    assert_eq!(pg.get("hessian"), "exact");
    pg.step(5);
    // A tuning key continues from t = 5; a structural key restarts.
    assert_eq!(pg.set("lr", "0.5"), "");
    assert_eq!(parse(&pg.frame())["t"], 5);
    assert_eq!(parse(&pg.history())["loss"].as_array().unwrap().len(), 6);
    assert_eq!(pg.set("landscape", "rosenbrock"), "");
    assert_eq!(parse(&pg.frame())["t"], 0);
    assert_eq!(parse(&pg.history())["loss"].as_array().unwrap().len(), 1);
    pg.set_init(f64::NAN, 3.0);
    assert_eq!(pg.get("init"), "0,0");
}

#[test]
fn heatmap_buffer_and_versions_follow_the_canvas() {
    let mut pg = Page::new("landscape=himmelblau");
    pg.resize(37, 23);
    assert_eq!(pg.landscape_rgba().len(), 37 * 23 * 4);
    assert!(!pg.contours().is_empty());
    let v = pg.landscape_version();
    // Tuning the rule leaves the pixels alone; the target shade recolours; a new landscape
    // re-evaluates.
    pg.set("lr", "0.5");
    assert_eq!(pg.landscape_version(), v);
    pg.set("target", "true");
    assert_ne!(pg.landscape_version(), v);
    let v = pg.landscape_version();
    pg.set("landscape", "rastrigin");
    assert_ne!(pg.landscape_version(), v);
    pg.resize(0, 100_000);
    assert_eq!(pg.landscape_rgba().len(), 4096 * 4);
    // The starting point moves to the clicked pixel: the canvas centre is the view's centre.
    pg.resize(200, 200);
    pg.set_init(100.0, 100.0);
    let init: Vec<f64> = pg
        .get("init")
        .split(',')
        .map(|v| v.parse().unwrap())
        .collect();
    assert!(init.iter().all(|v| v.abs() < 1e-9), "{init:?}");
    let f = parse(&pg.frame());
    assert!((f["components"][0]["mean"][0].as_f64().unwrap() - 100.0).abs() < 1e-3);
    // Density contours appear on request.
    assert!(f["density"].is_null());
    pg.set("density", "true");
    assert!(!parse(&pg.frame())["density"].as_array().unwrap().is_empty());
    let opts = parse(&Page::options());
    assert_eq!(
        opts["family"].as_array().unwrap().len(),
        blr_playground::family::FamilyKind::ALL.len()
    );
    assert_eq!(
        opts["keys"].as_array().unwrap().len(),
        blr_playground::scene::KEYS.len()
    );
    assert!(!parse(&Page::presets()).as_array().unwrap().is_empty());
}

/// The overlay's bytes (w·h·4).
fn overlay(pg: &mut Page) -> Vec<u8> {
    pg.basins_rgba().to_vec()
}

/// Checks the legend against the same basins computed directly.
fn legend_matches(legend: &Value, b: &basins::Basins) {
    assert_eq!(legend["n"], b.n);
    let entries = legend["entries"].as_array().unwrap();
    assert_eq!(entries.len(), b.minima.len() + 1);
    let total = (b.n * b.n) as f64;
    for (k, e) in entries.iter().enumerate() {
        let count = if k < b.minima.len() {
            b.counts[k]
        } else {
            b.none
        };
        assert_eq!(e["count"], count, "entry {k}");
        assert!(close(e["fraction"].as_f64().unwrap(), count as f64 / total));
        let [r, g, bl] = basin_colour(if k < b.minima.len() { k as i16 } else { NONE });
        assert_eq!(e["colour"], format!("#{r:02x}{g:02x}{bl:02x}"));
    }
    assert_eq!(entries.last().unwrap()["label"], "none");
    assert_eq!(legend["stopped"], b.stopped);
}

#[test]
fn basins_overlay_and_legend_match_the_native_computation() {
    let mut pg = Page::new("landscape=himmelblau&basins=newton");
    pg.resize(150, 100);
    // Nothing is computed until asked.
    assert!(pg.basins_stale());
    assert_eq!(pg.basins_rgba().len(), 0);
    assert!(parse(&pg.basins_legend()).is_null());
    let v0 = pg.basins_version();
    assert_eq!(pg.basins_advance(usize::MAX), 1.0);
    assert!(!pg.basins_stale());
    assert_ne!(pg.basins_version(), v0);
    assert_eq!(pg.basins_rgba().len(), 150 * 100 * 4);

    // The legend's counts and fractions are those of basins::basins on the same scene.
    let scene = Scene::from_query("landscape=himmelblau").unwrap();
    let opts = basins::Options::default();
    let b = basins::basins(&scene, Method::Newton, &opts).unwrap();
    assert_eq!((b.n, opts.steps), (128, 100));
    let legend = parse(&pg.basins_legend());
    assert_eq!(legend["method"], "newton");
    assert_eq!(legend["steps"], 100);
    legend_matches(&legend, &b);
    // Newton's method stops at Himmelblau's saddles and maximum too: 'none' is not empty.
    assert!(b.none > 0 && legend["entries"][4]["fraction"].as_f64().unwrap() > 0.0);
    assert!(legend["text"].as_str().unwrap().contains("none"));

    // The overlay: every pixel inside the domain has its cell's colour, outside is clear.
    let rgba = overlay(&mut pg);
    let view = View::fit(b.domain, 150, 100);
    let (mut inside, mut outside) = (0, 0);
    for j in 0..100 {
        for i in 0..150 {
            let px = &rgba[4 * (j * 150 + i)..4 * (j * 150 + i) + 4];
            let [x, y] = view.to_world([i as f64 + 0.5, j as f64 + 0.5]);
            let d = b.domain;
            let col = ((x - d.x[0]) / (d.x[1] - d.x[0]) * 128.0).floor();
            let row = ((d.y[1] - y) / (d.y[1] - d.y[0]) * 128.0).floor();
            if (0.0..128.0).contains(&col) && (0.0..128.0).contains(&row) {
                let label = b.labels[row as usize * 128 + col as usize];
                assert_eq!(px[..3], basin_colour(label), "pixel ({i}, {j})");
                assert_eq!(px[3], BASIN_ALPHA);
                inside += 1;
            } else {
                assert_eq!(px, [0, 0, 0, 0], "pixel ({i}, {j})");
                outside += 1;
            }
        }
    }
    // A 150×100 canvas shows the square domain 100 pixels wide with clear bands beside it.
    assert_eq!((inside, outside), (100 * 100, 50 * 100));

    // Keys Newton does not read keep the picture; a resize re-rasterises it without
    // recomputing; another method makes it stale; off clears it.
    let v = pg.basins_version();
    assert_eq!(pg.set("lr", "0.5"), "");
    assert!(!pg.basins_stale());
    assert_eq!(pg.basins_version(), v);
    pg.resize(64, 64);
    assert!(!pg.basins_stale());
    assert_ne!(pg.basins_version(), v);
    assert_eq!(pg.basins_rgba().len(), 64 * 64 * 4);
    assert_eq!(pg.set("basins", "gd"), "");
    assert!(pg.basins_stale());
    assert_eq!(pg.basins_rgba().len(), 0);
    assert!(pg.set("basins", "sideways").starts_with("basins:"));
    assert_eq!(pg.set("basins", "off"), "");
    assert!(!pg.basins_stale());
    assert!(parse(&pg.basins_legend()).is_null());
    assert_eq!(pg.get("basins"), "off");
    assert_eq!(pg.query(), "lr=0.5");
}

#[test]
fn rule_basins_use_the_scenes_tau_and_rho() {
    // ρ = τ = 1 on a quadratic is Newton's step: every start is there after one step and
    // then frozen, which keeps this cheap.
    let q = "landscape=quadratic&cond=100&lr=1&cov0=0.05&basins=rule";
    let mut pg = Page::new(q);
    pg.resize(40, 40);
    assert_eq!(pg.basins_advance(usize::MAX), 1.0);
    let scene = Scene::from_query(q).unwrap();
    let b = basins::basins(&scene, Method::Rule, &basins::Options::default()).unwrap();
    let legend = parse(&pg.basins_legend());
    assert_eq!(legend["method"], "rule");
    legend_matches(&legend, &b);
    // τ (and the estimator) change the rule's picture; the mixture-weight rate does not.
    assert_eq!(pg.set("lr_weights", "0.5"), "");
    assert!(!pg.basins_stale());
    assert_eq!(pg.set("tau", "0.5"), "");
    assert!(pg.basins_stale());
    assert_eq!(pg.set("tau", "1"), "");
    assert!(!pg.basins_stale());
    assert_eq!(pg.set("estimator", "unscented"), "");
    assert!(pg.basins_stale());
    // Keys the scene does not use leave the picture as it is: k outside mixtures.
    assert_eq!(pg.basins_advance(usize::MAX), 1.0);
    assert_eq!(pg.set("k", "3"), "");
    assert!(!pg.basins_stale());
    let opts = parse(&Page::options());
    let names: Vec<&str> = opts["basins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["off", "gd", "newton", "rule"]);
}

#[test]
fn a_mean_field_q_on_a_gaussian_landscape_shows_the_exact_target() {
    // The diagonal family on the quadratic: the target's ellipses are drawn (1σ and 2σ, closed
    // polylines); other families and non-Gaussian landscapes draw none.
    let mut pg =
        Page::new("landscape=quadratic&family=diagonal&schedule=sequential&lr=1&improved=false");
    pg.resize(200, 200);
    let f = parse(&pg.frame());
    // The equations panel shows the one-coordinate-at-a-time update.
    assert_eq!(f["equations"], "diagonal-sequential");
    let e = f["target_ellipses"].as_array().unwrap();
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].as_array().unwrap().len(), 128);
    // The 1σ ellipse of N(0, τA⁻¹) is centred on the minimum: the canvas centre.
    let xs: Vec<f64> = e[0]
        .as_array()
        .unwrap()
        .iter()
        .step_by(2)
        .map(|v| v.as_f64().unwrap())
        .collect();
    let mid = xs.iter().sum::<f64>() / xs.len() as f64;
    assert!((mid - 100.0).abs() < 1.0, "{mid}");
    for q in [
        "landscape=quadratic&family=full",
        "landscape=himmelblau&family=diagonal",
    ] {
        assert!(
            parse(&Page::new(q).frame())["target_ellipses"].is_null(),
            "{q}"
        );
    }
}

#[test]
fn a_preset_link_is_named_at_once() {
    for p in blr_playground::preset::all() {
        // The state as written in the file, and in another key order: the same preset.
        assert_eq!(Page::new(&p.state).preset_id(), p.id);
        let mut keys: Vec<&str> = p.state.split('&').collect();
        keys.reverse();
        assert_eq!(Page::new(&keys.join("&")).preset_id(), p.id);
    }
    let mut pg = Page::new(&blr_playground::preset::find("newton").unwrap().state);
    assert_eq!(pg.set("lr", "0.5"), "");
    assert_eq!(pg.preset_id(), "", "a modified preset is no preset");
    assert_eq!(Page::new("").preset_id(), "");
}

#[test]
fn the_tour_is_exported_with_whole_scenes() {
    let tour = parse(&Page::tour());
    let chapters = tour.as_array().unwrap();
    assert_eq!(chapters[0]["id"], "gd");
    assert_eq!(chapters[1]["id"], "newton");
    for c in chapters {
        for s in c["steps"].as_array().unwrap() {
            let state = s["state"].as_str().unwrap();
            assert!(!state.is_empty(), "{}", c["id"]);
            // The page loads it as it is: it parses strictly and is canonical.
            assert_eq!(Scene::from_query(state).unwrap().to_query(), state);
            assert!(!s["text"].as_str().unwrap().is_empty());
        }
    }
    // A step's keys go on top of its chapter's scene.
    let gd = &chapters[0]["steps"];
    assert!(gd[2]["state"].as_str().unwrap().contains("lr=0.21"));
    assert!(gd[0]["state"].as_str().unwrap().contains("lr=0.15"));
}

#[test]
fn the_picture_can_be_read() {
    let mut pg = Page::new("landscape=quadratic");
    pg.resize(200, 200);
    // Axes: round coordinates at the pixels the view puts them.
    let axes = parse(&pg.axes());
    let xs = axes["x"].as_array().unwrap();
    assert!(xs.len() >= 4, "{axes}");
    let zero = xs.iter().find(|t| t["label"] == "0").expect("a tick at 0");
    let px = zero["px"].as_f64().unwrap();
    let probe = parse(&pg.probe(px, 100.0));
    assert!(probe["x"].as_f64().unwrap().abs() < 1e-9);
    // The readout's loss is the landscape's value there.
    let p = parse(&pg.probe(37.0, 81.0));
    let (x, y) = (p["x"].as_f64().unwrap(), p["y"].as_f64().unwrap());
    let scene = Scene::from_query("landscape=quadratic").unwrap();
    let l = blr_playground::landscape::Landscape::new(scene.landscape, &scene.params()).unwrap();
    let want = l.value(blr_playground::linalg::Vec2::new(x, y));
    assert!(close(p["loss"].as_f64().unwrap(), want));
    assert!(p["text"].as_str().unwrap().starts_with("x = "));
    // The colour bar: low loss is dark (viridis index 0) and the loss grows along it.
    let bar = parse(&pg.colour_bar());
    assert_eq!(bar["stops"][0]["colour"], "#440154");
    let ticks = bar["ticks"].as_array().unwrap();
    assert_eq!(ticks[0]["t"], 0.0);
    assert!(bar["loss_ticks"].is_null());
    assert!(bar["title"].as_str().unwrap().contains("loss"));
    // The target's bar labels its own values and the loss at the same colours.
    assert_eq!(pg.set("target", "true"), "");
    let bar = parse(&pg.colour_bar());
    assert_eq!(bar["ticks"][4]["label"], "1");
    assert_eq!(bar["loss_ticks"][0]["label"], "∞");
}

#[test]
fn history_and_paths_stay_bounded_over_long_runs() {
    // K = 16 and 10⁵ steps: the history and the whole path are thinned, never grown.
    let mut pg = Page::new("landscape=himmelblau&family=mixture&k=16&steps=1000000&lr=0.05");
    let mut sizes = Vec::new();
    for _ in 0..4 {
        pg.step(25_000);
        let (h, f) = (parse(&pg.history()), parse(&pg.frame()));
        let t: Vec<u64> = h["t"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        assert!(t.len() <= 1025, "{}", t.len());
        assert_eq!(t[0], 0);
        assert_eq!(
            *t.last().unwrap(),
            f["t"].as_u64().unwrap(),
            "ends at the current step"
        );
        assert_eq!(h["loss"].as_array().unwrap().len(), t.len());
        assert_eq!(h["weights"].as_array().unwrap().len(), t.len());
        let stride = h["stride"].as_u64().unwrap();
        assert!(t.windows(2).all(|w| w[1] - w[0] <= stride));
        let trail = f["trail"].as_array().unwrap();
        assert_eq!(trail.len(), 16);
        for tr in trail {
            // ≤ 256 thinned points + 200 recent ones, as x, y pairs.
            assert!(tr.as_array().unwrap().len() <= 2 * (256 + 200));
        }
        sizes.push(pg.history().len() + pg.frame().len());
    }
    assert_eq!(parse(&pg.frame())["t"], 100_000);
    // Flat: the JSON handed out each frame does not grow with t.
    assert!(sizes[3] < sizes[0] * 3 / 2, "{sizes:?}");
}

#[test]
fn expensive_links_are_bounded_per_step_and_basins_within_budget() {
    // One step of a K = 16 Monte Carlo mixture with 4,096 samples would block a frame for
    // ~100 ms: refused, naming samples; the link falls back to the default samples.
    let pg = Page::new("family=mixture&k=16&estimator=mc&samples=4096&speed=1000&steps=100000");
    assert_eq!(pg.get("samples"), "16");
    assert!(pg.notices().contains("samples"), "{}", pg.notices());
    let mut pg = Page::new("family=mixture&k=16&estimator=mc");
    let e = pg.set("samples", "257");
    assert!(e.starts_with("samples: k²·samples = 16²·257"), "{e}");
    assert_eq!(pg.set("samples", "256"), "");
    // Basins with the most expensive estimator: a 4×4 grid, 4²·100·4096 ≤ 8·10⁶ evaluations.
    let mut pg = Page::new("basins=rule&estimator=mc&samples=4096");
    assert_eq!(pg.basins_advance(usize::MAX), 1.0);
    assert_eq!(parse(&pg.basins_legend())["n"], 4);
    // A data landscape's evaluation sums over its rows: mixture1d's 80 rows count 80 times,
    // 16²·100·80 ≤ 8·10⁶ < 32²·100·80 (it took 14 s in the browser at 128×128); logistic's 60
    // rows give 32×32.
    for (q, n) in [
        ("landscape=mixture1d&basins=rule", 16),
        ("landscape=logistic&basins=newton", 32),
    ] {
        let mut pg = Page::new(q);
        assert_eq!(pg.basins_advance(usize::MAX), 1.0);
        assert_eq!(parse(&pg.basins_legend())["n"], n, "{q}");
    }
}

#[test]
fn basins_are_computed_a_piece_at_a_time_and_cancelled_with_the_key() {
    // The most expensive picture the page accepts (4×4 starts, 100 steps of 4,096 samples):
    // in pieces of 50,000 evaluations (a few milliseconds in the browser), the share done
    // grows, nothing is shown until the end, and the picture is the one-shot computation's.
    let q = "basins=rule&estimator=mc&samples=4096";
    let mut pg = Page::new(q);
    pg.resize(32, 32);
    let (mut progress, mut calls) = (0.0, 0);
    while progress < 1.0 {
        assert!(pg.basins_stale());
        assert!(parse(&pg.basins_legend()).is_null());
        let p = pg.basins_advance(50_000);
        assert!(p >= progress, "{progress} → {p}");
        (progress, calls) = (p, calls + 1);
    }
    // 4²·100·4096 = 6.6·10⁶ evaluations, at most one start's step (4,096) over each piece.
    assert!((120..=140).contains(&calls), "{calls} calls");
    assert!(!pg.basins_stale());
    let b = basins::basins(
        &Scene::from_query(q).unwrap(),
        Method::Rule,
        &basins::Options::within_budget(&Scene::from_query(q).unwrap(), Method::Rule, 8_000_000, 4),
    )
    .unwrap();
    legend_matches(&parse(&pg.basins_legend()), &b);
    // Cancelled: another method half-way, then off; the work is dropped, nothing is shown.
    assert_eq!(pg.set("basins", "newton"), "");
    assert!(pg.basins_advance(1000) < 1.0);
    assert_eq!(pg.set("basins", "off"), "");
    assert_eq!(pg.basins_advance(1000), 1.0);
    assert!(!pg.basins_stale());
    assert_eq!(pg.basins_rgba().len(), 0);
    // Back to newton: a fresh computation, from the start.
    assert_eq!(pg.set("basins", "newton"), "");
    assert!(pg.basins_advance(1000) < 0.1);
}

#[test]
fn the_model_keys_make_a_basins_picture_stale() {
    // The ridge model's noise sd and prior precision change the landscape itself, so every
    // method's picture must be computed again (they are not in the problem's hand-picked keys).
    let mut pg = Page::new("landscape=ridge&basins=newton");
    pg.resize(20, 20);
    assert_eq!(pg.basins_advance(usize::MAX), 1.0);
    assert!(!pg.basins_stale());
    assert_eq!(pg.set("speed", "10"), "");
    assert_eq!(pg.set("init", "0.5,0.5"), "");
    assert!(
        !pg.basins_stale(),
        "playback and the start do not change the picture"
    );
    assert_eq!(pg.set("sigma", "0.8"), "");
    assert!(pg.basins_stale(), "sigma changes the landscape");
    assert_eq!(pg.basins_advance(usize::MAX), 1.0);
    assert_eq!(pg.set("prior", "3"), "");
    assert!(pg.basins_stale(), "prior changes the landscape");
}

/// The world point under a canvas pixel, as the page reads it.
fn world_at(pg: &Page, px: f64, py: f64) -> [f64; 2] {
    let p = parse(&pg.probe(px, py));
    [p["x"].as_f64().unwrap(), p["y"].as_f64().unwrap()]
}

#[test]
fn zoom_keeps_the_point_under_the_pointer_and_pan_follows_it() {
    let mut pg = Page::new("landscape=rosenbrock&steps=50");
    pg.resize(400, 300);
    assert!(pg.step(7));
    let version = pg.landscape_version();
    let side = |pg: &Page| world_at(pg, 400.0, 0.0)[0] - world_at(pg, 0.0, 0.0)[0];
    let (before, w0) = (world_at(&pg, 100.0, 80.0), side(&pg));

    // Zoom in by 2 about (100, 80): that world point stays put, the window halves, the run
    // goes on (a tuning key), the heatmap is evaluated anew and the link carries the window.
    assert_eq!(pg.zoom(100.0, 80.0, 0.5), "");
    let after = world_at(&pg, 100.0, 80.0);
    let w1 = side(&pg);
    // The window is written with 5 significant digits of its side: a shift below 1e-4 of it.
    for i in 0..2 {
        assert!(
            (after[i] - before[i]).abs() <= 1e-4 * w1,
            "{after:?} vs {before:?}"
        );
    }
    assert!((w1 / w0 - 0.5).abs() < 1e-4, "side {w0} → {w1}");
    assert_eq!(parse(&pg.frame())["t"], 7);
    assert_ne!(pg.landscape_version(), version);
    assert!(pg.query().contains("view="), "{}", pg.query());

    // Pan by (40, −20) pixels: what was under (160, 170) is now under (200, 150).
    let was = world_at(&pg, 160.0, 170.0);
    assert_eq!(pg.pan(40.0, -20.0), "");
    let now = world_at(&pg, 200.0, 150.0);
    for i in 0..2 {
        assert!((now[i] - was[i]).abs() <= 1e-4 * w1, "{now:?} vs {was:?}");
    }
    assert!((side(&pg) / w1 - 1.0).abs() < 1e-4, "a pan keeps the scale");

    // Zooming out and back about the same pixel returns to the same window.
    let v = pg.get("view");
    assert_eq!(pg.zoom(50.0, 250.0, 2.0), "");
    assert_eq!(pg.zoom(50.0, 250.0, 0.5), "");
    let back: Vec<f64> = pg
        .get("view")
        .split(',')
        .map(|s| s.parse().unwrap())
        .collect();
    let want: Vec<f64> = v.split(',').map(|s| s.parse().unwrap()).collect();
    for (a, b) in back.iter().zip(&want) {
        assert!((a - b).abs() <= 1e-4 * w1, "{back:?} vs {want:?}");
    }

    // Errors name the key and leave the view as it was; reset goes back to auto.
    assert!(pg.zoom(10.0, 10.0, f64::NAN).starts_with("view: "));
    assert!(pg.zoom(10.0, 10.0, 0.0).starts_with("view: "));
    assert!(pg.pan(f64::INFINITY, 0.0).starts_with("view: "));
    assert!(
        pg.zoom(10.0, 10.0, 1e-9)
            .starts_with("view: cannot zoom in further")
    );
    assert!(
        pg.zoom(10.0, 10.0, 1e9).starts_with("view: "),
        "beyond ±10⁶"
    );
    assert_eq!(pg.get("view"), v);
    assert_eq!(pg.reset_view(), "");
    assert_eq!(pg.get("view"), "auto");
    assert!(!pg.query().contains("view="));
}

#[test]
fn the_mixture_data_view_shows_the_rows_the_fit_and_the_responsibilities() {
    assert_eq!(Page::new("landscape=ridge").mixture_view(), "null");
    let mut pg = Page::new("#landscape=mixture1d&family=full&lr=1&init=2.8,2.7&cov0=1");
    pg.step(10);
    let v = parse(&pg.mixture_view());
    let s = Session::new(
        &Scene::from_query("landscape=mixture1d&family=full&lr=1&init=2.8,2.7&cov0=1").unwrap(),
    );
    let mut s = s.unwrap();
    for _ in 0..10 {
        assert!(s.step());
    }
    let m = s.q().comps[0].mean;
    let r = s.responsibilities().unwrap();
    // The bins hold every row once; each bar's first part is the sum of its rows' q(z = 1).
    let bins = v["bins"].as_array().unwrap();
    let count: u64 = bins.iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(count, 80);
    let first: f64 = bins.iter().map(|b| b["first"].as_f64().unwrap()).sum();
    assert!(close(first, r.iter().sum::<f64>()));
    for b in bins {
        let (c, f) = (b["count"].as_f64().unwrap(), b["first"].as_f64().unwrap());
        assert!((0.0..=c + 1e-12).contains(&f));
    }
    // The curves peak at q's means with height N·w·½/√(2πσ²); their sum is `total`.
    let w = bins[0]["x1"].as_f64().unwrap() - bins[0]["x0"].as_f64().unwrap();
    let peak = 80.0 * w * 0.5 / (std::f64::consts::TAU * 0.25).sqrt();
    for k in 0..2 {
        // (serde_json's float parsing may differ from the printed value in the last bit.)
        assert!(close(v["means"][k].as_f64().unwrap(), m[k]));
        let c = v["curves"][k].as_array().unwrap();
        let top = c
            .iter()
            .max_by(|a, b| a[1].as_f64().unwrap().total_cmp(&b[1].as_f64().unwrap()))
            .unwrap();
        assert!((top[0].as_f64().unwrap() - m[k]).abs() < 0.05);
        assert!(top[1].as_f64().unwrap() <= peak * (1.0 + 1e-12));
    }
    let total = v["total"].as_array().unwrap();
    for (i, p) in total.iter().enumerate() {
        let sum = v["curves"][0][i][1].as_f64().unwrap() + v["curves"][1][i][1].as_f64().unwrap();
        assert!(close(p[1].as_f64().unwrap(), sum));
    }
    // One mean on each cluster: 40 rows assigned to each component, said in words.
    assert_eq!(v["assigned"], serde_json::json!([40, 40]));
    assert!(
        v["text"]
            .as_str()
            .unwrap()
            .contains("40 rows are assigned to component 1")
    );
}

#[test]
fn a_bernoulli_frame_draws_the_square_its_corners_and_the_lambda_twin() {
    let mut pg = Page::new("family=bernoulli&estimator=exact&scale=2&init=0.5,-1&steps=30");
    pg.resize(300, 300);
    let f = parse(&pg.frame());
    assert_eq!(f["equations"], "bernoulli-exact");
    let b = &f["bernoulli"];
    assert_eq!(b["scale"], 2.0);
    // The square's outline is four pixel points; the corners carry their loss and q(w).
    assert_eq!(b["square"].as_array().unwrap().len(), 8);
    let corners = b["corners"].as_array().unwrap();
    assert_eq!(corners.len(), 4);
    let total: f64 = corners.iter().map(|c| c["prob"].as_f64().unwrap()).sum();
    assert!((total - 1.0).abs() < 1e-12);
    assert_eq!(corners.iter().filter(|c| c["best"] == true).count(), 1);
    let himmelblau = |x: f64, y: f64| (x * x + y - 11.0).powi(2) + (x + y * y - 7.0).powi(2);
    for c in corners {
        let w = [c["w"][0].as_f64().unwrap(), c["w"][1].as_f64().unwrap()];
        assert!((c["loss"].as_f64().unwrap() - himmelblau(w[0], w[1])).abs() < 1e-9);
        assert!(c["label"].as_str().unwrap().starts_with("ℓ̄ "));
    }
    // No ellipse for binary weights; the mean is drawn, and q's corner probabilities at t = 0
    // are those of the mean (0.5, −1) = 2·tanh λ.
    assert!(
        f["components"][0]["ellipses"][0]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        f["components"][0]["world_mean"],
        serde_json::json!([0.5, -1.0])
    );
    // The twin panel: λ and μ = tanh λ, one point per step so far, in panel units.
    assert!(pg.step(10));
    let f = parse(&pg.frame());
    let twin = &f["bernoulli"]["twin"];
    let (lp, mp) = (
        twin["lambda_path"].as_array().unwrap(),
        twin["mu_path"].as_array().unwrap(),
    );
    assert_eq!((lp.len(), mp.len()), (22, 22));
    let unit = |v: &serde_json::Value| (0.0..=1.0).contains(&v.as_f64().unwrap());
    assert!(lp.iter().all(unit) && mp.iter().all(unit));
    let lam = f["bernoulli"]["lambda"][0].as_f64().unwrap();
    let lbox = twin["lambda_box"].as_f64().unwrap();
    let u = lp[20].as_f64().unwrap();
    assert!(
        (u - (0.5 + 0.5 * lam / lbox)).abs() < 1e-6,
        "{u} vs λ {lam}"
    );
    assert!(twin["mu_label"].as_str().unwrap().starts_with("μ = tanh λ"));
    // A Gaussian frame has no Bernoulli part.
    let g = Page::new("");
    assert!(parse(&g.frame())["bernoulli"].is_null());
}

/// The dropout family on the page: its own equation block, no improved-rule block, the minima
/// of ℓ̄ and of D marked (D's where ∇D = 0), and `surface=dropout` re-evaluates the heatmap and
/// names D on the colour bar.
/// The twin panel shows the whole run, not only its recent steps: it starts at λ₀ and ends at
/// the current λ however long the run, thinned like the means' path (≤ 256 + 200 points), and
/// going back ends it at λ of the step gone to.
#[test]
fn the_lambda_twin_shows_the_whole_run_thinned() {
    let mut pg =
        Page::new("family=bernoulli&estimator=exact&scale=2&init=0.5,-1&lr=0.01&steps=5000");
    pg.resize(300, 300);
    let at = |f: &Value, i: usize| {
        let p = f["bernoulli"]["twin"]["lambda_path"].as_array().unwrap();
        let n = p.len() / 2;
        let i = i.min(n - 1);
        (
            p[2 * i].as_f64().unwrap(),
            p[2 * i + 1].as_f64().unwrap(),
            n,
        )
    };
    let unit = |f: &Value| {
        let (b, l) = (
            f["bernoulli"]["twin"]["lambda_box"].as_f64().unwrap(),
            &f["bernoulli"]["lambda"],
        );
        let u = |i: usize| 0.5 + 0.5 * l[i].as_f64().unwrap() / b;
        (u(0), u(1))
    };
    let f0 = parse(&pg.frame());
    let lambda0 = f0["bernoulli"]["lambda"].clone();
    assert!(pg.step(3000));
    let f = parse(&pg.frame());
    let b = f["bernoulli"]["twin"]["lambda_box"].as_f64().unwrap();
    let first = at(&f, 0);
    let u0 = |i: usize| 0.5 + 0.5 * lambda0[i].as_f64().unwrap() / b;
    assert!(
        (first.0 - u0(0)).abs() < 1e-6 && (first.1 - u0(1)).abs() < 1e-6,
        "starts at λ₀: {first:?}"
    );
    assert!(first.2 > 200 && first.2 <= 256 + 200, "{} points", first.2);
    let end = at(&f, usize::MAX);
    let now = unit(&f);
    assert!((end.0 - now.0).abs() < 1e-6 && (end.1 - now.1).abs() < 1e-6);
    // Back to step 1234: the path ends there, at that step's λ, and still starts at λ₀.
    assert!(pg.seek(1234, 5000));
    let f = parse(&pg.frame());
    assert_eq!(f["t"], 1234);
    let (end, now) = (at(&f, usize::MAX), unit(&f));
    assert!((end.0 - now.0).abs() < 1e-6 && (end.1 - now.1).abs() < 1e-6);
    let b = f["bernoulli"]["twin"]["lambda_box"].as_f64().unwrap();
    let first = at(&f, 0);
    assert!((first.0 - (0.5 + 0.5 * lambda0[0].as_f64().unwrap() / b)).abs() < 1e-6);
}

#[test]
fn the_dropout_family_marks_both_minima_and_can_show_its_objective() {
    use blr_playground::family::dropout_objective;
    use blr_playground::linalg::Vec2;
    let mut pg =
        Page::new("landscape=rosenbrock&family=dropout&estimator=exact&keep=0.8&init=-1,1.5");
    pg.resize(300, 300);
    let f = parse(&pg.frame());
    assert_eq!(f["equations"], "dropout");
    assert_eq!(f["improved"], false);
    assert_eq!(
        f["reduces_to"],
        "gradient descent on the dropout objective D"
    );
    let markers = f["markers"].as_array().unwrap();
    assert_eq!(markers.len(), 2);
    assert_eq!(markers[0]["kind"], "min-loss");
    assert_eq!(markers[0]["label"], "minimum of ℓ̄");
    let at = |m: &Value| {
        Vec2::new(
            m["world"][0].as_f64().unwrap(),
            m["world"][1].as_f64().unwrap(),
        )
    };
    assert!((at(&markers[0]) - Vec2::new(1.0, 1.0)).norm() < 1e-12);
    assert_eq!(markers[1]["kind"], "min-dropout");
    assert_eq!(markers[1]["label"], "minimum of D (p = 0.8)");
    let l = Session::new(&Scene::from_query("landscape=rosenbrock").unwrap())
        .unwrap()
        .landscape()
        .clone();
    let d = at(&markers[1]);
    let e = dropout_objective(&l, 0.8, d);
    assert!(e.grad.norm() < 1e-8, "∇D = {:?} at {d:?}", e.grad);
    assert!(
        (d - Vec2::new(1.0, 1.0)).norm() > 0.5,
        "D's minimum moved: {d:?}"
    );
    // Markers are in canvas pixels of the view.
    let v = View::of_window(None, &l, 300, 300);
    let px = v.to_px([d[0], d[1]]);
    assert!((markers[1]["px"][0].as_f64().unwrap() - px[0]).abs() < 1e-3);
    // The heatmap shows D on request.
    let version = pg.landscape_version();
    assert!(
        parse(&pg.colour_bar())["title"]
            .as_str()
            .unwrap()
            .starts_with("loss")
    );
    assert_eq!(pg.set("surface", "dropout"), "");
    assert_ne!(pg.landscape_version(), version);
    let title = parse(&pg.colour_bar())["title"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(title.starts_with("dropout objective D, p = 0.8"), "{title}");
    // keep tunes the run (q and t stay) and moves D's marker; at p = 1 the two minima meet.
    assert!(pg.step(3));
    assert_eq!(pg.set("keep", "1"), "");
    let f = parse(&pg.frame());
    assert_eq!(f["t"], 3);
    let m = f["markers"].as_array().unwrap();
    assert!((at(&m[1]) - at(&m[0])).norm() < 1e-6, "{m:?}");
    // Other families mark nothing.
    pg.load("landscape=rosenbrock");
    assert!(parse(&pg.frame())["markers"].as_array().unwrap().is_empty());
}

const ROWS: &str = "x1,x2,label\n1,2,1\n-1,0.5,0\n2,-1,-1\n";

/// The user's rows on the page: read as `blr run --data` reads them, drawn in the data panel
/// (points by label, the boundary of q's mean), announced wherever the link is copied, and a
/// malformed file leaves the previous rows in place with the CLI's message.
#[test]
fn own_rows_load_draw_and_survive_a_bad_file() {
    let mut pg = Page::new("landscape=logistic&family=full&batch=2");
    assert!(parse(&pg.data_notice()).is_null());
    let panel = parse(&pg.data_panel(300, 300));
    assert_eq!(panel["title"], "Data: 60 rows, the shipped rows");
    assert_eq!(parse(&pg.frame())["minibatch"], serde_json::json!([60, 2]));
    assert_eq!(pg.load_data("rows.csv", ROWS.as_bytes()), "");
    let notice = parse(&pg.data_notice());
    let checksum = notice["checksum"].as_str().unwrap().to_string();
    assert!(checksum.starts_with("fnv1a64:"));
    assert_eq!(
        notice["text"],
        format!(
            "this scene uses your own data (3 rows, checksum {checksum}); the link does not carry it"
        )
    );
    assert!(pg.cli().ends_with(" --data 'rows.csv'"), "{}", pg.cli());
    assert_eq!(parse(&pg.frame())["minibatch"], serde_json::json!([3, 2]));
    let panel = parse(&pg.data_panel(300, 300));
    assert_eq!(panel["title"], "Data: 3 rows, your rows (rows.csv)");
    let groups = panel["groups"].as_array().unwrap();
    assert_eq!(groups[0]["name"], "label −1");
    assert_eq!(groups[0]["points"].as_array().unwrap().len(), 4);
    assert_eq!(groups[1]["points"].as_array().unwrap().len(), 2);
    // At t = 0 the mean is the origin: no boundary. After steps it crosses the panel.
    assert!(panel["lines"][0]["path"].as_array().unwrap().is_empty());
    assert!(pg.step(20));
    let panel = parse(&pg.data_panel(300, 300));
    let path = panel["lines"][0]["path"].as_array().unwrap();
    assert_eq!(path.len(), 4, "{panel}");
    let plot: Vec<f64> = panel["plot"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    for (i, v) in path.iter().enumerate() {
        let v = v.as_f64().unwrap();
        let (lo, hi) = if i % 2 == 0 {
            (plot[0], plot[2])
        } else {
            (plot[1], plot[3])
        };
        assert!(
            v >= lo - 1e-3 && v <= hi + 1e-3,
            "boundary inside the plot: {v} in [{lo}, {hi}]"
        );
    }
    // The same run as the CLI would give: the trajectory carries the rows.
    let traj = parse(&pg.trajectory_json());
    assert_eq!(traj["scene"]["data"]["checksum"], checksum.as_str());
    // A malformed file: the CLI's message, the previous rows stay.
    let bad = "x1,x2,label\n1,2,1\n3,abc,1\n";
    assert_eq!(
        pg.load_data("bad.csv", bad.as_bytes()),
        "data: bad.csv: line 3, column x2: 'abc' is not a finite number"
    );
    assert_eq!(parse(&pg.data_notice())["checksum"], checksum.as_str());
    assert_eq!(
        pg.load_data("bin.csv", b"x1,x2,label\n\xff,1,1\n"),
        "data: bin.csv: line 2: not UTF-8 text"
    );
    // Rows for another model, or a landscape without rows, are refused by name.
    pg.clear_data();
    assert!(parse(&pg.data_notice()).is_null());
    assert!(!pg.cli().contains("--data"));
    let mut other = Page::new("landscape=himmelblau");
    assert!(parse(&other.data_panel(300, 300)).is_null());
    assert!(
        other
            .load_data("rows.csv", ROWS.as_bytes())
            .starts_with("data: landscape himmelblau takes no data")
    );
    // Ridge: observed y against the fit, with the line of a perfect fit.
    let mut ridge = Page::new("landscape=ridge");
    assert_eq!(ridge.load_data("r.csv", b"x1,x2,y\n1,0,1\n0,1,2\n"), "");
    ridge.step(5);
    let panel = parse(&ridge.data_panel(200, 150));
    assert_eq!(panel["x"]["label"], "fit mᵀx");
    assert_eq!(panel["y"]["label"], "observed y");
    assert_eq!(panel["groups"][0]["points"].as_array().unwrap().len(), 4);
    assert_eq!(panel["lines"][0]["kind"], "fit");
    assert_eq!(panel["lines"][0]["path"].as_array().unwrap().len(), 4);
}
