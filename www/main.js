// The full page: the shared widget (widget.js) with chrome (index.html supplies the side panel:
// presets, typeset equations, charts). `?embed&controls=lr,tau` drops the chrome for iframes.
import { Widget } from './widget.js';
import { buildGlossary } from './widget/glossary.js';
import { embedOptions } from './widget/embed.js';

const params = new URLSearchParams(location.search);
const embed = params.has('embed');
let controls = null;
if (embed) {
  document.documentElement.classList.add('embed');
  controls = (params.get('controls') ?? 'lr,tau')
    .split(',')
    .map((s) => s.trim()); // keys without a control are ignored by the widget
}

const app = document.getElementById('app');
const widget = new Widget(app, {
  urlSync: true,
  controls,
  keyTarget: document,
  // ?embed&step&caption&link: the embed options (the link opens this page without ?embed).
  ...(embed ? embedOptions((k) => params.has(k), new URL(location.pathname, location.href).href) : {}),
});

// In an iframe, ?embed posts the height it wants for its width to the host page, whose
// embed-resize.js sets the iframe's height: the plot at 5:4 (at most 800 px high) with
// everything else. The plot takes whatever height is left, so the height wanted is the
// window's, plus what overflows, plus the plot's shortfall: it depends on the width only, and
// one resize settles it.
if (embed && window.parent !== window) {
  let last = 0;
  const post = () => {
    const plot = app.querySelector('.blr-plot');
    if (!plot) return;
    const r = plot.getBoundingClientRect();
    const overflow = Math.max(0, document.documentElement.scrollHeight - innerHeight);
    const want = Math.ceil(innerHeight + overflow + Math.min(800, r.width * 0.8) - r.height);
    if (r.width < 2 || Math.abs(want - last) < 2) return;
    last = want;
    window.parent.postMessage({ type: 'blr-playground:height', height: want }, '*');
  };
  const ro = new ResizeObserver(post);
  ro.observe(app);
  widget.ready.then(() => { for (const el of app.querySelectorAll('.blr-plot, .blr-controls')) ro.observe(el); post(); });
}

// For the browser console (and the end-to-end tests): the widget and, once loaded, its
// wasm Playground (`blrPlayground.pg.frame()` etc.).
window.blrPlayground = widget;

const glossary = document.querySelector('[data-part="glossary"]');
// The glossary's table is Rust's (options().glossary), there once the wasm is.
if (glossary && !embed) widget.ready.then(() => widget.options && buildGlossary(glossary, widget.options.glossary ?? []));
