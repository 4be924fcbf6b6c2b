// Every simulation of every lecture, as a student scrolls through the lesson: the page shows one
// widget per sim block of the lesson, each draws all its plots, shows the measures the native CLI
// computes for the same state, and responds to a parameter change; every exercise hides its
// answer until asked.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { start, openPage, ready, canvasInfo, pause, stillHashes, waitForChange, eventually, ROOT } from './harness.mjs';

const CLI = process.env.NEUROLIVE_CLI || join(ROOT, 'target', 'release', 'neurolive');

/** The number of sim blocks in lecture n's markdown. */
function simBlocks(n) {
  const file = readdirSync(join(ROOT, 'lessons')).find((f) => f.startsWith(`${String(n).padStart(2, '0')}-`));
  return readFileSync(join(ROOT, 'lessons', file), 'utf8').split('\n').filter((l) => /^```sim\s*$/.test(l)).length;
}

const specs = new Map();
/** The model's declaration, from `neurolive describe`. */
function spec(id) {
  if (!specs.has(id)) specs.set(id, JSON.parse(execFileSync(CLI, ['describe', id], { encoding: 'utf8' })));
  return specs.get(id);
}

/** Whether a value shown by the page (`format_value`: fixed decimals or an exponent, "—" when
 * undefined) is the CLI's number to the digits shown. */
function showsValue(shown, value) {
  if (shown === '—') return value === null;
  if (value === null) return false;
  const m = shown.match(/^(-?\d+)(?:\.(\d+))?(?:e(-?\d+))?$/);
  if (!m) return false;
  const resolution = 10 ** (-(m[2] || '').length + Number(m[3] || 0));
  return Math.abs(Number(shown) - value) <= 0.51 * resolution + 1e-12 * Math.abs(value);
}

/** The page's measures against `neurolive run` of the command the page shows, for the exact time
 * the paused widget has reached. Reset (`r`) while paused, the widget previews its first window:
 * it then holds the whole run, as the CLI does, so every measure must agree (wasm = native).
 * Returns the number of measures compared. */
async function compareMeasuresWithCli(w) {
  const page = w.page();
  const id = await w.getAttribute('data-sim');
  const simTime = async () => Number(await w.locator('.sim-status').getAttribute('data-t-ms'));
  const resets = Number(await w.getAttribute('data-resets'));
  await w.focus();
  await page.keyboard.press('r');
  await eventually(async () => Number(await w.getAttribute('data-resets')) > resets, `${id}: reset`);
  // A network in the worker is built again and delivers its window over some seconds; a local
  // preview is computed at once (within the frame budget: a costly model previews part of it).
  const { window_ms: windowMs, offload } = spec(id);
  if (offload) await eventually(async () => (await simTime()) >= 0.99 * windowMs, `${id}: the first window previewed`, 60000);
  await stillHashes(page, `#${await w.getAttribute('id')} figure:not(.plot-sweep):not([hidden]) canvas`);
  // The time and the measures, read together: a worker's last batches may still be coming in
  // (a still picture can hold at t = 998.5 ms while the panel already shows t = 1000 ms), so the
  // pair counts only when the time has not moved while it was read.
  const readRows = () => w.locator('.sim-measures tr[data-measure]').evaluateAll((trs) => trs.map((tr) => [tr.dataset.measure, tr.querySelector('td.value').textContent]));
  let t = NaN;
  let rows = [];
  await eventually(async () => {
    const before = await simTime();
    rows = await readRows();
    t = await simTime();
    if (t !== before) return false;
    await page.waitForTimeout(300);
    return (await simTime()) === t;
  }, `${id}: the time stands still`, 30000);
  assert.ok(t > 0 && t <= windowMs * (1 + 1e-9), `${id}: t = ${t} ms within the window`);
  const cmd = (await w.locator('code.cli').textContent()).trim();
  // The run's length: --duration-ms, or --trials for a model that counts trials (epochs…).
  const args = cmd.split(/\s+/).slice(1).join(' ').replace(/--(duration-ms|trials) \S+/, `--$1 ${t}`).split(' ');
  const out = mkdtempSync(join(tmpdir(), 'neurolive-widget-'));
  execFileSync(CLI, [...args, '--out', out], { stdio: 'pipe' });
  const cli = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).measures;
  assert.deepEqual(rows.map(([name]) => name).sort(), Object.keys(cli).sort(), `${id}: the page shows every measure`);
  for (const [name, shown] of rows) {
    assert.ok(showsValue(shown, cli[name]), `${id} at t = ${t} ms: ${name} shown as ${shown}, CLI ${cli[name]} (${cmd})`);
  }
  return rows.length;
}

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

for (let n = 1; n <= 12; n++) {
  test(`lecture ${n}: every widget draws and responds, every answer toggles`, async () => {
    const { page, context, errors } = await openPage(env, `${env.base}#/lecture/${n}`);
    await ready(page, 'article.lesson h1');
    const sims = page.locator('section.sim');
    const count = await sims.count();
    assert.equal(count, simBlocks(n), `lecture ${n}: one widget per sim block of the lesson`);
    let compared = 0;
    for (let i = 0; i < count; i++) {
      const w = sims.nth(i);
      const id = await w.getAttribute('id');
      await w.scrollIntoViewIfNeeded();
      // The status line reads the model's clock: "t = 12.50 ms", or "trial 120" for a learner.
      await page.waitForFunction((id) => /t = [\d.]+ ms|\b(trial|epoch|sample|episode|iteration|run) \d+/.test(document.getElementById(id)?.querySelector('.sim-status')?.textContent || ''), id, { timeout: 60000 });
      await pause(w);
      // The plots the lesson shows (a sim block may hide some: `plots:`).
      const shown = `#${id} figure:not([hidden]) canvas`;
      const canvases = await w.locator('figure:not([hidden]) canvas').count();
      assert.ok(canvases >= 1, `${id} has plots`);
      for (let k = 0; k < canvases; k++) {
        // Plots take turns to be drawn within the frame budget: poll.
        await eventually(async () => (await canvasInfo(page, `${shown} >> nth=${k}`)).colours > 8, `${id} plot ${k} is drawn`, 20000);

      }
      assert.ok(await w.locator('.sim-measures td.value').count() > 0, `${id} shows measures`);
      // A preset that shows a numerical blow-up is stopped with an explanation: it responds by
      // staying stopped (its plots end where the run failed).
      if (await w.locator('.sim-failure').count() > 0) {
        assert.match(await w.locator('.sim-failure').textContent(), /unstable.*dt/, `${id} explains its failure`);
        continue;
      }
      compared += await compareMeasuresWithCli(w);
      // Responds: nudge a slider two steps; some plot must change. Sweeps keep computing while
      // paused: compare the other plots only, from a still picture. A model that runs in the
      // background worker rebuilds its network there first: allow it some seconds. A slider may
      // act on nothing shown in this preset (a pulse's timing with the pulses off): then the next.
      // A widget that shows only sweeps: let them finish, then a slider must fade them as stale.
      let fixed = `#${id} figure:not(.plot-sweep):not([hidden]) canvas`;
      if (await page.locator(fixed).count() === 0) {
        await page.waitForFunction((id) => [...document.querySelectorAll(`#${id} figure.plot-sweep:not([hidden])`)].every((f) => {
          const m = (f.dataset.sweep || '').match(/^(\d+)\/(\d+)$/);
          return m && m[1] === m[2];
        }), id, { timeout: 120000 });
        fixed = `#${id} figure:not([hidden]) canvas`;
      }
      const sliders = w.locator('input[type="range"]');
      const tried = [];
      for (let k = 0; k < await sliders.count(); k++) {
        const still = await stillHashes(page, fixed);
        const slider = sliders.nth(k);
        tried.push(await slider.evaluate((s) => s.closest('[data-param]').dataset.param));
        await slider.focus();
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowRight');
        try {
          await waitForChange(page, fixed, still, 'a change', spec(await w.getAttribute('data-sim')).offload ? 30000 : 4000);
          break;
        } catch {
          assert.ok(k + 1 < await sliders.count(), `${id} responds to none of its sliders (${tried.join(', ')})`);
        }
      }
      if (tried.length > 1) console.log(`# ${id}: no plot changed with ${tried.slice(0, -1).join(', ')}; ${tried.at(-1)} changed one`);
    }
    console.log(`# lecture ${n}: ${count} widgets, ${compared} measures equal to the CLI's at the same time`);
    const exercises = page.locator('.exercise');
    for (let i = 0; i < await exercises.count(); i++) {
      const ex = exercises.nth(i);
      const answer = ex.locator('details.answer > div');
      assert.equal(await answer.isVisible(), false, 'the answer starts hidden');
      await ex.locator('details.answer > summary').click();
      assert.equal(await answer.isVisible(), true, 'and shows when asked');
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}
