//! Figures: the plot with its legend and scene line as one drawing, written as SVG (vector
//! paths over the heatmap embedded as a PNG data URI) and, natively, rendered to PNG. `blr
//! figure` and the page's PNG/SVG export draw the same [`Drawing`]: the page replays its items
//! on a canvas (www/widget/export.js) or saves the SVG; the CLI renders the SVG with resvg.
//!
//! Like every picture this takes pixels (the heatmap's RGBA, contour segments, ellipses and
//! paths as pixel polylines, made by `raster` for one [`View`](crate::raster::View)) and text,
//! never the scene: the page model (`page/figure.rs`) gathers them.

use serde::Serialize;
use std::fmt::Write;

/// The figure's colours for the chrome (background, text); the plot's own colours (viridis,
/// white q, orange classical path) are the same in both, as on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Palette {
    Light,
    Dark,
}

impl Palette {
    fn background(self) -> &'static str {
        match self {
            Palette::Light => "#ffffff",
            Palette::Dark => "#0b0d12",
        }
    }
    fn text(self) -> &'static str {
        match self {
            Palette::Light => "#1a1d24",
            Palette::Dark => "#e8eaf0",
        }
    }
    fn muted(self) -> &'static str {
        match self {
            Palette::Light => "#4a5060",
            Palette::Dark => "#aab0be",
        }
    }
}

/// The rule's colour (a single Gaussian), the classical path's, and the mixture components'
/// (Okabe–Ito), as the page's www/widget/colours.js has them.
pub const RULE: &str = "#ffffff";
pub const CLASSIC: &str = "#ff9f1c";
pub const COMPONENTS: [&str; 8] = [
    "#56b4e9", "#f0e442", "#009e73", "#cc79a7", "#ffffff", "#0072b2", "#d55e00", "#999999",
];
const CONTOUR: &str = "rgba(255,255,255,0.22)";
const DENSITY: &str = "rgba(120,220,255,0.55)";

/// Footer lines (legend, scene line) below the plot, in CSS pixels before `scale`.
const FONT: f32 = 13.0;
const LINE: f32 = 20.0;
const FOOTER: f32 = 2.0 * LINE + 14.0;

/// One thing drawn, in pixels of the figure (plot items: of the plot, at the origin).
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Item {
    /// Loose segments [x0, y0, x1, y1, …].
    Segments {
        points: Vec<f32>,
        stroke: &'static str,
        width: f32,
    },
    /// A polyline [x, y, …], closed or open, dashed when `dash` is given.
    Line {
        points: Vec<f32>,
        closed: bool,
        stroke: &'static str,
        width: f32,
        opacity: f32,
        dash: Option<[f32; 2]>,
    },
    /// A filled disc with an outline.
    Dot {
        x: f32,
        y: f32,
        r: f32,
        fill: &'static str,
        stroke: &'static str,
        width: f32,
    },
    /// One line of text; `anchor` is "start" or "end", `y` its baseline.
    Text {
        x: f32,
        y: f32,
        text: String,
        size: f32,
        fill: &'static str,
        anchor: &'static str,
        bold: bool,
    },
}

/// A whole figure: the heatmap (plot_w × plot_h at the origin), the plot's items clipped to
/// it, and the chrome (legend and scene line) below it.
#[derive(Clone, Debug, Serialize)]
pub struct Drawing {
    pub width: usize,
    pub height: usize,
    pub plot_w: usize,
    pub plot_h: usize,
    pub background: &'static str,
    pub plot: Vec<Item>,
    pub chrome: Vec<Item>,
    /// The heatmap's RGBA bytes (plot_w · plot_h · 4); empty draws none.
    #[serde(skip)]
    pub heat: Vec<u8>,
}

/// One component of q in pixels of the plot.
pub struct Component {
    pub colour: &'static str,
    pub opacity: f32,
    /// 1σ and 2σ ellipses, closed polylines.
    pub ellipses: [Vec<f32>; 2],
    pub mean: [f32; 2],
    /// The recent means, oldest first.
    pub trail: Vec<f32>,
}

/// What the plot shows, in pixels of the plot, and the text under it.
pub struct Layers {
    pub heat: Vec<u8>,
    pub contours: Vec<f32>,
    pub density: Option<Vec<f32>>,
    pub components: Vec<Component>,
    /// The classical algorithm's label and recent iterates.
    pub classic: Option<(String, Vec<f32>)>,
    /// The legend's closing words ("t = 200 · gap 3e-16").
    pub status: String,
    /// The scene line (the command that redraws this figure).
    pub caption: String,
}

/// The plot's size in a `width` × `height` figure whose text is drawn at `scale` (the
/// device pixel ratio): the footer takes the bottom.
pub fn plot_size(width: usize, height: usize, scale: f32) -> (usize, usize) {
    let footer = (FOOTER * scale).round() as usize;
    (width.max(1), height.saturating_sub(footer).max(1))
}

/// The figure of `layers` on a `width` × `height` canvas, text at `scale`.
pub fn draw(width: usize, height: usize, scale: f32, palette: Palette, l: Layers) -> Drawing {
    let (plot_w, plot_h) = plot_size(width, height, scale);
    let s = scale;
    let mut plot = vec![Item::Segments {
        points: l.contours,
        stroke: CONTOUR,
        width: s,
    }];
    if let Some(d) = l.density {
        plot.push(Item::Segments {
            points: d,
            stroke: DENSITY,
            width: s,
        });
    }
    for c in l.components.iter().filter(|c| c.trail.len() >= 4) {
        plot.push(Item::Line {
            points: c.trail.clone(),
            closed: false,
            stroke: c.colour,
            width: 2.0 * s,
            opacity: 0.8 * c.opacity,
            dash: None,
        });
    }
    // The classical path over the rule's, dashed: where they coincide both stay visible.
    if let Some((_, path)) = &l.classic
        && path.len() >= 2
    {
        plot.push(Item::Line {
            points: path.clone(),
            closed: false,
            stroke: CLASSIC,
            width: 2.2 * s,
            opacity: 1.0,
            dash: Some([7.0 * s, 5.0 * s]),
        });
    }
    for c in &l.components {
        for (e, (w, o)) in c.ellipses.iter().zip([(2.0, 1.0), (1.2, 0.45)]) {
            if !e.is_empty() {
                plot.push(Item::Line {
                    points: e.clone(),
                    closed: true,
                    stroke: c.colour,
                    width: w * s,
                    opacity: o * c.opacity,
                    dash: None,
                });
            }
        }
        plot.push(Item::Dot {
            x: c.mean[0],
            y: c.mean[1],
            r: 4.0 * s,
            fill: c.colour,
            stroke: "#000000",
            width: 1.5 * s,
        });
    }

    // The legend: swatches and labels on one line, then the scene line.
    let size = FONT * s;
    let y1 = plot_h as f32 + (LINE + 4.0) * s;
    let y2 = y1 + LINE * s;
    let mut chrome = Vec::new();
    let text = palette.text();
    let mid = y1 - 0.35 * size;
    let q_colour = l.components.first().map_or(RULE, |c| c.colour);
    let q_label = if let [c] = &l.components[..] {
        // Binary weights have no ellipse: only their mean and its path are drawn.
        if c.ellipses[0].is_empty() {
            "q: mean, path".to_string()
        } else {
            "q: mean, 1σ and 2σ ellipses, path".to_string()
        }
    } else {
        format!("q: {} components (colours), paths", l.components.len())
    };
    let mut entries = vec![(q_colour, None, q_label)];
    if let Some((label, _)) = &l.classic {
        entries.push((CLASSIC, Some([5.0 * s, 3.0 * s]), label.clone()));
    }
    let mut x = 10.0 * s;
    for (colour, dash, label) in entries {
        // A dark outline under the swatch: the rule's white reads on a light background too.
        for (stroke, width, opacity, dash) in [
            ("#000000", 4.5 * s, 0.6, None),
            (colour, 2.5 * s, 1.0, dash),
        ] {
            chrome.push(Item::Line {
                points: vec![x, mid, x + 20.0 * s, mid],
                closed: false,
                stroke,
                width,
                opacity,
                dash,
            });
        }
        let w = 0.56 * size * label.chars().count() as f32;
        chrome.push(Item::Text {
            x: x + 26.0 * s,
            y: y1,
            text: label,
            size,
            fill: text,
            anchor: "start",
            bold: false,
        });
        x += 26.0 * s + w + 18.0 * s;
    }
    chrome.push(Item::Text {
        x: width as f32 - 10.0 * s,
        y: y1,
        text: l.status,
        size,
        fill: text,
        anchor: "end",
        bold: false,
    });
    // The scene line, cut to fit.
    let fits = ((width as f32 - 20.0 * s) / (0.55 * 0.9 * size)).max(8.0) as usize;
    let mut caption = l.caption;
    if caption.chars().count() > fits {
        caption = caption.chars().take(fits - 1).collect::<String>() + "…";
    }
    chrome.push(Item::Text {
        x: 10.0 * s,
        y: y2,
        text: caption,
        size: 0.9 * size,
        fill: palette.muted(),
        anchor: "start",
        bold: false,
    });
    Drawing {
        width,
        height,
        plot_w,
        plot_h,
        background: palette.background(),
        plot,
        chrome,
        heat: l.heat,
    }
}

/// The `href` the page's SVG carries for the heatmap: www/widget/export.js replaces it with
/// the PNG its canvas encodes (the wasm has no PNG encoder, to stay small).
pub const HEAT_HREF_PLACEHOLDER: &str = "blr:heatmap";

/// The heatmap as a `data:image/png;base64,…` URI (natively; see [`HEAT_HREF_PLACEHOLDER`]).
#[cfg(not(target_arch = "wasm32"))]
pub fn heat_href(d: &Drawing) -> String {
    use base64::Engine;
    let png = png_rgba(&d.heat, d.plot_w, d.plot_h);
    format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png)
    )
}

#[cfg(target_arch = "wasm32")]
pub fn heat_href(_d: &Drawing) -> String {
    HEAT_HREF_PLACEHOLDER.into()
}

/// RGBA bytes as a PNG file (8-bit RGBA, the png crate's default compression).
#[cfg(not(target_arch = "wasm32"))]
pub fn png_rgba(rgba: &[u8], w: usize, h: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w as u32, h as u32);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    // Writing to a Vec fails only on a size mismatch, which the callers rule out.
    if let Ok(mut wr) = enc.write_header() {
        let _ = wr.write_image_data(rgba);
    }
    out
}

/// Text safe inside an XML element or attribute.
fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            c if (c as u32) < 0x20 => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

/// A path's `d` from points [x, y, …]: "M x y L x y …", with `Z` when closed; loose
/// segments start a new "M" every two points.
fn path_d(points: &[f32], every: Option<usize>, closed: bool) -> String {
    let mut d = String::with_capacity(points.len() * 7);
    for (i, p) in points.chunks_exact(2).enumerate() {
        let mv = i == 0 || every.is_some_and(|n| i % n == 0);
        let _ = write!(d, "{}{:.1} {:.1}", if mv { "M" } else { "L" }, p[0], p[1]);
    }
    if closed {
        d.push('Z');
    }
    d
}

/// `stroke="rgba(r,g,b,a)"` is not SVG 1.1: split it into a colour and an opacity.
fn stroke_attrs(colour: &str, opacity: f32) -> String {
    if let Some(inner) = colour
        .strip_prefix("rgba(")
        .and_then(|r| r.strip_suffix(')'))
    {
        let p: Vec<&str> = inner.split(',').collect();
        if let [r, g, b, a] = p[..] {
            let a: f32 = a.trim().parse().unwrap_or(1.0);
            return format!(
                "stroke=\"rgb({r},{g},{b})\" stroke-opacity=\"{}\"",
                a * opacity
            );
        }
    }
    if opacity < 1.0 {
        format!("stroke=\"{colour}\" stroke-opacity=\"{opacity:.3}\"")
    } else {
        format!("stroke=\"{colour}\"")
    }
}

fn svg_item(o: &mut String, item: &Item) {
    let _ = match item {
        Item::Segments {
            points,
            stroke,
            width,
        } => {
            if points.is_empty() {
                return;
            }
            writeln!(
                o,
                "<path d=\"{}\" fill=\"none\" {} stroke-width=\"{width}\"/>",
                path_d(points, Some(2), false),
                stroke_attrs(stroke, 1.0)
            )
        }
        Item::Line {
            points,
            closed,
            stroke,
            width,
            opacity,
            dash,
        } => {
            let dash = dash.map_or(String::new(), |[a, b]| {
                format!(" stroke-dasharray=\"{a} {b}\"")
            });
            writeln!(
                o,
                "<path d=\"{}\" fill=\"none\" {} stroke-width=\"{width}\" stroke-linejoin=\"round\" stroke-linecap=\"round\"{dash}/>",
                path_d(points, None, *closed),
                stroke_attrs(stroke, *opacity)
            )
        }
        Item::Dot {
            x,
            y,
            r,
            fill,
            stroke,
            width,
        } => writeln!(
            o,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\"/>"
        ),
        Item::Text {
            x,
            y,
            text,
            size,
            fill,
            anchor,
            bold,
        } => writeln!(
            o,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" fill=\"{fill}\" text-anchor=\"{anchor}\"{}>{}</text>",
            if *bold { " font-weight=\"bold\"" } else { "" },
            escape(text)
        ),
    };
}

/// The figure as a standalone SVG document: the heatmap as an embedded PNG ([`heat_href`],
/// drawn pixel for pixel), the plot's items clipped to it as vector paths, then the legend and scene line.
pub fn svg(d: &Drawing) -> String {
    let (w, h, pw, ph) = (d.width, d.height, d.plot_w, d.plot_h);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">"
    );
    let _ = writeln!(
        o,
        "<defs><clipPath id=\"blr-plot\"><rect width=\"{pw}\" height=\"{ph}\"/></clipPath></defs>"
    );
    let _ = writeln!(
        o,
        "<rect width=\"{w}\" height=\"{h}\" fill=\"{}\"/>",
        d.background
    );
    if d.heat.len() == pw * ph * 4 {
        let _ = writeln!(
            o,
            "<image width=\"{pw}\" height=\"{ph}\" preserveAspectRatio=\"none\" image-rendering=\"optimizeSpeed\" style=\"image-rendering:pixelated\" href=\"{}\"/>",
            heat_href(d)
        );
    }
    o.push_str("<g clip-path=\"url(#blr-plot)\">\n");
    for it in &d.plot {
        svg_item(&mut o, it);
    }
    o.push_str("</g>\n");
    for it in &d.chrome {
        svg_item(&mut o, it);
    }
    o.push_str("</svg>\n");
    o
}

/// The SVG rendered to a PNG file with resvg (system fonts for the text), natively only.
#[cfg(not(target_arch = "wasm32"))]
pub fn render_png(svg: &str) -> Result<Vec<u8>, String> {
    use resvg::{tiny_skia, usvg};
    let mut opt = usvg::Options::default();
    opt.fontdb_mut().load_system_fonts();
    let tree = usvg::Tree::from_str(svg, &opt).map_err(|e| e.to_string())?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| "figure size out of range".to_string())?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}

/// In the browser the page rasterises the figure itself (www/widget/export.js).
#[cfg(target_arch = "wasm32")]
pub fn render_png(_svg: &str) -> Result<Vec<u8>, String> {
    Err("PNG rendering is native only".into())
}
