// The guided tour: chapters through the paper in its order, each a scene and a few narrated
// steps (Playground.tour(), from assets/tour.json; every narrated claim is asserted by
// tests/captions.rs). Addressable by URL: ?tour=newton&step=2 (steps count from 1). Entering
// a step loads its scene (paused, so the student presses Play or Step as told) unless the
// scene already is that one. textContent only.
import { h } from './dom.js';

export class Tour {
  /** `el`: the panel element (data-part="tour"); `widget`: the Widget (load, pause, pg). */
  constructor(el, widget, chapters) {
    this.el = el;
    this.widget = widget;
    this.chapters = chapters.filter((c) => c.steps?.length);
    this.c = -1; // chapter index, -1 when the tour is off
    this.s = 0;
    this.select = h('select', { class: 'blr-tour-chapter', 'aria-label': 'Tour chapter',
      onchange: () => this.go(Number(this.select.value), 0) },
    ...this.chapters.map((c, i) => h('option', { value: String(i) }, `${i + 1}. ${c.title}`)));
    this.paper = h('span', { class: 'blr-tour-paper' });
    this.count = h('span', { class: 'blr-tour-count' });
    this.text = h('p', { class: 'blr-tour-text', 'aria-live': 'polite' });
    this.prev = h('button', { type: 'button', class: 'blr-btn blr-tour-prev', onclick: () => this.move(-1) }, '← Prev');
    this.next = h('button', { type: 'button', class: 'blr-btn blr-tour-next', onclick: () => this.move(1) }, 'Next →');
    this.close = h('button', { type: 'button', class: 'blr-btn blr-tour-close', onclick: () => this.stop() }, 'Leave the tour');
    this.start = h('button', { type: 'button', class: 'blr-btn blr-tour-start', onclick: () => this.go(0, 0) },
      'Start the guided tour');
    this.body = h('div', { class: 'blr-tour-body', hidden: true },
      h('div', { class: 'blr-tour-head' }, this.select, this.paper),
      this.text,
      h('div', { class: 'blr-tour-nav' }, this.prev, this.count, this.next),
      this.close);
    el.replaceChildren(h('h2', {}, 'Guided tour'),
      h('p', { class: 'blr-tour-intro' }, `${this.chapters.length} chapters through the paper, from gradient descent to message passing: each sets up a scene and tells you what to press and what to watch.`),
      this.start, this.body);
    this.intro = el.querySelector('.blr-tour-intro');
  }

  /** Opens the tour where the URL says (?tour=ID&step=N), if it says. */
  fromUrl() {
    const p = new URLSearchParams(location.search);
    const id = p.get('tour');
    if (id == null) return false;
    const c = Math.max(0, this.chapters.findIndex((x) => x.id === id));
    const n = Math.max(1, Number.parseInt(p.get('step') ?? '1', 10) || 1);
    this.go(c, Math.min(n, this.chapters[c].steps.length) - 1);
    return true;
  }

  get active() { return this.c >= 0; }

  /** Goes to step `s` of chapter `c` (both from 0). */
  go(c, s) {
    this.c = c;
    this.s = s;
    const ch = this.chapters[c];
    const step = ch.steps[s];
    this.widget.pause();
    if (this.widget.pg.query() !== step.state) this.widget.load(step.state, '', true);
    this.#render();
    this.#writeUrl();
  }

  /** Next (+1) or previous (−1) step, across chapters. */
  move(d) {
    if (!this.active) return;
    let { c, s } = this;
    s += d;
    if (s >= this.chapters[c].steps.length) { c += 1; s = 0; }
    if (s < 0) { c -= 1; s = c >= 0 ? this.chapters[c].steps.length - 1 : 0; }
    if (c < 0 || c >= this.chapters.length) return;
    this.go(c, s);
  }

  stop() {
    this.c = -1;
    this.#render();
    this.#writeUrl();
  }

  #render() {
    const on = this.active;
    this.body.hidden = !on;
    this.start.hidden = on;
    this.intro.hidden = on;
    this.el.classList.toggle('blr-tour-on', on);
    if (!on) return;
    const ch = this.chapters[this.c];
    this.select.value = String(this.c);
    this.paper.textContent = ch.paper ? `paper ${ch.paper}` : '';
    this.text.textContent = ch.steps[this.s].text;
    this.count.textContent = `step ${this.s + 1} of ${ch.steps.length}`;
    const first = this.c === 0 && this.s === 0;
    const lastCh = this.c === this.chapters.length - 1;
    this.prev.disabled = first;
    this.next.disabled = lastCh && this.s === ch.steps.length - 1;
    this.next.textContent = this.s === ch.steps.length - 1 && !lastCh
      ? `Next: ${this.chapters[this.c + 1].title} →` : 'Next →';
  }

  #writeUrl() {
    const p = new URLSearchParams(location.search);
    if (this.active) {
      p.set('tour', this.chapters[this.c].id);
      p.set('step', String(this.s + 1));
    } else {
      p.delete('tour');
      p.delete('step');
    }
    const q = p.toString();
    history.replaceState(history.state, '', location.pathname + (q ? `?${q}` : '') + location.hash);
  }
}
