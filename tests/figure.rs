//! `blr figure` and the page's figure: the PNG decodes at the size asked, its heatmap is the
//! page model's heatmap pixel for pixel wherever nothing is drawn over it, the SVG is XML with
//! the embedded heatmap and vector paths, and bad output paths fail with one line.

use blr_playground::figure::{self, plot_size};
use blr_playground::page::Page;
use std::process::{Command, Output};

fn blr(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_blr"))
        .args(args)
        .output()
        .unwrap()
}

fn decode(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut dec = png::Decoder::new(std::io::Cursor::new(bytes));
    dec.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut r = dec.read_info().unwrap();
    let mut buf = vec![0; r.output_buffer_size().unwrap()];
    let info = r.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgba);
    buf.truncate(info.buffer_size());
    (info.width as usize, info.height as usize, buf)
}

fn tmp(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("blr-figure-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name).to_string_lossy().into_owned()
}

#[test]
fn png_has_the_size_asked_and_the_page_heatmap() {
    let state = "landscape=rosenbrock&family=full&lr=1&improved=false&steps=12";
    let (w, h) = (420usize, 380usize);
    let out = tmp("fig.png");
    let o = blr(&[
        "figure",
        "--state",
        state,
        "--out",
        &out,
        "--width",
        &w.to_string(),
        "--height",
        &h.to_string(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stdout.is_empty());
    let (fw, fh, px) = decode(&std::fs::read(&out).unwrap());
    assert_eq!((fw, fh), (w, h));

    // The page model's heatmap for the plot's size.
    let (pw, ph) = plot_size(w, h, 1.0);
    let mut pg = Page::new(state);
    pg.resize(pw as u32, ph as u32);
    let heat = pg.landscape_rgba().to_vec();
    // Where the overlays draw: the same figure without heatmap and background.
    pg.step(12);
    let mut bare = pg.figure(w as u32, h as u32, 1.0, "light");
    assert_eq!(bare.heat, heat, "the figure's heatmap is the page's");
    bare.heat.clear();
    bare.background = "none";
    let (_, _, over) = decode(&figure::render_png(&figure::svg(&bare)).unwrap());
    let (mut free, mut equal) = (0, 0);
    for j in 0..ph {
        for i in 0..pw {
            let k = (j * w + i) * 4;
            if over[k + 3] == 0 {
                free += 1;
                let hk = (j * pw + i) * 4;
                equal += usize::from(px[k..k + 4] == heat[hk..hk + 4]);
            }
        }
    }
    assert!(free > pw * ph * 3 / 4, "{free} of {} pixels free", pw * ph);
    assert_eq!(
        equal, free,
        "every heatmap pixel not drawn over is the page's"
    );
    // Below the plot: the light theme's white footer with dark text somewhere.
    let row = |j: usize| &px[j * w * 4..(j + 1) * w * 4];
    assert_eq!(&row(h - 2)[..4], &[255, 255, 255, 255]);
    let dark = (ph..h).any(|j| {
        row(j)
            .chunks(4)
            .any(|p| p[0] < 80 && p[1] < 80 && p[2] < 80)
    });
    assert!(dark, "the legend's text is drawn");
}

#[test]
fn svg_is_xml_with_the_heatmap_and_vector_paths() {
    let out = tmp("fig.svg");
    let o = blr(&[
        "figure", "--preset", "mixture", "--theme", "dark", "--out", &out,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("width"), Some("800"));
    let count = |name: &str| {
        doc.descendants()
            .filter(|n| n.tag_name().name() == name)
            .count()
    };
    assert_eq!(count("image"), 1);
    assert!(count("path") > 10 && count("circle") == 4 && count("text") >= 2);
    let href = doc
        .descendants()
        .find(|n| n.tag_name().name() == "image")
        .and_then(|n| n.attribute("href"))
        .unwrap();
    assert!(href.starts_with("data:image/png;base64,"));
    // The dark theme's background; the scene line names the scene.
    assert!(text.contains("fill=\"#0b0d12\""));
    assert!(text.contains("blr figure --state '"));
}

/// The legend names what the figure draws for q: ellipses for a Gaussian, none for binary
/// weights (whose q has no Gaussian shape).
#[test]
fn the_legend_names_ellipses_only_when_drawn() {
    for (preset, want, ellipses) in [
        ("newton", "q: mean, 1σ and 2σ ellipses, path", true),
        ("bayesbinn", "q: mean, path", false),
    ] {
        let out = tmp(&format!("legend-{preset}.svg"));
        let o = blr(&["figure", "--preset", preset, "--out", &out]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains(&format!(">{want}<")), "{preset}");
        assert_eq!(text.contains("ellipses"), ellipses, "{preset}");
    }
}

#[test]
fn bad_output_paths_fail_with_one_line() {
    for (args, code, words) in [
        (
            vec!["figure", "--out", "fig.gif"],
            2,
            "out: unsupported file type",
        ),
        (
            vec!["figure", "--out", "fig"],
            2,
            "accepted: FILE.svg, FILE.png",
        ),
        (
            vec!["figure", "--out", "/nonexistent-dir/x/fig.svg"],
            1,
            "out: cannot write",
        ),
        (
            vec!["figure", "--family", "gaussian", "--out", "f.svg"],
            2,
            "family: invalid value",
        ),
    ] {
        let o = blr(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(code), "{args:?}: {err}");
        assert!(o.stdout.is_empty());
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with("blr: error: ") && err.contains(words),
            "{err}"
        );
    }
}
