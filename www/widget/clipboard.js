// "Copy link" / "Copy CLI command" on the full page: to the clipboard, with a short
// confirmation in `out`; without a clipboard, the text shown selected in `out` to copy by hand.
import { h } from './dom.js';

/** Returns copy(text, what): writes `text` to the clipboard and says so in `out` (may be null). */
export function copier(out) {
  let timer = 0;
  return async function copy(text, what) {
    try {
      await navigator.clipboard.writeText(text);
      if (out) {
        out.hidden = false;
        out.replaceChildren(h('span', { class: 'blr-copied' }, `Copied the ${what}.`));
        clearTimeout(timer);
        timer = setTimeout(() => { out.hidden = true; }, 2500);
      }
    } catch {
      // No clipboard (permissions, insecure context): show the text, selected, to copy by hand.
      if (!out) return;
      const field = h('input', { type: 'text', readonly: true, class: 'blr-copy-field', 'aria-label': `The ${what}` });
      field.value = text;
      out.hidden = false;
      clearTimeout(timer);
      out.replaceChildren(h('label', {}, `Copy the ${what}: `, field),
        h('button', { type: 'button', class: 'blr-btn', 'aria-label': 'Close', onclick: () => { out.hidden = true; } }, '×'));
      field.focus();
      field.select();
    }
  };
}
