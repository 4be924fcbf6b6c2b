// Brunel's network at its published size (12 500 neurons, 1.25 million synapses) live in the
// page: it runs in the background worker, the page keeps drawing frames, the speed it shows is
// the speed it runs at, and its numbers are the network's.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, openPage, ready, canvasInfo, pause, ROOT, startFrameGaps, stopFrameGaps, frameGaps, assertResponsive } from './harness.mjs';

const CLI = process.env.NEUROLIVE_CLI || join(ROOT, 'target', 'release', 'neurolive');

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

test('brunel at full size runs in the worker while the page keeps drawing, with the CLI\'s numbers', async () => {
  const { page, context, errors } = await openPage(env, `${env.subBase}#/embed/brunel?preset=AI&seed=1`);
  await ready(page, '.sim[data-sim="brunel"] canvas');
  assert.equal(await page.locator('[data-param="N_E"] .param-field').inputValue(), '10000', 'the published size');
  // The worker's script is loaded from the site's own sub-path.
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => /sim-worker_loader\.js/.test(r.name)), null, { timeout: 20000 });
  await page.waitForFunction(() => document.querySelector('button.play').getAttribute('aria-pressed') === 'true', null, { timeout: 20000 });
  // Building 1.25 million connections takes the worker a few seconds; then it streams.
  const simTime = () => page.evaluate(() => parseFloat(document.querySelector('.sim-status').textContent.match(/t = ([\d.]+) ms/)[1]));
  await page.waitForFunction(() => parseFloat(document.querySelector('.sim-status').textContent.match(/t = ([\d.]+) ms/)[1]) > 20, null, { timeout: 90000 });
  // The rate shown is the network's: paused past 600 ms (within its 1 s recording window, so the
  // page holds the whole run), it equals the native CLI's for the same time and seed to the
  // digits shown, and both lie in the asynchronous irregular state's band (37.3 Hz, Brian2 2.9 and
  // NEST 3.10 at this size; a run shorter than 1 s spreads ±1.5 Hz more over seeds).
  const w = page.locator('.sim[data-sim="brunel"]');
  await page.waitForFunction(() => parseFloat(document.querySelector('.sim-status').textContent.match(/t = ([\d.]+) ms/)[1]) > 600, null, { timeout: 60000 });
  await pause(w);
  const tPaused = Number(await page.locator('.sim-status').getAttribute('data-t-ms'));
  assert.ok(tPaused <= 1000, `paused within the window (t = ${tPaused} ms)`);
  const shown = await page.locator('.sim-measures [data-measure="rate_hz"] .value').textContent();
  const out = mkdtempSync(join(tmpdir(), 'neurolive-cli-'));
  execFileSync(CLI, ['run', 'brunel', '--preset', 'AI', '--seed', '1', '--duration-ms', String(tPaused), '--out', out], { stdio: 'pipe' });
  const native = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).measures.rate_hz;
  const decimals = (shown.split('.')[1] || '').length;
  assert.ok(Math.abs(parseFloat(shown) - native) <= 0.51 * 10 ** -decimals, `rate at t = ${tPaused} ms: page ${shown} Hz, CLI ${native} Hz`);
  assert.ok(Math.abs(native - 37.3) < 2.5, `rate ${native} Hz in the AI band 37.3 ± 2.5 Hz`);
  // Playing on: the page stays responsive over 6 s (the budget is stated in harness.mjs), the
  // network advances and the raster moves.
  const t0 = await simTime();
  const raster0 = await canvasInfo(page, '.sim figure canvas');
  await w.locator('button.play').click();
  assertResponsive(await frameGaps(page, 6000), 'brunel full size, playing in the worker');
  const status = await page.locator('.sim-status').textContent();
  const t = await simTime();
  assert.ok(t > t0 + 50, `the network advanced from ${t0} ms: ${status}`);
  assert.match(status, /real time/);
  const raster1 = await canvasInfo(page, '.sim figure canvas');
  assert.notEqual(raster1.hash, raster0.hash, 'the raster moves');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a lesson widget shows the plots its paragraph is about, and the others on request', async () => {
  // Lecture 4's last widget: a small network (N_E = 2000), with `plots: raster, rate, spectrum, cv`.
  const { page, context, errors } = await openPage(env, `${env.subBase}#/lecture/4/sim-brunel-9`);
  const w = page.locator('#sim-brunel-9');
  await ready(page, '#sim-brunel-9 canvas');
  const shown = () => w.locator('figure.plot:not([hidden])').evaluateAll((fs) => fs.map((f) => f.dataset.plot));
  assert.deepEqual(await shown(), ['raster', 'rate', 'spectrum', 'cv']);
  const more = w.locator('button.more-plots');
  assert.equal((await more.textContent()).trim(), 'All plots (4 more)');
  await more.click();
  assert.deepEqual(await shown(), ['raster', 'rate', 'inputs', 'voltage', 'spectrum', 'cv', 'rate_g', 'step']);
  // The sweep, hidden until now, starts in the network's worker and fills in.
  await page.waitForFunction(() => parseInt(document.querySelector('#sim-brunel-9 figure[data-plot="rate_g"]').dataset.sweep, 10) >= 1, null, { timeout: 90000 });
  const info = await canvasInfo(page, '#sim-brunel-9 figure[data-plot="inputs"] canvas');
  assert.ok(info.colours > 8, 'a plot shown on request is drawn');
  await more.click();
  assert.equal((await shown()).length, 4, 'and hidden again');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the sweep widget waits paused while its sweep of full networks computes in the worker, with the CLI\'s numbers', async () => {
  const { page, context, errors } = await openPage(env, `${env.subBase}#/lecture/4/sim-brunel-6`);
  const w = page.locator('#sim-brunel-6');
  await ready(page, '#sim-brunel-6 canvas');
  const sweep = '#sim-brunel-6 figure[data-plot="rate_g"]';
  // Two points: two networks of 12 500 neurons built and run for 300 ms each.
  await page.waitForFunction((sel) => parseInt(document.querySelector(sel).dataset.sweep, 10) >= 2, sweep, { timeout: 120000 });
  assert.equal(await w.locator('button.play').getAttribute('aria-pressed'), 'false', '`play: no`: the widget does not play by itself');
  assert.match(await page.locator(sweep).getAttribute('data-sweep'), /^\d+\/11$/);
  // The text summary lists the points: "g = 3 → 335.0 Hz; g = 3.5 → 227.1 Hz; …".
  const text = await page.locator(`${sweep} .plot-summary`).textContent();
  const points = [...text.matchAll(/g = ([\d.]+) → ([\d.]+) Hz/g)].map((m) => [parseFloat(m[1]), m[2]]);
  assert.ok(points.length >= 2, text);
  // Same core, same seed: the native CLI's sweep gives the same rates (to the digits shown).
  const csv = execFileSync(CLI, ['sweep', 'brunel', '--preset', 'AI', '--param', 'g', '--from', '3', '--to', '3.5', '--steps', '2',
    '--measure', 'rate_hz', '--settle-ms', '100', '--duration-ms', '200', '--seed', '1'], { encoding: 'utf8' });
  const native = csv.trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  for (let k = 0; k < 2; k++) {
    const [g, shownRate] = points[k];
    const decimals = (shownRate.split('.')[1] || '').length;
    assert.equal(g, native[k][0]);
    assert.ok(Math.abs(parseFloat(shownRate) - native[k][1]) <= 0.51 * 10 ** -decimals, `g = ${g}: page ${shownRate} Hz, CLI ${native[k][1]} Hz`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('exporting the full network runs in the worker: the page keeps drawing, and the files are the CLI\'s', async () => {
  // Lecture 4's sweep widget: the full network, paused, its sweep computing in the same worker
  // (an export goes first).
  const { page, context, errors } = await openPage(env, `${env.subBase}#/lecture/4/sim-brunel-6`);
  const w = page.locator('#sim-brunel-6');
  await ready(page, '#sim-brunel-6 canvas');
  await w.locator('.sim-export summary').click();
  const cmd = (await w.locator('code.cli').textContent()).trim();
  assert.match(cmd, /^neurolive run brunel --preset AI --seed 1 --duration-ms 1000$/);
  const files = {};
  for (const name of ['summary.json', 'spikes.csv']) {
    // A fresh 1 s run of 12 500 neurons: seconds of work, none of it on the page's thread. The
    // longest gap between animation frames from before the click until the file arrives:
    await startFrameGaps(page);
    const download = page.waitForEvent('download', { timeout: 120000 });
    await w.locator('button.export-file', { hasText: name }).click();
    // The page says what it is doing meanwhile.
    await page.waitForFunction((n) => document.querySelector('#sim-brunel-6 .export-progress').textContent.startsWith(`Computing ${n}`), name, { timeout: 5000 });
    const d = await download;
    assertResponsive(await stopFrameGaps(page), `exporting ${name} of the full network`);
    assert.equal(d.suggestedFilename(), `brunel-${name}`);
    files[name] = readFileSync(await d.path(), 'utf8');
  }
  const out = mkdtempSync(join(tmpdir(), 'neurolive-cli-'));
  execFileSync(CLI, [...cmd.split(/\s+/).slice(1), '--out', out], { stdio: 'pipe' });
  for (const name of Object.keys(files)) {
    assert.equal(files[name], readFileSync(join(out, name), 'utf8'), `${name}: the worker's wasm and the native CLI agree to the byte`);
  }
  assert.match(files['summary.json'], /"rate_hz": 3\d\.\d+/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a background worker that cannot load its code stops the run and says why', async () => {
  // Its script refused, then its wasm refused (a half-uploaded site, a proxy that blocks .wasm).
  for (const refused of ['**/sim-worker_loader.js', '**/sim-worker_bg.wasm']) {
    const context = await env.browser.newContext();
    await context.route(refused, (r) => r.abort());
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${env.subBase}#/embed/brunel?preset=AI&N_E=2000`);
    const failure = page.locator('.sim-failure');
    await failure.waitFor({ timeout: 30000 });
    assert.match(await failure.textContent(), /background worker (failed|could not load)/, refused);
    assert.equal(await page.locator('button.play').getAttribute('aria-pressed'), 'false', 'the run is stopped');
    // The refused request itself is logged by the browser; nothing else goes wrong.
    assert.deepEqual(errors.filter((e) => !/Failed to load resource|net::ERR_FAILED/.test(e)), [], refused);
    await context.close();
  }
});

test('a fast model in the worker plays at the speed asked, a frame at a time', async () => {
  // The ring attractor computes far ahead of the page's clock in one batch; the page takes that
  // batch a frame at a time rather than waiting for its end.
  const { page, context, errors } = await openPage(env, `${env.subBase}#/embed/ring?preset=persistent_bump`);
  await ready(page, '.sim[data-sim="ring"] canvas');
  const simTime = async () => Number(await page.locator('.sim-status').getAttribute('data-t-ms'));
  await page.waitForFunction(() => document.querySelector('button.play').getAttribute('aria-pressed') === 'true', null, { timeout: 20000 });
  await page.waitForFunction(() => Number(document.querySelector('.sim-status').dataset.tMs) > 0, null, { timeout: 20000 });
  const [t0, w0] = [await simTime(), Date.now()];
  // The plots move at every look (a worker's widget redraws up to 25 times a second).
  const amplitude = '.sim figure[data-plot="amplitude"] canvas';
  let last = (await canvasInfo(page, amplitude)).hash;
  let moved = 0;
  for (let k = 0; k < 20; k++) {
    await page.waitForTimeout(100);
    const now = (await canvasInfo(page, amplitude)).hash;
    moved += now !== last;
    last = now;
  }
  const speed = ((await simTime()) - t0) / (Date.now() - w0);
  assert.ok(speed > 0.5, `ring at 1× runs at ${speed.toFixed(2)}× real time in the worker`);
  assert.ok(moved >= 15, `the plot moved at ${moved} of 20 looks, 100 ms apart`);
  const heat = await canvasInfo(page, '.sim figure[data-plot="activity"] canvas');
  assert.ok(heat.colours > 8, 'the heat map comes from the worker and is drawn');
  assert.deepEqual(errors, []);
  await context.close();
});
