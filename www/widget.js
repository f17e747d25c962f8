// The BLR Playground widget: one module shared by the full page (index.html via main.js, and its
// ?embed mode) and the <blr-playground> custom element (blr-playground.js).
//
// It holds NO maths. Every number and every pixel coordinate comes from the wasm `Playground`
// (src/web.rs, contract in www/README.md); this class wires DOM events to it and composes the
// parts in widget/: controls.js (the control table), canvas.js (the plot), legend.js (legend
// and HUD), charts.js, input.js (drag, keys), presets.js (presets, notices), clipboard.js,
// colours.js and dom.js. DOM is built with createElement/textContent only (never innerHTML,
// never a style attribute), so it runs under a strict Content-Security-Policy, and nothing from
// a URL or an attribute can become markup.

import init, { Playground } from './pkg/blr_playground.js';
import { h, parseJson } from './widget/dom.js';
import { buildControls } from './widget/controls.js';
import { blitRgba, clear, drawContours, drawFrame, drawLayer, drawStart } from './widget/canvas.js';
import { Hud, Legend } from './widget/legend.js';
import { drawHistory } from './widget/charts.js';
import { drawMixture } from './widget/mixture.js';
import { drawTwin } from './widget/twin.js';
import { copier } from './widget/clipboard.js';
import { mountExport } from './widget/export.js';
import { mountVideo } from './widget/video.js';
import { onArrows, onDrag, onKeys } from './widget/input.js';
import { Classroom, hiddenKeys } from './widget/classroom.js';
import { Presets, showNotices } from './widget/presets.js';
import { ColourBar, Readout, drawAxes, onHover } from './widget/axes.js';
import { Tour } from './widget/tour.js';
import { BasinsLayer } from './widget/basins.js';
import { Chunks, FrameBudget, MIN_MS, Pieces, afterThisTask } from './widget/budget.js';
import { describe, loadCore } from './widget/failure.js';
import { onZoom } from './widget/zoom.js';
import { mountEmbedExtras } from './widget/embed.js';
import { mountShare } from './widget/share.js';
import { DataPanel, dropTarget } from './widget/data.js';

// What main.js, blr-playground.js and embedders import from here.
export { h } from './widget/dom.js';
export { COLORS } from './widget/colours.js';
export { formatGap } from './widget/legend.js';

// ---------------------------------------------------------------------------------------------
// wasm: loaded once per document, shared by every widget on the page.

let wasmPromise = null;
/** Loads the wasm module once; resolves to { Playground, memory }. */
export function loadWasm() {
  wasmPromise ??= loadCore(init).then((exports) => {
    performance.mark?.('blr-wasm-ready'); // fetched, compiled, instantiated (scripts/first-frame.mjs)
    return { Playground, memory: exports.memory };
  });
  return wasmPromise;
}

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
 *   step, caption, link  embeds: show Step; the preset's caption; an "Open in the playground"
 *            link to this URL (widget/embed.js)
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
    this.basins = new BasinsLayer(this);
    this.budget = new FrameBudget();
    this.stepChunks = new Chunks(); // the run's steps (playing and seeking)
    // The heatmap's pixels (Playground.landscape_advance), 64 at a time: on mixture1d's 80 rows
    // 1,024 pixels took 10 ms, too coarse a piece.
    this.heatPieces = new Pieces((n) => this.pg.landscape_advance(n), 64);
    this.frame = null;
    this.lastHash = null;
    this.lastText = '';
    this.lastTextAt = 0;
    this.lastChartAt = 0;
    this.controls = null; // a ControlSet once wasm is in (buildControls)
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
    const legendEl = this.#part('legend', () => h('div'));
    legendEl.classList.add('blr-legend');
    if (!legendEl.parentNode) this.stage.append(legendEl);
    this.legend = new Legend(legendEl);
    this.colourBar = new ColourBar(legendEl);
    this.readout = new Readout(legendEl);
    this.gapEl = this.legend.gapEl;

    // Save (figure PNG/SVG, run JSON/CSV, WebM/GIF): the full page only (widget/export.js,
    // widget/video.js).
    if (!Array.isArray(this.opts.controls)) {
      const saveEl = this.#part('export', () => h('div'));
      if (!saveEl.parentNode) this.stage.append(saveEl);
      // The downloads other than the figure replay the scene in the export module
      // (widget/replay.js), with the user's rows when the scene uses them.
      const get = () => this.pg && { pg: this.pg, memory: this.memory, plotEl: this.plot, file: this.dataPanel?.file };
      mountExport(saveEl, get);
      mountVideo(saveEl, get);
    }

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
    // Said when the frame budget cannot honour the requested speed (see #tick).
    this.budgetOut = h('output', { class: 'blr-t blr-budget', 'aria-live': 'polite' }, '');
    this.budgetOut.hidden = true;
    const compact = Array.isArray(this.opts.controls);
    // Classroom: step back, the scrubber over the recorded run, full screen (widget/classroom.js).
    this.classroom = new Classroom(this);
    const cr = this.classroom;
    this.transport.append(...[compact ? null : cr.back, this.playBtn, compact && !this.opts.step ? null : this.stepBtn,
      this.resetBtn, compact ? null : cr.full, compact ? null : cr.scrub, this.tOut, this.budgetOut].filter(Boolean));
    // The arrow keys' new start, said aloud.
    this.startOut = h('output', { class: 'blr-sr', 'aria-live': 'polite' });
    this.transport.append(this.startOut);

    // Controls.
    this.controlsEl = this.#part('controls', () => r.appendChild(h('div')));
    this.controlsEl.classList.add('blr-controls');

    // Text alternative (aria-live polite).
    this.textEl = this.#part('text', () => r.appendChild(h('p', { class: 'blr-sr' })));
    this.textEl.setAttribute('aria-live', 'polite');
    this.canvas.setAttribute('aria-describedby', this.#idOf(this.textEl));

    // Optional chrome parts (only the full page has them).
    // Embeds: the preset's caption and an "open in the playground" link, when asked (embed.js);
    // the full page: its "Share / embed" panel (share.js).
    this.extras = mountEmbedExtras(r, compact ? this.opts : {});
    const shareEl = this.#part('share');
    this.share = shareEl && !compact ? mountShare(shareEl, () => this.pg) : null;
    this.presets = new Presets(compact ? this.extras : {
      select: this.#part('preset-select'), title: this.#part('preset-title'), caption: this.#part('caption'),
    });
    this.reducesEl = this.#part('reduces');
    this.eqNote = this.#part('eq-estimator');
    this.chartLoss = this.#part('chart-loss');
    this.chartWeights = this.#part('chart-weights');
    this.mixtureEl = this.#part('mixture');
    this.mixtureWrap = this.#part('mixture-wrap');
    this.chartTwin = this.#part('chart-twin');
    this.copyLinkBtn = this.#part('copy-link');
    this.copyCliBtn = this.#part('copy-cli');
    this.copyOut = this.#part('copy-out');
    this.eqBlocks = [...r.querySelectorAll('[data-eq]')];
    this.eqImproved = r.querySelector('[data-eq-improved]');
    this.hud = new Hud({
      tOut: this.tOut, banner: this.banner, bannerText: this.bannerText, badge: this.badge,
      reducesEl: this.reducesEl, eqBlocks: this.eqBlocks, eqImproved: this.eqImproved, eqNote: this.eqNote,
      eqMinibatch: r.querySelector('[data-eq-minibatch]'),
    });
    // The data panel beside the plot (the full page only): rows of a data landscape, and the
    // user's own rows from a file picked there or dropped on the plot.
    const dataEl = this.#part('data');
    if (dataEl) {
      this.dataPanel = new DataPanel(dataEl, {
        pg: () => this.pg,
        loaded: () => { this.controls.sync(); this.#afterSceneChange(); },
      });
      dropTarget(this.plot, (file) => this.dataPanel.load(file));
    }
    this.copy = copier(this.copyOut);
  }

  #idOf(el) {
    if (!el.id) el.id = `${this.id}-${Math.random().toString(36).slice(2, 8)}`;
    return el.id;
  }

  #onControl(ctl) {
    if (!this.pg) return;
    this.controls.applied(ctl, this.pg.set(ctl.def.key, this.controls.value(ctl)));
    this.#afterSceneChange();
  }

  // ----- boot -----------------------------------------------------------------------------------

  async #boot() {
    const { Playground: PG, memory } = await loadWasm();
    this.memory = memory;
    const hash = this.opts.urlSync ? location.hash : this.opts.scene;
    this.pg = new PG(hash || '');
    this.options = parseJson(PG.options(), {});
    this.controls = buildControls(this.controlsEl, this.options, {
      only: Array.isArray(this.opts.controls) ? this.opts.controls : null,
      idPrefix: this.id,
      get: (key) => this.pg.get(key),
      relevant: () => parseJson(this.pg.relevant(), []),
      hidden: () => hiddenKeys(this.pg.get('hide')),
      onChange: (ctl) => this.#onControl(ctl),
    });
    this.controls.sync();
    showNotices(this.notice, parseJson(this.pg.notices(), []));
    this.#applyTheme();
    this.lastQuery = this.pg.query();
    this.#wire();
    this.loading.remove();
    this.root.classList.add('blr-ready');
    this.#resizeNow();
    if (this.opts.urlSync) this.#writeHash();
    this.presets.fill(parseJson(PG.presets(), []), this.pg);
    const tourEl = this.#part('tour');
    if (tourEl) {
      this.tour = new Tour(tourEl, this, parseJson(PG.tour(), []));
      this.tour.fromUrl();
    }
    if (this.opts.autoplay && !this.#prefersReducedMotion() && !this.tour?.active) this.play();
    this.requestDraw();
  }

  #prefersReducedMotion() {
    return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  }

  #fatal(err) {
    console.error(err);
    // Said aloud (role=alert), with a retry; the transport cannot do anything without wasm.
    this.loading.replaceChildren(
      h('span', {}, describe(err)), // what to add to a CSP, or a cross-origin fix (failure.js)
      h('button', { type: 'button', class: 'blr-btn blr-retry', onclick: () => location.reload() }, 'Retry'));
    this.loading.setAttribute('role', 'alert');
    this.loading.classList.add('blr-loading-error');
    for (const b of [this.playBtn, this.stepBtn, this.resetBtn, this.classroom.back, this.classroom.scrub]) b.disabled = true;
    this.root.classList.add('blr-failed');
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

    // Dragging the start by its handle; arrows on the plot move it; keys (space play/pause,
    // → step, ← step back, r reset).
    onDrag(this.canvas, (x, y) => {
      this.pg.set_init(x, y);
      this.hint.hidden = true;
      this.#afterSceneChange();
    }, (x, y) => this.#onHandle(x, y));
    onArrows(this.canvas, (dx, dy) => {
      this.startOut.textContent = this.pg.nudge(dx, dy);
      this.hint.hidden = true;
      this.#afterSceneChange();
    });
    onHover(this.canvas, (x, y) => this.readout.show(parseJson(this.pg.probe(x, y), {}).text ?? ''));
    // Wheel/pinch zoom, Shift-drag pan, "Reset view" (widget/zoom.js): the `view` key.
    this.zoom = onZoom(this.canvas, this.plot, {
      zoom: (x, y, f) => this.pg.zoom(x, y, f),
      pan: (dx, dy) => this.pg.pan(dx, dy),
      reset: () => this.pg.reset_view(),
      changed: () => this.#afterSceneChange(),
    }, { wheelNeedsModifier: Array.isArray(this.opts.controls) });
    this.zoom.sync(this.pg.get('view'));
    this.extras.update(this.pg.query());
    onKeys(this.opts.keyTarget ?? this.root, {
      ready: () => !!this.pg,
      toggle: () => this.toggle(),
      step: () => this.stepOnce(),
      back: () => this.classroom.stepBack(),
      reset: () => this.reset(),
    });

    if (this.opts.urlSync) {
      window.addEventListener('hashchange', () => {
        const h = location.hash.replace(/^#/, '');
        if (h === this.lastHash) return;
        this.load(h);
      });
    }

    // Chrome: presets and copy buttons.
    this.presets.onPick((p) => this.load(p.state, p.id, true));
    // A scene with the user's rows says, wherever it is copied, that the link lacks them.
    const note = () => parseJson(this.pg.data_notice(), null)?.text ?? '';
    this.copyLinkBtn?.addEventListener('click', () => this.copy(location.href, 'link', note()));
    this.copyCliBtn?.addEventListener('click', () => this.copy(this.pg.cli(), 'CLI command', note()));
  }

  // ----- scene changes --------------------------------------------------------------------------

  /** Sets one scene key as a control would (controls, hash and panel follow); "" or the error. */
  set(key, value) {
    if (!this.pg) return 'not loaded yet';
    const err = this.pg.set(key, String(value));
    if (!err) {
      this.controls.sync();
      this.#afterSceneChange();
    }
    return err;
  }

  /** Replaces the whole scene (preset, tour step, pasted link, back/forward). */
  load(query, presetId = '', open = false) {
    this.classroom.target = null;
    // open: a preset or tour step, keeping the viewer's settings (projector, hide, speed, theme).
    showNotices(this.notice, parseJson(open ? this.pg.open(query) : this.pg.load(query), []));
    this.presets.loaded(presetId || this.pg.preset_id(), this.pg.query());
    this.controls.sync();
    this.hint.hidden = false;
    this.#afterSceneChange();
    if (presetId && this.opts.autoplay && !this.#prefersReducedMotion()) this.play();
  }

  /** Whether a canvas point (device pixels) is on the start's handle (44 CSS px across). */
  #onHandle(x, y) {
    const s = this.frame?.start;
    const r = 22 * Math.max(1, this.canvas.width / Math.max(1, this.canvas.getBoundingClientRect().width));
    return !!s && (x - s[0]) ** 2 + (y - s[1]) ** 2 <= r * r;
  }

  #afterSceneChange() {
    this.#applyTheme();
    this.zoom?.sync(this.pg.get('view'));
    this.extras.update(this.pg.query());
    this.share?.refresh();
    this.lastQuery = this.pg.query();
    if (this.opts.urlSync) this.#writeHash();
    if (this.presets.shown) this.presets.show(this.pg.query());
    this.lastChartAt = 0;
    this.lastTextAt = 0;
    this.requestDraw();
  }

  /** data-theme on the root: the scene's `theme`, else the `theme` option (the element's
   * attribute); none follows prefers-color-scheme (widget.css, light-dark()). */
  #applyTheme() {
    const t = this.pg.get('theme');
    const theme = t === 'light' || t === 'dark' ? t : this.opts.theme;
    if (theme === 'light' || theme === 'dark') this.root.dataset.theme = theme;
    else delete this.root.dataset.theme;
    this.classroom.applyScene(this.pg);
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
    this.classroom.target = null;
    const f = this.#frame();
    if (f.diverged) return;
    if (f.t >= this.#steps()) this.pg.reset(); // Play at the end starts over
    this.#setPlaying(true);
  }

  pause() { this.#setPlaying(false); }

  toggle() { if (this.playing) this.pause(); else this.play(); }

  stepOnce() {
    if (!this.pg) return;
    this.classroom.target = null;
    this.pause();
    this.pg.step(1);
    this.lastChartAt = 0;
    this.lastTextAt = 0;
    this.requestDraw();
  }

  reset() {
    if (!this.pg) return;
    this.classroom.target = null;
    this.pg.reset();
    this.lastChartAt = 0;
    this.lastTextAt = 0;
    this.requestDraw();
  }

  #setPlaying(on) {
    if (on !== this.playing) this.classroom.playing(on);
    this.playing = on;
    this.playBtn.textContent = on ? 'Pause' : 'Play';
    this.playBtn.setAttribute('aria-pressed', on ? 'true' : 'false');
    this.root.classList.toggle('blr-playing', on);
    if (!on) { this.lastTextAt = 0; this.lastChartAt = 0; this.budgetOut.hidden = true; }
    this.requestDraw();
  }

  #steps() { return this.pg.steps(); }

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
    this.budget.frameStart();
    // The frame's work in wasm, in this order within its work time: a heatmap being evaluated
    // (draw() goes on with it if it needs more), a basins picture, the run's steps.
    const heating = this.#heat();
    const computing = this.basins.work();
    const seeking = this.classroom.advance(this.pg, (want, step) => this.#work(want, step));
    if (!seeking && this.playing && this.visible) {
      const left = this.#steps() - this.t;
      if (left <= 0) {
        this.#setPlaying(false);
      } else {
        const speed = Number(this.pg.get('speed')) || 1;
        const want = this.classroom.owedSteps(speed, left);
        if (want > 0) this.#stepWithinBudget(want, speed);
      }
    }
    // Replaying the recorded run re-applies its tunings: controls and link follow.
    if (this.pg.query() !== this.lastQuery) {
      this.controls.sync();
      this.#afterSceneChange();
    }
    this.draw();
    if ((this.playing && this.visible) || this.classroom.target != null || computing || heating) this.requestDraw();
  }

  /**
   * Works on a stale heatmap within what is left of the frame's work time (a landscape made
   * expensive by its rows of data takes several frames, the last picture shown meanwhile).
   * True while it is still stale.
   */
  #heat() {
    return this.pg.landscape_stale() && this.heatPieces.run(this.budget) < 1;
  }

  /** `step(n)` in chunks until `want` steps: what is left of the frame's work time, at least MIN_MS. */
  #work(want, step) {
    return this.budget.run(this.stepChunks, want, step, this.budget.left(MIN_MS));
  }

  /** Steps within the frame budget; says so when `speed` asks for more than fits. */
  #stepWithinBudget(want, speed) {
    const { done, ok } = this.#work(want, (n) => this.pg.step(n));
    this.classroom.took(done);
    if (!ok) this.#setPlaying(false);
    const cut = done < want && this.playing;
    this.budgetOut.hidden = !cut;
    // Rewritten at most once a second: it is said aloud (aria-live), and new text every
    // frame would cost a layout every frame.
    const now = performance.now();
    if (cut && !(now - this.budgetAt < 1000)) {
      this.budgetAt = now;
      this.budgetOut.textContent = `speed ${speed} steps/s asked; ${done} steps fit this frame`;
    }
  }

  // ----- drawing --------------------------------------------------------------------------------

  #resizeNow() {
    const rect = this.canvas.getBoundingClientRect();
    // Kept for draw(), which must not force a layout every frame to read it.
    this.cssWidth = rect.width;
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
    const dpr = Math.max(1, W / Math.max(1, this.cssWidth ?? W));

    // Heatmap: evaluated within the frame budget (#heat); re-blit from wasm memory only when
    // its version changed.
    const heating = this.#heat();
    if (heating) this.requestDraw();
    const version = heating ? this.heatVersion : this.pg.landscape_version();
    if (version !== this.heatVersion) {
      const len = this.pg.landscape_len();
      if (len === W * H * 4) blitRgba(this.off, this.memory, this.pg.landscape_ptr(), len, W, H);
      this.contours = this.pg.contours();
      this.heatVersion = version;
      this.axes = parseJson(this.pg.axes(), null);
      this.colourBar.show(parseJson(this.pg.colour_bar(), null));
    }
    clear(ctx, W, H);
    drawLayer(ctx, this.off, W, H);

    // Basins of attraction, over the heatmap and under the contours (semi-transparent RGBA
    // from wasm; computed only when the scene asks for a picture it does not have yet).
    this.basins.draw(ctx, W, H);

    const lw = dpr * this.classroom.lineScale; // the projector draws thicker lines
    drawContours(ctx, this.contours, lw);
    const f = this.#frame();
    drawFrame(ctx, f, lw);
    drawStart(ctx, f.start, lw);
    drawAxes(ctx, this.axes, lw, W, H);
    this.classroom.show(f);
    this.dataPanel?.draw(this.playing);

    this.#updateHud(f);
    if (!this.firstFrame) {
      this.firstFrame = true;
      performance.mark?.('blr-first-frame');
    }
  }

  #updateHud(f) {
    // Divergence stops the run (the HUD says why and offers a reset).
    if (f.diverged && this.playing) this.#setPlaying(false);
    const estimator = this.pg.get('estimator');
    const family = this.pg.get('family');
    this.hud.show(f, {
      steps: this.#steps(),
      family,
      estimator,
      estimatorNote: this.options.estimator?.find((e) => e.name === estimator)?.description,
    });
    this.legend.update(f, { estimator, target: this.pg.get('target') === 'true', family });

    // Text alternative and charts: immediately when paused, throttled while playing.
    const now = performance.now();
    if (f.text && f.text !== this.lastText && (!this.playing || now - this.lastTextAt > 1500)) {
      this.textEl.textContent = f.text;
      this.lastText = f.text;
      this.lastTextAt = now;
    }
    if ((this.chartLoss || this.chartWeights || this.mixtureEl) && (!this.playing || now - this.lastChartAt > 150)) {
      this.lastChartAt = now;
      // While playing, in a task of their own after the frame: a 16-component mixture's
      // weights chart costs several milliseconds, which the frame need not wait for.
      if (this.playing) afterThisTask(() => this.#drawCharts());
      else this.#drawCharts();
    }
    // The Bernoulli family's twin panel (λ and μ = tanh λ), every frame: it is the run itself.
    if (this.chartTwin) drawTwin(this.chartTwin, this.chartTwin.closest('[data-twin-wrap]'), f.bernoulli ?? null);
  }

  #drawCharts() {
    if (this.mixtureEl) {
      // The data view: shown (and its section) only on landscape=mixture1d.
      const shown = drawMixture(this.mixtureEl, parseJson(this.pg.mixture_view(), null));
      if (this.mixtureWrap) this.mixtureWrap.hidden = !shown;
    }
    const hist = parseJson(this.pg.history(), null);
    if (!hist) return;
    drawHistory(hist, { loss: this.chartLoss, weights: this.chartWeights },
      this.pg.get('family') === 'mixture');
  }
}
