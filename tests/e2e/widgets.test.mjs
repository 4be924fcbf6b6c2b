// Every simulation of every lecture, as a student scrolls through the lesson: each widget draws
// all its plots, responds to a parameter change, and shows measures that are numbers; every
// exercise hides its answer until asked.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openPage, ready, canvasInfo, pause } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

for (let n = 1; n <= 12; n++) {
  test(`lecture ${n}: every widget draws and responds, every answer toggles`, async () => {
    const { page, context, errors } = await openPage(env, `${env.base}#/lecture/${n}`);
    await ready(page, 'article.lesson h1');
    const sims = page.locator('section.sim');
    const count = await sims.count();
    for (let i = 0; i < count; i++) {
      const w = sims.nth(i);
      const id = await w.getAttribute('id');
      await w.scrollIntoViewIfNeeded();
      await page.waitForFunction((id) => /t = [\d.]+ ms/.test(document.getElementById(id)?.querySelector('.sim-status')?.textContent || ''), id);
      await pause(w);
      // The plots the lesson shows (a sim block may hide some: `plots:`).
      const shown = `#${id} figure:not([hidden]) canvas`;
      const canvases = await w.locator('figure:not([hidden]) canvas').count();
      assert.ok(canvases >= 1, `${id} has plots`);
      const before = [];
      for (let k = 0; k < canvases; k++) {
        const info = await canvasInfo(page, `${shown} >> nth=${k}`);
        assert.ok(info.colours > 8, `${id} plot ${k} is drawn (${info.colours} colours)`);
        before.push(info.hash);
      }
      const measures = await w.locator('.sim-measures td.value').allTextContents();
      assert.ok(measures.length > 0 && measures.every((m) => !/nan|inf/i.test(m)), `${id}: measures ${measures}`);
      // A preset that shows a numerical blow-up is stopped with an explanation: it responds by
      // staying stopped (its plots end where the run failed).
      if (await w.locator('.sim-failure').count() > 0) {
        assert.match(await w.locator('.sim-failure').textContent(), /unstable.*dt/, `${id} explains its failure`);
        continue;
      }
      // Responds: nudge the first slider one step; some plot must change.
      const slider = w.locator('input[type="range"]').first();
      await slider.focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      // Sweeps keep computing while paused: compare the other plots only. A model that runs in
      // the background worker rebuilds its network there first: allow it a few seconds.
      const fixed = await w.locator('figure:not(.plot-sweep):not([hidden]) canvas').count();
      let beforeFixed = [], afterFixed = [];
      for (let attempt = 0; attempt < 20; attempt++) {
        await page.waitForTimeout(500);
        beforeFixed = []; afterFixed = [];
        for (let k = 0; k < canvases; k++) {
          const inSweep = await w.locator('figure:not([hidden]) canvas').nth(k).evaluate((c) => c.closest('figure').classList.contains('plot-sweep'));
          if (inSweep) continue;
          beforeFixed.push(before[k]);
          afterFixed.push((await canvasInfo(page, `${shown} >> nth=${k}`)).hash);
        }
        if (JSON.stringify(afterFixed) !== JSON.stringify(beforeFixed)) break;
      }
      assert.equal(beforeFixed.length, fixed);
      assert.notDeepEqual(afterFixed, beforeFixed, `${id} responds to its first slider`);
    }
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
