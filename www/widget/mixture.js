// The data view of landscape=mixture1d: the histogram of the rows, each bar split by the rows'
// responsibilities (component 1 below, component 2 above), and the two fitted components
// ½N(x | mₖ, σ²) at q's mean. Every number comes from mixture_view() (src/page/mixture.rs);
// this module only maps them to pixels. Self-contained so that a generic data panel can host it.
import { freshCanvas } from './dom.js';

/** The two components' colours (Okabe–Ito blue and vermillion: apart for every colour vision). */
export const MIXTURE_COLOURS = ['#56b4e9', '#d55e00'];

/**
 * Draws mixture_view() (parsed) into `canvas` (sized by CSS; drawn at device pixels). Returns
 * false (and draws nothing) when `view` is null, i.e. the landscape is not mixture1d.
 */
export function drawMixture(canvas, view) {
  if (!view || !canvas) return false;
  const fresh = freshCanvas(canvas);
  if (!fresh) return true;
  const { ctx, W, H, dpr } = fresh;
  const padL = 34 * dpr;
  const padR = 8 * dpr;
  const padT = 8 * dpr;
  const padB = 18 * dpr;
  const pw = W - padL - padR;
  const ph = H - padT - padB;
  const [x0, x1] = view.x;
  const X = (x) => padL + ((x - x0) / (x1 - x0)) * pw;
  const yTop = view.y_max * 1.08;
  const Y = (y) => padT + ph - (y / yTop) * ph;

  // Text and frame in the panel's own text colour, so that both themes read.
  const ink = getComputedStyle(canvas).color || '#888';
  ctx.strokeStyle = ink;
  ctx.globalAlpha = 0.3;
  ctx.lineWidth = 1;
  ctx.strokeRect(padL + 0.5, padT + 0.5, pw, ph);
  ctx.globalAlpha = 1;

  // Bars: the expected count of each component among the bin's rows.
  for (const b of view.bins) {
    if (!b.count) continue;
    const left = X(b.x0) + 0.5 * dpr;
    const w = Math.max(1, X(b.x1) - X(b.x0) - dpr);
    const first = b.first;
    ctx.globalAlpha = 0.75;
    ctx.fillStyle = MIXTURE_COLOURS[0];
    ctx.fillRect(left, Y(first), w, Y(0) - Y(first));
    ctx.fillStyle = MIXTURE_COLOURS[1];
    ctx.fillRect(left, Y(b.count), w, Y(first) - Y(b.count));
    ctx.globalAlpha = 1;
  }

  // The fitted components at q's mean, and their sum (dashed).
  const line = (pts, colour, dash) => {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2 * dpr;
    ctx.setLineDash(dash ? [5 * dpr, 4 * dpr] : []);
    ctx.beginPath();
    pts.forEach(([x, y], i) => (i ? ctx.lineTo(X(x), Y(y)) : ctx.moveTo(X(x), Y(y))));
    ctx.stroke();
  };
  view.curves.forEach((c, k) => line(c, MIXTURE_COLOURS[k], false));
  line(view.total, ink, true);
  ctx.setLineDash([]);

  // Axis labels: the x range, the means and the top count.
  ctx.font = `${11 * dpr}px system-ui, sans-serif`;
  ctx.fillStyle = ink;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillText(fmt(x0), padL, H - padB / 2);
  ctx.textAlign = 'right';
  ctx.fillText(fmt(x1), padL + pw, H - padB / 2);
  ctx.fillText(String(Math.round(yTop)), padL - 4 * dpr, padT + 6 * dpr);
  ctx.fillText('0', padL - 4 * dpr, padT + ph - 2 * dpr);
  ctx.textAlign = 'center';
  view.means.forEach((m, k) => {
    if (m < x0 || m > x1) return;
    ctx.fillStyle = MIXTURE_COLOURS[k];
    ctx.fillText(`m${'₁₂'[k]}`, X(m), H - padB / 2);
  });
  canvas.setAttribute('aria-label', view.text);
  return true;
}

function fmt(v) {
  return String(Number(v.toPrecision(3)));
}
