// Runs the plain JavaScript workloads (impl.js) in a worker of their own: a clean JS engine
// that never ran WebAssembly, timed with the same harness as the wasm builds.
// Messages in → out:
//   { op: 'prepare', name, data }  → { ok, iters }   (builds the workload, calibrates, warms up)
//   { op: 'rep' }                  → { ok, ms, checksum }
//   { op: 'check', name, data }    → { ok, checksum } (one run, no timing)
//   { op: 'detail' }               → { ok, detail }
// Errors: { ok: false, error }.
import { makeWorkload } from './impl.js';
import { prepare, rep } from './harness.js';

let w = null;
let iters = 1;

self.onmessage = ({ data: m }) => {
  try {
    if (m.op === 'prepare') {
      w = makeWorkload(m.name, m.data);
      iters = prepare((n) => w.run(n));
      self.postMessage({ ok: true, iters });
    } else if (m.op === 'rep') {
      self.postMessage({ ok: true, ...rep((n) => w.run(n), iters) });
    } else if (m.op === 'check') {
      self.postMessage({ ok: true, checksum: makeWorkload(m.name, m.data).run(1) });
    } else if (m.op === 'detail') {
      self.postMessage({ ok: true, detail: w?.detail ? w.detail() : null });
    } else {
      throw new Error(`unknown op ${m.op}`);
    }
  } catch (err) {
    self.postMessage({ ok: false, error: String(err?.stack ?? err) });
  }
};
