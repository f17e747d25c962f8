// Plain words: a short glossary of the page's symbols and estimator names. Each term is a
// button: hovering, focusing (keyboard) or tapping it shows its meaning in the one definition
// line below the terms (announced politely). Definitions only: no numbers (those come from
// Rust). textContent only.
import { h } from './dom.js';

/** [term, meaning], in the order a student meets them. */
export const GLOSSARY = [
  ['ℓ̄', 'the loss: the landscape’s height at a point θ = (x, y). Dark colours are low loss.'],
  ['θ', 'a point of the plane, the parameter being learned.'],
  ['q', 'the candidate distribution the rule moves: a Gaussian (an ellipse) or a mixture of them.'],
  ['m', 'the mean of q: the centre of its ellipse, the white path.'],
  ['S', 'the precision of q, the inverse of its covariance: a large S is a small ellipse.'],
  ['S ≻ 0', '“S is positive definite”: the ellipse is a real ellipse (positive width in every direction).'],
  ['ρ', 'the learning rate (step size) of the rule.'],
  ['τ', 'the temperature: how much the rule values a wide q (its entropy) against a low loss.'],
  ['λ', 'the natural parameters of q (for a Gaussian, S·m and S): the quantities the rule updates.'],
  ['𝔼', 'expectation: the average over θ drawn from q.'],
  ['∇ℓ̄, ∇²ℓ̄', 'the gradient (slope) and the Hessian (curvature) of the loss.'],
  ['gap', 'the largest distance so far between the rule’s mean and the classical algorithm’s point; “now” is the distance at this step.'],
  ['delta method', 'reads the gradient and Hessian at the mean only, as if q had no width.'],
  ['Monte Carlo', 'averages over random draws from q (the dots); more samples, less noise.'],
  ['antithetic', 'Monte Carlo draws in mirrored pairs, m + ε and m − ε, which cancels some of the noise.'],
  ['Gauss–Hermite', 'a fixed grid of weighted points (nodes) that averages smooth functions over a Gaussian very accurately.'],
  ['unscented', 'a few “sigma points” around the mean, a cheap deterministic average.'],
  ['Stein', 'estimates the Hessian from gradients at the sampled points only.'],
  ['square gradient', 'uses the gradient times itself (g²) in place of the Hessian, as RMSprop does.'],
  ['Gauss–Newton', 'a Hessian stand-in built from the model’s first derivatives; never negative.'],
  ['OGN, VOGN', 'online Gauss–Newton and its variational version: the rule with a diagonal Gaussian and the square gradient.'],
  ['improved rule', 'a correction to the precision step that keeps S ≻ 0 on any landscape.'],
  ['Laplace', 'the Gaussian centred at the minimum with the inverse Hessian there as its covariance.'],
  ['variational', 'the Gaussian that best balances a low average loss and a wide spread, found by averaging over q.'],
];

/** Builds the glossary into `el`. */
export function buildGlossary(el) {
  const def = h('p', { class: 'blr-gloss-def', id: `${el.id || 'gloss'}-def`, 'aria-live': 'polite' },
    'Point at, tap or tab to a symbol to read what it means.');
  const say = (term, text) => {
    def.replaceChildren(h('strong', {}, term), ': ', text);
  };
  const buttons = GLOSSARY.map(([term, text]) => h('button', {
    type: 'button', class: 'blr-term', 'aria-describedby': def.id, title: text,
    onmouseenter: () => say(term, text), onfocus: () => say(term, text), onclick: () => say(term, text),
  }, term));
  el.replaceChildren(h('h2', {}, 'Words and symbols'), h('div', { class: 'blr-gloss-terms' }, ...buttons), def);
}
