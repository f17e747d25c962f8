// What the user does on the plot besides the controls: dragging the start by its handle
// (mouse and touch through pointer events; a touch anywhere else scrolls the page), the arrow
// keys on the focused plot (move the start) and the keyboard elsewhere (space play/pause,
// → one step, ← one step back, r reset).

/**
 * Calls onPoint(x, y), in the canvas's device pixels, when the primary button goes down on
 * the start's handle (`onHandle(x, y)` says whether a point is on it), while it drags (at most
 * once per animation frame) and when it is released. A press elsewhere does nothing, so a
 * swipe over the plot scrolls the page on a phone.
 */
export function onDrag(canvas, onPoint, onHandle) {
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
  // Touch: the page scrolls (touch-action in widget.css) unless the touch starts on the
  // handle; there the scroll is cancelled and the pointer events drag.
  canvas.addEventListener('touchstart', (ev) => {
    if (ev.touches.length === 1 && onHandle(...toDevice(ev.touches[0]))) ev.preventDefault();
  }, { passive: false });
  canvas.addEventListener('pointerdown', (ev) => {
    if (ev.button !== 0 || !onHandle(...toDevice(ev))) return;
    dragging = true;
    canvas.setPointerCapture(ev.pointerId);
    canvas.classList.add('blr-dragging');
    ev.preventDefault();
  });
  canvas.addEventListener('pointermove', (ev) => {
    if (!dragging) {
      if (ev.pointerType === 'mouse') canvas.classList.toggle('blr-on-handle', onHandle(...toDevice(ev)));
      return;
    }
    const first = pending == null;
    pending = toDevice(ev);
    if (first) requestAnimationFrame(apply);
  });
  const end = (ev) => {
    if (!dragging) return;
    dragging = false;
    canvas.classList.remove('blr-dragging');
    if (canvas.hasPointerCapture(ev.pointerId)) canvas.releasePointerCapture(ev.pointerId);
    apply();
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
}

/** Arrow keys on the focused canvas call nudge(dx, dy) (y up); they do not reach onKeys. */
export function onArrows(canvas, nudge) {
  const dirs = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
  canvas.addEventListener('keydown', (ev) => {
    const d = dirs[ev.key];
    if (!d || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    ev.preventDefault();
    ev.stopPropagation();
    nudge(d[0], d[1]);
  });
}

/**
 * Keys on `target`: space calls toggle(), → step(), ← back(), r reset(); not while typing in
 * a field, not with a modifier, and not before ready() (space on a focused button stays the
 * button's).
 */
export function onKeys(target, { ready, toggle, step, back, reset }) {
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
    } else if (ev.key === 'ArrowLeft') {
      ev.preventDefault();
      back();
    } else if (ev.key === 'r' || ev.key === 'R') {
      ev.preventDefault();
      reset();
    }
  });
}
