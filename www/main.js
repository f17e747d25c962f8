// Placeholder front end: loads the wasm module and reports it. Replaced by the real page.
import init from './pkg/blr_playground.js';

const status = document.getElementById('status');
try {
  await init();
  status.textContent = 'wasm loaded';
} catch (err) {
  status.textContent = `wasm failed to load: ${err}`;
  throw err;
}
