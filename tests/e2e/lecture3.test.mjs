// Lecture 3 as a student uses it: every widget live, sliders, presets, typed values refused
// with a message, share links that round-trip, exports identical to the CLI's files.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { start, openPage, ready, pause, ROOT, eventually, stillHashes, waitForChange, frameGaps, assertResponsive } from './harness.mjs';

const CLI = process.env.NEUROLIVE_CLI || join(ROOT, 'target', 'release', 'neurolive');

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

test('typing a parameter changes the plots; the phase plane follows the current', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3/sim-fhn`);
  await ready(page, '#sim-fhn canvas');
  const w = page.locator('#sim-fhn');
  await pause(w);
  const phase = '#sim-fhn figure.plot-phase canvas';
  const before = await stillHashes(page, phase);
  const field = w.locator('[data-param="I_ext"] .param-field');
  await field.fill('0.8');
  await field.press('Enter');
  await waitForChange(page, phase, before, 'nullclines and trajectory moved');
  assert.equal(await w.locator('[data-param="I_ext"] .field-error').textContent(), '');
  assert.deepEqual(errors, []);
  await context.close();
});

test('presets apply their values and show their description', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3/sim-hh`);
  await ready(page, '#sim-hh');
  const w = page.locator('#sim-hh');
  const value = (name) => w.locator(`[data-param="${name}"] .param-field`).inputValue();
  await w.locator('.presets select').selectOption('ttx');
  await eventually(async () => (await value('g_Na')) === '0', 'ttx sets g_Na = 0');
  assert.match(await w.locator('.sim-caption').textContent(), /TTX|sodium|Na/i);
  await w.locator('.presets select').selectOption('repetitive');
  await eventually(async () => (await value('g_Na')) === '120', 'repetitive sets g_Na back to 120');
  assert.equal(await w.locator('[data-param="I_ext"] .param-field').inputValue(), '10');
  assert.deepEqual(errors, []);
  await context.close();
});

test('out-of-range and malformed values are refused with the parameter and its range', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3/sim-hh`);
  await ready(page, '#sim-hh');
  const w = page.locator('#sim-hh');
  const field = w.locator('[data-param="I_ext"] .param-field');
  const before = await field.inputValue();
  await field.fill('500');
  await field.press('Enter');
  const msg = w.locator('[data-param="I_ext"] .field-error');
  await eventually(async () => /I_ext = 500 is out of range: allowed -?\d+ to \d+ µA\/cm²/.test(await msg.textContent()), 'range message');
  assert.equal(await field.inputValue(), before, 'the refused value is not applied');
  await field.fill('abc');
  await field.press('Enter');
  await eventually(async () => /I_ext: 'abc' is not a number/.test(await msg.textContent()), 'malformed message');
  await field.fill('12');
  await field.press('Enter');
  await eventually(async () => (await msg.textContent()) === '', 'error cleared by a good value');
  // A bad value in a link is refused by name too, and the rest of the link still applies.
  const bad = await openPage(env, `${env.base}#/lecture/3/sim-hh?I_ext=900&g_K=30`);
  await ready(bad.page, '#sim-hh .sim-notice');
  assert.match(await bad.page.locator('#sim-hh .sim-notice').textContent(), /I_ext = 900 is out of range/);
  assert.equal(await bad.page.locator('#sim-hh [data-param="g_K"] .param-field').inputValue(), '30');
  assert.deepEqual(errors, []);
  assert.deepEqual(bad.errors, []);
  await bad.context.close();
  await context.close();
});

test('an unstable integration is stopped and explained, not drawn', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3/sim-passive?preset=euler_unstable`);
  await ready(page, '#sim-passive');
  const failure = page.locator('#sim-passive .sim-failure');
  await failure.waitFor({ timeout: 10000 });
  assert.match(await failure.textContent(), /numerically unstable.*dt/);
  // The CLI stops the same run at the same step with the same words (exit 1), and the page shows
  // the measures of what was recorded up to then, as the CLI's summary states them.
  const out = mkdtempSync(join(tmpdir(), 'neurolive-cli-'));
  const cli = spawnSync(CLI, ['run', 'passive', '--preset', 'euler_unstable', '--out', out], { encoding: 'utf8' });
  assert.equal(cli.status, 1, cli.stderr);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.ok((await failure.textContent()).includes(summary.error), `page: ${await failure.textContent()}; CLI: ${summary.error}`);
  assert.equal(Number(await page.locator('#sim-passive .sim-status').getAttribute('data-t-ms')), summary.t_ms);
  const rows = await page.locator('#sim-passive .sim-measures tr[data-measure]').evaluateAll((trs) => trs.map((tr) => [tr.dataset.measure, tr.querySelector('td.value').textContent]));
  assert.equal(rows.length, Object.keys(summary.measures).length);
  for (const [name, shown] of rows) {
    const v = summary.measures[name];
    assert.ok(v !== null && Math.abs(parseFloat(shown) - v) <= 1e-3 * Math.max(1, Math.abs(v)), `${name}: page ${shown}, CLI ${v}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('the share link round-trips the parameters', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3/sim-passive`);
  await ready(page, '#sim-passive');
  const w = page.locator('#sim-passive');
  await w.locator('.presets select').selectOption('slow');
  const field = w.locator('[data-param="R"] .param-field');
  await field.fill('250');
  await field.press('Enter');
  await w.locator('.sim-export summary').click();
  await w.locator('button', { hasText: 'Share link' }).click();
  const link = await w.locator('.share-link').inputValue();
  assert.match(link, /#\/lecture\/3\/sim-passive\?preset=slow&R=250$/);
  const other = await openPage(env, link);
  await ready(other.page, '#sim-passive');
  const w2 = other.page.locator('#sim-passive');
  assert.equal(await w2.locator('[data-param="R"] .param-field').inputValue(), '250');
  assert.equal(await w2.locator('[data-param="tau_m"] .param-field').inputValue(), '80');
  assert.equal(await w2.locator('.presets select').inputValue(), 'slow');
  const embed = await w.locator('.embed-code').inputValue();
  assert.match(embed, /^<iframe src="[^"]+#\/embed\/passive\?preset=slow&R=250"/);
  assert.deepEqual(errors, []);
  assert.deepEqual(other.errors, []);
  await other.context.close();
  await context.close();
});

test('the CSV export downloads the same bytes as the CLI command it shows (wasm = native)', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3/sim-lif?preset=noisy_subthreshold&seed=7`);
  await ready(page, '#sim-lif');
  const w = page.locator('#sim-lif');
  await w.locator('.sim-export summary').click();
  const cmd = (await w.locator('code.cli').textContent()).trim();
  assert.match(cmd, /^neurolive run lif --preset noisy_subthreshold --seed 7 --duration-ms \d+/);
  const files = {};
  for (const name of ['traces.csv', 'spikes.csv', 'summary.json']) {
    const [download] = await Promise.all([page.waitForEvent('download'), w.locator('button', { hasText: name }).click()]);
    assert.equal(download.suggestedFilename(), `lif-${name}`);
    files[name] = readFileSync(await download.path(), 'utf8');
  }
  assert.match(files['traces.csv'], /^t_ms,V/);
  assert.match(files['spikes.csv'], /^t_ms,neuron\n[\d.]+,\d+\n/);
  // Run the very command the page shows, natively.
  const out = mkdtempSync(join(tmpdir(), 'neurolive-cli-'));
  const args = cmd.split(/\s+/).slice(1);
  execFileSync(CLI, [...args, '--out', out], { stdio: 'pipe' });
  assert.equal(files['traces.csv'], readFileSync(join(out, 'traces.csv'), 'utf8'), 'traces.csv: wasm and native agree to the bit');
  assert.equal(files['spikes.csv'], readFileSync(join(out, 'spikes.csv'), 'utf8'), 'spikes.csv: wasm and native agree');
  assert.equal(files['summary.json'], readFileSync(join(out, 'summary.json'), 'utf8'), 'summary.json: the same bytes');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the engine buttons download the script neurolive export writes for the same state; Beyond the browser explains them', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3/sim-lif?preset=noisy_subthreshold&sigma=5.5&seed=9`);
  await ready(page, '#sim-lif');
  const w = page.locator('#sim-lif');
  await w.locator('.sim-export summary').click();
  const args = (await w.locator('code.cli').textContent()).trim().split(/\s+/).slice(3);
  assert.ok(args.includes('sigma=5.5') && args.includes('9'), `the state is in the command: ${args.join(' ')}`);
  const out = mkdtempSync(join(tmpdir(), 'neurolive-export-'));
  for (const [engine, label] of [['pynn', 'PyNN script (NEST)'], ['nest', 'NEST script'], ['brian2', 'Brian2 script']]) {
    const [download] = await Promise.all([page.waitForEvent('download'), w.locator('button.engine-script', { hasText: `Export as ${label}` }).click()]);
    assert.equal(download.suggestedFilename(), `lif_${engine}.py`);
    const file = join(out, `${engine}.py`);
    execFileSync(CLI, ['export', 'lif', ...args, '--to', engine, '--out', file], { stdio: 'pipe' });
    assert.equal(readFileSync(await download.path(), 'utf8'), readFileSync(file, 'utf8'), `${engine}: the page's script is the CLI's, byte for byte`);
  }
  // The link explains the engines; a model no engine expresses has no such buttons.
  await w.locator('.engine-scripts + p a', { hasText: 'Beyond the browser' }).click();
  await ready(page, 'article.beyond h1');
  assert.match(await page.locator('article.beyond h1').textContent(), /Beyond the browser/);
  assert.match(await page.locator('article.beyond').textContent(), /mpirun -np 4/);
  // The conductance synapse has a Brian2 script only (NEST has no Mg²⁺ block nor clamp).
  await page.goto(`${env.base}#/lecture/2`);
  await ready(page, 'section.sim[data-sim="synapse"]');
  const syn = page.locator('section.sim[data-sim="synapse"]').first();
  await syn.locator('.sim-export summary').click();
  assert.deepEqual(await syn.locator('button.engine-script').allTextContents(), ['Export as Brian2 script']);
  await page.goto(`${env.base}#/embed/hopfield`);
  await ready(page, 'section.sim');
  assert.equal(await page.locator('button.engine-script').count(), 0, 'hopfield cannot be exported');
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard: space plays and pauses, r resets; the speed shown is honest', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3/sim-hh?preset=repetitive`, { reducedMotion: 'reduce' });
  await ready(page, '#sim-hh canvas');
  const w = page.locator('#sim-hh');
  const play = w.locator('button.play');
  const status = () => w.locator('.sim-status').textContent();
  const simTime = async () => Number(await w.locator('.sim-status').getAttribute('data-t-ms'));
  const plots = '#sim-hh figure:not(.plot-sweep):not([hidden]) canvas'; // sweeps go on computing while paused
  // Once shown, a paused widget previews its first window; reset must bring exactly that back.
  await eventually(async () => (await w.getAttribute('data-started')) === 'true', 'the widget has started');
  assert.equal(await play.getAttribute('aria-pressed'), 'false', 'no autoplay with reduced motion');
  // While the lecture's other widgets start, a plot may wait its turn to be drawn for longer
  // than a frame or two: the first window is the picture that stays for a whole second.
  const atStart = await stillHashes(page, plots, 15000, 1000);
  const tStart = await simTime();
  await w.focus();
  await page.keyboard.press(' ');
  assert.equal(await play.getAttribute('aria-pressed'), 'true');
  await eventually(async () => (await simTime()) > 0, 'the run advances');
  // The speed shown is the speed measured: simulated time gained over wall time, read from the
  // page itself, against the ratio in the status line at the end of the same 2 s.
  const [t0, w0] = [await simTime(), await page.evaluate(() => performance.now())];
  await page.waitForTimeout(2000);
  const [t1, w1] = [await simTime(), await page.evaluate(() => performance.now())];
  const shown = parseFloat((await status()).match(/· ([\d.]+)× real time/)[1]);
  const measured = (t1 - t0) / (w1 - w0);
  assert.ok(Math.abs(shown / measured - 1) < 0.3, `shown ${shown}× real time, measured ${measured.toFixed(3)}×`);
  // Ask for more than any machine's frame budget can give (10× real time at the smallest time
  // step, 10 000 steps of HH per ms of wall time): the page says so instead of freezing.
  await w.locator('.sim-numerics summary').click();
  const dt = w.locator('[data-param="dt"] .param-field');
  await dt.fill('0.001');
  await dt.press('Enter');
  await w.locator('.speed select').selectOption('10');
  await eventually(async () => /slower than the 10× asked/.test(await status()), 'slow warning', 8000);
  assert.match(await status(), /· 0?\.?[\d.]+× real time/);
  await w.focus();
  await page.keyboard.press(' ');
  assert.equal(await play.getAttribute('aria-pressed'), 'false');
  await eventually(async () => /paused/.test(await status()), 'paused');
  assert.ok((await simTime()) > Math.max(t1, tStart), 'the run went on until paused, past its first window');
  // Back to the time step it was opened with (a change while paused previews the first window).
  await dt.fill('0.01');
  await dt.press('Enter');
  // Reset: the run starts again from t = 0, and the page shows the same first window as when it
  // was opened: the same time, the same pictures.
  await page.keyboard.press('r');
  await eventually(async () => (await simTime()) === tStart, `reset to the first window (t = ${tStart} ms)`);
  await eventually(async () => JSON.stringify(await stillHashes(page, plots)) === JSON.stringify(atStart), 'the plots are those of the first window again');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a sweep computes its f–I curve in the page without freezing it, with the CLI\'s numbers', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3/sim-morris_lecar`);
  await ready(page, '#sim-morris_lecar canvas');
  const w = page.locator('#sim-morris_lecar');
  const sweep = '#sim-morris_lecar figure.plot-sweep';
  // While the sweep runs, frames keep coming.
  assertResponsive(await frameGaps(page, 3000), 'lecture 3, Morris–Lecar f–I sweep computing');
  // It has computed points: at least three within the first seconds.
  await page.waitForFunction((sel) => parseInt(document.querySelector(sel).dataset.sweep, 10) >= 3, sweep, { timeout: 30000 });
  const text = await page.locator(`${sweep} .plot-summary`).textContent();
  const points = [...text.matchAll(/I_ext = ([\d.]+) → (—|[\d.]+) Hz/g)].map((m) => [parseFloat(m[1]), m[2]]);
  assert.ok(points.length >= 3, text);
  // The same points from the native CLI, for the widget's parameters (its preset and settings, as
  // its export command states them) and seed.
  const cmd = (await w.locator('code.cli').textContent()).trim();
  const setup = cmd.split(/\s+/).slice(3).join(' ').replace(/--duration-ms \S+/, '').trim().split(/\s+/).filter(Boolean);
  const [x0, x2] = [points[0][0], points[2][0]];
  const csv = execFileSync(CLI, ['sweep', 'morris_lecar', ...setup, '--param', 'I_ext', '--from', String(x0), '--to', String(x2), '--steps', '3',
    '--measure', 'rate_hz', '--settle-ms', '500', '--duration-ms', '2000'], { encoding: 'utf8' });
  const native = csv.trim().split('\n').slice(1).map((l) => l.split(','));
  for (let k = 0; k < 3; k++) {
    const [x, shownRate] = points[k];
    assert.equal(x, Number(native[k][0]));
    if (shownRate === '—') { assert.equal(native[k][1], '', `I_ext = ${x}: undefined in both`); continue; }
    const decimals = (shownRate.split('.')[1] || '').length;
    assert.ok(Math.abs(parseFloat(shownRate) - Number(native[k][1])) <= 0.51 * 10 ** -decimals, `I_ext = ${x}: page ${shownRate} Hz, CLI ${native[k][1]} Hz`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});
