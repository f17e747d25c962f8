// The data panel beside the landscape (full page): the rows of a data landscape drawn in data
// space, with what q's mean says about them, and the user's own rows from a file (picker or
// drag-and-drop onto the plot or the panel). Everything drawn comes from Playground.data_panel
// in panel pixels; the file's bytes go to Playground.load_data, which reads them exactly as
// `blr run --data FILE` does and answers with the CLI's message when they are malformed.
import { h, parseJson } from './dom.js';
import { COLORS } from './colours.js';

/** Redraw the panel at most this often while playing (ms). */
const PLAYING_EVERY = 120;

export class DataPanel {
  /**
   * `el`: the (empty) panel element; `host`: { pg() → Playground or null, loaded() called after
   * the rows changed }.
   */
  constructor(el, host) {
    this.el = el;
    this.host = host;
    this.lastAt = 0;
    this.lastKey = '';
    /** The last file whose rows the core accepted ({ name, bytes }), or null. */
    this.file = null;
    el.classList.add('blr-data');
    this.title = h('h2', { class: 'blr-data-title' });
    this.canvas = h('canvas', { class: 'blr-data-canvas', role: 'img', 'aria-label': 'The data' });
    this.legend = h('ul', { class: 'blr-data-legend' });
    this.own = h('p', { class: 'blr-data-own', role: 'status' });
    this.error = h('p', { class: 'blr-data-error', role: 'alert', hidden: true });
    this.input = h('input', { type: 'file', accept: '.csv,text/csv,text/plain', class: 'blr-data-file',
      'aria-label': 'Load your own rows (CSV)', onchange: () => this.#pick() });
    this.clearBtn = h('button', { type: 'button', class: 'blr-btn', hidden: true,
      onclick: () => this.#clear() }, 'Use the shipped rows');
    this.help = h('p', { class: 'blr-data-help' },
      'Your rows: a CSV with the header x1,x2,label (labels ±1 or 0/1) for logistic, x1,x2,y for ridge; pick a file or drop it on the plot.');
    el.append(this.title, this.canvas, this.legend, this.own, this.error,
      h('div', { class: 'blr-data-load' }, h('label', {}, 'Load rows: ', this.input), this.clearBtn), this.help);
    for (const target of [el]) dropTarget(target, (file) => this.load(file));
  }

  /** Reads a File and hands its bytes to the core; shows the core's message on failure. */
  async load(file) {
    const pg = this.host.pg();
    if (!pg || !file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const err = pg.load_data(file.name, bytes);
    // The rows the scene now uses, for the downloads' fresh run (widget/replay.js).
    if (!err) this.file = { name: file.name, bytes };
    this.error.hidden = !err;
    this.error.textContent = err;
    this.input.value = '';
    if (!err) this.host.loaded();
    this.lastKey = '';
    this.draw(false, true);
  }

  #pick() {
    const file = this.input.files?.[0];
    if (file) this.load(file);
  }

  #clear() {
    this.host.pg()?.clear_data();
    this.file = null;
    this.error.hidden = true;
    this.host.loaded();
  }

  /**
   * Draws the panel for the current step (hidden without a data landscape): at once when
   * paused or `force`d, at most every PLAYING_EVERY ms while playing.
   */
  draw(playing, force = false) {
    const pg = this.host.pg();
    if (!pg) return;
    const now = performance.now();
    if (!force && playing && now - this.lastAt < PLAYING_EVERY) return;
    this.lastAt = now;
    const rect = this.canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    const W = Math.max(32, Math.round(rect.width * dpr));
    const H = Math.max(32, Math.round(rect.height * dpr));
    const text = pg.data_panel(Math.round(W / dpr), Math.round(H / dpr));
    const key = `${text}|${W}x${H}`;
    if (!force && key === this.lastKey) return;
    this.lastKey = key;
    const p = parseJson(text, null);
    const shown = !!p;
    this.el.hidden = !shown;
    this.el.closest('.stage-row')?.classList.toggle('has-data', shown);
    if (!shown) return;
    this.title.textContent = p.title;
    this.canvas.setAttribute('aria-label', p.text);
    this.own.hidden = !p.own;
    this.own.textContent = p.own ? `Note: ${p.own.text}.` : '';
    this.clearBtn.hidden = !p.own;
    this.#legend(p);
    if (this.canvas.width !== W || this.canvas.height !== H) {
      this.canvas.width = W;
      this.canvas.height = H;
    }
    drawPanel(this.canvas.getContext('2d'), p, dpr);
  }

  #legend(p) {
    const items = p.groups.map((g, i) => h('li', {}, h('span', { class: `blr-data-dot blr-data-g${i}` }), g.name));
    for (const l of p.lines) items.push(h('li', {}, h('span', { class: `blr-data-line blr-data-${l.kind}` }), l.label));
    this.legend.replaceChildren(...items);
  }
}

/** Calls `onFile` with the first file dropped on `el`. */
export function dropTarget(el, onFile) {
  el.addEventListener('dragover', (e) => {
    if ([...(e.dataTransfer?.types ?? [])].includes('Files')) {
      e.preventDefault();
      el.classList.add('blr-drop');
    }
  });
  el.addEventListener('dragleave', () => el.classList.remove('blr-drop'));
  el.addEventListener('drop', (e) => {
    el.classList.remove('blr-drop');
    const file = e.dataTransfer?.files?.[0];
    if (!file) return;
    e.preventDefault();
    onFile(file);
  });
}

/** The panel's picture: frame, ticks, axis titles, points by group, labelled lines. */
function drawPanel(ctx, p, dpr) {
  const W = ctx.canvas.width;
  const H = ctx.canvas.height;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#0b0d12';
  ctx.fillRect(0, 0, W, H);
  ctx.scale(dpr, dpr);
  const [x0, y0, x1, y1] = p.plot;
  ctx.strokeStyle = 'rgba(255,255,255,0.25)';
  ctx.lineWidth = 1;
  ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = 'rgba(255,255,255,0.8)';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of p.x.ticks) {
    line(ctx, t.px, y1, t.px, y1 + 4);
    ctx.fillText(t.label, t.px, y1 + 5);
  }
  ctx.fillText(p.x.label, (x0 + x1) / 2, y1 + 19);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of p.y.ticks) {
    line(ctx, x0 - 4, t.px, x0, t.px);
    ctx.fillText(t.label, x0 - 6, t.px);
  }
  ctx.save();
  ctx.translate(11, (y0 + y1) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText(p.y.label, 0, 0);
  ctx.restore();
  ctx.save();
  ctx.beginPath();
  ctx.rect(x0, y0, x1 - x0, y1 - y0);
  ctx.clip();
  p.groups.forEach((g, i) => {
    ctx.fillStyle = COLORS.data[i % COLORS.data.length];
    ctx.strokeStyle = 'rgba(0,0,0,0.8)';
    ctx.lineWidth = 1;
    const pts = g.points;
    for (let j = 0; j + 1 < pts.length; j += 2) {
      ctx.beginPath();
      ctx.arc(pts[j], pts[j + 1], 3.2, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
  });
  for (const l of p.lines) {
    if (l.path.length < 4) continue;
    ctx.beginPath();
    ctx.moveTo(l.path[0], l.path[1]);
    for (let j = 2; j + 1 < l.path.length; j += 2) ctx.lineTo(l.path[j], l.path[j + 1]);
    ctx.setLineDash(l.kind === 'fit' ? [5, 4] : []);
    ctx.strokeStyle = 'rgba(0,0,0,0.7)';
    ctx.lineWidth = 4;
    ctx.stroke();
    ctx.strokeStyle = COLORS.rule;
    ctx.lineWidth = 2;
    ctx.stroke();
  }
  ctx.restore();
}

function line(ctx, ax, ay, bx, by) {
  ctx.beginPath();
  ctx.moveTo(ax, ay);
  ctx.lineTo(bx, by);
  ctx.stroke();
}
