// "Share / embed" on the full page: the link, and the two ways to put this scene in a post,
// as text to copy: the <blr-playground> element (with its module script) and an iframe of
// ?embed (with embed-resize.js, which sets the iframe's height from the height the embed posts).
// The embed options (controls shown, Step, the preset's caption, an "Open in the playground"
// link, theme) are the element's attributes and ?embed's query parameters (www/README.md);
// the theme is the scene's own `theme` key, written by the wasm.
import { h } from './dom.js';
import { copier } from './clipboard.js';
import { Playground } from '../pkg/blr_playground.js';

/** Escapes text for an HTML attribute value in double quotes. */
function attr(text) {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The iframe's width and a height that fits the plot (5:4), transport, controls and extras. */
export function iframeSize(nControls, { caption, link }) {
  const width = 640;
  const rows = Math.ceil(nControls / 3);
  return { width, height: 16 + 500 + 40 + 44 + rows * 62 + (caption ? 64 : 0) + (link ? 26 : 0) };
}

/**
 * Builds the panel inside `el` (a <details> whose <summary> is the button). `getPg()` returns
 * the page's Playground once loaded. Returns { refresh() }: rewrites the snippets for the
 * current scene (called on every scene change; cheap while the panel is closed).
 */
export function mountShare(el, getPg) {
  el.classList.add('blr-share');
  const field = (part, label, rows) => {
    const input = rows
      ? h('textarea', { readonly: true, rows, class: 'blr-share-code', 'data-part': part, 'aria-label': label, spellcheck: 'false' })
      : h('input', { type: 'text', readonly: true, class: 'blr-share-code', 'data-part': part, 'aria-label': label });
    return input;
  };
  const link = field('share-link', 'Link to this scene');
  const element = field('share-element', 'The <blr-playground> snippet', 3);
  const iframe = field('share-iframe', 'The iframe snippet', 3);
  const out = h('div', { class: 'blr-share-out', role: 'status' });
  const copy = copier(out);
  const copyBtn = (input, what, part) => h('button', { type: 'button', class: 'blr-btn', 'data-part': part,
    onclick: () => copy(input.value, what) }, 'Copy');

  const controls = h('input', { type: 'text', value: 'lr,tau', 'data-part': 'share-controls', spellcheck: 'false',
    'aria-describedby': 'blr-share-controls-help' });
  const check = (part, label, on) => {
    const box = h('input', { type: 'checkbox', 'data-part': part, checked: on });
    return { box, el: h('label', { class: 'blr-share-check' }, box, ` ${label}`) };
  };
  const step = check('share-step', 'Step button', false);
  const caption = check('share-caption', 'the preset’s caption', true);
  const open = check('share-open', '“Open in the playground” link', true);
  const theme = h('select', { 'data-part': 'share-theme', 'aria-label': 'Theme of the embed' },
    h('option', { value: 'auto' }, 'reader’s theme'),
    h('option', { value: 'light' }, 'light'),
    h('option', { value: 'dark' }, 'dark'));

  el.append(h('div', { class: 'blr-share-panel' },
    h('div', { class: 'blr-share-row' }, h('span', { class: 'blr-share-label' }, 'Link'), link, copyBtn(link, 'link', 'share-copy-link')),
    h('fieldset', { class: 'blr-share-options' },
      h('legend', {}, 'Embed options'),
      h('label', { class: 'blr-share-controls' }, 'Controls shown ', controls),
      h('span', { class: 'blr-share-help', id: 'blr-share-controls-help' }, 'scene keys, comma-separated (lr, tau, family, …)'),
      step.el, caption.el, open.el,
      h('label', { class: 'blr-share-check' }, 'Theme ', theme)),
    h('div', { class: 'blr-share-row' }, h('span', { class: 'blr-share-label' }, 'Element'), element,
      copyBtn(element, '<blr-playground> snippet', 'share-copy-element')),
    h('div', { class: 'blr-share-row' }, h('span', { class: 'blr-share-label' }, 'Iframe'), iframe,
      copyBtn(iframe, 'iframe snippet', 'share-copy-iframe')),
    h('p', { class: 'blr-share-help' },
      'Copy www/ (with pkg/ and widget/) to your site and use its address here: the element needs the files on the same origin and '
      + "a CSP that allows script-src 'self' 'wasm-unsafe-eval'; style-src 'self'. The iframe sizes itself with embed-resize.js."),
    out));

  const refresh = () => {
    const pg = getPg();
    if (!pg || !el.open) return;
    const base = new URL('.', location.href).href;
    const page = new URL(location.pathname, location.href).href;
    link.value = location.href;
    // The scene with the chosen theme, written by the wasm (the canonical query).
    const tmp = new Playground(pg.query());
    const scene = (tmp.set('theme', theme.value), tmp.query());
    tmp.free();
    const keys = controls.value.split(',').map((k) => k.trim()).filter(Boolean).join(',');
    const flags = [step, caption, open].map((c, i) => (c.box.checked ? ['step', 'caption', 'link'][i] : null)).filter(Boolean);
    element.value = `<script type="module" src="${base}blr-playground.js"></script>\n`
      + `<blr-playground scene="${attr(scene)}" controls="${attr(keys)}"${flags.map((f) => ` ${f}`).join('')}></blr-playground>`;
    const src = `${page}?embed&controls=${encodeURIComponent(keys).replace(/%2C/g, ',')}${flags.map((f) => `&${f}`).join('')}${scene ? `#${scene}` : ''}`;
    const size = iframeSize(keys ? keys.split(',').length : 0, { caption: caption.box.checked, link: open.box.checked });
    iframe.value = `<iframe src="${attr(src)}" width="${size.width}" height="${size.height}" title="BLR Playground" loading="lazy"></iframe>\n`
      + `<script src="${base}embed-resize.js" async></script>`;
  };
  el.addEventListener('toggle', refresh);
  for (const c of [controls, step.box, caption.box, open.box, theme]) c.addEventListener('input', refresh);
  return { refresh };
}
