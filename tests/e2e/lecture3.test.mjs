// Lecture 3 as a student uses it: every widget live, sliders, presets, typed values refused
// with a message, share links that round-trip, exports identical to the CLI's files.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { start, openPage, ready, canvasInfo, pause, ROOT, worstFrameGap } from './harness.mjs';

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
  const before = await canvasInfo(page, phase);
  const field = w.locator('[data-param="I_ext"] .param-field');
  await field.fill('0.8');
  await field.press('Enter');
  await page.waitForTimeout(500);
  const after = await canvasInfo(page, phase);
  assert.notEqual(after.hash, before.hash, 'nullclines and trajectory moved');
  assert.equal(await w.locator('[data-param="I_ext"] .field-error').textContent(), '');
  assert.deepEqual(errors, []);
  await context.close();
});

test('presets apply their values and show their description', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3/sim-hh`);
  await ready(page, '#sim-hh');
  const w = page.locator('#sim-hh');
  await w.locator('.presets select').selectOption('ttx');
  await page.waitForTimeout(400);
  assert.equal(await w.locator('[data-param="g_Na"] .param-field').inputValue(), '0');
  assert.match(await w.locator('.sim-caption').textContent(), /TTX|sodium|Na/i);
  await w.locator('.presets select').selectOption('repetitive');
  await page.waitForTimeout(400);
  assert.equal(await w.locator('[data-param="g_Na"] .param-field').inputValue(), '120');
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
  await assertEventually(async () => /I_ext = 500 is out of range: allowed -?\d+ to \d+ µA\/cm²/.test(await msg.textContent()), 'range message');
  assert.equal(await field.inputValue(), before, 'the refused value is not applied');
  await field.fill('abc');
  await field.press('Enter');
  await assertEventually(async () => /I_ext: 'abc' is not a number/.test(await msg.textContent()), 'malformed message');
  await field.fill('12');
  await field.press('Enter');
  await assertEventually(async () => (await msg.textContent()) === '', 'error cleared by a good value');
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
  const measures = await page.locator('#sim-passive .sim-measures td.value').allTextContents();
  assert.ok(measures.every((m) => !/nan|inf/i.test(m)), String(measures));
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

test('keyboard: space plays and pauses, r resets; the speed shown is honest', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3/sim-hh?preset=repetitive`, { reducedMotion: 'reduce' });
  await ready(page, '#sim-hh');
  const w = page.locator('#sim-hh');
  const play = w.locator('button.play');
  assert.equal(await play.getAttribute('aria-pressed'), 'false', 'no autoplay with reduced motion');
  await w.focus();
  await page.keyboard.press(' ');
  assert.equal(await play.getAttribute('aria-pressed'), 'true');
  await page.waitForTimeout(1500);
  const status = await w.locator('.sim-status').textContent();
  assert.match(status, /t = [\d.]+ ms · [\d.]+× real time/);
  // Ask for more than the frame budget can give: the page says so instead of freezing.
  await w.locator('.speed select').selectOption('10');
  await assertEventually(async () => /slower than the 10× asked/.test(await w.locator('.sim-status').textContent()), 'slow warning', 8000);
  assert.match(await w.locator('.sim-status').textContent(), /· 0?\.?[\d.]+× real time/);
  await w.focus();
  await page.keyboard.press(' ');
  assert.equal(await play.getAttribute('aria-pressed'), 'false');
  await page.keyboard.press('r');
  await page.waitForTimeout(300);
  assert.match(await w.locator('.sim-status').textContent(), /t = [\d.]+ ms · paused/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a sweep computes its f–I curve in the page without freezing it', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3/sim-morris_lecar`);
  await ready(page, '#sim-morris_lecar');
  // While the sweep runs, frames keep coming: measure the longest gap between animation frames.
  const gap = await worstFrameGap(page, 3000);
  assert.ok(gap < 250, `longest frame gap ${gap.toFixed(0)} ms`);
  assert.deepEqual(errors, []);
  await context.close();
});

async function assertEventually(check, what, ms = 3000) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`not reached: ${what}`);
}
