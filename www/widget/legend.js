// The words around the plot: the legend under it (with the gap to the classical path and the
// basins fractions) and the HUD (t, the divergence banner, the "= Newton's method" badge, the
// side panel's reduction sentence and update equations). textContent only.
import { h, svg } from './dom.js';
import { COLORS } from './colours.js';

/** Formats the gap for display: 0, a short decimal, or 1-digit scientific notation. */
export function formatGap(g) {
  if (g == null || Number.isNaN(g)) return '—';
  if (g === 0) return '0';
  const a = Math.abs(g);
  if (a >= 1e-3 && a < 1e4) return String(Number(g.toPrecision(3)));
  return g.toExponential(1);
}

const SAMPLE_NAMES = { mc: 'Monte Carlo samples', 'gauss-hermite': 'Gauss–Hermite points', unscented: 'sigma points' };

/**
 * The legend's words for q as the plot draws it (canvas.js), by family and number of
 * components K: its mean path, its 1σ and 2σ ellipses when it has a Gaussian shape (null when
 * it has none), and whether the Bernoulli square's corners are drawn.
 */
function qWords(family, K) {
  if (family === 'bernoulli') {
    return { path: 'q: path of its mean E_q[w] (the rule)', ellipses: null, corners: true };
  }
  if (family === 'dropout') {
    return { path: 'q: path of the slab mean m (the rule)', ellipses: 'slab N(m, cov0·I): 1σ and 2σ ellipses', corners: false };
  }
  if (K > 1) return { path: `q: ${K} components, mean paths`, ellipses: '1σ, 2σ ellipses (opacity = weight)', corners: false };
  return { path: 'q: mean path (the rule)', ellipses: 'q: 1σ and 2σ ellipses', corners: false };
}

/**
 * The legend under the plot (HTML, so it stays crisp and readable at any pixel ratio, and never
 * hides a minimum), built into `el`.
 */
export class Legend {
  constructor(el) {
    const line = (attrs) => svg('svg', { width: 26, height: 12, viewBox: '0 0 26 12', 'aria-hidden': 'true' },
      svg('line', { x1: 1, y1: 6, x2: 25, y2: 6, 'stroke-linecap': 'round', ...attrs }));
    const item = (swatch, label) => {
      const text = h('span', {}, label);
      const li = h('li', {}, swatch, text);
      li.labelEl = text;
      return li;
    };
    this.rule = item(line({ stroke: COLORS.rule, 'stroke-width': 2 }), 'q: mean path (the rule)');
    this.ellipse = item(svg('svg', { width: 26, height: 12, viewBox: '0 0 26 12', 'aria-hidden': 'true' },
      svg('ellipse', { cx: 13, cy: 6, rx: 11, ry: 5, fill: 'none', stroke: COLORS.rule, 'stroke-width': 1, 'stroke-opacity': 0.5 }),
      svg('ellipse', { cx: 13, cy: 6, rx: 6, ry: 3, fill: 'none', stroke: COLORS.rule, 'stroke-width': 1.6 })),
    'q: 1σ and 2σ ellipses');
    // Binary weights (drawBernoulli): each corner a dot in its loss's colour, a bar for q(w), a
    // ring on the lowest loss.
    this.corners = item(svg('svg', { width: 26, height: 12, viewBox: '0 0 26 12', 'aria-hidden': 'true' },
      svg('circle', { cx: 7, cy: 6, r: 3.5, fill: '#009e73', stroke: '#000', 'stroke-width': 0.8 }),
      svg('circle', { cx: 7, cy: 6, r: 5.5, fill: 'none', stroke: '#fff', 'stroke-width': 1 }),
      svg('rect', { x: 14, y: 4, width: 11, height: 4, fill: '#fff' })),
    'corners w: colour ℓ̄ (green lowest), bar q(w), ring on the lowest ℓ̄');
    this.classic = item(line({ stroke: COLORS.classic, 'stroke-width': 2.4, 'stroke-dasharray': '5 3', 'stroke-linecap': 'butt' }), '');
    this.gapEl = h('output', { class: 'blr-gap', title: 'gap: the largest distance so far between the rule’s mean and the classical iterate, max over t of ‖m_t − θ_t‖; now: that distance at this step' }, '');
    this.classic.append(this.gapEl);
    this.samples = item(svg('svg', { width: 26, height: 12, viewBox: '0 0 26 12', 'aria-hidden': 'true' },
      ...[[5, 4], [11, 8], [16, 3], [21, 7]].map(([cx, cy]) => svg('circle', { cx, cy, r: 1.6, fill: '#fff' }))),
    'samples');
    this.target = item(svg('svg', { width: 26, height: 12, viewBox: '0 0 26 12', 'aria-hidden': 'true' },
      svg('ellipse', { cx: 13, cy: 6, rx: 11, ry: 5, fill: 'none', stroke: COLORS.target, 'stroke-width': 1.6, 'stroke-dasharray': '4 3' })),
    'exact target N(a, τΛ⁻¹): 1σ, 2σ');
    this.contour = item(line({ stroke: 'rgba(255,255,255,0.5)', 'stroke-width': 1 }), 'contours of the loss ℓ̄');
    // Tracking: the observations, the true path and the predicted q⁻.
    const tc = COLORS.tracking;
    this.observations = item(svg('svg', { width: 26, height: 12, viewBox: '0 0 26 12', 'aria-hidden': 'true' },
      ...[[5, 7], [11, 4], [16, 8]].map(([cx, cy]) => svg('circle', { cx, cy, r: 2, fill: tc.observation })),
      svg('circle', { cx: 21.5, cy: 6, r: 3.5, fill: 'none', stroke: tc.observation, 'stroke-width': 1.5 })),
    'observations y₁…yₜ (ringed: yₜ, this step’s)');
    this.truth = item(line({ stroke: tc.truth, 'stroke-width': 2 }), 'true path of the target');
    this.predicted = item(svg('svg', { width: 26, height: 12, viewBox: '0 0 26 12', 'aria-hidden': 'true' },
      svg('ellipse', { cx: 13, cy: 6, rx: 11, ry: 5, fill: 'none', stroke: tc.predicted, 'stroke-width': 1.6, 'stroke-dasharray': '4 3' })),
    'predicted q⁻ (after the drift), before the update');
    this.classicStatus = h('li', { class: 'blr-legend-warn', hidden: true });
    // The basins legend: a heading line and one swatch per minimum plus "none" (filled in by
    // showBasins from basins_legend(); hidden while basins are off).
    this.basins = h('div', { class: 'blr-basins', hidden: true, 'aria-live': 'polite' },
      this.basinsHead = h('span', { class: 'blr-basins-head' }),
      // While computing: the share done and a way out (showBasins).
      this.basinsProgress = h('progress', { class: 'blr-basins-progress', max: '1', value: '0',
        'aria-label': 'share of the basins computed' }),
      this.basinsCancel = h('button', { type: 'button', class: 'blr-btn blr-basins-cancel',
        onclick: () => this.cancelBasins?.() }, 'Cancel'),
      this.basinsList = h('ul', { class: 'blr-basins-list' }));
    el.replaceChildren(h('ul', {}, this.rule, this.ellipse, this.corners, this.target, this.classic,
      this.classicStatus, this.samples, this.observations, this.truth, this.predicted, this.contour), this.basins);
    this.classic.hidden = true;
    this.target.hidden = true;
    this.samples.hidden = true;
    this.corners.hidden = true;
    // Tracking's items appear with its first frame.
    for (const it of [this.observations, this.truth, this.predicted]) it.hidden = true;
  }

  /**
   * Follows one frame(): what q looks like for its `family`, the classical path and its gap,
   * the samples, the number of components.
   */
  update(f, { estimator, target, family }) {
    const cl = f.classic;
    this.classic.hidden = !cl;
    if (cl) {
      this.classic.labelEl.textContent = cl.label || cl.name;
      this.gapEl.textContent = f.gap == null ? ''
        : `gap (max so far) ${formatGap(f.gap)} · now ${formatGap(f.distance)}`;
      const bad = cl.status && cl.status !== 'ok';
      this.classicStatus.hidden = !bad;
      this.classicStatus.textContent = bad ? `${cl.label || cl.name}: ${cl.status}` : '';
    } else {
      this.classicStatus.hidden = true;
    }
    this.target.hidden = !f.target_ellipses;
    const tr = f.tracking;
    this.observations.hidden = !tr;
    this.truth.hidden = !tr?.truth?.length;
    this.predicted.hidden = !tr;
    this.samples.hidden = !(f.samples?.length) || estimator === 'delta';
    this.samples.labelEl.textContent = SAMPLE_NAMES[estimator] ?? 'evaluation points';
    const q = qWords(family, f.components?.length ?? 1);
    this.rule.labelEl.textContent = q.path;
    this.ellipse.hidden = !q.ellipses;
    this.ellipse.labelEl.textContent = q.ellipses ?? '';
    this.corners.hidden = !q.corners;
    const loss = tr ? 'this step’s loss ℓₜ' : 'the loss ℓ̄';
    const sym = tr ? 'ℓₜ' : 'ℓ̄';
    this.contour.labelEl.textContent = target
      ? `heatmap: target exp(−${sym}/τ); contours of ${sym}` : `contours of ${loss}`;
  }

  /**
   * The basins legend: hidden when `on` is false; "computing…" with the share done
   * (`progress`, 0 to 1) and a Cancel button (`cancel`) while `lg` (basins_legend(), parsed) is
   * null; else the method, the grid, `ms` (how long the computation took, if known) and one
   * swatch per minimum with its share of the starts.
   */
  showBasins(on, lg, { ms = null, progress = 0, cancel = null } = {}) {
    this.basins.hidden = !on;
    if (!on) return;
    const computing = !lg;
    this.basinsProgress.hidden = !computing;
    this.basinsCancel.hidden = !computing;
    if (computing) {
      this.cancelBasins = cancel;
      this.basinsProgress.value = progress;
      if (this.basins.dataset.state === 'computing') return; // only the bar moves
      this.basinsHead.textContent = 'Basins of attraction: computing…';
      this.basinsList.replaceChildren();
      this.basins.dataset.state = 'computing';
      return;
    }
    this.basins.dataset.state = lg.error ? 'error' : 'ready';
    this.basins.dataset.method = lg.method;
    const took = ms == null ? '' : `, ${Math.round(ms)} ms`;
    this.basinsHead.textContent = lg.error
      ? lg.text
      : `Basins of ${lg.label} (${lg.n}×${lg.n} starts, ${lg.steps} steps${took}):`;
    const swatch = (colour) => svg('svg', { width: 12, height: 12, viewBox: '0 0 12 12', 'aria-hidden': 'true' },
      svg('rect', { x: 0.5, y: 0.5, width: 11, height: 11, rx: 2, fill: colour, stroke: 'rgba(255,255,255,0.35)' }));
    this.basinsList.replaceChildren(...(lg.entries ?? []).map((e) => h('li', {
      'data-basin': e.label === 'none' ? 'none' : 'minimum',
      'data-fraction': String(e.fraction),
      title: e.label === 'none'
        ? `${e.count} starts ended at a saddle, a maximum or nowhere`
        : `${e.count} starts ended at the minimum ${e.label}`,
    }, swatch(e.colour), h('span', {}, e.label), h('span', { class: 'blr-basins-pct' }, e.percent))));
  }
}

/**
 * The HUD: the step counter, the divergence banner, the "= Newton's method" badge and, on the
 * full page, the reduction sentence and the update equations of this family and estimator.
 * `parts`: { tOut, banner, bannerText, badge } and the optional chrome { reducesEl, eqBlocks,
 * eqImproved, eqNote } (null or empty when absent).
 */
export class Hud {
  constructor(parts) {
    this.parts = parts;
    this.shownEq = undefined;
  }

  /** `scene`: { steps, family, estimator, estimatorNote } (the note: options() description). */
  show(f, { steps, family, estimator, estimatorNote }) {
    const { tOut, banner, bannerText, badge, reducesEl, eqBlocks, eqImproved, eqNote, eqMinibatch } = this.parts;
    tOut.textContent = `t = ${f.t} / ${steps}`;

    // Divergence: say why, offer a reset (the banner's button).
    if (f.diverged) {
      bannerText.textContent = `The run stopped at t = ${f.t}: ${f.diverged}`;
      banner.hidden = false;
    } else {
      banner.hidden = true;
    }

    // "= Newton's method".
    badge.hidden = !f.reduces_to;
    badge.textContent = f.reduces_to ? `= ${f.reduces_to}` : '';
    if (reducesEl) {
      reducesEl.hidden = !f.reduces_to;
      reducesEl.textContent = f.reduces_to ? `This scene is ${f.reduces_to}.` : '';
    }

    // Equations: show the one block for this family and estimator.
    if (eqBlocks.length && f.equations !== this.shownEq) {
      this.shownEq = f.equations;
      for (const b of eqBlocks) b.hidden = b.dataset.eq !== f.equations;
    }
    if (eqImproved) {
      // frame().improved says whether the correction is in effect (improved=auto resolved).
      eqImproved.hidden = family === 'fixed' || !f.improved;
    }
    if (eqMinibatch) {
      // frame().minibatch = [N, b]: each step's loss is the scaled minibatch loss.
      eqMinibatch.hidden = !f.minibatch;
      const nb = eqMinibatch.querySelector('[data-part="eq-nb"]');
      if (nb && f.minibatch) nb.textContent = `N = ${f.minibatch[0]} rows, b = ${f.minibatch[1]} per step.`;
    }
    if (eqNote) {
      eqNote.textContent = estimatorNote ? `Expectations 𝔼[·]: ${estimator} — ${estimatorNote}.` : '';
    }
  }
}
