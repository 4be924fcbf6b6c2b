// Brunel's network at its published size (12 500 neurons, 1.25 million synapses) live in the
// page: it runs in the background worker, the page keeps drawing frames, the speed it shows is
// the speed it runs at, and its numbers are the network's.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openPage, ready, canvasInfo } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

test('brunel at full size runs in the worker while the page draws a frame at least every 100 ms', async () => {
  const { page, context, errors } = await openPage(env, `${env.subBase}#/embed/brunel?preset=AI`);
  await ready(page, '.sim[data-sim="brunel"] canvas');
  assert.equal(await page.locator('[data-param="N_E"] .param-field').inputValue(), '10000', 'the published size');
  // The worker's script is loaded from the site's own sub-path.
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => /sim-worker_loader\.js/.test(r.name)), null, { timeout: 20000 });
  await page.waitForFunction(() => document.querySelector('button.play').getAttribute('aria-pressed') === 'true', null, { timeout: 20000 });
  // Building 1.25 million connections takes the worker a few seconds; then it streams.
  const simTime = () => page.evaluate(() => parseFloat(document.querySelector('.sim-status').textContent.match(/t = ([\d.]+) ms/)[1]));
  await page.waitForFunction(() => parseFloat(document.querySelector('.sim-status').textContent.match(/t = ([\d.]+) ms/)[1]) > 20, null, { timeout: 90000 });
  const t0 = await simTime();
  const raster0 = await canvasInfo(page, '.sim figure canvas');
  // Longest gap between animation frames over 6 s of running.
  const gaps = await page.evaluate(() => new Promise((done) => {
    let last = performance.now();
    let worst = 0;
    const t0 = last;
    const tick = (now) => {
      worst = Math.max(worst, now - last);
      last = now;
      if (now - t0 < 6000) requestAnimationFrame(tick); else done(worst);
    };
    requestAnimationFrame(tick);
  }));
  assert.ok(gaps < 100, `longest frame gap ${gaps.toFixed(1)} ms`);
  const status = await page.locator('.sim-status').textContent();
  const t = await simTime();
  assert.ok(t > t0 + 50, `the network advanced from ${t0} ms: ${status}`);
  assert.match(status, /real time/);
  const raster1 = await canvasInfo(page, '.sim figure canvas');
  assert.notEqual(raster1.hash, raster0.hash, 'the raster moves');
  // The rate shown is the network's asynchronous irregular rate (mean field 37.95 Hz; about
  // 37.5 Hz simulated, Brunel 2000 Fig. 8C): within 25 % after the first few hundred ms.
  const rate = await page.locator('.sim-measures [data-measure="rate_hz"] .value').textContent().catch(() => null)
    ?? null;
  if (rate !== null && t > 500) {
    const r = parseFloat(rate);
    assert.ok(r > 28 && r < 47, `rate ${rate}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});
