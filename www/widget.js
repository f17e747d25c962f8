// The BLR Playground widget: one module shared by the full page (index.html via main.js, and its
// ?embed mode) and the <blr-playground> custom element (blr-playground.js).
//
// It holds NO maths. Every number and every pixel coordinate comes from the wasm `Playground`
// (src/web.rs, contract in www/README.md); this file wires DOM events to it and draws what it
// hands back. DOM is built with createElement/textContent only (never innerHTML, never a style
// attribute), so it runs under a strict Content-Security-Policy, and nothing from a URL or an
// attribute can become markup.

import init, { Playground } from './pkg/blr_playground.js';

// ---------------------------------------------------------------------------------------------
// wasm: loaded once per document, shared by every widget on the page.

let wasmPromise = null;
/** Loads the wasm module once; resolves to { Playground, memory }. */
export function loadWasm() {
  wasmPromise ??= init().then((exports) => ({ Playground, memory: exports.memory }));
  return wasmPromise;
}

// ---------------------------------------------------------------------------------------------
// Small DOM helpers (no HTML strings anywhere).

/** Creates an element: h('div', { class: 'x', 'aria-label': 'y' }, child, 'text', ...). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k === 'style') throw new Error('no style attributes (CSP)');
    if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

function parseJson(text, fallback) {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

// ---------------------------------------------------------------------------------------------
// Colours (Okabe–Ito, colour-blind safe). The rule's single Gaussian is white; mixture
// components cycle through the palette; the classical path is orange and dashed.

export const COLORS = {
  rule: '#ffffff',
  classic: '#ff9f1c',
  samples: 'rgba(255,255,255,0.75)',
  contour: 'rgba(255,255,255,0.22)',
  density: 'rgba(120,220,255,0.55)',
  components: ['#56b4e9', '#f0e442', '#009e73', '#cc79a7', '#ffffff', '#0072b2', '#d55e00', '#999999'],
};

function componentColor(i, k) {
  return k === 1 ? COLORS.rule : COLORS.components[i % COLORS.components.length];
}

/** Formats the gap for display: 0, a short decimal, or 1-digit scientific notation. */
export function formatGap(g) {
  if (g == null || Number.isNaN(g)) return '—';
  if (g === 0) return '0';
  const a = Math.abs(g);
  if (a >= 1e-3 && a < 1e4) return String(Number(g.toPrecision(3)));
  return g.toExponential(1);
}

// ---------------------------------------------------------------------------------------------
// The control table. `key` is the scene key (and the name used by `controls=lr,tau`).
// kinds: select (options from Playground.options()[from]), log (log-scale range showing the
// value), logint (log-scale integer range), int (linear integer range), text, number, check.

const CONTROLS = [
  { key: 'landscape', group: 'Problem', label: 'Landscape', kind: 'select', from: 'landscape' },
  { key: 'expr', group: 'Problem', label: 'Formula ℓ̄(x, y)', kind: 'text',
    when: (g) => g('landscape') === 'expr' },
  { key: 'target', group: 'Problem', label: 'Heatmap shows the target exp(−ℓ̄/τ)', kind: 'check' },
  { key: 'basins', group: 'Problem', label: 'Basins of attraction', kind: 'select', from: 'basins' },
  { key: 'family', group: 'Candidate q', label: 'Family', kind: 'select', from: 'family' },
  { key: 'k', group: 'Candidate q', label: 'Components K', kind: 'int', min: 1, max: 16,
    when: (g) => g('family') === 'mixture' },
  { key: 'cov0', group: 'Candidate q', label: 'Initial covariance', kind: 'log', min: 1e-3, max: 100 },
  { key: 'improved', group: 'Candidate q', label: 'Improved rule (keeps S ≻ 0)', kind: 'select',
    options: [
      { name: 'auto', label: 'auto (on when non-convex)' },
      { name: 'true', label: 'on' },
      { name: 'false', label: 'off' },
    ],
    when: (g) => g('family') !== 'fixed' },
  { key: 'density', group: 'Candidate q', label: "Draw q's density contours", kind: 'check' },
  { key: 'estimator', group: 'Expectations', label: 'Estimator', kind: 'select', from: 'estimator' },
  { key: 'samples', group: 'Expectations', label: 'Monte Carlo samples', kind: 'logint', min: 1, max: 4096,
    when: (g) => g('estimator') === 'mc' },
  { key: 'gh', group: 'Expectations', label: 'Gauss–Hermite nodes per axis', kind: 'int', min: 1, max: 10,
    when: (g) => g('estimator') === 'gauss-hermite' },
  { key: 'hessian', group: 'Expectations', label: 'Hessian', kind: 'select', from: 'hessian',
    when: (g) => g('family') !== 'fixed' },
  { key: 'seed', group: 'Expectations', label: 'Seed', kind: 'number', min: 0, max: 2 ** 53 },
  { key: 'lr', group: 'Rule', label: 'Learning rate ρ', kind: 'log', min: 1e-4, max: 1 },
  { key: 'tau', group: 'Rule', label: 'Temperature τ', kind: 'log', min: 1e-3, max: 10 },
  { key: 'lr_weights', group: 'Rule', label: 'Mixture-weight rate ρπ', kind: 'log', min: 1e-4, max: 1,
    when: (g) => g('family') === 'mixture' },
  { key: 'compare', group: 'Rule', label: 'Compare with', kind: 'select', from: 'compare' },
  { key: 'speed', group: 'Playback', label: 'Speed (steps per frame)', kind: 'logint', min: 1, max: 1000 },
];

export const CONTROL_KEYS = CONTROLS.map((c) => c.key);

// Log sliders move the exponent in steps of 1/STEPS_PER_DECADE; values are rounded to 2
// significant digits so the URL stays readable (the wasm side validates and stores them).
const STEPS_PER_DECADE = 100;
const roundSig = (x) => Number(x.toPrecision(2));

let uid = 0;

// ---------------------------------------------------------------------------------------------

/**
 * The widget. `root` is an element; parts it already contains (data-part="…") are used as they
 * are (index.html ships the side panel with the typeset equations), missing core parts are
 * created. Options:
 *   scene     initial scene (URL-hash syntax); ignored when urlSync is on (the hash wins)
 *   controls  null for every control, or a list of scene keys to show (embeds)
 *   urlSync   write the scene to location.hash on every change and follow hashchange
 *   keyTarget where space / → / r are listened for (document for the page, the element for embeds)
 *   autoplay  start playing once loaded (default true)
 */
export class Widget {
  constructor(root, opts = {}) {
    this.root = root;
    this.opts = { controls: null, urlSync: false, autoplay: true, scene: '', ...opts };
    this.id = `blr${++uid}`;
    this.pg = null;
    this.playing = false;
    this.dirty = true;
    this.raf = 0;
    this.heatVersion = null;
    this.contours = null;
    this.basinsVersion = null;
    this.basinsShown = false;
    this.basinsPending = false;
    this.basinsMs = null;
    this.frame = null;
    this.lastHash = null;
    this.lastText = '';
    this.lastTextAt = 0;
    this.lastChartAt = 0;
    this.presetId = '';
    this.presetQuery = null;
    this.controls = new Map();
    this.visible = true;
    this.#buildDom();
    this.ready = this.#boot().catch((err) => this.#fatal(err));
  }

  // ----- DOM ------------------------------------------------------------------------------------

  #part(name, make) {
    let el = this.root.querySelector(`[data-part="${name}"]`);
    if (!el && make) {
      el = make();
      el.dataset.part = name;
    }
    return el;
  }

  #buildDom() {
    const r = this.root;
    r.classList.add('blr');
    if (Array.isArray(this.opts.controls)) r.classList.add('blr-compact');

    // Stage: canvas, legend, badge, banner.
    this.stage = this.#part('stage', () => r.appendChild(h('div')));
    this.stage.classList.add('blr-stage');
    this.canvas = h('canvas', {
      class: 'blr-canvas',
      role: 'img',
      'aria-label': 'Loss landscape with the candidate distribution q; drag to move the starting point',
      tabindex: '0',
    });
    this.off = document.createElement('canvas');
    this.basinsOff = document.createElement('canvas');
    this.badge = h('div', { class: 'blr-badge', hidden: true });
    this.banner = h('div', { class: 'blr-banner', role: 'alert', hidden: true },
      this.bannerText = h('span'),
      h('button', { type: 'button', class: 'blr-btn', onclick: () => this.reset() }, 'Reset'));
    this.loading = h('div', { class: 'blr-loading' }, 'loading…');
    this.hint = h('div', { class: 'blr-hint' }, 'drag to move the start');
    this.plot = h('div', { class: 'blr-plot' }, this.canvas, this.badge, this.hint, this.banner, this.loading);
    this.stage.append(this.plot);

    // Legend under the plot (HTML, so it stays crisp and readable at any pixel ratio, and
    // never hides a minimum).
    this.legend = this.#part('legend', () => h('div'));
    this.legend.classList.add('blr-legend');
    if (!this.legend.parentNode) this.stage.append(this.legend);
    this.#buildLegend();

    // Notices (bad URL keys): textContent only.
    this.notice = this.#part('notice', () => h('div'));
    this.notice.classList.add('blr-notice');
    this.notice.setAttribute('role', 'status');
    this.notice.hidden = true;
    if (!this.notice.parentNode) r.prepend(this.notice);

    // Transport: play/pause, step, reset, t, (speed is a control).
    this.transport = this.#part('transport', () => r.appendChild(h('div')));
    this.transport.classList.add('blr-transport');
    this.playBtn = h('button', { type: 'button', class: 'blr-btn blr-play', 'aria-pressed': 'false',
      onclick: () => this.toggle() }, 'Play');
    this.stepBtn = h('button', { type: 'button', class: 'blr-btn', onclick: () => this.stepOnce(),
      title: 'one step (→)' }, 'Step');
    this.resetBtn = h('button', { type: 'button', class: 'blr-btn', onclick: () => this.reset(),
      title: 'back to t = 0 (r)' }, 'Reset');
    this.tOut = h('output', { class: 'blr-t', 'aria-label': 'step' }, 't = 0');
    const compact = Array.isArray(this.opts.controls);
    this.transport.append(...[this.playBtn, compact ? null : this.stepBtn, this.resetBtn, this.tOut].filter(Boolean));

    // Controls.
    this.controlsEl = this.#part('controls', () => r.appendChild(h('div')));
    this.controlsEl.classList.add('blr-controls');

    // Text alternative (aria-live polite).
    this.textEl = this.#part('text', () => r.appendChild(h('p', { class: 'blr-sr' })));
    this.textEl.setAttribute('aria-live', 'polite');
    this.canvas.setAttribute('aria-describedby', this.#idOf(this.textEl));

    // Optional chrome parts (only the full page has them).
    this.presetSel = this.#part('preset-select');
    this.captionEl = this.#part('caption');
    this.presetTitle = this.#part('preset-title');
    this.reducesEl = this.#part('reduces');
    this.eqNote = this.#part('eq-estimator');
    this.chartLoss = this.#part('chart-loss');
    this.chartWeights = this.#part('chart-weights');
    this.copyLinkBtn = this.#part('copy-link');
    this.copyCliBtn = this.#part('copy-cli');
    this.copyOut = this.#part('copy-out');
    this.eqBlocks = [...r.querySelectorAll('[data-eq]')];
    this.eqImproved = r.querySelector('[data-eq-improved]');
  }

  #idOf(el) {
    if (!el.id) el.id = `${this.id}-${Math.random().toString(36).slice(2, 8)}`;
    return el.id;
  }

  #buildLegend() {
    const line = (attrs) => svg('svg', { width: 26, height: 12, viewBox: '0 0 26 12', 'aria-hidden': 'true' },
      svg('line', { x1: 1, y1: 6, x2: 25, y2: 6, 'stroke-linecap': 'round', ...attrs }));
    const item = (swatch, label) => {
      const text = h('span', {}, label);
      const el = h('li', {}, swatch, text);
      el.labelEl = text;
      return el;
    };
    this.lgRule = item(line({ stroke: COLORS.rule, 'stroke-width': 2 }), 'q: mean path (the rule)');
    this.lgEllipse = item(svg('svg', { width: 26, height: 12, viewBox: '0 0 26 12', 'aria-hidden': 'true' },
      svg('ellipse', { cx: 13, cy: 6, rx: 11, ry: 5, fill: 'none', stroke: COLORS.rule, 'stroke-width': 1, 'stroke-opacity': 0.5 }),
      svg('ellipse', { cx: 13, cy: 6, rx: 6, ry: 3, fill: 'none', stroke: COLORS.rule, 'stroke-width': 1.6 })),
    'q: 1σ and 2σ ellipses');
    this.lgClassic = item(line({ stroke: COLORS.classic, 'stroke-width': 2.4, 'stroke-dasharray': '5 3', 'stroke-linecap': 'butt' }), '');
    this.gapEl = h('output', { class: 'blr-gap', title: 'largest distance between the rule’s mean and the classical iterate so far, max over t of ‖m_t − θ_t‖' }, '');
    this.lgClassic.append(this.gapEl);
    this.lgSamples = item(svg('svg', { width: 26, height: 12, viewBox: '0 0 26 12', 'aria-hidden': 'true' },
      ...[[5, 4], [11, 8], [16, 3], [21, 7]].map(([cx, cy]) => svg('circle', { cx, cy, r: 1.6, fill: '#fff' }))),
    'samples');
    this.lgContour = item(line({ stroke: 'rgba(255,255,255,0.5)', 'stroke-width': 1 }), 'contours of the loss ℓ̄');
    this.lgClassicStatus = h('li', { class: 'blr-legend-warn', hidden: true });
    // The basins legend: a heading line and one swatch per minimum plus "none" (filled in by
    // #showBasinsLegend from basins_legend(); hidden while basins are off).
    this.lgBasins = h('div', { class: 'blr-basins', hidden: true, 'aria-live': 'polite' },
      this.lgBasinsHead = h('span', { class: 'blr-basins-head' }),
      this.lgBasinsList = h('ul', { class: 'blr-basins-list' }));
    this.legend.replaceChildren(h('ul', {}, this.lgRule, this.lgEllipse, this.lgClassic, this.lgClassicStatus,
      this.lgSamples, this.lgContour), this.lgBasins);
    this.lgClassic.hidden = true;
    this.lgSamples.hidden = true;
  }

  #buildControls(options) {
    const only = this.opts.controls;
    const defs = only ? CONTROLS.filter((c) => only.includes(c.key)) : CONTROLS;
    const groups = new Map();
    for (const def of defs) {
      const id = `${this.id}-${def.key}`;
      let input;
      let out = null;
      let err = null;
      let hint = null;
      const common = { id, name: def.key, 'data-key': def.key };
      switch (def.kind) {
        case 'select': {
          const opts = def.options ?? (options[def.from] ?? []).map((o) => ({ name: o.name, label: o.label ?? o.name, description: o.description }));
          if (def.key === 'compare') {
            // The classical algorithms, plus the scene's own two words if options() leaves them out.
            if (!opts.some((o) => o.name === 'none')) opts.unshift({ name: 'none', label: 'none', description: 'no classical path' });
            if (!opts.some((o) => o.name === 'auto')) opts.unshift({ name: 'auto', label: 'auto', description: 'the algorithm this family and estimator reduce to' });
          }
          input = h('select', common, opts.map((o) => h('option', { value: o.name, title: o.description ?? false }, o.label)));
          input.descriptions = new Map(opts.map((o) => [o.name, o.description ?? '']));
          if (opts.some((o) => o.description)) hint = h('small', { class: 'blr-ctl-hint', id: `${id}-hint` });
          break;
        }
        case 'log':
        case 'logint': {
          const lo = Math.log10(def.min);
          const hi = Math.log10(def.max);
          input = h('input', { ...common, type: 'range', min: lo, max: hi, step: 1 / STEPS_PER_DECADE });
          out = h('output', { for: id, class: 'blr-val' });
          break;
        }
        case 'int':
          input = h('input', { ...common, type: 'range', min: def.min, max: def.max, step: 1 });
          out = h('output', { for: id, class: 'blr-val' });
          break;
        case 'number':
          input = h('input', { ...common, type: 'number', min: def.min, max: def.max, step: 1, inputmode: 'numeric' });
          break;
        case 'text':
          input = h('input', { ...common, type: 'text', spellcheck: 'false', autocomplete: 'off',
            autocapitalize: 'off', placeholder: '(x^2+y-11)^2 + (x+y^2-7)^2' });
          break;
        case 'check':
          input = h('input', { ...common, type: 'checkbox' });
          break;
        default:
          throw new Error(`unknown control kind ${def.kind}`);
      }
      err = h('small', { class: 'blr-ctl-err', id: `${id}-err`, role: 'alert', hidden: true });
      const described = [hint?.id, err.id].filter(Boolean).join(' ');
      input.setAttribute('aria-describedby', described);
      const label = h('label', { for: id }, def.label);
      const row = def.kind === 'check'
        ? h('div', { class: 'blr-ctl blr-ctl-check', 'data-ctl': def.key }, input, label, err)
        : h('div', { class: `blr-ctl blr-ctl-${def.kind}`, 'data-ctl': def.key },
          h('div', { class: 'blr-ctl-head' }, label, out), input, hint, err);
      const ctl = { def, input, out, err, hint, row };
      this.controls.set(def.key, ctl);

      const onChange = () => this.#onControl(ctl);
      if (def.kind === 'text') {
        let timer = 0;
        input.addEventListener('input', () => {
          clearTimeout(timer);
          timer = setTimeout(onChange, 250);
        });
        input.addEventListener('change', () => { clearTimeout(timer); onChange(); });
      } else if (def.kind === 'select' || def.kind === 'check' || def.kind === 'number') {
        input.addEventListener('change', onChange);
      } else {
        input.addEventListener('input', onChange);
      }

      if (only) {
        this.controlsEl.append(row);
      } else {
        if (!groups.has(def.group)) {
          const fs = h('fieldset', { class: 'blr-group' }, h('legend', {}, def.group));
          groups.set(def.group, fs);
          this.controlsEl.append(fs);
        }
        groups.get(def.group).append(row);
      }
    }
  }

  /** The text value a control's input stands for. */
  #controlValue(ctl) {
    const { def, input } = ctl;
    switch (def.kind) {
      case 'log': return String(roundSig(10 ** Number(input.value)));
      case 'logint': return String(Math.round(10 ** Number(input.value)));
      case 'check': return input.checked ? 'true' : 'false';
      default: return input.value;
    }
  }

  #onControl(ctl) {
    if (!this.pg) return;
    const key = ctl.def.key;
    const value = this.#controlValue(ctl);
    const err = this.pg.set(key, value);
    this.#showControlError(ctl, err);
    if (!err && ctl.def.kind !== 'log' && ctl.def.kind !== 'logint' && ctl.def.kind !== 'int') {
      this.#syncControls(); // selects may reveal or hide other controls
    } else {
      this.#syncControl(ctl, /* keepPosition */ true);
      this.#syncVisibility();
    }
    this.#afterSceneChange();
  }

  #showControlError(ctl, err) {
    ctl.err.textContent = err || '';
    ctl.err.hidden = !err;
    ctl.input.setAttribute('aria-invalid', err ? 'true' : 'false');
  }

  /** Puts the scene's values (from wasm) into every control. */
  #syncControls() {
    for (const ctl of this.controls.values()) this.#syncControl(ctl, false);
    this.#syncVisibility();
  }

  #syncControl(ctl, keepPosition) {
    const { def, input, out } = ctl;
    const v = this.pg.get(def.key);
    switch (def.kind) {
      case 'log':
      case 'logint':
        if (!keepPosition) input.value = String(Math.log10(Number(v)));
        input.setAttribute('aria-valuetext', v);
        break;
      case 'check':
        input.checked = v === 'true';
        break;
      case 'text':
        if (!keepPosition && document.activeElement !== input) input.value = v;
        break;
      default:
        if (!keepPosition || def.kind === 'select') input.value = v;
        if (def.kind === 'int') input.setAttribute('aria-valuetext', v);
    }
    if (out) out.textContent = v;
    if (ctl.hint) ctl.hint.textContent = input.descriptions?.get(v) ?? '';
    if (!keepPosition && def.kind !== 'text') this.#showControlError(ctl, '');
  }

  #syncVisibility() {
    const g = (k) => this.pg.get(k);
    for (const ctl of this.controls.values()) ctl.row.hidden = ctl.def.when ? !ctl.def.when(g) : false;
  }

  // ----- boot -----------------------------------------------------------------------------------

  async #boot() {
    const { Playground: PG, memory } = await loadWasm();
    this.memory = memory;
    const hash = this.opts.urlSync ? location.hash : this.opts.scene;
    this.pg = new PG(hash || '');
    this.options = parseJson(PG.options(), {});
    this.presets = parseJson(PG.presets(), []);
    this.#buildControls(this.options);
    this.#syncControls();
    this.#showNotices(parseJson(this.pg.notices(), []));
    this.#wire();
    this.loading.remove();
    this.root.classList.add('blr-ready');
    this.#resizeNow();
    if (this.opts.urlSync) this.#writeHash();
    this.#initPresets();
    if (this.opts.autoplay && !this.#prefersReducedMotion()) this.play();
    this.requestDraw();
  }

  #prefersReducedMotion() {
    return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  }

  #fatal(err) {
    console.error(err);
    this.loading.textContent = `The WebAssembly module failed to load: ${err?.message ?? err}`;
    this.loading.classList.add('blr-loading-error');
  }

  #wire() {
    // Size: the canvas fills its stage; device pixels go to wasm.
    this.ro = new ResizeObserver(() => this.#resizeNow());
    this.ro.observe(this.canvas);
    // A new devicePixelRatio (browser zoom, a move to another screen) keeps the CSS size.
    const watchDpr = () => {
      const mq = matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
      mq.addEventListener('change', () => { this.#resizeNow(); watchDpr(); }, { once: true });
    };
    if (typeof matchMedia === 'function') watchDpr();
    // Pause drawing while off-screen (embeds far down a post cost nothing).
    if (typeof IntersectionObserver === 'function') {
      this.io = new IntersectionObserver((es) => {
        this.visible = es[es.length - 1].isIntersecting;
        if (this.visible) this.requestDraw();
      });
      this.io.observe(this.stage);
    }

    // Dragging the start (mouse and touch through pointer events).
    let dragging = false;
    let pending = null;
    const toDevice = (ev) => {
      const rect = this.canvas.getBoundingClientRect();
      return [
        (ev.clientX - rect.left) * (this.canvas.width / rect.width),
        (ev.clientY - rect.top) * (this.canvas.height / rect.height),
      ];
    };
    const apply = () => {
      if (!pending) return;
      const [x, y] = pending;
      pending = null;
      this.pg.set_init(x, y);
      this.hint.hidden = true;
      this.#afterSceneChange();
    };
    this.canvas.addEventListener('pointerdown', (ev) => {
      if (ev.button !== 0) return;
      dragging = true;
      this.canvas.setPointerCapture(ev.pointerId);
      pending = toDevice(ev);
      apply();
      ev.preventDefault();
    });
    this.canvas.addEventListener('pointermove', (ev) => {
      if (!dragging) return;
      const first = pending == null;
      pending = toDevice(ev);
      if (first) requestAnimationFrame(apply);
    });
    const end = (ev) => {
      if (!dragging) return;
      dragging = false;
      if (this.canvas.hasPointerCapture(ev.pointerId)) this.canvas.releasePointerCapture(ev.pointerId);
      apply();
    };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);

    // Keyboard: space play/pause, → step, r reset (not while typing).
    const keyTarget = this.opts.keyTarget ?? this.root;
    keyTarget.addEventListener('keydown', (ev) => this.#onKey(ev));

    if (this.opts.urlSync) {
      window.addEventListener('hashchange', () => {
        const h = location.hash.replace(/^#/, '');
        if (h === this.lastHash) return;
        this.load(h);
      });
    }

    // Chrome: presets and copy buttons.
    this.presetSel?.addEventListener('change', () => {
      const p = this.presets.find((x) => x.id === this.presetSel.value);
      if (p) this.load(p.state, p.id);
    });
    this.copyLinkBtn?.addEventListener('click', () => this.#copy(location.href, 'link'));
    this.copyCliBtn?.addEventListener('click', () => this.#copy(this.pg.cli(), 'CLI command'));
  }

  #onKey(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || !this.pg) return;
    const t = ev.composedPath?.()[0] ?? ev.target;
    const tag = t?.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || t?.isContentEditable) return;
    const onButton = tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY';
    if (ev.key === ' ' || ev.key === 'Spacebar') {
      if (onButton) return; // the focused button handles its own activation
      ev.preventDefault();
      this.toggle();
    } else if (ev.key === 'ArrowRight') {
      ev.preventDefault();
      this.stepOnce();
    } else if (ev.key === 'r' || ev.key === 'R') {
      ev.preventDefault();
      this.reset();
    }
  }

  // ----- presets, notices, copy -----------------------------------------------------------------

  #initPresets() {
    const sel = this.presetSel;
    if (!sel) return;
    sel.replaceChildren(h('option', { value: '' }, 'Choose a preset…'),
      ...this.presets.map((p) => h('option', { value: p.id }, p.title)));
    // Which preset is this URL? Compare canonical queries (from wasm), after first paint.
    const here = this.pg.query();
    const idle = window.requestIdleCallback ?? ((f) => setTimeout(f, 50));
    idle(() => {
      for (const p of this.presets) {
        const probe = new Playground(p.state);
        const q = probe.query();
        probe.free?.();
        if (q === here && this.pg.query() === here) {
          this.presetId = p.id;
          this.presetQuery = q;
          this.#showPreset();
          return;
        }
      }
      this.#showPreset();
    });
  }

  #showPreset() {
    const p = this.presets.find((x) => x.id === this.presetId);
    const modified = p && this.pg.query() !== this.presetQuery;
    if (this.presetSel) this.presetSel.value = p ? p.id : '';
    if (this.presetTitle) this.presetTitle.textContent = p ? p.title + (modified ? ' (modified)' : '') : 'Your own scene';
    if (this.captionEl) {
      this.captionEl.textContent = p
        ? p.caption
        : 'Pick a preset above for a guided tour, or change the settings: every change is in the link, so a link reproduces exactly this scene.';
      this.captionEl.classList.toggle('blr-muted', !!modified);
    }
  }

  #showNotices(list) {
    if (!list || list.length === 0) return;
    const items = list.map((n) => h('li', {}, h('code', {}, String(n.key)), ': ', String(n.message)));
    this.notice.replaceChildren(
      h('div', { class: 'blr-notice-body' },
        h('strong', {}, list.length === 1
          ? 'One setting in the link was ignored (default used):'
          : `${list.length} settings in the link were ignored (defaults used):`),
        h('ul', {}, items)),
      h('button', { type: 'button', class: 'blr-btn blr-notice-close', 'aria-label': 'Dismiss notice',
        onclick: () => { this.notice.hidden = true; } }, '×'));
    this.notice.hidden = false;
  }

  async #copy(text, what) {
    const out = this.copyOut;
    try {
      await navigator.clipboard.writeText(text);
      if (out) {
        out.hidden = false;
        out.replaceChildren(h('span', { class: 'blr-copied' }, `Copied the ${what}.`));
        clearTimeout(this.copyTimer);
        this.copyTimer = setTimeout(() => { out.hidden = true; }, 2500);
      }
    } catch {
      // No clipboard (permissions, insecure context): show the text, selected, to copy by hand.
      if (!out) return;
      const field = h('input', { type: 'text', readonly: true, class: 'blr-copy-field', 'aria-label': `The ${what}` });
      field.value = text;
      out.hidden = false;
      clearTimeout(this.copyTimer);
      out.replaceChildren(h('label', {}, `Copy the ${what}: `, field),
        h('button', { type: 'button', class: 'blr-btn', 'aria-label': 'Close', onclick: () => { out.hidden = true; } }, '×'));
      field.focus();
      field.select();
    }
  }

  // ----- scene changes --------------------------------------------------------------------------

  /** Sets one scene key as a control would (controls, hash and panel follow); "" or the error. */
  set(key, value) {
    if (!this.pg) return 'not loaded yet';
    const err = this.pg.set(key, String(value));
    if (!err) {
      this.#syncControls();
      this.#afterSceneChange();
    }
    return err;
  }

  /** Replaces the whole scene (preset, pasted link, back/forward). */
  load(query, presetId = '') {
    const notices = parseJson(this.pg.load(query), []);
    this.#showNotices(notices);
    this.presetId = presetId;
    this.presetQuery = presetId ? this.pg.query() : null;
    this.#syncControls();
    this.hint.hidden = false;
    this.#afterSceneChange();
    if (presetId && this.opts.autoplay) this.play();
  }

  #afterSceneChange() {
    if (this.opts.urlSync) this.#writeHash();
    if (this.presetSel || this.captionEl) this.#showPreset();
    this.lastChartAt = 0;
    this.lastTextAt = 0;
    this.requestDraw();
  }

  #writeHash() {
    const q = this.pg.query();
    if (q === this.lastHash) return;
    this.lastHash = q;
    const url = location.pathname + location.search + (q ? `#${q}` : '');
    history.replaceState(history.state, '', url);
  }

  // ----- playback -------------------------------------------------------------------------------

  get t() { return this.frame?.t ?? 0; }

  play() {
    if (!this.pg) return;
    const f = this.#frame();
    if (f.diverged) return;
    if (f.t >= this.#steps()) this.pg.reset(); // Play at the end starts over
    this.#setPlaying(true);
  }

  pause() { this.#setPlaying(false); }

  toggle() { if (this.playing) this.pause(); else this.play(); }

  stepOnce() {
    if (!this.pg) return;
    this.pause();
    this.pg.step(1);
    this.lastChartAt = 0;
    this.lastTextAt = 0;
    this.requestDraw();
  }

  reset() {
    if (!this.pg) return;
    this.pg.reset();
    this.lastChartAt = 0;
    this.lastTextAt = 0;
    this.requestDraw();
  }

  #setPlaying(on) {
    this.playing = on;
    this.playBtn.textContent = on ? 'Pause' : 'Play';
    this.playBtn.setAttribute('aria-pressed', on ? 'true' : 'false');
    this.root.classList.toggle('blr-playing', on);
    if (!on) { this.lastTextAt = 0; this.lastChartAt = 0; }
    this.requestDraw();
  }

  #steps() { return Number(this.pg.get('steps')) || 0; }

  #frame() {
    this.frame = parseJson(this.pg.frame(), null) ?? { t: 0, components: [] };
    return this.frame;
  }

  requestDraw() {
    if (this.raf || !this.pg) return;
    this.raf = requestAnimationFrame(() => this.#tick());
  }

  #tick() {
    this.raf = 0;
    if (this.playing && this.visible) {
      const left = this.#steps() - this.t;
      if (left <= 0) {
        this.#setPlaying(false);
      } else {
        const n = Math.max(1, Math.min(Number(this.pg.get('speed')) || 1, left));
        if (!this.pg.step(n)) this.#setPlaying(false);
      }
    }
    this.draw();
    if (this.playing && this.visible) this.requestDraw();
  }

  // ----- drawing --------------------------------------------------------------------------------

  #resizeNow() {
    const rect = this.canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    this.#resizeTo(Math.round(rect.width * dpr), Math.round(rect.height * dpr));
  }

  #resizeTo(w, hgt) {
    if (!this.pg || w < 2 || hgt < 2) return;
    if (w === this.canvas.width && hgt === this.canvas.height && this.sized) return;
    this.sized = true;
    this.canvas.width = w;
    this.canvas.height = hgt;
    this.pg.resize(w, hgt);
    this.heatVersion = null;
    this.draw(); // synchronously: setting the size cleared the canvas
  }

  draw() {
    if (!this.pg || !this.sized) return;
    const ctx = this.canvas.getContext('2d');
    const W = this.canvas.width;
    const H = this.canvas.height;
    const dpr = Math.max(1, W / Math.max(1, this.canvas.getBoundingClientRect().width));

    // Heatmap: re-blit from wasm memory only when its version changed.
    const version = this.pg.landscape_version();
    if (version !== this.heatVersion) {
      const len = this.pg.landscape_len();
      if (len === W * H * 4) {
        const ptr = this.pg.landscape_ptr();
        const img = new ImageData(new Uint8ClampedArray(this.memory.buffer, ptr, len), W, H);
        this.off.width = W;
        this.off.height = H;
        this.off.getContext('2d').putImageData(img, 0, 0);
      }
      this.contours = this.pg.contours();
      this.heatVersion = version;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    ctx.fillStyle = '#0b0d12';
    ctx.fillRect(0, 0, W, H);
    if (this.off.width === W && this.off.height === H) ctx.drawImage(this.off, 0, 0);

    // Basins of attraction, over the heatmap and under the contours (semi-transparent RGBA
    // from wasm; computed only when the scene asks for a picture it does not have yet).
    this.#drawBasins(ctx, W, H);

    // Loss contours.
    if (this.contours?.length) {
      strokeSegments(ctx, this.contours, COLORS.contour, 1 * dpr);
    }

    const f = this.#frame();
    const K = f.components?.length ?? 0;

    // q's density contours.
    if (f.density?.length) strokeSegments(ctx, f.density, COLORS.density, 1 * dpr);

    // Trails: fading, oldest first.
    (f.trail ?? []).forEach((tr, i) => {
      const color = componentColor(i, K);
      const w = f.components?.[i]?.weight ?? 1;
      const alpha = weightAlpha(w, K);
      const n = tr.length / 2;
      if (n < 2) return;
      ctx.save();
      // A dark rim keeps the white path readable on the bright end of the colour map.
      ctx.lineJoin = 'round';
      ctx.lineCap = 'round';
      polyline(ctx, tr);
      ctx.globalAlpha = 0.35 * alpha;
      ctx.strokeStyle = '#000';
      ctx.lineWidth = 4 * dpr;
      ctx.stroke();
      ctx.strokeStyle = color;
      ctx.lineWidth = 2 * dpr;
      for (let j = 1; j < n; j++) {
        ctx.globalAlpha = alpha * (0.4 + 0.6 * (j / (n - 1)));
        const c = clipSegment(tr[2 * j - 2], tr[2 * j - 1], tr[2 * j], tr[2 * j + 1], W, H);
        if (!c) continue;
        ctx.beginPath();
        ctx.moveTo(c[0], c[1]);
        ctx.lineTo(c[2], c[3]);
        ctx.stroke();
      }
      ctx.restore();
    });

    // Classical path, on top of the rule's trail: dashes with a dark rim, so where the two
    // paths coincide the white trail shows between the orange dashes.
    const cl = f.classic;
    if (cl?.path?.length >= 2) {
      ctx.save();
      ctx.lineJoin = 'round';
      ctx.lineCap = 'round';
      polyline(ctx, cl.path);
      ctx.setLineDash([7 * dpr, 5 * dpr]);
      ctx.lineCap = 'butt';
      ctx.strokeStyle = 'rgba(0,0,0,0.6)';
      ctx.lineWidth = 4.2 * dpr;
      ctx.stroke();
      ctx.strokeStyle = COLORS.classic;
      ctx.lineWidth = 2.2 * dpr;
      ctx.stroke();
      ctx.restore();
      const n = cl.path.length;
      ring(ctx, cl.path[n - 2], cl.path[n - 1], 7 * dpr, COLORS.classic, 2 * dpr);
    }

    // Samples / quadrature points.
    const s = f.samples ?? [];
    if (s.length) {
      ctx.save();
      ctx.fillStyle = COLORS.samples;
      const r = 1.7 * dpr;
      ctx.beginPath();
      for (let j = 0; j + 1 < s.length; j += 2) {
        ctx.moveTo(s[j] + r, s[j + 1]);
        ctx.arc(s[j], s[j + 1], r, 0, 2 * Math.PI);
      }
      ctx.fill();
      ctx.restore();
    }

    // Ellipses (1σ solid, 2σ lighter) and mean dots, opacity by weight.
    (f.components ?? []).forEach((c, i) => {
      const color = componentColor(i, K);
      const alpha = weightAlpha(c.weight, K);
      const [e1, e2] = c.ellipses ?? [];
      ctx.save();
      ctx.strokeStyle = color;
      if (e2?.length) {
        ctx.globalAlpha = 0.45 * alpha;
        ctx.lineWidth = 1.2 * dpr;
        polyline(ctx, e2, true);
        ctx.stroke();
      }
      if (e1?.length) {
        ctx.globalAlpha = alpha;
        ctx.lineWidth = 2 * dpr;
        polyline(ctx, e1, true);
        ctx.stroke();
      }
      ctx.globalAlpha = Math.max(alpha, 0.5);
      ctx.beginPath();
      ctx.arc(c.mean[0], c.mean[1], 4 * dpr, 0, 2 * Math.PI);
      ctx.fillStyle = color;
      ctx.fill();
      ctx.lineWidth = 1.5 * dpr;
      ctx.strokeStyle = 'rgba(0,0,0,0.8)';
      ctx.stroke();
      ctx.restore();
    });

    this.#updateHud(f);
    if (!this.firstFrame) {
      this.firstFrame = true;
      performance.mark?.('blr-first-frame');
    }
  }

  #drawBasins(ctx, W, H) {
    const pg = this.pg;
    if (pg.basins_stale()) this.#scheduleBasins();
    const version = pg.basins_version();
    if (version !== this.basinsVersion) {
      this.basinsVersion = version;
      const len = pg.basins_len();
      this.basinsShown = len > 0 && len === W * H * 4;
      if (this.basinsShown) {
        const img = new ImageData(new Uint8ClampedArray(this.memory.buffer, pg.basins_ptr(), len), W, H);
        this.basinsOff.width = W;
        this.basinsOff.height = H;
        this.basinsOff.getContext('2d').putImageData(img, 0, 0);
      }
      this.#showBasinsLegend();
    }
    if (this.basinsShown && this.basinsOff.width === W && this.basinsOff.height === H) {
      ctx.drawImage(this.basinsOff, 0, 0);
    }
  }

  /** Computes the basins after the "computing…" line has been painted (the one slow call). */
  #scheduleBasins() {
    if (this.basinsPending) return;
    this.basinsPending = true;
    this.#showBasinsLegend();
    requestAnimationFrame(() => setTimeout(() => {
      this.basinsPending = false;
      if (!this.pg.basins_stale()) { this.requestDraw(); return; }
      // Timing only: performance.now() around the wasm call.
      const t0 = performance.now();
      this.pg.basins_compute();
      this.basinsMs = performance.now() - t0;
      this.#showBasinsLegend();
      this.requestDraw();
    }, 0));
  }

  #showBasinsLegend() {
    const on = this.pg.get('basins') !== 'off';
    this.lgBasins.hidden = !on;
    if (!on) return;
    const lg = parseJson(this.pg.basins_legend(), null);
    if (!lg) {
      this.lgBasinsHead.textContent = 'Basins of attraction: computing…';
      this.lgBasinsList.replaceChildren();
      this.lgBasins.dataset.state = 'computing';
      return;
    }
    this.lgBasins.dataset.state = lg.error ? 'error' : 'ready';
    this.lgBasins.dataset.method = lg.method;
    const took = this.basinsMs == null ? '' : `, ${Math.round(this.basinsMs)} ms`;
    this.lgBasinsHead.textContent = lg.error
      ? lg.text
      : `Basins of ${lg.label} (${lg.n}×${lg.n} starts, ${lg.steps} steps${took}):`;
    const swatch = (colour) => svg('svg', { width: 12, height: 12, viewBox: '0 0 12 12', 'aria-hidden': 'true' },
      svg('rect', { x: 0.5, y: 0.5, width: 11, height: 11, rx: 2, fill: colour, stroke: 'rgba(255,255,255,0.35)' }));
    this.lgBasinsList.replaceChildren(...(lg.entries ?? []).map((e) => h('li', {
      'data-basin': e.label === 'none' ? 'none' : 'minimum',
      'data-fraction': String(e.fraction),
      title: e.label === 'none'
        ? `${e.count} starts ended at a saddle, a maximum or nowhere`
        : `${e.count} starts ended at the minimum ${e.label}`,
    }, swatch(e.colour), h('span', {}, e.label), h('span', { class: 'blr-basins-pct' }, e.percent))));
  }

  #updateHud(f) {
    const steps = this.#steps();
    this.tOut.textContent = `t = ${f.t} / ${steps}`;

    // Divergence: stop, say why, offer a reset.
    if (f.diverged) {
      if (this.playing) this.#setPlaying(false);
      this.bannerText.textContent = `The run stopped at t = ${f.t}: ${f.diverged}`;
      this.banner.hidden = false;
    } else {
      this.banner.hidden = true;
    }

    // Legend.
    const est = this.pg.get('estimator');
    const cl = f.classic;
    this.lgClassic.hidden = !cl;
    if (cl) {
      this.lgClassic.labelEl.textContent = cl.label || cl.name;
      this.gapEl.textContent = f.gap == null ? '' : `gap ${formatGap(f.gap)}`;
      const bad = cl.status && cl.status !== 'ok';
      this.lgClassicStatus.hidden = !bad;
      this.lgClassicStatus.textContent = bad ? `${cl.label || cl.name}: ${cl.status}` : '';
    } else {
      this.lgClassicStatus.hidden = true;
    }
    const sampleNames = { mc: 'Monte Carlo samples', 'gauss-hermite': 'Gauss–Hermite points', unscented: 'sigma points' };
    this.lgSamples.hidden = !(f.samples?.length) || est === 'delta';
    this.lgSamples.labelEl.textContent = sampleNames[est] ?? 'evaluation points';
    const K = f.components?.length ?? 1;
    this.lgRule.labelEl.textContent = K > 1 ? `q: ${K} components, mean paths` : 'q: mean path (the rule)';
    this.lgEllipse.labelEl.textContent = K > 1 ? '1σ, 2σ ellipses (opacity = weight)' : 'q: 1σ and 2σ ellipses';
    this.lgContour.labelEl.textContent = this.pg.get('target') === 'true'
      ? 'heatmap: target exp(−ℓ̄/τ); contours of ℓ̄' : 'contours of the loss ℓ̄';

    // "= Newton's method".
    this.badge.hidden = !f.reduces_to;
    this.badge.textContent = f.reduces_to ? `= ${f.reduces_to}` : '';
    if (this.reducesEl) {
      this.reducesEl.hidden = !f.reduces_to;
      this.reducesEl.textContent = f.reduces_to ? `This scene is ${f.reduces_to}.` : '';
    }

    // Equations: show the one block for this family and estimator.
    if (this.eqBlocks.length && f.equations !== this.shownEq) {
      this.shownEq = f.equations;
      for (const b of this.eqBlocks) b.hidden = b.dataset.eq !== f.equations;
    }
    if (this.eqImproved) {
      // frame().improved says whether the correction is in effect (improved=auto resolved).
      this.eqImproved.hidden = this.pg.get('family') === 'fixed' || !f.improved;
    }
    if (this.eqNote) {
      const d = this.options.estimator?.find((e) => e.name === est)?.description;
      this.eqNote.textContent = d ? `Expectations 𝔼[·]: ${est} — ${d}.` : '';
    }

    // Text alternative and charts: immediately when paused, throttled while playing.
    const now = performance.now();
    if (f.text && f.text !== this.lastText && (!this.playing || now - this.lastTextAt > 1500)) {
      this.textEl.textContent = f.text;
      this.lastText = f.text;
      this.lastTextAt = now;
    }
    if ((this.chartLoss || this.chartWeights) && (!this.playing || now - this.lastChartAt > 150)) {
      this.lastChartAt = now;
      this.#drawCharts();
    }
  }

  #drawCharts() {
    const hist = parseJson(this.pg.history(), null);
    if (!hist) return;
    if (this.chartLoss) {
      drawChart(this.chartLoss, [
        { values: hist.loss ?? [], color: '#56b4e9', label: 'loss at the mean ℓ̄(m)' },
        { values: hist.objective ?? [], color: '#f0e442', label: 'objective L(λ)' },
      ], {});
    }
    if (this.chartWeights) {
      const wrap = this.chartWeights.closest('[data-chart-wrap]') ?? this.chartWeights;
      const w = hist.weights ?? [];
      const isMix = this.pg.get('family') === 'mixture';
      wrap.hidden = !isMix;
      if (isMix && w.length) {
        // history().weights is one row per step (weights[t][k]); one series per component.
        const perStep = w.length === (hist.loss?.length ?? -1);
        const K = perStep ? (w[w.length - 1]?.length ?? 0) : w.length;
        const series = [];
        for (let k = 0; k < K; k++) {
          series.push({
            values: perStep ? w.map((row) => row[k]) : w[k],
            color: componentColor(k, K),
            label: `π${subscript(k + 1)}`,
          });
        }
        drawChart(this.chartWeights, series, { yMin: 0, yMax: 1 });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Canvas drawing helpers (pixel coordinates all come from wasm).

function weightAlpha(w, K) {
  if (K <= 1) return 1;
  return Math.min(1, 0.2 + 0.8 * Math.min(1, w * K));
}

// Canvas rasterisers misdraw segments millions of pixels long (a diverging run's path): dashes
// go astray and two identical paths stop overlapping. Segments are therefore cut to the canvas
// plus a margin before they are stroked (Liang–Barsky clipping of pixel segments; drawing only).
const CLIP_MARGIN = 64;

function clipSegment(x0, y0, x1, y1, W, H) {
  const lo = -CLIP_MARGIN;
  const dx = x1 - x0;
  const dy = y1 - y0;
  let t0 = 0;
  let t1 = 1;
  const edges = [[-dx, x0 - lo], [dx, W + CLIP_MARGIN - x0], [-dy, y0 - lo], [dy, H + CLIP_MARGIN - y0]];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
    } else {
      const r = q / p;
      if (p < 0) { if (r > t1) return null; if (r > t0) t0 = r; } else { if (r < t0) return null; if (r < t1) t1 = r; }
    }
  }
  return [x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy];
}

/** Adds a polyline (flat [x, y, …] in pixels) to a new path, clipped to the canvas. */
function polyline(ctx, pts, closed = false) {
  const W = ctx.canvas.width;
  const H = ctx.canvas.height;
  ctx.beginPath();
  const n = pts.length >> 1;
  const last = closed ? n : n - 1;
  let penX = NaN;
  let penY = NaN;
  for (let i = 0; i < last; i++) {
    const j = (i + 1) % n;
    const c = clipSegment(pts[2 * i], pts[2 * i + 1], pts[2 * j], pts[2 * j + 1], W, H);
    if (!c) continue;
    if (c[0] !== penX || c[1] !== penY) ctx.moveTo(c[0], c[1]);
    ctx.lineTo(c[2], c[3]);
    penX = c[2];
    penY = c[3];
  }
}

function strokeSegments(ctx, seg, color, width) {
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.beginPath();
  for (let j = 0; j + 3 < seg.length; j += 4) {
    ctx.moveTo(seg[j], seg[j + 1]);
    ctx.lineTo(seg[j + 2], seg[j + 3]);
  }
  ctx.stroke();
  ctx.restore();
}

function ring(ctx, x, y, r, color, width) {
  ctx.save();
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.lineWidth = width + 2;
  ctx.strokeStyle = 'rgba(0,0,0,0.6)';
  ctx.stroke();
  ctx.lineWidth = width;
  ctx.strokeStyle = color;
  ctx.stroke();
  ctx.restore();
}

function subscript(n) {
  return String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[d]);
}

function fmtTick(v) {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-2 && a < 1e4) return String(Number(v.toPrecision(3)));
  return v.toExponential(1).replace('e+', 'e');
}

/** A small line chart over steps; a log y axis when all values are positive and span > 2 decades. */
function drawChart(canvas, series, { yMin, yMax }) {
  const rect = canvas.getBoundingClientRect();
  if (rect.width < 10) return;
  const dpr = window.devicePixelRatio || 1;
  const W = Math.round(rect.width * dpr);
  const H = Math.round(rect.height * dpr);
  if (canvas.width !== W || canvas.height !== H) {
    canvas.width = W;
    canvas.height = H;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, W, H);
  const finite = series.flatMap((s) => s.values.filter((v) => v != null && Number.isFinite(v)));
  const n = Math.max(...series.map((s) => s.values.length), 0);
  ctx.font = `${11 * dpr}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  const padL = 50 * dpr;
  const padR = 8 * dpr;
  const padT = 8 * dpr;
  const padB = 18 * dpr;
  const pw = W - padL - padR;
  const ph = H - padT - padB;
  ctx.strokeStyle = 'rgba(255,255,255,0.18)';
  ctx.lineWidth = 1;
  ctx.strokeRect(padL + 0.5, padT + 0.5, pw, ph);
  ctx.fillStyle = 'rgba(230,232,238,0.7)';
  if (!finite.length || n === 0) {
    ctx.textAlign = 'center';
    ctx.fillText('no data yet', padL + pw / 2, padT + ph / 2);
    return;
  }
  let lo = yMin ?? Math.min(...finite);
  let hi = yMax ?? Math.max(...finite);
  // A spike (Newton's first step, a diverging objective) would flatten everything else: when
  // the values span more than two decades, use a symmetric log axis, sign(v)·log10(1 + |v|/c).
  const mags = finite.map(Math.abs).sort((p, q) => p - q);
  const typical = mags[Math.floor(mags.length / 2)];
  const big = mags[mags.length - 1];
  const log = yMin == null && big > 100 * Math.max(typical, 1e-300);
  const c = Math.max(typical, big * 1e-6, 1e-300);
  const tf = log ? (v) => Math.sign(v) * Math.log10(1 + Math.abs(v) / c) : (v) => v;
  let a = tf(lo);
  let b = tf(hi);
  if (a === b) { a -= 0.5; b += 0.5; }
  const pad = (b - a) * 0.06;
  if (yMin == null) { a -= pad; b += pad; }
  const X = (i) => padL + (n <= 1 ? 0 : (i / (n - 1)) * pw);
  const Y = (v) => padT + ph - ((tf(v) - a) / (b - a)) * ph;
  // Axis labels: top, bottom (value range) and the step range.
  ctx.textAlign = 'right';
  ctx.fillText(fmtTick(hi), padL - 4 * dpr, padT + 6 * dpr);
  ctx.fillText(fmtTick(lo), padL - 4 * dpr, padT + ph - 6 * dpr);
  ctx.textAlign = 'left';
  ctx.fillText('t = 0', padL, H - padB / 2);
  ctx.textAlign = 'right';
  ctx.fillText(`${log ? '(log scale)   ' : ''}t = ${n - 1}`, padL + pw, H - padB / 2);
  ctx.save();
  ctx.beginPath();
  ctx.rect(padL, padT, pw, ph);
  ctx.clip();
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 1.6 * dpr;
    ctx.beginPath();
    let pen = false;
    s.values.forEach((v, i) => {
      if (v == null || !Number.isFinite(v)) { pen = false; return; }
      if (pen) ctx.lineTo(X(i), Y(v));
      else { ctx.moveTo(X(i), Y(v)); pen = true; }
    });
    ctx.stroke();
  }
  ctx.restore();
}
