// Drawing on the plot's canvas: the heatmap and basins layers (RGBA bytes from wasm memory),
// the loss contours, and one frame() of the run (q's density, trails, the classical path,
// samples, ellipses and means). Every coordinate is a device pixel computed by wasm; nothing
// here converts between world and pixels.
import { COLORS, componentColor, weightAlpha } from './colours.js';

/**
 * Copies `len` RGBA bytes at `ptr` in wasm memory (a W×H picture) into the offscreen canvas
 * `off`, to be drawn with drawLayer (drawImage blends; putImageData onto the plot would not).
 */
export function blitRgba(off, memory, ptr, len, W, H) {
  const img = new ImageData(new Uint8ClampedArray(memory.buffer, ptr, len), W, H);
  off.width = W;
  off.height = H;
  off.getContext('2d').putImageData(img, 0, 0);
}

/** Draws an offscreen layer over the canvas, if it has the canvas's size. */
export function drawLayer(ctx, off, W, H) {
  if (off.width === W && off.height === H) ctx.drawImage(off, 0, 0);
}

/** Clears the canvas to the background colour. */
export function clear(ctx, W, H) {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalAlpha = 1;
  ctx.fillStyle = '#0b0d12';
  ctx.fillRect(0, 0, W, H);
}

/** The loss contours: segments [x0,y0,x1,y1, …] from Playground.contours(). */
export function drawContours(ctx, seg, dpr) {
  if (seg?.length) strokeSegments(ctx, seg, COLORS.contour, 1 * dpr);
}

/** Everything of one frame() over the landscape, bottom to top. */
export function drawFrame(ctx, f, dpr) {
  const K = f.components?.length ?? 0;
  // q's density contours.
  if (f.density?.length) strokeSegments(ctx, f.density, COLORS.density, 1 * dpr);
  drawBernoulli(ctx, f.bernoulli, dpr);
  drawTracking(ctx, f.tracking, dpr);
  drawTrails(ctx, f, K, dpr);
  drawClassic(ctx, f.classic, dpr);
  drawSamples(ctx, f.samples ?? [], dpr);
  drawTarget(ctx, f.target_ellipses, dpr);
  drawComponents(ctx, f.components ?? [], K, dpr);
  drawMarkers(ctx, f.markers ?? [], dpr);
}

/**
 * Labelled points (the dropout family's minima of the loss and of D): a cross for the loss, a
 * diamond for D, each with a dark rim and its label beside it.
 */
function drawMarkers(ctx, markers, dpr) {
  const W = ctx.canvas.width;
  markers.forEach((m, i) => {
    const [x, y] = m.px;
    const r = 6 * dpr;
    ctx.save();
    ctx.beginPath();
    if (m.kind === 'min-loss') {
      ctx.moveTo(x - r, y - r); ctx.lineTo(x + r, y + r);
      ctx.moveTo(x + r, y - r); ctx.lineTo(x - r, y + r);
    } else {
      ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath();
    }
    ctx.lineWidth = 4.5 * dpr;
    ctx.strokeStyle = 'rgba(0,0,0,0.7)';
    ctx.stroke();
    ctx.lineWidth = 2.2 * dpr;
    ctx.strokeStyle = COLORS.markers[m.kind] ?? COLORS.rule;
    ctx.stroke();
    // The label on the side with room, the second one lower so that two close minima stay legible.
    ctx.font = `${Math.round(12 * dpr)}px system-ui, sans-serif`;
    const w = ctx.measureText(m.label).width;
    const right = x + r + 4 * dpr + w < W;
    ctx.textAlign = right ? 'left' : 'right';
    ctx.textBaseline = 'middle';
    const tx = right ? x + r + 4 * dpr : x - r - 4 * dpr;
    const ty = y + (i === 0 ? -1 : 1) * 8 * dpr;
    ctx.lineWidth = 2.5 * dpr;
    ctx.lineJoin = 'round';
    ctx.strokeStyle = 'rgba(0,0,0,0.6)';
    ctx.strokeText(m.label, tx, ty);
    ctx.fillStyle = COLORS.markers[m.kind] ?? COLORS.rule;
    ctx.fillText(m.label, tx, ty);
    ctx.restore();
  });
}

/** The exact Gaussian target's 1σ and 2σ ellipses, dashed (mean-field scenes only). */
function drawTarget(ctx, ellipses, dpr) {
  dashedEllipses(ctx, ellipses, COLORS.target, dpr);
}

/** A Gaussian's 1σ and 2σ ellipses (polylines), dashed in `colour`, the 2σ one fainter. */
function dashedEllipses(ctx, ellipses, colour, dpr) {
  if (!ellipses) return;
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.setLineDash([6 * dpr, 4 * dpr]);
  ellipses.forEach((e, i) => {
    if (!e.length) return;
    ctx.globalAlpha = i === 0 ? 1 : 0.5;
    ctx.lineWidth = (i === 0 ? 1.6 : 1.1) * dpr;
    polyline(ctx, e, true);
    ctx.stroke();
  });
  ctx.restore();
}

/**
 * Tracking: the true path (green), the observations so far (dots, the newest ringed) and the
 * predicted q⁻'s 1σ and 2σ ellipses (dashed), under the rule's path and ellipses.
 */
function drawTracking(ctx, tr, dpr) {
  if (!tr) return;
  const c = COLORS.tracking;
  ctx.save();
  ctx.lineJoin = 'round';
  if (tr.truth.length >= 4) {
    polyline(ctx, tr.truth);
    ctx.strokeStyle = c.truth;
    ctx.lineWidth = 2 * dpr;
    ctx.globalAlpha = 0.9;
    ctx.stroke();
  }
  ctx.globalAlpha = 0.8;
  ctx.fillStyle = c.observation;
  for (let i = 0; i + 1 < tr.observations.length; i += 2) {
    ctx.beginPath();
    ctx.arc(tr.observations[i], tr.observations[i + 1], 2.5 * dpr, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.restore();
  if (tr.current) ring(ctx, tr.current[0], tr.current[1], 6 * dpr, c.observation, 2 * dpr);
  dashedEllipses(ctx, tr.predicted, c.predicted, dpr);
}

/** Opacity steps of a trail's fade (older segments fainter). */
const FADE_LEVELS = 8;

/** The means' recent paths: fading, oldest first. */
function drawTrails(ctx, f, K, dpr) {
  const W = ctx.canvas.width;
  const H = ctx.canvas.height;
  (f.trail ?? []).forEach((tr, i) => {
    const color = componentColor(i, K);
    const w = f.components?.[i]?.weight ?? 1;
    const alpha = weightAlpha(w, K);
    const n = tr.length / 2;
    if (n < 2) return;
    ctx.save();
    // A dark rim keeps the white path readable on the bright end of the colour map.
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    polyline(ctx, tr);
    ctx.globalAlpha = 0.35 * alpha;
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 4 * dpr;
    ctx.stroke();
    ctx.strokeStyle = color;
    ctx.lineWidth = 2 * dpr;
    // The fade from 0.4 to 1 in FADE_LEVELS bands, one stroke per band: a stroke per segment
    // (hundreds per component, thousands for a 16-component mixture) made frames take tens of
    // milliseconds to rasterise.
    for (let band = 0; band < FADE_LEVELS; band++) {
      const j0 = 1 + Math.floor((band * (n - 1)) / FADE_LEVELS);
      const j1 = 1 + Math.floor(((band + 1) * (n - 1)) / FADE_LEVELS);
      if (j1 <= j0) continue;
      ctx.globalAlpha = alpha * (0.4 + 0.6 * ((j1 - 1) / (n - 1)));
      ctx.beginPath();
      for (let j = j0; j < j1; j++) {
        const c = clipSegment(tr[2 * j - 2], tr[2 * j - 1], tr[2 * j], tr[2 * j + 1], W, H);
        if (!c) continue;
        ctx.moveTo(c[0], c[1]);
        ctx.lineTo(c[2], c[3]);
      }
      ctx.stroke();
    }
    ctx.restore();
  });
}

/**
 * The classical path, on top of the rule's trail: dashes with a dark rim, so where the two
 * paths coincide the white trail shows between the orange dashes.
 */
function drawClassic(ctx, cl, dpr) {
  if (!(cl?.path?.length >= 2)) return;
  ctx.save();
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  polyline(ctx, cl.path);
  ctx.setLineDash([7 * dpr, 5 * dpr]);
  ctx.lineCap = 'butt';
  ctx.strokeStyle = 'rgba(0,0,0,0.6)';
  ctx.lineWidth = 4.2 * dpr;
  ctx.stroke();
  ctx.strokeStyle = COLORS.classic;
  ctx.lineWidth = 2.2 * dpr;
  ctx.stroke();
  ctx.restore();
  const n = cl.path.length;
  ring(ctx, cl.path[n - 2], cl.path[n - 1], 7 * dpr, COLORS.classic, 2 * dpr);
}

/**
 * Samples / quadrature points [x, y, …], as small squares: at 3 px across they look like the
 * dots arcs would draw, and a 16-component mixture's 4,096 samples rasterise three times
 * faster (measured: 2 ms instead of 7 ms a frame).
 */
function drawSamples(ctx, s, dpr) {
  if (!s.length) return;
  ctx.save();
  ctx.fillStyle = COLORS.samples;
  const r = 1.5 * dpr;
  ctx.beginPath();
  for (let j = 0; j + 1 < s.length; j += 2) ctx.rect(s[j] - r, s[j + 1] - r, 2 * r, 2 * r);
  ctx.fill();
  ctx.restore();
}

/** Ellipses (1σ solid, 2σ lighter) and mean dots, opacity by weight. */
function drawComponents(ctx, components, K, dpr) {
  components.forEach((c, i) => {
    const color = componentColor(i, K);
    const alpha = weightAlpha(c.weight, K);
    const [e1, e2] = c.ellipses ?? [];
    ctx.save();
    ctx.strokeStyle = color;
    if (e2?.length) {
      ctx.globalAlpha = 0.45 * alpha;
      ctx.lineWidth = 1.2 * dpr;
      polyline(ctx, e2, true);
      ctx.stroke();
    }
    if (e1?.length) {
      ctx.globalAlpha = alpha;
      ctx.lineWidth = 2 * dpr;
      polyline(ctx, e1, true);
      ctx.stroke();
    }
    ctx.globalAlpha = Math.max(alpha, 0.5);
    ctx.beginPath();
    ctx.arc(c.mean[0], c.mean[1], 4 * dpr, 0, 2 * Math.PI);
    ctx.fillStyle = color;
    ctx.fill();
    ctx.lineWidth = 1.5 * dpr;
    ctx.strokeStyle = 'rgba(0,0,0,0.8)';
    ctx.stroke();
    ctx.restore();
  });
}

// ---------------------------------------------------------------------------------------------
// Clipping and stroking helpers.

// Canvas rasterisers misdraw segments millions of pixels long (a diverging run's path): dashes
// go astray and two identical paths stop overlapping. Segments are therefore cut to the canvas
// plus a margin before they are stroked (Liang–Barsky clipping of pixel segments; drawing only).
const CLIP_MARGIN = 64;

function clipSegment(x0, y0, x1, y1, W, H) {
  const lo = -CLIP_MARGIN;
  const dx = x1 - x0;
  const dy = y1 - y0;
  let t0 = 0;
  let t1 = 1;
  const edges = [[-dx, x0 - lo], [dx, W + CLIP_MARGIN - x0], [-dy, y0 - lo], [dy, H + CLIP_MARGIN - y0]];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
    } else {
      const r = q / p;
      if (p < 0) { if (r > t1) return null; if (r > t0) t0 = r; } else { if (r < t0) return null; if (r < t1) t1 = r; }
    }
  }
  return [x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy];
}

/** Adds a polyline (flat [x, y, …] in pixels) to a new path, clipped to the canvas. */
function polyline(ctx, pts, closed = false) {
  const W = ctx.canvas.width;
  const H = ctx.canvas.height;
  ctx.beginPath();
  const n = pts.length >> 1;
  const last = closed ? n : n - 1;
  let penX = NaN;
  let penY = NaN;
  for (let i = 0; i < last; i++) {
    const j = (i + 1) % n;
    const c = clipSegment(pts[2 * i], pts[2 * i + 1], pts[2 * j], pts[2 * j + 1], W, H);
    if (!c) continue;
    if (c[0] !== penX || c[1] !== penY) ctx.moveTo(c[0], c[1]);
    ctx.lineTo(c[2], c[3]);
    penX = c[2];
    penY = c[3];
  }
}

function strokeSegments(ctx, seg, color, width) {
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.beginPath();
  for (let j = 0; j + 3 < seg.length; j += 4) {
    ctx.moveTo(seg[j], seg[j + 1]);
    ctx.lineTo(seg[j + 2], seg[j + 3]);
  }
  ctx.stroke();
  ctx.restore();
}

function ring(ctx, x, y, r, color, width) {
  ctx.save();
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.lineWidth = width + 2;
  ctx.strokeStyle = 'rgba(0,0,0,0.6)';
  ctx.stroke();
  ctx.lineWidth = width;
  ctx.strokeStyle = color;
  ctx.stroke();
  ctx.restore();
}

/** The start's handle (what dragging moves): a ring with a cross at frame().start. */
export function drawStart(ctx, start, dpr) {
  if (!start) return;
  const [x, y] = start;
  const r = 7 * dpr;
  ctx.save();
  ctx.lineWidth = 3.5 * dpr;
  ctx.strokeStyle = 'rgba(0,0,0,0.55)';
  ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI); ctx.stroke();
  ctx.lineWidth = 1.5 * dpr;
  ctx.strokeStyle = '#ffffff';
  ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI); ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(x - r * 0.5, y); ctx.lineTo(x + r * 0.5, y);
  ctx.moveTo(x, y - r * 0.5); ctx.lineTo(x, y + r * 0.5);
  ctx.stroke();
  ctx.restore();
}

/**
 * A Bernoulli q (frame().bernoulli): the square [−a, a]² and its four corners, each a marker in
 * the colour Rust chose for its loss, a bar for its probability q(w) and its label; the best
 * corner gets a ring. Everything is in pixels from wasm.
 */
export function drawBernoulli(ctx, b, dpr) {
  if (!b) return;
  ctx.save();
  polyline(ctx, b.square, true);
  ctx.setLineDash([4 * dpr, 4 * dpr]);
  ctx.strokeStyle = 'rgba(255,255,255,0.7)';
  ctx.lineWidth = 1.2 * dpr;
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.font = `${12 * dpr}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  const bar = 36 * dpr;
  for (const c of b.corners) {
    const [x, y] = c.px;
    // Labels and bars sit outside the square: right of the right-hand corners, left of the others.
    const out = c.w[0] > 0 ? 1 : -1;
    const below = c.w[1] > 0 ? -1 : 1;
    ctx.beginPath();
    ctx.arc(x, y, 7 * dpr, 0, 2 * Math.PI);
    ctx.fillStyle = c.colour;
    ctx.fill();
    ctx.lineWidth = 1.5 * dpr;
    ctx.strokeStyle = 'rgba(0,0,0,0.85)';
    ctx.stroke();
    if (c.best) ring(ctx, x, y, 11 * dpr, '#ffffff', 2 * dpr);
    // The probability bar: a frame of length `bar`, filled to q(w).
    const bx = out > 0 ? x + 14 * dpr : x - 14 * dpr - bar;
    const by = y + below * 12 * dpr - 4 * dpr;
    ctx.fillStyle = 'rgba(0,0,0,0.55)';
    ctx.fillRect(bx - 2 * dpr, by - 2 * dpr, bar + 4 * dpr, 12 * dpr);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(bx, by, bar * c.prob, 8 * dpr);
    ctx.textAlign = out > 0 ? 'left' : 'right';
    const tx = out > 0 ? x + 14 * dpr : x - 14 * dpr;
    const ty = y - below * 10 * dpr;
    ctx.lineWidth = 3 * dpr;
    ctx.strokeStyle = 'rgba(0,0,0,0.8)';
    ctx.strokeText(c.label, tx, ty);
    ctx.fillStyle = '#ffffff';
    ctx.fillText(c.label, tx, ty);
  }
  ctx.restore();
}
