// The widget's settings: the one table of controls, and building, reading, syncing and showing
// or hiding them. The scene lives in wasm: a control only reads `get(key)` and reports its new
// text value; the widget passes that to `Playground.set` and hands the answer back (`applied`).
import { h } from './dom.js';

// ---------------------------------------------------------------------------------------------
// No key table here: the controls are built from the scene's key table in Rust, exported by
// Playground.options().keys (label, group, control hint with range and scale, choices). Which
// controls apply to the current scene comes from Playground.relevant().
// Control kinds used below: select, log (log-scale range showing the value), logint (log-scale
// integer range), int (linear integer range), lin (linear real range), text, number, check.

/** A key row of options().keys as a control definition; null for keys without a control. */
function controlOf(key) {
  const c = key.control ?? { widget: 'none' };
  const base = { key: key.name, group: key.group, label: key.label, help: key.help };
  switch (c.widget) {
    case 'select': return { ...base, kind: 'select', options: key.choices };
    case 'check': return { ...base, kind: 'check' };
    case 'text': return { ...base, kind: 'text', placeholder: key.default };
    case 'number': return { ...base, kind: 'number' };
    case 'slider':
      if (c.scale === 'log') return { ...base, kind: c.integer ? 'logint' : 'log', min: c.lo, max: c.hi };
      return { ...base, kind: c.integer ? 'int' : 'lin', min: c.lo, max: c.hi };
    default: return null;
  }
}

// Log sliders move the exponent in steps of 1/STEPS_PER_DECADE; values are rounded to 2
// significant digits so the URL stays readable (the wasm side validates and stores them).
const STEPS_PER_DECADE = 100;
const roundSig = (x) => Number(x.toPrecision(2));

/** Sliders keep their position while dragged; the other kinds may reveal or hide controls. */
const isSlider = (kind) => kind === 'log' || kind === 'logint' || kind === 'int' || kind === 'lin';
// Linear real sliders (e.g. keep) move in steps of at most 1/LIN_STEPS of their range.
const LIN_STEPS = 100;

/**
 * Builds the controls into `container` and returns them as a ControlSet.
 *   options   Playground.options(), parsed (its `keys` are the key table)
 *   only      null for every control, grouped in fieldsets; or a list of keys, ungrouped (embeds)
 *   idPrefix  unique per widget (element ids)
 *   get       key => the scene's text value (Playground.get)
 *   relevant  () => the keys that apply to the current scene (Playground.relevant)
 *   hidden    () => 'all' or the Set of keys a lesson link hides (the `hide` key)
 *   onChange  ctl => called when the user changed a control
 */
export function buildControls(container, options, { only = null, idPrefix, get, relevant, hidden, onChange }) {
  const all = (options.keys ?? []).map(controlOf).filter(Boolean);
  const defs = only ? all.filter((c) => only.includes(c.key)) : all;
  const set = new ControlSet(get, relevant, hidden ?? (() => new Set()), container);
  const groups = new Map();
  for (const def of defs) {
    const ctl = buildControl(def, options, `${idPrefix}-${def.key}`);
    set.byKey.set(def.key, ctl);
    listen(ctl, () => onChange(ctl));
    if (only) {
      container.append(ctl.row);
    } else {
      if (!groups.has(def.group)) {
        const fs = h('fieldset', { class: 'blr-group' }, h('legend', {}, def.group));
        set.groups.push(fs);
        groups.set(def.group, fs);
        container.append(fs);
      }
      groups.get(def.group).append(ctl.row);
    }
  }
  return set;
}

/** One control: its input, value output, select hint and error line, in a row. */
function buildControl(def, options, id) {
  let input;
  let out = null;
  let hint = null;
  const common = { id, name: def.key, 'data-key': def.key };
  switch (def.kind) {
    case 'select': {
      const opts = def.options;
      input = h('select', common, opts.map((o) => h('option', { value: o.name, title: o.description ?? false }, o.label)));
      input.descriptions = new Map(opts.map((o) => [o.name, o.description ?? '']));
      if (opts.some((o) => o.description)) hint = h('small', { class: 'blr-ctl-hint', id: `${id}-hint` });
      break;
    }
    case 'log':
    case 'logint': {
      const lo = Math.log10(def.min);
      const hi = Math.log10(def.max);
      input = h('input', { ...common, type: 'range', min: lo, max: hi, step: 1 / STEPS_PER_DECADE });
      out = h('output', { for: id, class: 'blr-val' });
      break;
    }
    case 'int':
      input = h('input', { ...common, type: 'range', min: def.min, max: def.max, step: 1 });
      out = h('output', { for: id, class: 'blr-val' });
      break;
    case 'lin':
      // A power of ten, so round values (0.5, 0.8) lie on the slider's grid.
      input = h('input', { ...common, type: 'range', min: def.min, max: def.max,
        step: 10 ** Math.floor(Math.log10((def.max - def.min) / LIN_STEPS)) });
      out = h('output', { for: id, class: 'blr-val' });
      break;
    case 'number':
      input = h('input', { ...common, type: 'number', min: def.min, max: def.max, step: 1, inputmode: 'numeric' });
      break;
    case 'text':
      input = h('input', { ...common, type: 'text', spellcheck: 'false', autocomplete: 'off',
        autocapitalize: 'off', placeholder: def.placeholder });
      break;
    case 'check':
      input = h('input', { ...common, type: 'checkbox' });
      break;
    default:
      throw new Error(`unknown control kind ${def.kind}`);
  }
  const err = h('small', { class: 'blr-ctl-err', id: `${id}-err`, role: 'alert', hidden: true });
  const described = [hint?.id, err.id].filter(Boolean).join(' ');
  input.setAttribute('aria-describedby', described);
  const label = h('label', { for: id, title: def.help }, def.label);
  const row = def.kind === 'check'
    ? h('div', { class: 'blr-ctl blr-ctl-check', 'data-ctl': def.key }, input, label, err)
    : h('div', { class: `blr-ctl blr-ctl-${def.kind}`, 'data-ctl': def.key },
      h('div', { class: 'blr-ctl-head' }, label, out), input, hint, err);
  return { def, input, out, err, hint, row };
}

/** Calls `onChange` when the user changes the control (text: after a 250 ms pause in typing). */
function listen(ctl, onChange) {
  const { def, input } = ctl;
  if (def.kind === 'text') {
    let timer = 0;
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(onChange, 250);
    });
    input.addEventListener('change', () => { clearTimeout(timer); onChange(); });
  } else if (def.kind === 'select' || def.kind === 'check' || def.kind === 'number') {
    input.addEventListener('change', onChange);
  } else {
    input.addEventListener('input', onChange);
  }
}

/** The built controls, by scene key; reads the scene through `get`. */
class ControlSet {
  constructor(get, relevant, hidden, container) {
    this.get = get;
    this.relevant = relevant;
    this.hidden = hidden;
    this.container = container;
    this.byKey = new Map();
    this.groups = [];
  }

  /** The text value a control's input stands for. */
  value(ctl) {
    const { def, input } = ctl;
    switch (def.kind) {
      case 'log': return String(roundSig(10 ** Number(input.value)));
      case 'logint': return String(Math.round(10 ** Number(input.value)));
      case 'lin': return String(roundSig(Number(input.value)));
      case 'check': return input.checked ? 'true' : 'false';
      default: return input.value;
    }
  }

  /** After Playground.set(key, value(ctl)) answered `err` ("" when accepted). */
  applied(ctl, err) {
    this.#showError(ctl, err);
    if (!err && !isSlider(ctl.def.kind)) {
      this.sync(); // selects may reveal or hide other controls
    } else {
      this.#syncOne(ctl, /* keepPosition */ true);
      this.#syncVisibility();
    }
  }

  /** Puts the scene's values (from wasm) into every control and shows the ones that apply. */
  sync() {
    for (const ctl of this.byKey.values()) this.#syncOne(ctl, false);
    this.#syncVisibility();
  }

  #showError(ctl, err) {
    ctl.err.textContent = err || '';
    ctl.err.hidden = !err;
    ctl.input.setAttribute('aria-invalid', err ? 'true' : 'false');
  }

  #syncOne(ctl, keepPosition) {
    const { def, input, out } = ctl;
    const v = this.get(def.key);
    switch (def.kind) {
      case 'log':
      case 'logint':
        if (!keepPosition) input.value = String(Math.log10(Number(v)));
        input.setAttribute('aria-valuetext', v);
        break;
      case 'check':
        input.checked = v === 'true';
        break;
      case 'text':
        if (!keepPosition && document.activeElement !== input) input.value = v;
        break;
      default:
        if (!keepPosition || def.kind === 'select') input.value = v;
        if (def.kind === 'int' || def.kind === 'lin') input.setAttribute('aria-valuetext', v);
    }
    if (out) out.textContent = v;
    if (ctl.hint) ctl.hint.textContent = input.descriptions?.get(v) ?? '';
    if (!keepPosition && def.kind !== 'text') this.#showError(ctl, '');
  }

  #syncVisibility() {
    const applies = new Set(this.relevant());
    const hidden = this.hidden();
    this.container.hidden = hidden === 'all';
    for (const ctl of this.byKey.values()) {
      ctl.row.hidden = !applies.has(ctl.def.key) || hidden === 'all' || hidden.has(ctl.def.key);
    }
    // A group whose every control is hidden goes too.
    for (const fs of this.groups) fs.hidden = [...fs.querySelectorAll('.blr-ctl')].every((r) => r.hidden);
  }
}
