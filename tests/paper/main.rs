//! The paper's claims, one module per row of its Table 1 (Khan & Rue, "The Bayesian Learning
//! Rule", JMLR 24, 2023): each test runs the rule and checks it against the classical
//! algorithm written out independently here, with plain loops over the landscape's value,
//! gradient and Hessian, never through the crate's rule or comparators.
//!
//! | module | claim | docs/maths.md |
//! |---|---|---|
//! | [`gradient_descent`] | fixed-covariance Gaussian + delta = gradient descent, to the last bit; with one Monte Carlo draw = perturbed gradient descent | §3 |
//! | [`newton`] | full Gaussian + delta, ρ = τ = 1 = Newton's method, 1e-12 relative | §4, §8 |
//! | [`laplace`] | full Gaussian + delta, ρ < 1: the fixed point is the Laplace approximation (∇ℓ̄(m) = 0, S = ∇²ℓ̄(m)) | §4 |
//! | [`ogn`] | diagonal Gaussian + delta + square gradient, τ = 1 = online Gauss–Newton (RMSprop without the root) | §5 |
//! | [`minibatch`] | data landscapes with b rows per step: fixed + delta = minibatch SGD; diagonal + per-row square gradients = OGN (delta) and VOGN (Monte Carlo), given the recorded rows and draws, 1e-12 relative | §10 |
//! | [`comparators`] | RMSprop, Adam and IVON beside the rule reproduce hand-computed iterates | §5 |
//! | [`ridge`] | conjugate: one step with ρ = 1 lands on the exact posterior; λ contracts by (1 − ρ) | §8 |
//! | [`mixture`] | a mixture finds all four Himmelblau minima (delta and Monte Carlo) | §7, §8 |
//! | [`improved`] | the improved rule keeps S positive definite everywhere; the plain rule stops with a reason | §6, §8 |
//! | [`determinism`] | the same scene and seed give the same run, bit for bit | §2 |
//! | [`cavi`] | mean-field Gaussian, ρ = 1, sequential = CAVI (VMP) on a Gaussian target; parallel = Jacobi | §15 |
//! | [`variational`] | full Gaussian + accurate expectations = Gaussian VI; on logistic regression Gauss–Hermite converges to it as gh grows | §2, §4 |
//! | [`bayesbinn`] | Bernoulli candidates: exact steps on the four corners, the naive mean-field fixed point μ = tanh(−∇_μE/τ), Monte Carlo = BayesBiNN given the same uniforms, STE beside it as its textbook loop | §11 |
//! | [`dropout`] | spike-and-slab per weight (keep p), responsibilities fixed: exact masks = gradient descent on the dropout objective D (ends at ∇D = 0, not ∇ℓ̄ = 0; ridge: the closed form), 1e-12 relative; Monte Carlo masks = textbook dropout SGD given the recorded masks | §12 |
//! | [`kalman`] | tracking: full Gaussian + delta, ρ = τ = 1, from the predicted q⁻ each step = the Kalman filter, 1e-10 relative, on the shipped and on random rows; ρ < 1 = the tempered filter; L = −log of the one-step predictive density | §13 |
//! | [`reductions`] | every row of the reduction registry holds on its example scene (badge, `compare=auto`, gap) | §3–§5 |
//!
//! [`common`] holds the helpers; `common::run` is the one place a whole scene is run.

mod bayesbinn;
mod cavi;
mod common;
mod comparators;
mod determinism;
mod dropout;
mod em;
mod gradient_descent;
mod improved;
mod kalman;
mod laplace;
mod minibatch;
mod mixture;
mod newton;
mod ogn;
mod reductions;
mod ridge;
mod variational;
