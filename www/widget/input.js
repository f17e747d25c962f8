// What the user does on the plot besides the controls: dragging the start (mouse and touch
// through pointer events) and the keyboard (space play/pause, → one step, r reset).

/**
 * Calls onPoint(x, y), in the canvas's device pixels, when the primary button goes down on
 * `canvas`, while it drags (at most once per animation frame) and when it is released.
 */
export function onDrag(canvas, onPoint) {
  let dragging = false;
  let pending = null;
  const toDevice = (ev) => {
    const rect = canvas.getBoundingClientRect();
    return [
      (ev.clientX - rect.left) * (canvas.width / rect.width),
      (ev.clientY - rect.top) * (canvas.height / rect.height),
    ];
  };
  const apply = () => {
    if (!pending) return;
    const [x, y] = pending;
    pending = null;
    onPoint(x, y);
  };
  canvas.addEventListener('pointerdown', (ev) => {
    if (ev.button !== 0) return;
    dragging = true;
    canvas.setPointerCapture(ev.pointerId);
    pending = toDevice(ev);
    apply();
    ev.preventDefault();
  });
  canvas.addEventListener('pointermove', (ev) => {
    if (!dragging) return;
    const first = pending == null;
    pending = toDevice(ev);
    if (first) requestAnimationFrame(apply);
  });
  const end = (ev) => {
    if (!dragging) return;
    dragging = false;
    if (canvas.hasPointerCapture(ev.pointerId)) canvas.releasePointerCapture(ev.pointerId);
    apply();
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
}

/**
 * Keys on `target`: space calls toggle(), → step(), r reset(); not while typing in a field,
 * not with a modifier, and not before ready() (space on a focused button stays the button's).
 */
export function onKeys(target, { ready, toggle, step, reset }) {
  target.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || !ready()) return;
    const t = ev.composedPath?.()[0] ?? ev.target;
    const tag = t?.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || t?.isContentEditable) return;
    const onButton = tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY';
    if (ev.key === ' ' || ev.key === 'Spacebar') {
      if (onButton) return; // the focused button handles its own activation
      ev.preventDefault();
      toggle();
    } else if (ev.key === 'ArrowRight') {
      ev.preventDefault();
      step();
    } else if (ev.key === 'r' || ev.key === 'R') {
      ev.preventDefault();
      reset();
    }
  });
}
