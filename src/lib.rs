//! BLR Playground: the Bayesian Learning Rule (Khan & Rue, JMLR 2023) on 2D landscapes.
//!
//! Module map (each named for what it is):
//! - [`landscape`]: loss functions ℓ̄(θ) with exact derivatives, user formulas (`expr`).
//! - [`family`]: candidate families q (Gaussians, mixtures): natural parameters, entropy, log q.
//! - [`estimate`]: expectation estimators (delta, Monte Carlo, Gauss–Hermite, unscented) and
//!   Hessian stand-ins (exact, Gauss–Newton, Stein, square gradient).
//! - [`rule`]: one step of the Bayesian Learning Rule per family, and the improved rule.
//! - [`classic`]: the classical algorithms it reduces to (gradient descent, Newton's method,
//!   OGN/RMSprop, Adam, IVON), written independently for comparison.
//! - [`reduction`]: the registry of reductions: which classical algorithm the rule becomes,
//!   under which condition, and where the paper derives it.
//! - [`run`]: the executor: steps, divergence checks, JSON records of each step.
//! - [`scene`]: the one state value (URL hash, CLI flags, JSON, presets) and its typed key
//!   table.
//! - [`session`]: a scene with its run: tune or restart on a change, the reduction it is, the
//!   whole trajectory `blr run` prints.
//! - [`export`]: the trajectory as the JSON and CSV text `blr run` prints (the page's
//!   downloads are the same bytes).
//! - [`rng`]: the seeded random numbers (a leaf).
//! - [`basins`]: basins of attraction: which known minimum each start of a grid ends at.
//! - [`preset`]: the preset scenes (data in assets/presets.json).
//! - [`tour`]: the guided tour's chapters and narrated steps (data in assets/tour.json).
//! - [`raster`]: what the page draws, in canvas pixels: the landscape heatmap and contours,
//!   q's ellipses and density contours, the text alternative.
//! - [`figure`]: the plot with legend and scene line as one drawing: SVG, and PNG natively
//!   (`blr figure`, the page's PNG/SVG export).
//! - [`animation`]: the run as an animation (the page's GIF and WebM exports): GIF frames on
//!   one NeuQuant palette, each after the first stored as the pixels that changed; WebM muxing
//!   of the browser's VP8/VP9 frames at exact timestamps.
//! - [`page`]: the page model: history, trails, raster and basins caches, the frame, legend
//!   and options JSON; native, tested with `cargo test`.
//! - `web` (wasm32 and feature `page`): the first-paint module's `Playground` class
//!   (www/README.md), forwarding to [`page::Page`].
//! - `web_export` (wasm32 and feature `export`): the export module the page loads when the
//!   user first saves something: `Replay` (a fresh run for the trajectory and video downloads),
//!   `GifEncoder` and `WebmMuxer`.
//! - [`cli`]: the `blr` command line.
//! - [`linalg`]: the 2×2 linear algebra the rule needs.
//! - `bench` (feature `bench`): the benchmark workloads (raster, mixture density, mixture
//!   step, basins) with checksums, shared by the native example, both benchmark wasm builds
//!   and the tests (BENCHMARKS.md).
//! - `web_bench` (wasm32 and feature `bench`): the benchmark workloads as wasm exports for
//!   www/bench.html.
//!
//! The feature `bench` is off in the shipped page (www/pkg) and the `blr` binary; tests,
//! examples and benches get it through the crate's dev-dependency on itself (Cargo.toml).

pub mod animation;
pub mod basins;
#[cfg(feature = "bench")]
pub mod bench;
pub mod classic;
// The command line is native only: the page never parses arguments (and the wasm carries no clap).
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod estimate;
pub mod export;
pub mod family;
pub mod figure;
pub mod landscape;
pub mod linalg;
pub mod page;
pub mod preset;
pub mod raster;
pub mod reduction;
pub mod rng;
pub mod rule;
pub mod run;
pub mod scene;
pub mod session;
pub mod tour;
#[cfg(all(target_arch = "wasm32", feature = "page"))]
pub mod web;
#[cfg(all(target_arch = "wasm32", feature = "bench"))]
pub mod web_bench;
#[cfg(all(target_arch = "wasm32", feature = "export"))]
pub mod web_export;
