// The page's charts over the steps (history() of the Playground): the loss at the mean with
// the objective, and the mixture weights. Colours come from the page's CSS, so the charts
// follow the light and dark themes: text in the canvas's `color`, the frame in its border
// colour, the loss and objective lines in the colours of their caption's keys (.key-loss,
// .key-obj); on a light background the mixture weights' lines (the plot's component colours,
// white and yellow among them) get a dark rim.
import { componentColor } from './colours.js';
import { freshCanvas } from './dom.js';

/**
 * Draws history() (parsed) into the chart canvases that exist (either may be null):
 * `loss` gets ℓ̄(m) and L(λ); `weights` (shown only for mixtures) gets one line per π_k.
 */
export function drawHistory(hist, { loss, weights }, isMixture) {
  if (loss) {
    drawChart(loss, [
      { values: hist.loss ?? [], color: keyColour(loss, 'key-loss', '#56b4e9'), label: 'loss at the mean ℓ̄(m)' },
      { values: hist.objective ?? [], color: keyColour(loss, 'key-obj', '#f0e442'), label: 'objective L(λ)' },
    ], { steps: hist.t });
  }
  if (weights) {
    const wrap = weights.closest('[data-chart-wrap]') ?? weights;
    const w = hist.weights ?? [];
    wrap.hidden = !isMixture;
    if (isMixture && w.length) {
      // history().weights is one row per step (weights[t][k]); one series per component.
      const perStep = w.length === (hist.loss?.length ?? -1);
      const K = perStep ? (w[w.length - 1]?.length ?? 0) : w.length;
      const series = [];
      for (let k = 0; k < K; k++) {
        series.push({
          values: perStep ? w.map((row) => row[k]) : w[k],
          color: componentColor(k, K),
          rim: true, // the plot's colours: white and yellow need a rim on a light chart
          label: `π${subscript(k + 1)}`,
        });
      }
      drawChart(weights, series, { yMin: 0, yMax: 1, steps: hist.t });
    }
  }
}

/** The background colour of the key `cls` in the chart's caption (the line's colour). */
function keyColour(canvas, cls, fallback) {
  const key = canvas.closest('figure')?.querySelector(`.${cls}`);
  return key ? getComputedStyle(key).backgroundColor : fallback;
}

/** The chart's colours from its CSS: text, frame, and whether lines need a dark rim. */
function chartTheme(canvas) {
  const cs = getComputedStyle(canvas);
  const rgb = (cs.backgroundColor.match(/[\d.]+/g) ?? []).map(Number);
  const light = rgb.length >= 3 && rgb[0] + rgb[1] + rgb[2] > 3 * 160;
  return { text: cs.color, frame: cs.borderTopColor, rim: light ? 'rgba(20, 24, 32, 0.75)' : null };
}

function subscript(n) {
  return String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[d]);
}

function fmtTick(v) {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-2 && a < 1e4) return String(Number(v.toPrecision(3)));
  return v.toExponential(1).replace('e+', 'e');
}

/** The smallest and largest of an array, by a loop (a spread overflows the stack at ~10⁵ values). */
function extent(values) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * A small line chart over steps; a log y axis when all values are positive and span > 2 decades.
 * `steps[i]` is the step of the i-th value (history() is thinned on long runs: every step, then
 * every 2nd, 4th, …); without it the values are one per step.
 */
function drawChart(canvas, series, { yMin, yMax, steps }) {
  const fresh = freshCanvas(canvas);
  if (!fresh) return;
  const { ctx, W, H, dpr } = fresh;
  const finite = series.flatMap((s) => s.values.filter((v) => v != null && Number.isFinite(v)));
  let n = 0;
  for (const s of series) n = Math.max(n, s.values.length);
  const stepOf = (i) => (steps && steps.length === n ? steps[i] : i);
  ctx.font = `${11 * dpr}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  const padL = 50 * dpr;
  const padR = 8 * dpr;
  const padT = 8 * dpr;
  const padB = 18 * dpr;
  const pw = W - padL - padR;
  const ph = H - padT - padB;
  const theme = chartTheme(canvas);
  ctx.strokeStyle = theme.frame;
  ctx.lineWidth = 1;
  ctx.strokeRect(padL + 0.5, padT + 0.5, pw, ph);
  ctx.fillStyle = theme.text;
  if (!finite.length || n === 0) {
    ctx.textAlign = 'center';
    ctx.fillText('no data yet', padL + pw / 2, padT + ph / 2);
    return;
  }
  const [fLo, fHi] = extent(finite);
  let lo = yMin ?? fLo;
  let hi = yMax ?? fHi;
  // A spike (Newton's first step, a diverging objective) would flatten everything else: when
  // the values span more than two decades, use a symmetric log axis, sign(v)·log10(1 + |v|/c).
  // (A chart with a fixed range, the weights', needs none: no sort of its 16 series.)
  const mags = yMin == null ? finite.map(Math.abs).sort((p, q) => p - q) : [1];
  const typical = mags[Math.floor(mags.length / 2)];
  const big = mags[mags.length - 1];
  const log = yMin == null && big > 100 * Math.max(typical, 1e-300);
  const c = Math.max(typical, big * 1e-6, 1e-300);
  const tf = log ? (v) => Math.sign(v) * Math.log10(1 + Math.abs(v) / c) : (v) => v;
  let a = tf(lo);
  let b = tf(hi);
  if (a === b) { a -= 0.5; b += 0.5; }
  const pad = (b - a) * 0.06;
  if (yMin == null) { a -= pad; b += pad; }
  const tLast = stepOf(n - 1);
  const X = (i) => padL + (tLast <= 0 ? 0 : (stepOf(i) / tLast) * pw);
  const Y = (v) => padT + ph - ((tf(v) - a) / (b - a)) * ph;
  // Axis labels: top, bottom (value range) and the step range.
  ctx.textAlign = 'right';
  ctx.fillText(fmtTick(hi), padL - 4 * dpr, padT + 6 * dpr);
  ctx.fillText(fmtTick(lo), padL - 4 * dpr, padT + ph - 6 * dpr);
  ctx.textAlign = 'left';
  ctx.fillText('t = 0', padL, H - padB / 2);
  ctx.textAlign = 'right';
  ctx.fillText(`${log ? '(log scale)   ' : ''}t = ${tLast}`, padL + pw, H - padB / 2);
  ctx.save();
  ctx.beginPath();
  ctx.rect(padL, padT, pw, ph);
  ctx.clip();
  ctx.lineJoin = 'round';
  for (const s of series) {
    ctx.beginPath();
    let pen = false;
    s.values.forEach((v, i) => {
      if (v == null || !Number.isFinite(v)) { pen = false; return; }
      if (pen) ctx.lineTo(X(i), Y(v));
      else { ctx.moveTo(X(i), Y(v)); pen = true; }
    });
    if (theme.rim && s.rim) {
      ctx.strokeStyle = theme.rim;
      ctx.lineWidth = 3.4 * dpr;
      ctx.stroke();
    }
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 1.6 * dpr;
    ctx.stroke();
  }
  ctx.restore();
}
