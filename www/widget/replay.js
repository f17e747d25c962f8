// The export module (src/web_export.rs; www/README.md, "Two modules"): what only the downloads
// need, kept out of the first-paint module and fetched the first time the user saves something
// (or points at the Save row). Its `Replay` is a fresh run of the page's scene from t = 0 (the
// JSON/CSV trajectories and the video's frames), with the user's rows when the scene uses them;
// `GifEncoder` and `WebmMuxer` write the animations. No maths here.
import { loadCore } from './failure.js';
import { parseJson } from './dom.js';

let exportPromise = null;

/** Loads the export module once; resolves to { Replay, GifEncoder, WebmMuxer, memory }. */
export function loadExport() {
  exportPromise ??= import('../pkg/blr_playground_export.js')
    .then((m) => loadCore(m.default).then((exports) => ({
      Replay: m.Replay, GifEncoder: m.GifEncoder, WebmMuxer: m.WebmMuxer, memory: exports.memory,
    })))
    .catch((err) => {
      exportPromise = null; // the next download tries again
      throw err;
    });
  return exportPromise;
}

/**
 * A `Replay` of `pg`'s scene (its `query()`), given the user's rows `file` ({ name, bytes }, as
 * last handed to `pg.load_data`) when the scene uses its own. Resolves to { replay, memory, ex };
 * the caller frees `replay`.
 */
export async function replayOf(pg, file) {
  const ex = await loadExport();
  const replay = new ex.Replay(pg.query());
  const own = parseJson(pg.data_notice(), null);
  const err = !own ? ''
    : file?.name === own.file ? replay.load_data(file.name, file.bytes)
      : `the rows of ${own.file} are not available to the export`;
  if (err) {
    replay.free();
    throw new Error(err);
  }
  return { replay, memory: ex.memory, ex };
}
