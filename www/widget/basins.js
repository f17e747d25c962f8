// The basins-of-attraction layer: computes the picture only when the scene asks for one that
// is stale (after a "computing…" line has painted, since basins_compute is the one slow
// call), blits the overlay from wasm memory only when its version changed, and keeps the
// legend in step. Every pixel and count comes from wasm (Playground.basins_*).
import { parseJson } from './dom.js';
import { blitRgba, drawLayer } from './canvas.js';

export class BasinsLayer {
  /** `widget` gives pg, memory, legend and requestDraw(). */
  constructor(widget) {
    this.w = widget;
    this.off = document.createElement('canvas');
    this.version = null;
    this.shown = false;
    this.pending = false;
    this.ms = null;
  }

  /** Draws the overlay onto ctx (W × H device pixels), scheduling a computation if stale. */
  draw(ctx, W, H) {
    const { pg, memory } = this.w;
    if (pg.basins_stale()) this.#schedule();
    const version = pg.basins_version();
    if (version !== this.version) {
      this.version = version;
      const len = pg.basins_len();
      this.shown = len > 0 && len === W * H * 4;
      if (this.shown) blitRgba(this.off, memory, pg.basins_ptr(), len, W, H);
      this.showLegend();
    }
    if (this.shown) drawLayer(ctx, this.off, W, H);
  }

  /** Computes the basins after the "computing…" line has been painted. */
  #schedule() {
    if (this.pending) return;
    this.pending = true;
    this.showLegend();
    requestAnimationFrame(() => setTimeout(() => {
      this.pending = false;
      const { pg } = this.w;
      if (!pg.basins_stale()) { this.w.requestDraw(); return; }
      // Timing only: performance.now() around the wasm call.
      const t0 = performance.now();
      pg.basins_compute();
      this.ms = performance.now() - t0;
      this.showLegend();
      this.w.requestDraw();
    }, 0));
  }

  showLegend() {
    const { pg, legend } = this.w;
    const on = pg.get('basins') !== 'off';
    legend.showBasins(on, on ? parseJson(pg.basins_legend(), null) : null, this.ms);
  }
}
