// Print: a lesson printed (or saved as PDF) is a clean document — site chrome and every control
// hidden, the plots kept as their current image at their own aspect ratio and not cut across
// pages, black text on white even in the dark theme, and headless Chromium writes a real PDF.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openPage, ready, eventually } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

/** Opens lecture 3 and shows every widget once, so each has drawn its plots. */
async function lecture3(scheme = 'light') {
  const opened = await openPage(env, `${env.base}#/lecture/3`, { reducedMotion: 'reduce' });
  const { page } = opened;
  await page.emulateMedia({ colorScheme: scheme });
  await ready(page, '.sim canvas');
  const n = await page.locator('.sim').count();
  for (let i = 0; i < n; i++) {
    const w = page.locator('.sim').nth(i);
    await w.scrollIntoViewIfNeeded();
    await eventually(async () => (await w.locator('figure:not([hidden]) canvas').evaluateAll((cs) => cs.map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let k = 0; k < d.length && seen.size < 100; k += 4) seen.add((d[k] << 16) | (d[k + 1] << 8) | d[k + 2]);
      return seen.size; // a blank canvas has one colour
    }))).every((n) => n > 8), `widget ${i} has drawn its plots`, 10000);
  }
  return opened;
}


const HIDDEN = ['.site-head', '.site-foot', '.toc', '.pager', '.sim-transport', '.sim-status', '.presets', '.param-slider',
  '.sim-numerics', '.sim-export', '.plot-tools', '.sim button', 'details:not([open])'];

test('print media: chrome and controls hidden, plots and measures kept', async () => {
  const { page, context, errors } = await lecture3('dark');
  for (const s of HIDDEN) assert.ok(await page.locator(s).count() > 0, `the page has ${s} on screen`);
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  for (const s of HIDDEN) {
    const shown = await page.$$eval(s, (els) => els.filter((e) => getComputedStyle(e).display !== 'none').length);
    assert.equal(shown, 0, `${s} is hidden in print`);
  }
  // Every plot prints: visible, its drawn bitmap at its own aspect ratio, kept on one page.
  const plots = await page.$$eval('.sim canvas', (cs) => cs.map((c) => {
    const r = c.getBoundingClientRect();
    const fig = getComputedStyle(c.closest('figure'));
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length && seen.size < 100; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return { w: r.width, h: r.height, bw: c.width, bh: c.height, colours: seen.size, display: getComputedStyle(c).display, avoid: fig.breakInside };
  }));
  assert.ok(plots.length >= 5, `lecture 3 has plots (${plots.length})`);
  for (const p of plots) {
    assert.notEqual(p.display, 'none');
    assert.ok(p.w > 200 && p.h > 50, `a plot is printed at a readable size (${p.w}×${p.h})`);
    assert.ok(p.bw > 0 && p.bh > 0 && p.colours > 8, `the plot was drawn (${p.colours} colours)`);
    assert.ok(Math.abs(p.w / p.h - p.bw / p.bh) < 0.05 * (p.bw / p.bh), `aspect ratio kept (${p.w}×${p.h} for ${p.bw}×${p.bh})`);
    assert.equal(p.avoid, 'avoid', 'a plot is not cut across pages');
  }
  // The measures and the parameter values print as text.
  assert.ok(await page.locator('.sim-measures').first().isVisible(), 'measures printed');
  assert.ok(await page.locator('.sim .param-field').first().isVisible(), 'parameter values printed');
  // Black on white, whatever the screen theme.
  const ink = await page.evaluate(() => {
    const b = getComputedStyle(document.body);
    const p = getComputedStyle(document.querySelector('.prose p'));
    return { bg: b.backgroundColor, fg: p.color, sim: getComputedStyle(document.querySelector('.sim')).backgroundColor };
  });
  assert.equal(ink.bg, 'rgb(255, 255, 255)');
  assert.equal(ink.sim, 'rgb(255, 255, 255)');
  assert.equal(ink.fg, 'rgb(0, 0, 0)');
  // Back on screen, everything returns.
  await page.emulateMedia({ media: 'screen' });
  assert.notEqual(await page.locator('.sim-transport').first().evaluate((e) => getComputedStyle(e).display), 'none');
  assert.deepEqual(errors, []);
  await context.close();
});

test('headless Chromium prints lecture 3 to a PDF with the plots as images', async () => {
  const { page, context, errors } = await lecture3();
  const canvases = await page.locator('.sim canvas').count();
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const text = pdf.toString('latin1');
  assert.ok(text.startsWith('%PDF-'), 'a PDF file');
  const pages = (text.match(/\/Type\s*\/Page[^s]/g) || []).length;
  // Lecture 3 is long: several pages, each plot an image (Chromium embeds a canvas as its bitmap).
  assert.ok(pages >= 4, `several pages (${pages})`);
  const images = (text.match(/\/Subtype\s*\/Image/g) || []).length;
  assert.ok(images >= canvases, `each of the ${canvases} plots is an image in the PDF (${images} images)`);
  assert.ok(pdf.length > 100_000, `a non-trivial PDF (${pdf.length} bytes)`);
  assert.deepEqual(errors, []);
  await context.close();
});
