// Why the WebAssembly core did not load, said as what the embedding page must change. The two
// failures an embedder meets are told apart from the error and the Content-Security-Policy
// violations reported while loading:
//   - a CSP without 'wasm-unsafe-eval': WebAssembly.instantiate throws a CompileError that
//     names the policy;
//   - the module on another origin: fetching its .wasm fails (CORS, or the page's connect-src).
// Anything else keeps the general message.

const WASM_URL = new URL('../pkg/blr_playground_bg.wasm', import.meta.url);

/**
 * Runs `init()` (the wasm-bindgen loader) and resolves to its result; on failure rejects with
 * an Error whose message says what to add or change (`describe` it in the widget).
 */
export async function loadCore(init) {
  const seen = [];
  const onViolation = (e) => seen.push({ directive: e.effectiveDirective || e.violatedDirective, uri: e.blockedURI });
  document.addEventListener('securitypolicyviolation', onViolation);
  try {
    return await init();
  } catch (err) {
    // Violation reports are queued as tasks: let the ones caused by this load arrive.
    await new Promise((r) => setTimeout(r, 50));
    const e = new Error(explain(err, seen), { cause: err });
    e.explained = true;
    throw e;
  } finally {
    document.removeEventListener('securitypolicyviolation', onViolation);
  }
}

/** The sentence the widget shows for a failure (load or later). */
export function describe(err) {
  if (err?.explained) return err.message;
  return `The WebAssembly core could not load (${err?.message ?? err}). This page needs WebAssembly: check the connection or try another browser, then retry.`;
}

function explain(err, seen) {
  const msg = String(err?.message ?? err);
  const here = location.origin;
  const there = WASM_URL.origin;
  const byPolicy = (d) => seen.some((v) => v.directive?.startsWith(d));
  if ((err instanceof WebAssembly.CompileError && /Content Security Policy|unsafe-eval/i.test(msg))
      || (byPolicy('script-src') && seen.some((v) => v.uri === 'wasm-eval' || v.uri === 'eval'))) {
    return "This page's Content-Security-Policy does not allow WebAssembly. Add 'wasm-unsafe-eval' "
      + "to its script-src, for example: script-src 'self' 'wasm-unsafe-eval'.";
  }
  if (byPolicy('connect-src')) {
    return `This page's Content-Security-Policy does not allow fetching the widget's WebAssembly file from ${there}. `
      + `Add ${there === here ? "'self'" : there} to its connect-src (or serve the widget from this site).`;
  }
  if (there !== here && err instanceof TypeError) {
    return `The widget is loaded from ${there}, another origin than this page (${here}), and its WebAssembly file could not be fetched. `
      + `Serve the widget's files from this site (same origin), or let ${there} send Access-Control-Allow-Origin: ${here}.`;
  }
  return describe(err);
}
