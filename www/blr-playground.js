// <blr-playground scene="landscape=rosenbrock&family=full" controls="lr,tau"></blr-playground>
//
// One <script type="module" src=".../blr-playground.js"></script> defines the element. It is
// the same widget as the full page (widget.js) without the chrome: the plot, the controls named
// in `controls` (scene keys, comma-separated; default "lr,tau"), play and reset. It sizes itself
// to its container, keeps its styles in a shadow root (loaded from widget.css next to this
// file), and needs nothing beyond `script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`.
// Attributes: scene (URL-hash syntax; changing it loads the new scene), controls, paused
// (do not start playing by itself), theme (light or dark; default: the reader's preference;
// a `theme` key in the scene wins), step (show the Step button), caption (the preset's title
// and caption, while the scene is a preset), link (an "Open in the playground" link to
// index.html next to this file, with the current scene). Property: .widget (the Widget;
// .widget.pg is the wasm Playground once loaded).
import { Widget, h } from './widget.js';
import { embedOptions } from './widget/embed.js';

const CSS_URL = new URL('./widget.css', import.meta.url).href;
const PAGE_URL = new URL('./index.html', import.meta.url).href;

class BlrPlayground extends HTMLElement {
  static get observedAttributes() {
    return ['scene'];
  }

  connectedCallback() {
    if (this.widget) return;
    const shadow = this.attachShadow({ mode: 'open' });
    // Hidden (the UA's [hidden], no CSS needed) until the stylesheet is in, so no unstyled flash.
    const root = h('div', { class: 'blr-element', hidden: true });
    const theme = this.getAttribute('theme');
    if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
    const link = h('link', { rel: 'stylesheet', href: CSS_URL });
    const show = () => { root.hidden = false; };
    link.addEventListener('load', show);
    link.addEventListener('error', show);
    shadow.append(link, root);
    const controls = (this.getAttribute('controls') ?? 'lr,tau')
      .split(',')
      .map((s) => s.trim()); // keys without a control are ignored by the widget
    this.widget = new Widget(root, {
      scene: this.getAttribute('scene') ?? '',
      controls,
      keyTarget: root,
      autoplay: !this.hasAttribute('paused'),
      theme: this.getAttribute('theme'),
      ...embedOptions((k) => this.hasAttribute(k), PAGE_URL),
    });
  }

  attributeChangedCallback(name, oldValue, value) {
    if (name === 'scene' && oldValue !== value && this.widget?.pg) this.widget.load(value ?? '');
  }
}

if (!customElements.get('blr-playground')) customElements.define('blr-playground', BlrPlayground);
