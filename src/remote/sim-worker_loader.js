// The background worker's entry point (instead of Trunk's loader shim): loads the worker's
// wasm-bindgen glue and module. A failure here (a file missing, refused or corrupt) would
// otherwise die silently inside the worker, since a rejected promise never reaches the page's
// `onerror`: it is posted to the page as a string, which the page shows as the run's failure.
try {
  importScripts('./sim-worker.js');
  wasm_bindgen('./sim-worker_bg.wasm').catch((e) => postMessage(`the background worker could not load its code (${e})`));
} catch (e) {
  postMessage(`the background worker could not load its code (${e})`);
}
