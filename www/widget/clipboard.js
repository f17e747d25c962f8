// "Copy link" / "Copy CLI command" on the full page: to the clipboard, with a short
// confirmation in `out`; without a clipboard, the text shown selected in `out` to copy by hand.
import { h } from './dom.js';

/**
 * Returns copy(text, what, note): writes `text` to the clipboard and says so in `out` (may be
 * null), with `note` (e.g. that the link does not carry the user's own rows) beside it; a note
 * stays until closed.
 */
export function copier(out) {
  let timer = 0;
  return async function copy(text, what, note = '') {
    const noteEl = () => note && h('span', { class: 'blr-copy-note', role: 'note' }, `Note: ${note}.`);
    try {
      await navigator.clipboard.writeText(text);
      if (out) {
        out.hidden = false;
        out.replaceChildren(h('span', { class: 'blr-copied' }, `Copied the ${what}.`), noteEl());
        clearTimeout(timer);
        if (!note) timer = setTimeout(() => { out.hidden = true; }, 2500);
        else out.append(h('button', { type: 'button', class: 'blr-btn', 'aria-label': 'Close', onclick: () => { out.hidden = true; } }, '×'));
      }
    } catch {
      // No clipboard (permissions, insecure context): show the text, selected, to copy by hand.
      if (!out) return;
      const field = h('input', { type: 'text', readonly: true, class: 'blr-copy-field', 'aria-label': `The ${what}` });
      field.value = text;
      out.hidden = false;
      clearTimeout(timer);
      out.replaceChildren(h('label', {}, `Copy the ${what}: `, field), noteEl(),
        h('button', { type: 'button', class: 'blr-btn', 'aria-label': 'Close', onclick: () => { out.hidden = true; } }, '×'));
      field.focus();
      field.select();
    }
  };
}
