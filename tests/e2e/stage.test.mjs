// A simulation in front of a class: the embed URL for slides (the widget alone, the chosen
// parameters, only the controls the teacher kept, nothing to scroll at 1280x720) and presenter
// mode (large type, arrow keys step through the presets with their captions, space plays).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openPage, ready, canvasInfo, simulationIds } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const SLIDE = { width: 1280, height: 720 };

async function scrolls(page) {
  return page.evaluate(() => {
    const d = document.scrollingElement;
    const out = [];
    if (d.scrollHeight > innerHeight + 1) out.push(`page height ${d.scrollHeight} > ${innerHeight}`);
    if (d.scrollWidth > innerWidth + 1) out.push(`page width ${d.scrollWidth} > ${innerWidth}`);
    for (const el of document.querySelectorAll('.sim-side, .sim-plots')) {
      if (el.scrollHeight > el.clientHeight + 1) out.push(`${el.className} scrolls (${el.scrollHeight} > ${el.clientHeight})`);
    }
    return out;
  });
}

test('an embed URL opens the widget alone with its parameters and only the kept controls, with nothing to scroll at 1280x720', async () => {
  const { page, context, errors } = await openPage(env, `${env.subBase}#/embed/hh?preset=repetitive&I_ext=12&show=I_ext&plots=voltage`, { viewport: SLIDE });
  await ready(page, '.sim canvas');
  await page.waitForTimeout(800);
  assert.equal(await page.locator('.site-head').count(), 0, 'no site chrome');
  const params = await page.locator('.sim [data-param]').evaluateAll((els) => els.map((e) => e.dataset.param));
  assert.deepEqual(params, ['I_ext'], 'only the kept control');
  assert.equal(await page.locator('[data-param="I_ext"] .param-field').inputValue(), '12');
  assert.deepEqual(await scrolls(page), []);
  const box = await page.locator('.sim').boundingBox();
  assert.ok(box.height > 600 && box.width > 1200, `the widget fills the frame: ${JSON.stringify(box)}`);
  assert.deepEqual(await page.locator('.sim figure:not([hidden])').evaluateAll((fs) => fs.map((f) => f.dataset.plot)), ['voltage'], 'only the kept plot');
  const c = await canvasInfo(page, '.sim figure canvas');
  assert.ok(c.colours > 5, 'a plot is drawn');
  // Readable from the back of the room: the plot is large, its canvas text not tiny.
  const plotBox = await page.locator('.sim figure canvas').first().boundingBox();
  assert.ok(plotBox.height >= 250, `plot height ${plotBox.height}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the widget's Embed button gives a URL and an iframe that keep only the controls and plots the teacher ticked", async () => {
  const { page, context, errors } = await openPage(env, `${env.subBase}#/lecture/3/sim-hh?preset=repetitive`);
  await ready(page, '#sim-hh canvas');
  const w = page.locator('#sim-hh');
  await w.locator('details.sim-export summary').click();
  await w.locator('button.embed-button').click();
  const url0 = await w.locator('input.embed-link').inputValue();
  assert.match(url0, /#\/embed\/hh\?preset=repetitive/);
  assert.ok(url0.startsWith(env.subBase), `the embed URL keeps the sub-path: ${url0}`);
  // Keep only I_ext among the controls, and drop every plot but the first.
  for (const box of await w.locator('input[data-embed-control]').all()) {
    if ((await box.getAttribute('data-embed-control')) !== 'I_ext') await box.uncheck();
  }
  const plotBoxes = await w.locator('input[data-embed-plot]').all();
  const firstPlot = await plotBoxes[0].getAttribute('data-embed-plot');
  for (const box of plotBoxes.slice(1)) await box.uncheck();
  const url = await w.locator('input.embed-link').inputValue();
  assert.match(url, /show=I_ext(&|$)/);
  assert.match(url, new RegExp(`plots=${firstPlot}(&|$)`));
  assert.ok((await w.locator('input.embed-code').inputValue()).includes(`src="${url}"`), 'the iframe shows the same URL');
  const slide = await env.browser.newContext({ viewport: SLIDE });
  const p2 = await slide.newPage();
  await p2.goto(url);
  await p2.waitForSelector('.sim canvas');
  assert.deepEqual(await p2.locator('.sim [data-param]').evaluateAll((els) => els.map((e) => e.dataset.param)), ['I_ext']);
  assert.deepEqual(await scrolls(p2), []);
  await slide.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('every simulation embeds at 1280x720 without a page scroll bar', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/`, { viewport: SLIDE });
  await ready(page, 'main a');
  const ids = simulationIds();
  assert.ok(ids.length >= 20, ids.join(' '));
  // An unknown one is named, with the known ones.
  await page.goto(`${env.base}#/embed/__none__`);
  await ready(page, '.sim-missing');
  assert.match(await page.locator('.sim-missing').textContent(), new RegExp(`Unknown simulation '__none__'. Known: .*${ids[0]}`));
  for (const id of ids) {
    await page.goto(`${env.base}#/embed/${id}?play=0`);
    await ready(page, `.sim[data-sim="${id}"] canvas`);
    const s = await page.evaluate(() => [document.scrollingElement.scrollHeight, innerHeight, document.scrollingElement.scrollWidth, innerWidth]);
    assert.ok(s[0] <= s[1] + 1 && s[2] <= s[3] + 1, `${id}: page scrolls ${s}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('presenter mode: large type, arrow keys step through the presets with their captions, space plays', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/embed/hh?play=0`, { viewport: SLIDE });
  await ready(page, '.sim canvas');
  const normal = await page.locator('.sim-caption').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  await page.goto(`${env.base}#/embed/hh?play=0&presenter=1`);
  await page.reload();
  await ready(page, '.sim canvas');
  assert.equal(await page.evaluate(() => document.body.classList.contains('presenter')), true);
  const big = await page.locator('.sim-caption').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(big >= 1.3 * normal, `caption ${big}px vs ${normal}px`);
  const options = await page.locator('.presets select option').evaluateAll((os) => os.filter((o) => o.value).map((o) => ({ name: o.value, description: o.title })));
  assert.ok(options.length >= 2);
  await page.locator('.sim').focus();
  const select = page.locator('.presets select');
  await page.keyboard.press('ArrowRight');
  assert.equal(await select.inputValue(), options[0].name);
  assert.equal((await page.locator('.sim-caption').textContent()).trim(), options[0].description, 'the caption is the preset description');
  await page.keyboard.press('ArrowRight');
  assert.equal(await select.inputValue(), options[1].name);
  assert.equal((await page.locator('.sim-caption').textContent()).trim(), options[1].description);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await select.inputValue(), options[0].name);
  await page.keyboard.press('PageDown');
  assert.equal(await select.inputValue(), options[1].name, 'a presentation clicker sends PageDown');
  const play = page.locator('button.play');
  assert.equal(await play.getAttribute('aria-pressed'), 'false');
  await page.keyboard.press(' ');
  assert.equal(await play.getAttribute('aria-pressed'), 'true');
  await page.keyboard.press(' ');
  assert.equal(await play.getAttribute('aria-pressed'), 'false');
  await page.locator('button.presenter-toggle').click();
  assert.equal(await page.evaluate(() => document.body.classList.contains('presenter')), false, 'the toggle turns it off');
  assert.deepEqual(errors, []);
  await context.close();
});
