// Plain words: a short glossary of the page's symbols and estimator names, from the one table
// in Rust (src/page/glossary.rs, exported as Playground.options().glossary). Each term is a
// button: hovering, focusing (keyboard) or tapping it shows its meaning in the one definition
// line below the terms (announced politely). textContent only.
import { h } from './dom.js';

/** Builds the glossary into `el` from `terms` ([{term, meaning}]). */
export function buildGlossary(el, terms) {
  const def = h('p', { class: 'blr-gloss-def', id: `${el.id || 'gloss'}-def`, 'aria-live': 'polite' },
    'Point at, tap or tab to a symbol to read what it means.');
  const say = (term, text) => {
    def.replaceChildren(h('strong', {}, term), ': ', text);
  };
  const buttons = terms.map(({ term, meaning: text }) => h('button', {
    type: 'button', class: 'blr-term', 'aria-describedby': def.id, title: text,
    onmouseenter: () => say(term, text), onfocus: () => say(term, text), onclick: () => say(term, text),
  }, term));
  el.replaceChildren(h('h2', {}, 'Words and symbols'), h('div', { class: 'blr-gloss-terms' }, ...buttons), def);
}
