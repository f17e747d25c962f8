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
//! - [`run`]: the executor: steps, divergence checks, trajectories, JSON records.
//! - [`scene`]: the one state value (URL hash, CLI flags, presets) and its key table.
//! - [`preset`]: the preset scenes (data in assets/presets.json).
//! - [`cli`]: the `blr` command line.
//! - [`linalg`]: the 2×2 linear algebra the rule needs.

pub mod classic;
pub mod cli;
pub mod estimate;
pub mod family;
pub mod landscape;
pub mod linalg;
pub mod preset;
pub mod rule;
pub mod run;
pub mod scene;
