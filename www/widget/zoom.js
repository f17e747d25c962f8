// Zoom and pan on the plot. The wheel (a trackpad pinch arrives as a wheel with ctrlKey) zooms
// about the pointer; two fingers pinch to zoom and move to pan; a drag with Shift held (or
// with the middle button) pans. Each gesture is sent as pixels to the wasm (Playground.zoom,
// .pan), which turns it into the scene's `view` window; "Reset view" sets it back to `auto`.
// Plain one-finger or mouse drags stay with input.js (moving the start): the handlers here
// listen in the capture phase and stop only the events of the gestures they take.
import { h } from './dom.js';

/** Wheel delta (pixels) for which the window grows by a factor e. */
const WHEEL_E = 500;

/**
 * Wires the gestures on `canvas` and puts a "Reset view" button on `plot`. `act` has
 * zoom(px, py, factor), pan(dx, dy), reset() (device pixels; each returns "" or an error) and
 * changed() (called once per animation frame after gestures applied). With `wheelNeedsModifier`
 * (embeds in a page that scrolls) the plain wheel scrolls the page and Ctrl/⌘ + wheel zooms.
 * Returns { sync(view) }: shows the reset button when `view` is not "auto".
 */
export function onZoom(canvas, plot, act, { wheelNeedsModifier = false } = {}) {
  const resetBtn = h('button', {
    type: 'button', class: 'blr-btn blr-reset-view', hidden: true, 'data-part': 'reset-view',
    title: 'back to the whole landscape',
    onclick: () => { act.reset(); act.changed(); },
  }, 'Reset view');
  plot.append(resetBtn);

  // Gestures are queued and applied once per frame (one heatmap and one history entry each).
  let queue = [];
  const run = (op) => {
    if (!queue.length) {
      requestAnimationFrame(() => {
        const ops = queue;
        queue = [];
        for (const f of ops) f();
        act.changed();
      });
    }
    queue.push(op);
  };
  const toDevice = (ev) => {
    const r = canvas.getBoundingClientRect();
    return [(ev.clientX - r.left) * (canvas.width / r.width), (ev.clientY - r.top) * (canvas.height / r.height)];
  };

  canvas.addEventListener('wheel', (ev) => {
    if (wheelNeedsModifier && !(ev.ctrlKey || ev.metaKey)) return;
    ev.preventDefault();
    const unit = ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? 400 : 1;
    const d = Math.max(-250, Math.min(250, ev.deltaY * unit));
    const [x, y] = toDevice(ev);
    run(() => act.zoom(x, y, Math.exp(d / WHEEL_E)));
  }, { passive: false });

  // Pointers taken by a pan or pinch, until they lift: id → last device position.
  const taken = new Map();
  const touches = new Map(); // every touch pointer down on the canvas
  let pinch = null; // { a, b, dist, mid } of the two fingers
  const both = () => {
    const [p, q] = [...touches.values()];
    return { dist: Math.hypot(p[0] - q[0], p[1] - q[1]), mid: [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2] };
  };
  const take = (ev) => {
    ev.stopImmediatePropagation();
    ev.preventDefault();
    taken.set(ev.pointerId, toDevice(ev));
    canvas.setPointerCapture?.(ev.pointerId);
  };

  canvas.addEventListener('pointerdown', (ev) => {
    if (ev.pointerType === 'touch') touches.set(ev.pointerId, toDevice(ev));
    if (ev.pointerType === 'touch' && touches.size === 2) {
      take(ev);
      for (const [id, p] of touches) taken.set(id, p);
      pinch = both();
    } else if ((ev.button === 0 && ev.shiftKey) || ev.button === 1) {
      take(ev);
    }
  }, { capture: true });

  canvas.addEventListener('pointermove', (ev) => {
    if (!taken.has(ev.pointerId)) return;
    ev.stopImmediatePropagation();
    const p = toDevice(ev);
    if (touches.has(ev.pointerId)) touches.set(ev.pointerId, p);
    if (pinch && touches.size === 2) {
      const now = both();
      const before = pinch;
      pinch = now;
      if (now.dist > 4 && before.dist > 4) {
        run(() => {
          act.pan(now.mid[0] - before.mid[0], now.mid[1] - before.mid[1]);
          act.zoom(now.mid[0], now.mid[1], before.dist / now.dist);
        });
      }
    } else if (!pinch) {
      const [x0, y0] = taken.get(ev.pointerId);
      run(() => act.pan(p[0] - x0, p[1] - y0));
    }
    taken.set(ev.pointerId, p);
  }, { capture: true });

  // The lift itself propagates (input.js ends its drag; it saw no moves of a taken pointer).
  const end = (ev) => {
    touches.delete(ev.pointerId);
    taken.delete(ev.pointerId);
    if (touches.size < 2) pinch = null;
  };
  canvas.addEventListener('pointerup', end, { capture: true });
  canvas.addEventListener('pointercancel', end, { capture: true });

  return {
    sync(view) { resetBtn.hidden = !view || view === 'auto'; },
  };
}
