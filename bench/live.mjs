// Live speed in the page: how fast a simulation actually runs while its widget plays and draws
// (the figure a student sees in the status line), not the raw engine speed of `browser.mjs`.
// Opens the embed at the course sub-path, lets it play, and divides the simulated time gained
// over `seconds` of wall time by that wall time. Needs the built site (dist/ or NEUROLIVE_DIST).
//
//   node bench/live.mjs                          # brunel, AI, speed 1×, 10 s, 2 repeats, the plots
//                                                # of lecture 4's first widget
//   node bench/live.mjs brunel AI 10 1 all        # every plot, the g sweep computing alongside
//   node bench/live.mjs lif '' 10 1 'speed=2'     # sim, preset, seconds, repeats, extra query

import { start, openPage, frameGaps } from '../tests/e2e/harness.mjs';

const [sim = 'brunel', preset = 'AI', seconds = '10', repeat = '2', given] = process.argv.slice(2);
// Lecture 4's first brunel widget shows these plots (`plots:` in its sim block).
const extra = given === undefined ? (sim === 'brunel' ? 'plots=raster,rate,voltage,spectrum,cv' : '') : given === 'all' ? '' : given;
const env = await start();
try {
  const runs = [];
  for (let i = 0; i < Number(repeat); i++) {
    const { page, context } = await openPage(env, `${env.subBase}#/embed/${sim}?preset=${preset}&speed=1${extra ? '&' + extra : ''}`);
    const simTime = () => page.evaluate(() => {
      const m = document.querySelector('.sim-status')?.textContent.match(/t = ([\d.]+) ms/);
      return m ? parseFloat(m[1]) : NaN;
    });
    // Past the network's construction and the first batches.
    await page.waitForFunction(() => {
      const m = document.querySelector('.sim-status')?.textContent.match(/t = ([\d.]+) ms/);
      return m && parseFloat(m[1]) > 50;
    }, null, { timeout: 120000 });
    await page.waitForTimeout(2000);
    // The main thread's busy time (Chromium's own counters): what the page costs the machine.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const busy = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const m0 = await busy();
    const [t0, w0] = [await simTime(), Date.now()];
    // The longest gap between animation frames over the same window.
    const gap = (await frameGaps(page, Number(seconds) * 1000)).worst;
    const [t1, w1] = [await simTime(), Date.now()];
    const m1 = await busy();
    const main = (m1.TaskDuration - m0.TaskDuration) / ((w1 - w0) / 1000);
    const script = (m1.ScriptDuration - m0.ScriptDuration) / ((w1 - w0) / 1000);
    const status = (await page.locator('.sim-status').textContent()).trim();
    const rate = await page.locator('.sim-measures [data-measure="rate_hz"] .value').textContent().catch(() => '');
    runs.push({ ratio: (t1 - t0) / (w1 - w0), gap, status, rate, main, script });
    await context.close();
  }
  const best = runs.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  console.log(`chromium ${env.browser.version()} live, ${sim} ${preset} at 1×${extra ? ` (${extra})` : ''}: best ${best.ratio.toFixed(3)}× real time `
    + `(of ${runs.map((r) => r.ratio.toFixed(3)).join(', ')}; longest frame gap ${best.gap.toFixed(0)} ms; `
    + `main thread busy ${(100 * best.main).toFixed(0)} % (script ${(100 * best.script).toFixed(0)} %); `
    + `rate ${best.rate.trim()} Hz; status "${best.status}")`);
} finally {
  await env.stop();
}
