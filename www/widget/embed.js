// The embed options of the element and of ?embed (www/README.md): the preset's title and
// caption under the widget (`caption`), and an "Open in the playground" link to the full page
// with the current scene (`link`). The Step button (`step`) is the transport's own.
import { h } from './dom.js';

/** The options of an embed, from an element's attributes or ?embed's query parameters. */
export function embedOptions(has, linkBase) {
  return { step: has('step'), caption: has('caption'), link: has('link') ? linkBase : null };
}

/**
 * Appends the caption box and the link asked for by `opts` to `root`. Returns
 * { box, title, caption } for the preset chrome (null without a caption) and update(query),
 * which points the link at the current scene.
 */
export function mountEmbedExtras(root, opts) {
  const out = { box: null, title: null, caption: null, update() {} };
  if (!opts.caption && !opts.link) return out;
  const foot = h('div', { class: 'blr-embed-foot' });
  if (opts.caption) {
    out.title = h('strong', { class: 'blr-embed-title' });
    out.caption = h('span', { class: 'blr-embed-caption' });
    out.box = h('p', { class: 'blr-embed-about', hidden: true }, out.title, ' ', out.caption);
    foot.append(out.box);
  }
  if (opts.link) {
    const a = h('a', { class: 'blr-open-link', target: '_blank', rel: 'noopener', 'data-part': 'open-link',
      href: opts.link }, 'Open in the playground ↗');
    foot.append(a);
    out.update = (query) => { a.href = query ? `${opts.link}#${query}` : opts.link; };
  }
  root.append(foot);
  return out;
}
