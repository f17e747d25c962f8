// Classroom mode: the scrubber over the recorded run and "step back" (Playground.seek: Rust
// restores the last mark before the step and replays from it, so the frame is exactly the one
// shown then), full screen (the Fullscreen API on the widget's root), the projector's type
// scale (`projector` key) and the controls a lesson link hides (`hide` key). The pacing of
// playback in steps per second (`speed` key) is here too. textContent only.
import { h } from './dom.js';
/** Seconds of playback owed at most (after a stall or a hidden tab, no burst). */
const MAX_OWED_S = 0.25;

/** The `hide` key's text as the controls read it: 'all', or the set of keys hidden. */
export function hiddenKeys(text) {
  return text === 'all' ? 'all' : new Set(text ? text.split(',') : []);
}

export class Classroom {
  /** `widget`: the Widget (pg, pause, t, requestDraw, root). */
  constructor(widget) {
    this.w = widget;
    this.target = null; // the step a seek is going to
    this.owed = 0; // steps owed to the speed, fractional
    this.lastAt = null;
    this.back = h('button', { type: 'button', class: 'blr-btn blr-back', title: 'one step back (←)',
      onclick: () => this.stepBack() }, '◀ Back');
    this.scrub = h('input', { type: 'range', class: 'blr-scrub', min: '0', max: '0', step: '1', value: '0',
      'aria-label': 'Step of the recorded run (drag to go back)' });
    this.scrub.addEventListener('input', () => this.seek(Number(this.scrub.value)));
    this.full = h('button', { type: 'button', class: 'blr-btn blr-full', 'aria-pressed': 'false',
      title: 'full screen: the plot, the caption, the equations and the transport',
      onclick: () => this.toggleFullscreen() }, 'Full screen');
    if (!widget.root.requestFullscreen) this.full.hidden = true;
    document.addEventListener('fullscreenchange', () => {
      const on = document.fullscreenElement === this.w.root;
      this.full.textContent = on ? 'Exit full screen' : 'Full screen';
      this.full.setAttribute('aria-pressed', on ? 'true' : 'false');
    });
  }

  /** Pauses and goes to step t of the recorded run (within the frame budget, from the loop). */
  seek(t) {
    this.w.pause();
    this.target = Math.max(0, Math.round(t));
    this.w.requestDraw();
  }

  stepBack() {
    this.seek((this.target ?? this.w.t) - 1);
  }

  toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else this.w.root.requestFullscreen().catch(() => { this.full.hidden = true; });
  }

  /**
   * The draw loop's turn: a pending seek, within the frame budget (`steps(want, step)` calls
   * step(n) in chunks sized from their measured cost). True when it worked.
   */
  advance(pg, steps) {
    if (this.target == null) return false;
    const target = this.target;
    // pg.seek is true once there: the chunk's step returns false then, to stop.
    const { ok } = steps(Number.MAX_SAFE_INTEGER, (n) => !pg.seek(target, n));
    if (!ok) this.target = null;
    return true;
  }

  /** Steps owed at `speed` steps per second since the last call (playing); at most `left`. */
  owedSteps(speed, left) {
    const now = performance.now();
    const dt = this.lastAt == null ? 0 : Math.min(MAX_OWED_S, (now - this.lastAt) / 1000);
    this.lastAt = now;
    this.owed = Math.min(this.owed + speed * dt, speed * MAX_OWED_S + 1);
    return Math.min(Math.floor(this.owed), left);
  }

  /** `done` of the owed steps were taken. */
  took(done) { this.owed = Math.max(0, this.owed - done); }

  /** Play pressed (one step at once, then the pace) or paused. */
  playing(on) {
    this.owed = on ? 1 : 0;
    this.lastAt = null;
  }

  /** The scrubber follows the frame (its range is frame().recorded). */
  show(f) {
    const [lo, hi] = f.recorded ?? [0, f.t];
    this.scrub.min = String(lo);
    this.scrub.max = String(hi);
    this.scrub.disabled = hi <= lo;
    if (this.target == null) this.scrub.value = String(f.t);
    this.scrub.setAttribute('aria-valuetext', `step ${this.target ?? f.t} of ${hi}`);
    this.back.disabled = (this.target ?? f.t) <= lo;
  }

  /** Projector type scale and the hidden controls, from the scene (`projector`, `hide`). */
  applyScene(pg) {
    const root = this.w.root;
    root.classList.toggle('blr-projector', pg.get('projector') === 'true');
    root.classList.toggle('blr-hide-all', pg.get('hide') === 'all');
  }

  /** Line widths and text on the canvas scale by this (the projector's thicker lines). */
  get lineScale() { return this.w.root.classList.contains('blr-projector') ? 1.75 : 1; }
}
