//! The reduction registry: which classical algorithm the rule becomes for a given candidate
//! family, estimator and Hessian stand-in, under which condition, and where the paper derives
//! it. One row per reduction; `compare=auto`, the "= X" badge and the table-driven test
//! (tests/paper/reductions.rs) all read [`REDUCTIONS`]. Adding a row of the paper means
//! adding a line here plus its maths (docs/maths.md).
//!
//! This module sits below the scene: it decides from a [`Case`] (the few settings that
//! matter), never from the whole scene.

use crate::classic::ClassicKind;
use crate::estimate::{EstimatorKind, HessianKind};
use crate::family::FamilyKind;
use crate::rule::Schedule;

/// The settings a reduction depends on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Case {
    pub family: FamilyKind,
    pub estimator: EstimatorKind,
    pub hessian: HessianKind,
    /// Learning rate ρ.
    pub lr: f64,
    /// Temperature τ.
    pub tau: f64,
    /// Whether the improved rule's correction is in effect (auto already resolved).
    pub improved: bool,
    /// The diagonal family's coordinate schedule.
    pub schedule: Schedule,
    /// Whether each step uses a minibatch of the data's rows (`batch` > 0 on a data landscape).
    pub minibatch: bool,
    /// On a landscape with latent assignments (mixture1d): their learning rate ρ_z; `None`
    /// elsewhere.
    pub lr_local: Option<f64>,
    /// Gauss–Hermite nodes per axis.
    pub gh: usize,
    /// Whether the loss changes every step (landscape tracking: one observation per step).
    pub online: bool,
}

/// One row of the paper's table: "this classical algorithm = the rule with this candidate and
/// this approximation".
#[derive(Debug)]
pub struct Reduction {
    /// The algorithm drawn beside the rule when `compare=auto`.
    pub classic: ClassicKind,
    /// Whether that algorithm is the same iteration as the rule under `exact` (its gap stays
    /// at rounding level); false where it is only the nearest classical relative.
    pub twin: bool,
    /// What the badge says the rule is ("= Newton's method").
    pub name: &'static str,
    /// Where the paper (Khan & Rue, JMLR 2023) derives it.
    pub section: &'static str,
    /// The candidate family of the row.
    pub family: FamilyKind,
    /// Further settings under which `compare=auto` picks this row's algorithm.
    pub applies: fn(&Case) -> bool,
    /// The condition under which the rule IS the algorithm, step for step.
    pub exact: fn(&Case) -> bool,
    /// That condition in words.
    pub condition: &'static str,
    /// A scene (URL hash) where the condition holds; the table-driven test runs it and
    /// asserts that the gap stays at rounding level.
    pub example: &'static str,
}

/// The plain rule with the delta method at τ = 1: the common part of the deterministic
/// reductions (the improved rule's ρ² term changes S, so it must be off).
fn delta_plain_bayes(c: &Case) -> bool {
    c.estimator == EstimatorKind::Delta && !c.improved && c.tau == 1.0
}

/// Newton's rows also need every row of the data: on a minibatch the rule is a stochastic
/// Newton step, which Newton's method (drawn on every row) is not.
fn newton_case(c: &Case) -> bool {
    delta_plain_bayes(c) && c.hessian == HessianKind::Exact && !c.minibatch
}

/// No latent assignments, or assignments updated with ρ_z = 1 from q's mean (the delta
/// method): then the θ-step's gradient at the mean is the marginal loss's (Fisher's identity,
/// docs/maths.md §14), so the first-order rows still hold.
fn marginal_gradient(c: &Case) -> bool {
    c.lr_local.is_none_or(|r| r == 1.0)
}

/// An estimator that integrates quadratics exactly (Gauss–Hermite with gh ≥ 2, unscented):
/// the responsibilities E_q[(xₙ − μₖ)²] are then exact under q(θ).
fn exact_on_quadratics(c: &Case) -> bool {
    (c.estimator == EstimatorKind::GaussHermite && c.gh >= 2)
        || c.estimator == EstimatorKind::Unscented
}

/// The plain rule at τ = 1 with an exact Hessian and ρ_z = 1 on the mixture: EM's and SVI's
/// common part.
fn latent_plain(c: &Case) -> bool {
    c.lr_local == Some(1.0) && !c.improved && c.tau == 1.0 && c.hessian == HessianKind::Exact
}

/// The registry, in the order rows are tried (the first that fits wins).
pub const REDUCTIONS: &[Reduction] = &[
    Reduction {
        // The filter's loss is quadratic, so every estimator but Monte Carlo integrates it
        // exactly; ρ < 1 gives the tempered filter, drawn beside the textbook one.
        classic: ClassicKind::Kalman,
        twin: true,
        name: "the Kalman filter",
        section: "§5.1",
        family: FamilyKind::Full,
        applies: |c| c.online,
        exact: |c| {
            c.estimator != EstimatorKind::Mc
                && !c.improved
                && c.tau == 1.0
                && c.lr == 1.0
                && c.hessian == HessianKind::Exact
        },
        condition: "tracking, one observation per step, exact expectations of the quadratic loss (any estimator but Monte Carlo), exact Hessian, ρ = τ = 1, improved rule off",
        example: "landscape=tracking&family=full&estimator=delta&lr=1&tau=1&improved=false&init=0,0&cov0=1",
    },
    Reduction {
        classic: ClassicKind::Em,
        twin: true,
        name: "expectation maximisation (EM)",
        section: "§5.2",
        family: FamilyKind::Full,
        applies: |c| c.lr_local.is_some() && !c.minibatch,
        exact: |c| latent_plain(c) && c.estimator == EstimatorKind::Delta && c.lr == 1.0,
        condition: "mixture1d, delta method (responsibilities at the mean), exact Hessian, ρ = ρ_z = τ = 1, every row, improved rule off",
        example: "landscape=mixture1d&family=full&estimator=delta&lr=1&lr_local=1&tau=1&improved=false&init=2.8,2&steps=30",
    },
    Reduction {
        classic: ClassicKind::Svi,
        twin: true,
        name: "stochastic variational inference (SVI)",
        section: "§5.3",
        family: FamilyKind::Full,
        applies: |c| c.lr_local.is_some() && c.minibatch,
        exact: |c| latent_plain(c) && exact_on_quadratics(c),
        condition: "mixture1d, b rows per step, responsibilities under q(θ) (Gauss–Hermite gh ≥ 2 or unscented), exact Hessian, ρ_z = τ = 1, improved rule off (any ρ)",
        example: "landscape=mixture1d&family=full&estimator=gauss-hermite&gh=2&batch=10&lr=0.3&lr_local=1&tau=1&improved=false&init=2.8,2&cov0=1&steps=60",
    },
    Reduction {
        classic: ClassicKind::Sgd,
        twin: true,
        name: "minibatch SGD",
        section: "§1.3.1, §4.1",
        family: FamilyKind::Fixed,
        applies: |c| c.minibatch,
        // As for gradient descent: the frozen covariance leaves τ and the improved rule idle.
        exact: |c| c.estimator == EstimatorKind::Delta && marginal_gradient(c),
        condition: "delta method, b rows per step (step ρ·cov0, loss scaled N/b)",
        example: "landscape=logistic&family=fixed&estimator=delta&batch=5&lr=0.05&cov0=0.01&steps=100",
    },
    Reduction {
        classic: ClassicKind::Gd,
        twin: true,
        name: "gradient descent",
        section: "§1.3.1",
        family: FamilyKind::Fixed,
        applies: |_| true,
        // The covariance is frozen, so neither τ nor the improved rule can act.
        exact: |c| c.estimator == EstimatorKind::Delta && marginal_gradient(c),
        condition: "delta method (step ρ·cov0)",
        example: "landscape=quadratic&family=fixed&estimator=delta&lr=0.15&cov0=1&init=2.5,2&steps=100",
    },
    Reduction {
        classic: ClassicKind::Newton,
        twin: true,
        name: "Newton's method",
        section: "§1.3.2",
        family: FamilyKind::Full,
        // On the mixture the θ-step sees the complete-data loss, whose Hessian is not ℓ̄'s.
        applies: |c| c.lr_local.is_none(),
        exact: |c| newton_case(c) && c.lr == 1.0,
        condition: "delta method, exact Hessian, ρ = τ = 1, improved rule off",
        example: "landscape=rosenbrock&family=full&estimator=delta&lr=1&tau=1&improved=false&init=-1.2,1&cov0=1&steps=100",
    },
    Reduction {
        // Damped Newton takes the same mean path only at ρ = 1: the picture shows the
        // difference the averaged Hessian makes.
        classic: ClassicKind::Newton,
        twin: false,
        name: "Newton with an averaged Hessian (Laplace fixed point)",
        section: "§1.3.2, §4.4",
        family: FamilyKind::Full,
        applies: |c| c.lr_local.is_none(),
        exact: newton_case,
        condition: "delta method, exact Hessian, τ = 1, ρ < 1, improved rule off",
        example: "landscape=logistic&family=full&estimator=delta&lr=0.3&init=0,0&cov0=1&steps=100",
    },
    Reduction {
        classic: ClassicKind::Vogn,
        twin: true,
        name: "variational online Gauss–Newton (VOGN)",
        section: "§4.4",
        family: FamilyKind::Diagonal,
        // VOGN evaluates ℓ̄ at each draw; on the mixture the rule's draws see the complete-data
        // loss of responsibilities averaged over all draws, which is not ℓ̄ there.
        applies: |c| {
            c.hessian == HessianKind::SquareGradient
                && c.estimator == EstimatorKind::Mc
                && c.schedule == Schedule::Parallel
                && c.lr_local.is_none()
        },
        exact: |c| !c.improved && c.tau == 1.0,
        condition: "Monte Carlo draws, square-gradient Hessian (per row on data), τ = 1, improved rule off",
        example: "landscape=logistic&family=diagonal&estimator=mc&samples=4&hessian=square-gradient&lr=0.1&tau=1&improved=false&cov0=0.1&steps=100",
    },
    Reduction {
        classic: ClassicKind::Ogn,
        twin: true,
        name: "RMSprop without the square root (OGN)",
        section: "§4.2, §4.4",
        family: FamilyKind::Diagonal,
        applies: |c| c.hessian == HessianKind::SquareGradient && c.schedule == Schedule::Parallel,
        exact: |c| delta_plain_bayes(c) && marginal_gradient(c),
        condition: "delta method, square-gradient Hessian (per row on data), τ = 1, improved rule off",
        example: "landscape=quadratic&family=diagonal&estimator=delta&hessian=square-gradient&lr=0.1&tau=1&cov0=1&init=2.5,2&steps=150",
    },
    Reduction {
        classic: ClassicKind::Cavi,
        twin: true,
        name: "coordinate ascent VI (CAVI), i.e. variational message passing",
        section: "§5.3",
        family: FamilyKind::Diagonal,
        // CAVI here is coordinate-wise Newton on ℓ̄; on the mixture the rule's coordinates see
        // the complete-data loss.
        applies: |c| c.schedule == Schedule::Sequential && c.lr_local.is_none(),
        exact: |c| delta_plain_bayes(c) && c.hessian == HessianKind::Exact && c.lr == 1.0,
        condition: "sequential schedule, delta method, exact Hessian, ρ = τ = 1, improved rule off (CAVI on a Gaussian target)",
        example: "landscape=quadratic&cond=20&angle=30&family=diagonal&schedule=sequential&estimator=delta&lr=1&tau=1&init=2.5,2&steps=60",
    },
    Reduction {
        // BayesBiNN is the rule itself (the authors' optimizer without momentum, its KL weight
        // `reweight` = τ); STE, drawn beside it, is only its nearest classical relative.
        classic: ClassicKind::Ste,
        twin: false,
        name: "BayesBiNN",
        section: "§4.5",
        family: FamilyKind::Bernoulli,
        applies: |_| true,
        exact: |c| c.estimator == EstimatorKind::Mc,
        condition: "Monte Carlo with the concrete relaxation (Meng, Bachmann, Khan 2020; no momentum, KL weight τ); STE is the relative with δ = 0, ϑ → 0, no entropy term and the scale s set to 1",
        example: EXAMPLE_BAYESBINN,
    },
    Reduction {
        // Dropout SGD on the rule's own masks: the same iteration, whatever p, τ or ρ.
        classic: ClassicKind::DropoutSgd,
        twin: true,
        name: "dropout SGD",
        section: "§4.3",
        family: FamilyKind::Dropout,
        applies: |c| c.estimator == EstimatorKind::Mc,
        exact: |_| true,
        condition: "Monte Carlo masks z_i ~ Bern(p), samples masks per step (step ρ·cov0)",
        example: "landscape=quadratic&family=dropout&keep=0.7&estimator=mc&samples=1&lr=0.1&cov0=1&init=2.5,2&steps=100",
    },
    Reduction {
        classic: ClassicKind::DropoutSgd,
        twin: true,
        name: "gradient descent on the dropout objective D",
        section: "§4.3",
        family: FamilyKind::Dropout,
        applies: |_| true,
        exact: |c| c.estimator == EstimatorKind::Exact,
        condition: "the 4 masks summed with their probabilities (step ρ·cov0): the fixed point has ∇D = 0, not ∇ℓ̄ = 0",
        example: "landscape=rosenbrock&family=dropout&keep=0.7&estimator=exact&lr=0.1&cov0=0.01&init=-1,1&steps=200",
    },
];

/// The Bernoulli row's example (the `bayesbinn` preset): a quadratic whose continuous minimum
/// (0.25, 0.05) has the signs (+, +) of a bad corner while the best corner is (+, −)
/// (docs/maths.md §11).
const EXAMPLE_BAYESBINN: &str = "landscape=expr&expr=0.5*((x-0.25)^2%2B1.8*(x-0.25)*(y-0.05)%2B(y-0.05)^2)&view=-2.2,2.2,-2.2,2.2&family=bernoulli&estimator=mc&samples=16&relax=0.3&tau=0.3&lr=0.1&init=0.25,0.05&steps=300";

/// Whether a row is for this case: its family, online rows on online losses only (an offline
/// algorithm has no one loss to minimise there), and its own further settings.
fn fits(r: &Reduction, c: &Case) -> bool {
    r.family == c.family && r.classic.online() == c.online && (r.applies)(c)
}

/// The classical algorithm `compare=auto` draws beside the rule for this case, if any.
pub fn auto_compare(c: &Case) -> Option<ClassicKind> {
    REDUCTIONS.iter().find(|r| fits(r, c)).map(|r| r.classic)
}

/// The reduction this case IS, step for step, if any (the badge "= X").
pub fn reduces_to(c: &Case) -> Option<&'static Reduction> {
    REDUCTIONS.iter().find(|r| fits(r, c) && (r.exact)(c))
}
