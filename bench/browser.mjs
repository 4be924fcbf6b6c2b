// The in-browser benchmark: one timed run of a simulation in headless Chromium's wasm engine
// (the page's `?bench=<ms>` report, src/widget/bench.rs), printed as the native `neurolive bench`
// prints it. Needs the built site (dist/, or NEUROLIVE_DIST).
//
//   node bench/browser.mjs                       # brunel, AI, 1000 ms, best of 3
//   node bench/browser.mjs brunel SR 500 1        # sim, preset, simulated ms, repeats

import { start, openPage } from '../tests/e2e/harness.mjs';

const [sim = 'brunel', preset = 'AI', ms = '1000', repeat = '3'] = process.argv.slice(2);
const env = await start();
try {
  const runs = [];
  for (let i = 0; i < Number(repeat); i++) {
    const { page, context } = await openPage(env, `${env.base}#/embed/${sim}?preset=${preset}&play=0&bench=${ms}`);
    const out = page.locator('.bench-result');
    await out.waitFor({ timeout: 600000 });
    const r = await out.evaluate((o) => ({
      per: parseFloat(o.dataset.sPerSimS), wall: parseFloat(o.dataset.wallS), build: parseFloat(o.dataset.buildS), memory: parseFloat(o.dataset.memoryMb),
      measures: Object.fromEntries(JSON.parse(o.dataset.measures)),
    }));
    runs.push(r);
    await context.close();
  }
  const best = runs.reduce((a, b) => (b.per < a.per ? b : a));
  const version = env.browser.version();
  const m = Object.entries(best.measures).map(([k, v]) => `${k}=${v}`).join(' ');
  console.log(`chromium ${version} wasm, ${sim} ${preset}, ${ms} ms: best ${best.per.toFixed(3)} s per simulated second `
    + `(of ${runs.map((r) => r.per.toFixed(3)).join(', ')}; build ${best.build.toFixed(2)} s; wasm memory ${best.memory.toFixed(0)} MB) ${m}`);
} finally {
  await env.stop();
}
