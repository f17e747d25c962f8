//! The wasm bindings (wasm-bindgen-test under Node): `Playground` (the first-paint module) and
//! `Replay` (the export module) forward to the native page model (tests/page.rs tests that
//! model in depth); here, that the forwarding and the buffers handed out as (address, length)
//! in wasm memory work inside wasm.
//! Run: CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!      cargo test --target wasm32-unknown-unknown --test wasm
#![cfg(target_arch = "wasm32")]

use blr_playground::page::Page;
use blr_playground::scene::Scene;
use blr_playground::web::Playground;
use blr_playground::web_export::Replay;
use serde_json::Value;
use wasm_bindgen_test::wasm_bindgen_test;

fn parse(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

#[wasm_bindgen_test]
fn the_bindings_forward_to_the_page_model() {
    let hostile = "#<script>alert(1)</script>=1&lr=NaN&k=99999&expr=%00&basins=newton";
    let mut pg = Playground::new(hostile);
    let mut page = Page::new(hostile);
    assert_eq!(pg.notices(), page.notices());
    assert_eq!(pg.get("lr"), Scene::default().get("lr").unwrap());
    assert!(pg.step(7));
    assert!(page.step(7));
    assert_eq!(pg.frame(), page.frame());
    assert_eq!(pg.history(), page.history());
    assert_eq!(pg.query(), page.query());
    assert_eq!(pg.cli(), page.cli());
    assert_eq!(pg.relevant(), page.relevant());
    assert_eq!(Playground::options(), Page::options());
    assert_eq!(Playground::presets(), Page::presets());
    assert!(pg.set("lr", "2").starts_with("lr:"));

    // The heatmap and basins buffers live in wasm memory as (address, length).
    pg.resize(37, 23);
    page.resize(37, 23);
    assert_eq!(pg.landscape_len(), 37 * 23 * 4);
    let ptr = pg.landscape_ptr();
    // SAFETY: the Playground hands out its own buffer of `len` bytes, alive until the next
    // &mut call; read at once.
    let heat = unsafe { std::slice::from_raw_parts(ptr, 37 * 23 * 4) }.to_vec();
    assert_eq!(heat, page.landscape_rgba());
    assert_eq!(pg.contours(), page.contours());
    assert!(pg.basins_stale());
    assert_eq!(pg.basins_len(), 0);
    pg.resize(16, 16);
    // A piece of the work at a time, as the page spends it.
    let mut progress = 0.0;
    while progress < 1.0 {
        assert_eq!(pg.basins_len(), 0);
        progress = pg.basins_advance(1000);
    }
    assert_eq!(pg.basins_len(), 16 * 16 * 4);
    assert_ne!(pg.basins_version(), 0);
    assert!(!parse(&pg.basins_legend()).is_null());
}

#[wasm_bindgen_test]
fn going_back_and_the_keyboard_start_forward_to_the_page_model() {
    let q = "estimator=mc&samples=8&steps=50";
    let (mut pg, mut native) = (Playground::new(q), Page::new(q));
    pg.step(50);
    native.step(50);
    assert!(pg.seek(20, 1000) && native.seek(20, 1000));
    assert_eq!(pg.frame(), native.frame());
    assert_eq!(parse(&pg.frame())["t"], 20);
    assert_eq!(pg.nudge(1, 0), native.nudge(1, 0));
    assert_eq!(pg.query(), native.query());
}

#[wasm_bindgen_test]
fn own_rows_are_forwarded() {
    let rows = b"x1,x2,label\n1,2,1\n-1,0.5,0\n";
    let mut pg = Playground::new("landscape=logistic");
    let mut page = Page::new("landscape=logistic");
    assert_eq!(pg.load_data("rows.csv", rows), "");
    assert_eq!(page.load_data("rows.csv", rows), "");
    assert_eq!(pg.data_notice(), page.data_notice());
    assert_eq!(pg.data_panel(200, 160), page.data_panel(200, 160));
    assert_eq!(pg.cli(), page.cli());
    let bad = b"x1,x2,label\n1,x,1\n";
    assert_eq!(pg.load_data("bad.csv", bad), page.load_data("bad.csv", bad));
    pg.clear_data();
    assert_eq!(pg.data_notice(), "null");
}

#[wasm_bindgen_test]
fn the_export_module_replays_the_scene_with_its_rows() {
    // The downloads' fresh run: the same trajectory and frames as the page model's.
    let q = "estimator=mc&samples=8&steps=30";
    let r = Replay::new(q);
    let page = Page::new(q);
    assert_eq!(r.get("steps"), "30");
    assert_eq!(r.trajectory_json(), page.trajectory_json());
    assert_eq!(r.trajectory_csv(), page.trajectory_csv());

    let rows = b"x1,x2,label\n1,2,1\n-1,0.5,0\n3,1,1\n";
    let (mut r, mut page) = (
        Replay::new("landscape=logistic"),
        Page::new("landscape=logistic"),
    );
    assert_eq!(r.load_data("rows.csv", rows), "");
    assert_eq!(page.load_data("rows.csv", rows), "");
    assert_eq!(r.trajectory_csv(), page.trajectory_csv());
    assert!(r.step(5) && page.step(5));
    assert_eq!(
        r.figure_json(200, 160, 1.0, "light"),
        page.figure_json(200, 160, 1.0, "light")
    );
    assert_eq!(r.figure_heat_len(), page.figure_heat().len());
    assert!(r.figure_heat_len() > 0);
    let bad = b"x1,x2,label\n1,x,1\n";
    assert_eq!(r.load_data("bad.csv", bad), page.load_data("bad.csv", bad));
}
