//! Plain words for the page's symbols and names: one table, read by the page (through
//! `Playground.options().glossary`) and by anyone else who shows the same symbols. Meanings
//! only, no numbers (numbers come from the run).

use serde::Serialize;

/// One entry: the symbol or name as the page writes it, and what it means.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Term {
    pub term: &'static str,
    pub meaning: &'static str,
}

const fn term(term: &'static str, meaning: &'static str) -> Term {
    Term { term, meaning }
}

/// The glossary, in the order a student meets the terms.
pub const GLOSSARY: &[Term] = &[
    term(
        "ℓ̄",
        "the loss: the landscape’s height at a point θ = (x, y). Dark colours are low loss.",
    ),
    term("θ", "a point of the plane, the parameter being learned."),
    term(
        "q",
        "the candidate distribution the rule moves: a Gaussian (an ellipse) or a mixture of them.",
    ),
    term(
        "m",
        "the mean of q: the centre of its ellipse, the white path.",
    ),
    term(
        "S",
        "the precision of q, the inverse of its covariance: a large S is a small ellipse.",
    ),
    term(
        "S ≻ 0",
        "“S is positive definite”: the ellipse is a real ellipse (positive width in every direction).",
    ),
    term("ρ", "the learning rate (step size) of the rule."),
    term(
        "τ",
        "the temperature: how much the rule values a wide q (its entropy) against a low loss.",
    ),
    term(
        "λ",
        "the natural parameters of q (for a Gaussian, S·m and S): the quantities the rule updates.",
    ),
    term("𝔼", "expectation: the average over θ drawn from q."),
    term(
        "∇ℓ̄, ∇²ℓ̄",
        "the gradient (slope) and the Hessian (curvature) of the loss.",
    ),
    term(
        "gap",
        "the largest distance so far between the rule’s mean and the classical algorithm’s point; “now” is the distance at this step.",
    ),
    term(
        "delta method",
        "reads the gradient and Hessian at the mean only, as if q had no width.",
    ),
    term(
        "Monte Carlo",
        "averages over random draws from q (the dots); more samples, less noise.",
    ),
    term(
        "antithetic",
        "Monte Carlo draws in mirrored pairs, m + ε and m − ε, which cancels some of the noise.",
    ),
    term(
        "Gauss–Hermite",
        "a fixed grid of weighted points (nodes) that averages smooth functions over a Gaussian very accurately.",
    ),
    term(
        "unscented",
        "a few “sigma points” around the mean, a cheap deterministic average.",
    ),
    term(
        "Stein",
        "estimates the Hessian from gradients at the sampled points only.",
    ),
    term(
        "square gradient",
        "uses the gradient times itself (g²) in place of the Hessian, as RMSprop does.",
    ),
    term(
        "Gauss–Newton",
        "a Hessian stand-in built from the model’s first derivatives; never negative.",
    ),
    term(
        "OGN, VOGN",
        "online Gauss–Newton and its variational version: the rule with a diagonal Gaussian and the square gradient.",
    ),
    term(
        "improved rule",
        "a correction to the precision step that keeps S ≻ 0 on any landscape.",
    ),
    term(
        "Laplace",
        "the Gaussian centred at the minimum with the inverse Hessian there as its covariance.",
    ),
    term(
        "variational",
        "the Gaussian that best balances a low average loss and a wide spread, found by averaging over q.",
    ),
];
