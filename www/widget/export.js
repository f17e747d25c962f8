// "Save" on the full page: the figure as PNG (at the device's pixel ratio, or a print size)
// and SVG, and the run as JSON and CSV. Every byte comes from the wasm: the figure of the
// current step from the page's Playground (the SVG is its string; the PNG replays the same
// figure's items, `figure_json`, on a canvas), the data from a fresh run of the scene in the
// export module (`Replay`, widget/replay.js: exactly what `blr run --format json|csv` prints),
// which loads at the first download or when the pointer or focus reaches the row. No maths here.
import { h, parseJson } from './dom.js';
import { loadExport, replayOf } from './replay.js';

const FONT = '"DejaVu Sans", Helvetica, Arial, sans-serif';

/** The theme a figure gets: the scene's `theme`, or the reader's preference for `auto`. */
export function resolvedTheme(pg) {
  const t = pg.get('theme');
  if (t === 'light' || t === 'dark') return t;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Saves `blob` as `name` (a download, no navigation). */
export function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function strokePath(ctx, pts, every, closed) {
  ctx.beginPath();
  for (let i = 0; i + 1 < pts.length; i += 2) {
    if (i === 0 || (every && (i / 2) % every === 0)) ctx.moveTo(pts[i], pts[i + 1]);
    else ctx.lineTo(pts[i], pts[i + 1]);
  }
  if (closed) ctx.closePath();
  ctx.stroke();
}

function drawItem(ctx, it) {
  ctx.save();
  if (it.kind === 'segments') {
    ctx.strokeStyle = it.stroke;
    ctx.lineWidth = it.width;
    strokePath(ctx, it.points, 2, false);
  } else if (it.kind === 'line') {
    ctx.strokeStyle = it.stroke;
    ctx.globalAlpha = it.opacity;
    ctx.lineWidth = it.width;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    if (it.dash) ctx.setLineDash(it.dash);
    strokePath(ctx, it.points, 0, it.closed);
  } else if (it.kind === 'dot') {
    ctx.beginPath();
    ctx.arc(it.x, it.y, it.r, 0, 2 * Math.PI);
    ctx.fillStyle = it.fill;
    ctx.fill();
    ctx.strokeStyle = it.stroke;
    ctx.lineWidth = it.width;
    ctx.stroke();
  } else if (it.kind === 'text') {
    ctx.font = `${it.bold ? 'bold ' : ''}${it.size}px ${FONT}`;
    ctx.fillStyle = it.fill;
    ctx.textAlign = it.anchor === 'end' ? 'end' : 'start';
    ctx.fillText(it.text, it.x, it.y);
  }
  ctx.restore();
}

/**
 * Draws the figure of `pg`'s current step on `canvas` (resized to it): `width` × `height`
 * device pixels, text at `scale`; `figure_json` replayed, its heatmap from wasm memory.
 */
export function drawFigure(canvas, pg, memory, width, height, scale, theme) {
  const d = parseJson(pg.figure_json(width, height, scale, theme), null);
  if (!d) throw new Error('no figure');
  if (canvas.width !== d.width || canvas.height !== d.height) {
    canvas.width = d.width;
    canvas.height = d.height;
  }
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = d.background;
  ctx.fillRect(0, 0, d.width, d.height);
  const len = pg.figure_heat_len();
  if (len === d.plot_w * d.plot_h * 4) {
    const px = new Uint8ClampedArray(memory.buffer, pg.figure_heat_ptr(), len);
    ctx.putImageData(new ImageData(new Uint8ClampedArray(px), d.plot_w, d.plot_h), 0, 0);
  }
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, 0, d.plot_w, d.plot_h);
  ctx.clip();
  for (const it of d.plot) drawItem(ctx, it);
  ctx.restore();
  for (const it of d.chrome) drawItem(ctx, it);
}

/** The figure as a PNG blob: `width` × `height` device pixels, text at `scale`. */
export async function figurePng(pg, memory, width, height, scale, theme) {
  const canvas = document.createElement('canvas');
  drawFigure(canvas, pg, memory, width, height, scale, theme);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob'))), 'image/png'));
}

/** The figure as an SVG blob: Rust writes the document; its heatmap (`href="blr:heatmap"`:
 * the wasm carries no PNG encoder) becomes a PNG data URI encoded by a canvas here. */
export async function figureSvg(pg, memory, width, height, theme) {
  const svg = pg.figure_svg(width, height, 1, theme);
  const d = parseJson(pg.figure_json(width, height, 1, theme), null);
  const len = pg.figure_heat_len();
  let href = '';
  if (d && len === d.plot_w * d.plot_h * 4) {
    const c = document.createElement('canvas');
    c.width = d.plot_w;
    c.height = d.plot_h;
    const px = new Uint8ClampedArray(memory.buffer, pg.figure_heat_ptr(), len);
    c.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(px), d.plot_w, d.plot_h), 0, 0);
    href = c.toDataURL('image/png');
  }
  return new Blob([svg.replace('href="blr:heatmap"', `href="${href}"`)], { type: 'image/svg+xml' });
}

/** The figure's size for a choice: "screen" (the plot as shown, plus the legend, at the
 * device pixel ratio) or a print width ("1600", "2400": 5:4, text scaled to match). */
export function figureSize(choice, plotEl) {
  if (choice === 'screen') {
    const dpr = window.devicePixelRatio || 1;
    const r = plotEl.getBoundingClientRect();
    const w = Math.max(200, Math.round(r.width));
    const hh = Math.max(160, Math.round(r.height));
    return { width: Math.round(w * dpr), height: Math.round((hh + 54) * dpr), scale: dpr };
  }
  const width = Number(choice) || 1600;
  return { width, height: Math.round(width * 0.825), scale: width / 800 };
}

/** Builds the "Save" row in `el`; `get()` returns { pg, memory, plotEl, file } once loaded
 * (`file`: the user's rows as last loaded, or null). */
export function mountExport(el, get) {
  el.classList.add('blr-export');
  const size = h('select', { 'aria-label': 'Figure size', 'data-part': 'export-size' },
    h('option', { value: 'screen' }, 'as shown'),
    h('option', { value: '1600' }, 'print 1600 px'),
    h('option', { value: '2400' }, 'print 2400 px'));
  const status = h('span', { class: 'blr-export-status', role: 'status' });
  const stamp = (pg) => (pg.get('landscape') || 'scene') + '-t' + (parseJson(pg.frame(), {}).t ?? 0);
  const run = (what, fn) => async () => {
    const w = get();
    if (!w) return;
    status.textContent = `Saving ${what}…`;
    try {
      await fn(w);
      status.textContent = `Saved ${what}.`;
    } catch (e) {
      status.textContent = `Could not save ${what}: ${e.message}`;
    }
  };
  const btn = (label, part, what, fn) => h('button', { type: 'button', class: 'blr-btn', 'data-part': part,
    title: what, onclick: run(what, fn) }, label);
  el.append(
    h('span', { class: 'blr-export-label' }, 'Save'),
    btn('PNG', 'save-png', 'the figure as PNG', async ({ pg, memory, plotEl }) => {
      const s = figureSize(size.value, plotEl);
      save(await figurePng(pg, memory, s.width, s.height, s.scale, resolvedTheme(pg)), `blr-${stamp(pg)}.png`);
    }),
    btn('SVG', 'save-svg', 'the figure as SVG', async ({ pg, memory, plotEl }) => {
      const s = figureSize(size.value, plotEl);
      save(await figureSvg(pg, memory, Math.round(s.width / s.scale), Math.round(s.height / s.scale), resolvedTheme(pg)),
        `blr-${stamp(pg)}.svg`);
    }),
    size,
    btn('JSON', 'save-json', 'the run as JSON (blr run)', async ({ pg, file }) => {
      const { replay } = await replayOf(pg, file);
      try {
        save(new Blob([replay.trajectory_json()], { type: 'application/json' }), 'blr-run.json');
      } finally {
        replay.free();
      }
    }),
    btn('CSV', 'save-csv', 'the run as CSV (blr run --format csv)', async ({ pg, file }) => {
      const { replay } = await replayOf(pg, file);
      try {
        save(new Blob([replay.trajectory_csv()], { type: 'text/csv' }), 'blr-run.csv');
      } finally {
        replay.free();
      }
    }),
    status);
  // The export module is wanted soon: fetch it while the pointer is on its way to a button.
  const warm = () => { loadExport().catch(() => {}); };
  el.addEventListener('pointerenter', warm, { once: true });
  el.addEventListener('focusin', warm, { once: true });
}
