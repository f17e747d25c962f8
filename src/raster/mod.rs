//! Pictures in canvas pixels: the landscape heatmap and its contours, q's ellipses and the
//! contours of q's density, the basins overlay, and the text alternative. Plain Rust with no
//! browser types, so every picture is tested natively; the page (`web`) only hands these
//! buffers to a canvas. A picture takes q, the landscape and a [`View`], never the scene: the
//! caller reads the scene's keys and passes their values.
//!
//! Hot loops are structure-of-arrays loops over slices, four points per
//! [`F64x4`](crate::landscape::F64x4) (simd128 `f64x2` pairs on wasm, SSE2 natively), with no
//! allocation per pixel:
//!
//! - q's log-density ([`log_q`], [`log_q_pixels`]): the K quadratic forms per point, their
//!   maximum, then Σ exp(tₖ − max) with [`exp_fast`] (relative error ≤ [`EXP_FAST_TOLERANCE`])
//!   and one [`ln_fast`]: K exps and one log per point instead of K exps and K logs. The result is
//!   within [`LOG_Q_TOLERANCE`] of the exact log-sum-exp (`tests/raster.rs` checks every point
//!   of a 512² grid).
//! - the colour map ([`Heatmap::recolour`]): the colour-scale position t and the table index
//!   in lanes ([`ln_fast`], [`exp_fast`]), then one 4-byte table copy per pixel. The index is
//!   the exact one except within ~1e-7 of a rounding tie (never more than one table step).
//! - marching squares ([`contour`]): one comparison per node carried along the row and a
//!   4-bit case per cell; only cells the level crosses do any arithmetic. The segments are
//!   the same, in the same order and to the bit, as the straightforward per-edge loop.
//!
//! One module per job, everything re-exported here: `view` (world ↔ pixel), `heatmap` (ℓ̄ on
//! the pixel grid, its shade and loss contours), `colour` (the viridis colour map),
//! `contours` (marching squares), `density` (q's log-density and its contours), `fast_math`
//! (the pictures' exp and ln), `overlays` (ellipses, basins overlay and legend) and `text`
//! (the text alternative).

mod colour;
mod contours;
mod density;
mod fast_math;
mod heatmap;
mod overlays;
mod text;
mod view;

pub use colour::{NON_FINITE, VIRIDIS};
pub use contours::{Field, contour};
pub use density::{
    DENSITY_EXTENT, DENSITY_NODES, LOG_Q_TOLERANCE, density_contours, log_q, log_q_pixels,
};
pub use fast_math::{EXP_FAST_TOLERANCE, LN_FAST_TOLERANCE, exp_fast, ln_fast};
pub use heatmap::{CONTOUR_STRIDE, EPS_FRACTION, Heatmap, HeatmapJob, LEVELS, Shade};
pub use overlays::{
    BASIN_ALPHA, BASIN_COLOURS, BASIN_NONE, BasinEntry, ELLIPSE_POINTS, basin_colour,
    basins_legend, basins_overlay, ellipse,
};
pub use text::{describe, sig3};
pub use view::View;
