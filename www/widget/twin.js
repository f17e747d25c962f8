// The twin panel of a Bernoulli q (frame().bernoulli.twin): the same run in λ-space (left) and
// in μ = tanh λ (right), the rule as mirror descent. The paths come from wasm in panel units
// ([0, 1]², y up); this only scales them to each half of the canvas and strokes them.
import { COLORS } from './colours.js';
import { freshCanvas } from './dom.js';

// Mid greys and the palette's sky blue read on the light and the dark panel alike.
const INK = '#8a94a6';
const PATH = COLORS.components[0];

/** Draws `b` (frame().bernoulli, or null) on `canvas`; hides `wrap` when there is nothing. */
export function drawTwin(canvas, wrap, b) {
  if (wrap) wrap.hidden = !b;
  if (!b || !canvas) return;
  const fresh = freshCanvas(canvas);
  if (!fresh) return;
  const { ctx, W, H, dpr } = fresh;
  const pad = 8 * dpr;
  const top = 20 * dpr;
  const side = Math.max(10, Math.min(W / 2 - 2 * pad, H - top - pad));
  const halves = [
    { x0: W / 4 - side / 2, path: b.twin.lambda_path, label: b.twin.lambda_label, range: `±${b.twin.lambda_box}` },
    { x0: (3 * W) / 4 - side / 2, path: b.twin.mu_path, label: b.twin.mu_label, range: '±1' },
  ];
  ctx.font = `${11 * dpr}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  for (const h of halves) {
    const X = (u) => h.x0 + u * side;
    const Y = (v) => top + (1 - v) * side;
    ctx.strokeStyle = INK;
    ctx.lineWidth = 1;
    ctx.strokeRect(h.x0 + 0.5, top + 0.5, side, side);
    ctx.beginPath();
    ctx.moveTo(X(0.5), Y(0));
    ctx.lineTo(X(0.5), Y(1));
    ctx.moveTo(X(0), Y(0.5));
    ctx.lineTo(X(1), Y(0.5));
    ctx.stroke();
    ctx.fillStyle = INK;
    ctx.textAlign = 'left';
    ctx.fillText(h.label, h.x0, top / 2);
    ctx.textAlign = 'right';
    ctx.fillText(h.range, h.x0 + side - 2 * dpr, top + 8 * dpr);
    const n = h.path.length >> 1;
    if (n === 0) continue;
    ctx.strokeStyle = PATH;
    ctx.lineWidth = 1.6 * dpr;
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const x = X(h.path[2 * i]);
      const y = Y(h.path[2 * i + 1]);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    }
    ctx.stroke();
    const x1 = X(h.path[2 * n - 2]);
    const y1 = Y(h.path[2 * n - 1]);
    if (n >= 2) arrow(ctx, X(h.path[2 * n - 4]), Y(h.path[2 * n - 3]), x1, y1, dpr);
    ctx.beginPath();
    ctx.arc(x1, y1, 3.5 * dpr, 0, 2 * Math.PI);
    ctx.fillStyle = PATH;
    ctx.fill();
  }
}

/** The last step as an arrow from (x0, y0) to (x1, y1), in the classical path's orange. */
function arrow(ctx, x0, y0, x1, y1, dpr) {
  const len = Math.hypot(x1 - x0, y1 - y0);
  if (!(len > 0.5)) return;
  const ux = (x1 - x0) / len;
  const uy = (y1 - y0) / len;
  const head = Math.min(8 * dpr, len);
  ctx.save();
  ctx.strokeStyle = COLORS.classic;
  ctx.fillStyle = COLORS.classic;
  ctx.lineWidth = 2 * dpr;
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - head * (ux - 0.5 * uy), y1 - head * (uy + 0.5 * ux));
  ctx.lineTo(x1 - head * (ux + 0.5 * uy), y1 - head * (uy - 0.5 * ux));
  ctx.closePath();
  ctx.fill();
  ctx.restore();
}
