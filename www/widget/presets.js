// The full page's scene chrome: the preset menu, the scene's title and caption ("(modified)"
// once a setting differs from the preset), and the notice listing what a link's hash ignored.
import { h } from './dom.js';

/**
 * The preset menu, title and caption; any of the three elements may be null (embeds). `box`
 * (embeds with a caption) is shown only while the scene is a preset, modified or not.
 */
export class Presets {
  constructor({ select, title, caption, box = null }) {
    this.select = select;
    this.title = title;
    this.caption = caption;
    this.box = box;
    this.list = [];
    this.id = '';
    this.query = null;
  }

  /** Whether a scene change has anything to update here. */
  get shown() { return !!(this.select || this.caption); }

  /**
   * Fills the menu with Playground.presets() (parsed) and shows at once which preset the
   * current scene is (`pg.preset_id()`, computed in Rust: a shared preset link shows its title
   * and caption from the first frame, even while it plays).
   */
  fill(list, pg) {
    this.list = list;
    const sel = this.select;
    if (sel) {
      sel.replaceChildren(h('option', { value: '' }, 'Choose a preset…'),
        ...list.map((p) => h('option', { value: p.id }, p.title)));
    }
    const id = pg.preset_id();
    this.loaded(id, pg.query());
    if (this.shown) this.show(pg.query());
  }

  /** Calls onPick(preset) when the user picks one from the menu. */
  onPick(onPick) {
    this.select?.addEventListener('change', () => {
      const p = this.list.find((x) => x.id === this.select.value);
      if (p) onPick(p);
    });
  }

  /** A new scene was loaded: preset `id` ('' for none) whose canonical query is `query`. */
  loaded(id, query) {
    this.id = id;
    this.query = id ? query : null;
  }

  /** Shows the preset (modified or not) for the scene whose canonical query is `query`. */
  show(query) {
    const p = this.list.find((x) => x.id === this.id);
    const modified = p && query !== this.query;
    if (this.select) this.select.value = p ? p.id : '';
    if (this.box) this.box.hidden = !p;
    if (this.title) this.title.textContent = p ? p.title + (modified ? ' (modified)' : '') : 'Your own scene';
    if (this.caption) {
      this.caption.textContent = p
        ? p.caption
        : 'Pick a preset above for a guided tour, or change the settings: every change is in the link, so a link reproduces exactly this scene.';
      this.caption.classList.toggle('blr-muted', !!modified);
    }
  }
}

/** Shows Playground.notices() (parsed: [{key, message}]) in `el` with a close button. */
export function showNotices(el, list) {
  if (!list || list.length === 0) return;
  const items = list.map((n) => h('li', {}, h('code', {}, String(n.key)), ': ', String(n.message)));
  el.replaceChildren(
    h('div', { class: 'blr-notice-body' },
      h('strong', {}, list.length === 1
        ? 'One setting in the link was ignored (default used):'
        : `${list.length} settings in the link were ignored (defaults used):`),
      h('ul', {}, items)),
    h('button', { type: 'button', class: 'blr-btn blr-notice-close', 'aria-label': 'Dismiss notice',
      onclick: () => { el.hidden = true; } }, '×'));
  el.hidden = false;
}
