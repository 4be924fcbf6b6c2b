// Exercises checked against the live model, as a student uses them: a right answer (within the
// tolerance) is accepted and opens the worked answer, a wrong one is refused, and the progress
// survives a reload, shows on the home page and can be reset. The expected numbers are computed
// here independently: from the lesson's markdown for a number given in the text, and by the
// native CLI (`neurolive sweep` at one point is exactly the run the check describes) for a
// number computed by the model.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { start, openPage, ready, ROOT, lessonExercises as exercises } from './harness.mjs';

const CLI = process.env.NEUROLIVE_CLI || join(ROOT, 'target', 'release', 'neurolive');

function width(check, expected) {
  const tol = check.tolerance;
  return tol.endsWith('%') ? (parseFloat(tol) / 100) * Math.abs(expected) : parseFloat(tol);
}

/** The model's number for a `sim` + `measure` check with a `set:` line, from the CLI. */
function cliExpected(c) {
  const sets = (c.set || '').split(',').map((s) => s.trim()).filter(Boolean);
  const [name, value] = sets[0].split('=').map((s) => s.trim());
  const args = ['sweep', c.sim, '--param', name, '--from', value, '--to', value, '--steps', '1', '--measure', c.measure,
    '--seed', c.seed || '1'];
  // Lengths in ms, or in the model's own units for a model that counts trials (epochs…).
  if (c.trials || c.settle_trials) args.push('--settle-trials', c.settle_trials || '0');
  else args.push('--settle-ms', c.settle_ms || '0');
  if (c.trials) args.push('--trials', c.trials);
  if (c.preset) args.push('--preset', c.preset);
  for (const s of sets) args.push('--set', s);
  if (c.duration_ms) args.push('--duration-ms', c.duration_ms);
  const csv = execFileSync(CLI, args, { encoding: 'utf8' });
  return parseFloat(csv.trim().split('\n')[1].split(',')[1]);
}

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

async function answer(page, id, text) {
  const ex = page.locator(`#${id}`);
  await ex.locator('.exercise-check input').fill(text);
  await ex.locator('.exercise-check button[type=submit]').click();
  await page.waitForFunction((sel) => {
    const s = document.querySelector(sel).dataset.state;
    return s && s !== 'pending';
  }, `#${id}`, { timeout: 30000 });
  return ex.getAttribute('data-state');
}

test('a number given in the text: a wrong answer is refused, a right one accepted; progress survives a reload', async () => {
  const lecture = 3;
  const ex = exercises(lecture).find((e) => e.check && e.check.value !== undefined);
  assert.ok(ex, `lecture ${lecture} has a checked exercise with a value`);
  const expected = parseFloat(ex.check.value);
  const w = width(ex.check, expected);
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/${lecture}`);
  await ready(page, `#${ex.id} .exercise-check input`);
  assert.equal(await page.locator(`#${ex.id} details.answer`).evaluate((d) => d.open), false, 'the worked answer starts hidden');
  assert.equal(await answer(page, ex.id, String(expected + 3 * w + 1)), 'wrong');
  assert.match(await page.locator(`#${ex.id} .exercise-feedback`).textContent(), /too high/);
  assert.equal(await answer(page, ex.id, 'eleven'), 'wrong', 'not a number');
  assert.equal(await answer(page, ex.id, `${(expected + 0.5 * w).toString().replace('.', ',')} ${ex.check.unit || ''}`), 'right',
    'within the tolerance, with a decimal comma and the unit');
  assert.equal(await page.locator(`#${ex.id} details.answer`).evaluate((d) => d.open), true, 'a right answer opens the worked answer');
  await page.reload();
  await ready(page, `#${ex.id} .exercise-check input`);
  await page.waitForSelector(`#${ex.id}.solved`);
  await page.goto(`${env.base}#/`);
  await page.waitForSelector('.progress-panel');
  const row = page.locator(`.progress-list li[data-lecture="${lecture}"] .progress-solved`);
  assert.match(await row.textContent(), /^1 \/ \d+ solved/);
  await page.locator('.progress-panel button.reset-progress').click();
  await page.locator('.progress-panel button.reset-yes').click();
  assert.match(await row.textContent(), /^0 \/ \d+ solved/);
  await page.reload();
  await page.waitForSelector('.progress-panel');
  assert.match(await page.locator(`.progress-list li[data-lecture="${lecture}"] .progress-solved`).textContent(), /^0 \//, 'the reset is kept');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a number computed by the model agrees with the native CLI, and the check follows it', async () => {
  let found = null;
  for (const lecture of [1, 2, 3, 4, 6]) {
    const ex = exercises(lecture).find((e) => e.check && e.check.sim && e.check.measure && !e.check.find && e.check.set);
    if (ex) { found = { lecture, ex }; break; }
  }
  assert.ok(found, 'some lecture has a model-computed check');
  const { lecture, ex } = found;
  const expected = cliExpected(ex.check);
  assert.ok(Number.isFinite(expected), `CLI value ${expected}`);
  const w = width(ex.check, expected);
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/${lecture}`);
  await ready(page, `#${ex.id} .exercise-check input`);
  assert.equal(await answer(page, ex.id, String(expected - 3 * w - 1)), 'wrong');
  assert.match(await page.locator(`#${ex.id} .exercise-feedback`).textContent(), /too low/);
  assert.equal(await answer(page, ex.id, String(expected + 0.5 * w)), 'right');
  const msg = await page.locator(`#${ex.id} .exercise-feedback`).textContent();
  const shown = parseFloat(msg.match(/the model gives (-?[\d.e+-]+)/)[1]);
  assert.ok(Math.abs(shown - expected) <= 1e-3 * Math.max(1, Math.abs(expected)), `page ${shown} vs CLI ${expected}`);
  assert.deepEqual(errors, []);
  await context.close();
});
