// The site as a student meets it: home page, lecture pages, math, contents, the live demo,
// deep links and sub-paths on a plain static server, and no error in the console anywhere.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openPage, ready, canvasInfo, pause, stillHashes, waitForChange, eventually } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

test('the home page lists the 12 lectures with a summary each', async () => {
  const { page, context, errors } = await openPage(env, env.base);
  await ready(page, '.lecture-card');
  const cards = page.locator('.lecture-card');
  assert.equal(await cards.count(), 12);
  for (let i = 0; i < 12; i++) {
    const c = cards.nth(i);
    assert.equal((await c.locator('.num').textContent()).trim(), String(i + 1));
    assert.ok((await c.locator('.summary').textContent()).trim().length > 20);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a lecture page shows its title, MathML equations and a table of contents that works', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3`);
  await ready(page, 'article.lesson h1');
  assert.match(await page.locator('article.lesson h1').textContent(), /Biophysics of neurons/);
  assert.ok(await page.locator('.prose math').count() > 10, 'equations are MathML');
  assert.ok(await page.locator('math[display="block"]').count() > 3, 'display equations');
  const toc = page.locator('nav.toc a');
  assert.ok(await toc.count() >= 5);
  // Following a contents link scrolls to its section and keeps the page (no reload).
  const link = toc.nth(3);
  const href = await link.getAttribute('href');
  assert.match(href, /^#\/lecture\/3\/[a-z0-9-]+$/);
  await link.click();
  const id = href.split('/').pop();
  await page.waitForFunction((id) => {
    const r = document.getElementById(id)?.getBoundingClientRect();
    return r && r.top >= -2 && r.top < 200;
  }, id);
  assert.equal(await page.title(), 'Biophysics of neurons — NeuroLive');
  // Previous / next lecture links.
  assert.equal(await page.locator('.pager a.prev').getAttribute('href'), '#/lecture/2');
  assert.equal(await page.locator('.pager a.next').getAttribute('href'), '#/lecture/4');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the live demo draws and changes when its slider moves', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3/sim-passive`);
  await ready(page, '#sim-passive canvas');
  const w = page.locator('#sim-passive');
  await page.waitForFunction(() => document.querySelector('#sim-passive .sim-status')?.textContent.includes('t ='));
  await pause(w);
  const canvas = '#sim-passive figure[data-plot="voltage"] canvas';
  const drawn = await canvasInfo(page, canvas);
  assert.ok(drawn.width > 200 && drawn.colours > 10, `voltage plot is drawn (${drawn.colours} colours)`);
  const before = await stillHashes(page, canvas);
  // Move the I_ext slider with the keyboard, as a person would.
  const slider = w.locator('[data-param="I_ext"] input[type="range"]');
  await slider.focus();
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
  await eventually(async () => (await w.locator('[data-param="I_ext"] .param-field').inputValue()) === '0.3', 'I_ext = 0.3 after 20 steps');
  await waitForChange(page, canvas, before, 'the plot changed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('deep links open a lecture and a simulation with its parameters, on a plain static server', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3/sim-hh?preset=repetitive&I_ext=12.5`);
  await ready(page, '#sim-hh');
  const w = page.locator('#sim-hh');
  assert.equal(await w.locator('[data-param="I_ext"] .param-field').inputValue(), '12.5');
  assert.equal(await w.locator('.presets select').inputValue(), 'repetitive');
  await page.waitForFunction(() => {
    const r = document.getElementById('sim-hh').getBoundingClientRect();
    return r.top < window.innerHeight && r.bottom > 0;
  });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the site works from a sub-path, including deep links', async () => {
  for (const url of [env.subBase, `${env.subBase}index.html#/lecture/3`, `${env.subBase}#/lecture/3/sim-passive?tau_m=20`]) {
    const { page, context, errors } = await openPage(env, url);
    if (url === env.subBase) {
      await ready(page, '.lecture-card');
      assert.equal(await page.locator('.lecture-card').count(), 12);
    } else {
      await ready(page, 'article.lesson h1');
      assert.match(await page.locator('article.lesson h1').textContent(), /Biophysics/);
    }
    if (url.includes('tau_m=20')) {
      assert.equal(await page.locator('#sim-passive [data-param="tau_m"] .param-field').inputValue(), '20');
    }
    // The MathML stylesheet and fonts come from the sub-path too.
    const sheet = await page.evaluate(() => [...document.styleSheets].some((s) => s.href?.includes('/course/neuro/math/styles.css')));
    assert.ok(sheet, 'math stylesheet loaded from the sub-path');
    assert.deepEqual(errors, [], url);
    await context.close();
  }
});

test('no page logs an error: home, every lecture, an embed, an unknown page', async () => {
  const pages = ['', ...Array.from({ length: 12 }, (_, i) => `#/lecture/${i + 1}`), '#/embed/hh?preset=repetitive', '#/nowhere'];
  for (const p of pages) {
    const { page, context, errors } = await openPage(env, env.base + p);
    await ready(page, 'main > *');
    await page.waitForTimeout(p.includes('lecture/3') ? 2500 : 600);
    assert.deepEqual(errors, [], `console errors on ${p || 'home'}`);
    await context.close();
  }
});
