// Models that learn over trials (epochs, samples…) rather than integrate time: a student sees
// their count on the status line, the speed control, the axes' descriptions and the CSV, and a
// long capacity sweep computed in the background worker leaves the page free to scroll.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { start, openPage, ready, pause, eventually, frameGaps, assertResponsive, ROOT } from './harness.mjs';

const CLI = process.env.NEUROLIVE_CLI || join(ROOT, 'target', 'release', 'neurolive');
const describe = (id) => JSON.parse(execFileSync(CLI, ['describe', id], { encoding: 'utf8' }));

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

test('a learner counts trials on its status line, speed, plots and CSV, with the CLI\'s bytes', async () => {
  const id = 'perceptron';
  const clock = describe(id).clock;
  assert.equal(clock, 'trials', `${id} counts trials`);
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/7/sim-${id}?seed=3`);
  await ready(page, `#sim-${id} canvas`);
  const w = page.locator(`#sim-${id}`);
  const status = w.locator('.sim-status');
  await eventually(async () => /\btrial \d+/.test(await status.textContent()), `${id}: the status line counts trials`, 20000);
  await eventually(async () => /trials\/s/.test(await status.textContent()), `${id}: the speed is in trials per second`, 20000);
  assert.doesNotMatch(await status.textContent(), /\bms\b/, 'no milliseconds in a learner\'s status');
  // The plots' descriptions (read by screen readers) speak of trials, not time.
  const described = (await w.locator('figure .plot-summary').allTextContents()).join(' ');
  assert.match(described, /trials/, `${id}: plot descriptions count trials`);
  assert.doesNotMatch(described, /against time/, `${id}: no time axis`);
  await pause(w);
  await w.locator('.sim-export summary').click();
  const cmd = (await w.locator('code.cli').textContent()).trim();
  assert.match(cmd, new RegExp(`^neurolive run ${id} .*--trials \\d+`), `the command counts trials: ${cmd}`);
  assert.doesNotMatch(cmd, /--duration-ms/);
  const [download] = await Promise.all([page.waitForEvent('download'), w.locator('button', { hasText: 'traces.csv' }).click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv, /^trial,/, 'the CSV\'s first column is the trial');
  const out = mkdtempSync(join(tmpdir(), 'neurolive-learner-'));
  execFileSync(CLI, [...cmd.split(/\s+/).slice(1), '--out', out], { stdio: 'pipe' });
  assert.equal(csv, readFileSync(join(out, 'traces.csv'), 'utf8'), 'traces.csv: wasm and native agree to the bit');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a long capacity sweep computes in the worker while the page scrolls freely', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/7`);
  await ready(page, 'article.lesson h1');
  // The widget whose sweep estimates the fraction of separable problems over many random ones.
  const w = page.locator('section.sim[data-sim="perceptron"]:has(figure.plot-sweep)').first();
  await w.scrollIntoViewIfNeeded();
  const sweep = w.locator('figure.plot-sweep');
  if (await sweep.isHidden()) await w.locator('button.more-plots').click();
  await w.locator('figure.plot-sweep canvas').waitFor();
  // While it computes, scroll up and down the lecture and watch the frames.
  const gaps = frameGaps(page, 8000);
  for (let k = 0; k < 16; k++) {
    await page.mouse.wheel(0, k % 8 < 4 ? 600 : -600);
    await page.waitForTimeout(400);
  }
  assertResponsive(await gaps, 'lecture 7 while the capacity sweep computes');
  // And it completes: "k/n" points computed.
  await eventually(async () => { const m = (await sweep.getAttribute('data-sweep') || '').match(/^(\d+)\/(\d+)$/); return m && m[1] === m[2]; }, 'the sweep completes', 240000);
  assert.deepEqual(errors, []);
  await context.close();
});
