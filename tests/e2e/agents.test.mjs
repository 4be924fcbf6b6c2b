// Agents that act in a world: the grid arena draws the agent, its path, the values and the
// greedy policy, and a click on a cell edits the world; a bandit averaged over hundreds of runs
// computes in the worker while the page stays responsive.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openPage, ready, pause, eventually, canvasInfo, frameGaps, assertResponsive } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

/** The arena's description for screen readers, parsed: walls, agent, goal, policy arrows; an
 * empty object until the first data arrive (the summary has no arena before then). */
async function arenaState(fig) {
  const text = await fig.locator('.plot-summary').textContent();
  const m = text.match(/(\d+)×(\d+) cells, (\d+) walls; agent at (column \d+, row \d+|—), goal at (column \d+, row \d+|—); path of (\d+) cells; greedy policy in (\d+) cells/);
  if (!m) return { text };
  return { cols: +m[1], rows: +m[2], walls: +m[3], agent: m[4], goal: m[5], path: +m[6], arrows: +m[7], values: /Values from/.test(text) };
}

/** Clicks the centre of cell (x, y) of the arena canvas, by the layout the plot draws with
 * (colour bar 62 px at the right, title 24 px above, notes 18 px below, square cells centred). */
async function clickCell(fig, cols, rows, x, y) {
  const box = await fig.locator('canvas').boundingBox();
  const w = box.width - 62, h = box.height - 42;
  const cell = Math.min(w / cols, h / rows);
  const x0 = (w - cell * cols) / 2, y0 = 24 + (h - cell * rows) / 2;
  await fig.locator('canvas').click({ position: { x: x0 + (x + 0.5) * cell, y: y0 + (y + 0.5) * cell } });
}

test('the grid arena draws agent, values and policy, and a click edits the world', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/8/sim-gridworld?preset=cliff&seed=1`);
  await ready(page, '#sim-gridworld figure.plot-arena canvas');
  const w = page.locator('#sim-gridworld');
  const fig = w.locator('figure.plot-arena');
  // It learns: after some episodes every free cell has a value and an arrow.
  await eventually(async () => (await arenaState(fig)).arrows > 20, 'the greedy policy fills the arena', 30000);
  await pause(w);
  const before = await arenaState(fig);
  assert.ok(before.cols, `the arena describes itself: ${before.text}`);
  assert.equal(`${before.cols}×${before.rows}`, '12×4', 'cliff walking is 12 × 4');
  assert.ok(before.values && before.agent !== '—' && before.goal === 'column 12, row 4', JSON.stringify(before));
  const pixels = await canvasInfo(page, '#sim-gridworld figure.plot-arena canvas');
  assert.ok(pixels.colours > 30, `the value layer is drawn in many colours (${pixels.colours})`);
  // A wall in the top row, and away again.
  const tools = fig.locator('.arena-tools button');
  assert.deepEqual(await tools.allTextContents(), ['wall', 'goal']);
  await clickCell(fig, 12, 4, 5, 0);
  await eventually(async () => (await arenaState(fig)).walls === before.walls + 1, 'a click puts up a wall');
  await clickCell(fig, 12, 4, 5, 0);
  await eventually(async () => (await arenaState(fig)).walls === before.walls, 'a second click takes it down');
  // The goal cannot become a wall: the widget says why.
  await clickCell(fig, 12, 4, 11, 3);
  await eventually(async () => /No wall can go on column 12, row 4/.test(await w.textContent()), 'a refused cell is explained');
  // The goal moves where the student clicks, and a reset relearns in the edited world.
  await tools.filter({ hasText: 'goal' }).click();
  await clickCell(fig, 12, 4, 11, 0);
  await eventually(async () => (await arenaState(fig)).goal === 'column 12, row 1', 'the goal moves');
  await w.focus();
  await page.keyboard.press('r');
  await eventually(async () => (await arenaState(fig)).goal === 'column 12, row 1', 'a reset keeps the edited world', 10000);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a 500-run bandit average computes in the worker while the page scrolls freely', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/8/sim-bandit?runs=500&seed=2`);
  await ready(page, '#sim-bandit canvas');
  const w = page.locator('#sim-bandit');
  const status = w.locator('.sim-status');
  await eventually(async () => /\brun \d+/.test(await status.textContent()), 'the status counts runs', 20000);
  const gaps = frameGaps(page, 8000);
  for (let k = 0; k < 16; k++) {
    await page.mouse.wheel(0, k % 8 < 4 ? 500 : -500);
    await page.waitForTimeout(400);
  }
  assertResponsive(await gaps, 'lecture 8 while 500 bandit runs compute');
  const runs = Number((await status.textContent()).match(/\brun (\d+)/)[1]);
  assert.ok(runs >= 20, `the runs arrive as they are computed (${runs} so far)`);
  assert.deepEqual(errors, []);
  await context.close();
});
