// The basins-of-attraction layer: works on a stale picture a few milliseconds a frame
// (Playground.basins_advance, in chunks of landscape evaluations sized from their measured
// cost, within the widget's frame budget), shows the share done with a Cancel button, blits
// the overlay from wasm memory only when its version changed, and keeps the legend in step.
// Every pixel and count comes from wasm (Playground.basins_*).
import { parseJson } from './dom.js';
import { blitRgba, drawLayer } from './canvas.js';
import { Pieces } from './budget.js';

export class BasinsLayer {
  /** `widget` gives pg, memory, legend, budget, set() and requestDraw(). */
  constructor(widget) {
    this.w = widget;
    this.off = document.createElement('canvas');
    this.version = null;
    this.shown = false;
    // Landscape evaluations, 16 at a time: a data landscape's evaluation sums over its rows
    // (on mixture1d's 80, a thousand evaluations took 25 ms).
    this.pieces = new Pieces((n) => widget.pg.basins_advance(n), 16);
    this.progress = null; // share done while computing
    this.started = 0;
    this.ms = null;
  }

  /**
   * The frame's turn, before stepping: works on a stale picture within the frame's work time
   * (the run's steps get what is left). True while a computation goes on (the loop keeps
   * running).
   */
  work() {
    const { pg } = this.w;
    if (!pg.basins_stale()) {
      // Cancelled (basins off, or a scene whose picture is there): the legend follows.
      if (this.progress != null) {
        this.progress = null;
        this.showLegend();
      }
      return false;
    }
    if (this.progress == null) {
      this.progress = 0;
      this.started = performance.now();
    }
    const p = this.pieces.run(this.w.budget);
    this.progress = p;
    if (p >= 1) {
      this.progress = null;
      // Timing only: from the first piece to the picture, performance.now() around wasm calls.
      this.ms = performance.now() - this.started;
    }
    this.showLegend();
    return this.progress != null;
  }

  /** Draws the overlay onto ctx (W × H device pixels); a stale picture keeps the loop going. */
  draw(ctx, W, H) {
    const { pg, memory } = this.w;
    if (pg.basins_stale()) this.w.requestDraw();
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

  showLegend() {
    const { pg, legend } = this.w;
    const on = pg.get('basins') !== 'off';
    legend.showBasins(on, on ? parseJson(pg.basins_legend(), null) : null, {
      ms: this.ms,
      progress: this.progress ?? 0,
      cancel: () => this.w.set('basins', 'off'),
    });
  }
}
