//! The figure of the current step (`blr figure` and the page's PNG/SVG export): the plot as
//! the page draws it (heatmap, loss contours, q's density, ellipses, means and paths, the
//! classical path) with a legend and the scene line, at any size and text scale. The drawing
//! is `crate::figure`'s; this gathers its pixels from the session for a view of that size.

use super::{Page, TRAIL};
use crate::figure::{self, COMPONENTS, Component, Drawing, Layers, Palette, RULE};
use crate::raster::{self, ELLIPSE_POINTS, Heatmap, Shade, View};
use crate::scene::Theme;

/// The opacity of a component of weight w among K (opaque for a single Gaussian), as the page.
fn weight_opacity(w: f64, k: usize) -> f32 {
    if k <= 1 {
        1.0
    } else {
        (0.2 + 0.8 * (w * k as f64).min(1.0)).min(1.0) as f32
    }
}

/// Largest figure side, as for the canvas.
const MAX_FIGURE: usize = 4096;

impl Page {
    /// The figure palette: `theme` ("light" or "dark"; anything else: the scene's `theme`,
    /// whose `auto` is light).
    fn palette(&self, theme: &str) -> Palette {
        match (theme, self.run.scene().theme) {
            ("dark", _) | (_, Theme::Dark) if theme != "light" => Palette::Dark,
            _ => Palette::Light,
        }
    }

    /// The figure of the current step on a `width` × `height` picture, text at `scale`.
    pub fn figure(&self, width: u32, height: u32, scale: f64, theme: &str) -> Drawing {
        let (w, h) = (
            (width as usize).clamp(16, MAX_FIGURE),
            (height as usize).clamp(16, MAX_FIGURE),
        );
        let scale = if scale.is_finite() {
            scale.clamp(0.5, 8.0) as f32
        } else {
            1.0
        };
        let (pw, ph) = figure::plot_size(w, h, scale);
        let run = &self.run;
        let scene = run.scene();
        let view = View::of_window(scene.view, run.landscape(), pw, ph);
        // The loss at this step (tracking: ℓ_t, which changes every step).
        let heat = Heatmap::surface(
            run.loss_landscape(),
            view,
            Shade::new(scene.target, scene.tau),
            scene.dropout_surface(),
        );
        let q = run.q();
        let weights = q.weights();
        let means = q.means();
        let k = means.len();
        let components = means
            .iter()
            .enumerate()
            .map(|(i, m)| Component {
                colour: if k == 1 {
                    RULE
                } else {
                    COMPONENTS[i % COMPONENTS.len()]
                },
                opacity: weight_opacity(weights.get(i).copied().unwrap_or(1.0), k),
                // A Bernoulli q has no Gaussian component, hence no ellipse.
                ellipses: [1.0, 2.0].map(|r| {
                    q.comps.get(i).map_or_else(Vec::new, |g| {
                        view.polyline(raster::ellipse(g, r, ELLIPSE_POINTS))
                    })
                }),
                mean: view.to_px([m[0], m[1]]).map(|v| v as f32),
                trail: self.path_px(i, &view),
            })
            .collect();
        let classic = run.classic_kind().map(|kind| {
            let path = run.classic_recent();
            let recent = &path[path.len().saturating_sub(TRAIL)..];
            (
                kind.label().to_string(),
                view.polyline(recent.iter().map(|p| [p[0], p[1]])),
            )
        });
        let mut status = format!("t = {}", run.t());
        if let Some(g) = run.gap() {
            status.push_str(&if g == 0.0 {
                " · gap 0".to_string()
            } else {
                format!(" · gap {g:.1e}")
            });
        }
        if let Some(why) = run.diverged() {
            status.push_str(&format!(" · diverged: {why}"));
        }
        let query = scene.to_query();
        let caption = if run.t() == scene.steps() {
            format!("blr figure --state '{query}'")
        } else {
            format!("blr figure --state '{query}' --steps {}", run.t())
        };
        let layers = Layers {
            contours: heat.contours(),
            heat: heat.rgba().to_vec(),
            density: scene.density.then(|| raster::density_contours(q, &view)),
            components,
            classic,
            status,
            caption,
        };
        figure::draw(w, h, scale, self.palette(theme), layers)
    }

    /// The figure as an SVG document (see [`Page::figure`]). In the wasm the heatmap's `href`
    /// is [`figure::HEAT_HREF_PLACEHOLDER`], for the page to fill from [`Page::figure_heat`].
    pub fn figure_svg(&mut self, width: u32, height: u32, scale: f64, theme: &str) -> String {
        let d = self.figure(width, height, scale, theme);
        let svg = figure::svg(&d);
        self.figure_heat = d.heat;
        svg
    }

    /// The figure's items as JSON, for the page to replay on a canvas; its heatmap's RGBA
    /// bytes are [`Page::figure_heat`] (the same picture as [`Page::figure_svg`]).
    pub fn figure_json(&mut self, width: u32, height: u32, scale: f64, theme: &str) -> String {
        let d = self.figure(width, height, scale, theme);
        let json = super::json(&d);
        self.figure_heat = d.heat;
        json
    }

    /// The RGBA bytes of the last `figure_json`'s or `figure_svg`'s heatmap (plot_w · plot_h · 4).
    pub fn figure_heat(&self) -> &[u8] {
        &self.figure_heat
    }
}
