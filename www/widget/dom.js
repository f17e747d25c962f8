// Small DOM helpers for the widget: elements by createElement/textContent only (no HTML
// strings, no style attributes), so everything runs under a strict Content-Security-Policy and
// nothing from a URL or an attribute can become markup.

/** Creates an element: h('div', { class: 'x', 'aria-label': 'y' }, child, 'text', ...). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k === 'style') throw new Error('no style attributes (CSP)');
    if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Creates an SVG element (legend swatches): svg('line', { x1: 0, … }, child, ...). */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

/** JSON.parse, or `fallback` when the text is not JSON. */
export function parseJson(text, fallback) {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

/**
 * The canvas at device pixels with its size taken from CSS, cleared: `{ ctx, W, H, dpr }`, or
 * null while it is too small to draw on (under 10 CSS pixels wide).
 */
export function freshCanvas(canvas) {
  const rect = canvas.getBoundingClientRect();
  if (rect.width < 10) return null;
  const dpr = window.devicePixelRatio || 1;
  const W = Math.round(rect.width * dpr);
  const H = Math.round(rect.height * dpr);
  if (canvas.width !== W || canvas.height !== H) {
    canvas.width = W;
    canvas.height = H;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, W, H);
  return { ctx, W, H, dpr };
}
