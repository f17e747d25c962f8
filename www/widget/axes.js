// Reading the picture: axis ticks drawn on the plot's edges, the colour bar under it (which
// colour is which loss; the target's values when the target is shown) and the readout of
// (x, y, ℓ̄) under the pointer or at the start. Every number and pixel comes from Rust
// (axes(), colour_bar(), probe()); this module only places them. textContent only.
import { h } from './dom.js';

/** Draws ticks and their labels along the bottom and left edges of the plot. */
export function drawAxes(ctx, axes, dpr, W, H) {
  if (!axes) return;
  const len = 6 * dpr;
  const font = Math.round(11 * dpr);
  ctx.save();
  ctx.font = `${font}px system-ui, sans-serif`;
  ctx.lineWidth = Math.max(1, dpr);
  const label = (text, x, y, align, base) => {
    ctx.textAlign = align;
    ctx.textBaseline = base;
    ctx.lineWidth = 3 * dpr;
    ctx.strokeStyle = 'rgba(14,17,22,0.85)';
    ctx.strokeText(text, x, y);
    ctx.fillStyle = '#e8ecf2';
    ctx.fillText(text, x, y);
  };
  ctx.strokeStyle = 'rgba(232,236,242,0.8)';
  for (const t of axes.x ?? []) {
    if (t.px < 14 * dpr || t.px > W - 14 * dpr) continue;
    ctx.lineWidth = Math.max(1, dpr);
    ctx.strokeStyle = 'rgba(232,236,242,0.8)';
    ctx.beginPath(); ctx.moveTo(t.px, H); ctx.lineTo(t.px, H - len); ctx.stroke();
    label(t.label, t.px, H - len - 2 * dpr, 'center', 'bottom');
  }
  for (const t of axes.y ?? []) {
    if (t.px < 10 * dpr || t.px > H - 24 * dpr) continue;
    ctx.lineWidth = Math.max(1, dpr);
    ctx.strokeStyle = 'rgba(232,236,242,0.8)';
    ctx.beginPath(); ctx.moveTo(0, t.px); ctx.lineTo(len, t.px); ctx.stroke();
    label(t.label, len + 3 * dpr, t.px, 'left', 'middle');
  }
  ctx.restore();
}

/** The colour bar: a gradient through colour_bar().stops with the values at its ticks. */
export class ColourBar {
  constructor(parent) {
    this.title = h('span', { class: 'blr-cbar-title' });
    this.canvas = h('canvas', { class: 'blr-cbar-ramp', width: 256, height: 1, 'aria-hidden': 'true' });
    this.ticks = h('div', { class: 'blr-cbar-ticks' });
    this.lossRow = h('div', { class: 'blr-cbar-ticks blr-cbar-loss', hidden: true });
    this.el = h('div', { class: 'blr-cbar', role: 'group', 'aria-label': 'Colour scale' },
      this.title, this.canvas, this.ticks, this.lossRow);
    parent.append(this.el);
    this.key = null;
  }

  /** `bar`: colour_bar() parsed. Re-rendered only when it changed. */
  show(bar) {
    const key = JSON.stringify(bar);
    if (!bar || key === this.key) return;
    this.key = key;
    this.title.textContent = `colour: ${bar.title}, low → high`;
    const ctx = this.canvas.getContext('2d');
    const g = ctx.createLinearGradient(0, 0, 256, 0);
    for (const s of bar.stops) g.addColorStop(s.t, s.colour);
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, 256, 1);
    this.ticks.replaceChildren(...bar.ticks.map((t) => h('span', {}, t.label)));
    this.lossRow.hidden = !bar.loss_ticks;
    if (bar.loss_ticks) {
      this.lossRow.replaceChildren(h('span', { class: 'blr-cbar-row' }, 'ℓ̄:'),
        ...bar.loss_ticks.map((t) => h('span', {}, t.label)));
    }
  }
}

/** The (x, y, ℓ̄) readout; `text` from probe(). */
export class Readout {
  constructor(parent) {
    this.el = h('output', { class: 'blr-readout', 'aria-live': 'off' }, 'point at the plot to read x, y and ℓ̄');
    parent.append(this.el);
  }

  show(text, where) {
    this.el.textContent = where ? `${where}: ${text}` : text;
  }
}

/** Calls onPoint(x, y), in the canvas's device pixels, as the pointer moves over `canvas`. */
export function onHover(canvas, onPoint) {
  let pending = null;
  canvas.addEventListener('pointermove', (ev) => {
    const rect = canvas.getBoundingClientRect();
    const first = pending == null;
    pending = [(ev.clientX - rect.left) * (canvas.width / rect.width),
      (ev.clientY - rect.top) * (canvas.height / rect.height)];
    if (first) {
      requestAnimationFrame(() => {
        const [x, y] = pending;
        pending = null;
        onPoint(x, y);
      });
    }
  });
}
