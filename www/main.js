// The full page: the shared widget (widget.js) with chrome (index.html supplies the side panel:
// presets, typeset equations, charts). `?embed&controls=lr,tau` drops the chrome for iframes.
import { Widget } from './widget.js';
import { buildGlossary } from './widget/glossary.js';

const params = new URLSearchParams(location.search);
const embed = params.has('embed');
let controls = null;
if (embed) {
  document.documentElement.classList.add('embed');
  controls = (params.get('controls') ?? 'lr,tau')
    .split(',')
    .map((s) => s.trim()); // keys without a control are ignored by the widget
}

const widget = new Widget(document.getElementById('app'), {
  urlSync: true,
  controls,
  keyTarget: document,
});

// For the browser console (and the end-to-end tests): the widget and, once loaded, its
// wasm Playground (`blrPlayground.pg.frame()` etc.).
window.blrPlayground = widget;

const glossary = document.querySelector('[data-part="glossary"]');
// The glossary's table is Rust's (options().glossary), there once the wasm is.
if (glossary && !embed) widget.ready.then(() => widget.options && buildGlossary(glossary, widget.options.glossary ?? []));
