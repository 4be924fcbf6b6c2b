// Brunel's network at its published size (12 500 neurons, 1.25 million synapses) live in the
// page: it runs in the background worker, the page keeps drawing frames, the speed it shows is
// the speed it runs at, and its numbers are the network's.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, openPage, ready, canvasInfo, ROOT, startFrameGaps, stopFrameGaps, worstFrameGap } from './harness.mjs';

const CLI = process.env.NEUROLIVE_CLI || join(ROOT, 'target', 'release', 'neurolive');

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
  const gaps = await worstFrameGap(page, 6000);
  assert.ok(gaps < 100, `longest frame gap ${gaps.toFixed(1)} ms`);
  const status = await page.locator('.sim-status').textContent();
  const t = await simTime();
  assert.ok(t > t0 + 50, `the network advanced from ${t0} ms: ${status}`);
  assert.match(status, /real time/);
  const raster1 = await canvasInfo(page, '.sim figure canvas');
  assert.notEqual(raster1.hash, raster0.hash, 'the raster moves');
  // The rate shown is the network's asynchronous irregular rate (mean field 37.95 Hz; about
  // 37.5 Hz simulated, Brunel 2000 Fig. 8C): within 25 % after the first few hundred ms.
  await page.waitForFunction(() => parseFloat(document.querySelector('.sim-status').textContent.match(/t = ([\d.]+) ms/)[1]) > 600, null, { timeout: 60000 });
  const rate = parseFloat(await page.locator('.sim-measures [data-measure="rate_hz"] .value').textContent());
  assert.ok(rate > 28 && rate < 47, `rate ${rate}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a lesson widget shows the plots its paragraph is about, and the others on request', async () => {
  // Lecture 4's last widget: a small network (N_E = 2000), with `plots: raster, rate, spectrum, cv`.
  const { page, context, errors } = await openPage(env, `${env.subBase}#/lecture/4/sim-brunel-7`);
  const w = page.locator('#sim-brunel-7');
  await ready(page, '#sim-brunel-7 canvas');
  const shown = () => w.locator('figure.plot:not([hidden])').evaluateAll((fs) => fs.map((f) => f.dataset.plot));
  assert.deepEqual(await shown(), ['raster', 'rate', 'spectrum', 'cv']);
  const more = w.locator('button.more-plots');
  assert.equal((await more.textContent()).trim(), 'All plots (3 more)');
  await more.click();
  assert.deepEqual(await shown(), ['raster', 'rate', 'inputs', 'voltage', 'spectrum', 'cv', 'rate_g']);
  // The sweep, hidden until now, starts in the network's worker and fills in.
  await page.waitForFunction(() => parseInt(document.querySelector('#sim-brunel-7 figure[data-plot="rate_g"]').dataset.sweep, 10) >= 1, null, { timeout: 90000 });
  const info = await canvasInfo(page, '#sim-brunel-7 figure[data-plot="inputs"] canvas');
  assert.ok(info.colours > 8, 'a plot shown on request is drawn');
  await more.click();
  assert.equal((await shown()).length, 4, 'and hidden again');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the sweep widget waits paused while its sweep of full networks computes in the worker, with the CLI\'s numbers', async () => {
  const { page, context, errors } = await openPage(env, `${env.subBase}#/lecture/4/sim-brunel-5`);
  const w = page.locator('#sim-brunel-5');
  await ready(page, '#sim-brunel-5 canvas');
  const sweep = '#sim-brunel-5 figure[data-plot="rate_g"]';
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
  const { page, context, errors } = await openPage(env, `${env.subBase}#/lecture/4/sim-brunel-5`);
  const w = page.locator('#sim-brunel-5');
  await ready(page, '#sim-brunel-5 canvas');
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
    await page.waitForFunction((n) => document.querySelector('#sim-brunel-5 .export-progress').textContent.startsWith(`Computing ${n}`), name, { timeout: 5000 });
    const d = await download;
    const gap = await stopFrameGaps(page);
    assert.ok(gap < 100, `longest frame gap while exporting ${name}: ${gap.toFixed(1)} ms`);
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
