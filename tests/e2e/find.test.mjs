// Finding your way: the header's search box (Enter, and `/` to focus it), the results page and
// its links into the lectures, the glossary of symbols reached from an equation, and the
// references page. The search term is chosen from the lesson files, not written down here.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { start, openPage, ready, ROOT } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** A word of 9+ letters in the prose of lecture `n` that no other lesson file contains, with its lecture. */
function uniqueWord(n) {
  const dir = join(ROOT, 'lessons');
  const files = readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
  const texts = files.map((f) => fold(readFileSync(join(dir, f), 'utf8')));
  const own = files.findIndex((f) => f.startsWith(String(n).padStart(2, '0') + '-'));
  let inExercise = false;
  for (const line of readFileSync(join(dir, files[own]), 'utf8').split('\n')) {
    if (line.trim() === ':::exercise') inExercise = true;
    if (line.trim() === ':::') { inExercise = false; continue; }
    // Prose only: no exercises (not indexed), headings, tables, code or math.
    if (inExercise || /^[#|` -]/.test(line) || line.includes('$') || line.includes('`')) continue;
    for (const w of line.split(/[^\p{L}]+/u).map(fold)) {
      if (w.length < 9) continue;
      if (texts.every((t, i) => (i === own) === t.includes(w))) return w;
    }
  }
  throw new Error(`no unique word in lecture ${n}`);
}

test('a term that only one lesson uses: type it, press Enter, follow the result to the lecture', async () => {
  const word = uniqueWord(3);
  const { page, context, errors } = await openPage(env, env.base);
  await ready(page, '.lecture-card');
  // `/` focuses the search box from anywhere on the page.
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-search-q');
  await page.keyboard.type(word.toUpperCase());
  await page.keyboard.press('Enter');
  await page.waitForSelector('.search-group');
  assert.match(page.url(), /#\/search\?q=/);
  const groups = page.locator('.search-group');
  assert.equal(await groups.count(), 1, `'${word}' is in one lecture only`);
  assert.equal(await groups.first().getAttribute('data-lecture'), '3');
  const mark = (await page.locator('.search-hit mark').first().textContent()).toLowerCase();
  assert.equal(fold(mark), word, 'the term is highlighted in the snippet');
  const link = page.locator('.search-hit a.hit-link').first();
  const href = await link.getAttribute('href');
  assert.match(href, /^#\/lecture\/3(\/[a-z0-9_-]+)?$/);
  await link.click();
  await ready(page, 'article.lesson h1');
  assert.match(await page.locator('article.lesson h1').textContent(), /Biophysics/);
  assert.ok(fold(await page.locator('article.lesson').innerText()).includes(word), 'the lecture shows the term');
  const anchor = href.split('/')[3];
  if (anchor) {
    await page.waitForFunction((id) => {
      const r = document.getElementById(id)?.getBoundingClientRect();
      return r && r.top >= -2 && r.top < window.innerHeight;
    }, anchor);
  }
  // Typing `/` inside a field types it instead of jumping.
  await page.goto(`${env.base}#/search?q=${encodeURIComponent(word)}`);
  await page.waitForSelector('.search-group');
  const box = page.locator('#site-search-q');
  assert.equal(await box.inputValue(), word, 'the box shows the query');
  await box.fill('a');
  await box.press('/');
  assert.equal(await box.inputValue(), 'a/');
  assert.deepEqual(errors, []);
  await context.close();
});

test('several words must all match; no match says so', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/search?q=poisson`);
  await page.waitForSelector('.search-group');
  const one = await page.locator('.search-hit').count();
  await page.goto(`${env.base}#/search?q=poisson%20refractory`);
  await page.waitForFunction((n) => document.querySelectorAll('.search-hit').length !== n, one);
  const two = await page.locator('.search-hit').count();
  assert.ok(two > 0 && two < one, `a second word narrows the results (${one} → ${two})`);
  await page.goto(`${env.base}#/search?q=poisson%20qzxjvw`);
  await page.waitForFunction(() => /No results/.test(document.querySelector('.search-summary')?.textContent || ''));
  assert.equal(await page.locator('.search-hit').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the glossary lists the symbols, and an equation links to its entry', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/glossary`);
  await ready(page, '.glossary-entry');
  const entries = page.locator('.glossary-entry');
  assert.ok(await entries.count() >= 30, 'at least 30 symbols');
  for (let i = 0; i < await entries.count(); i++) {
    const e = entries.nth(i);
    assert.equal(await e.locator('th math').count(), 1, 'the symbol is MathML');
    assert.ok(await e.locator('.lectures a').count() >= 1, 'each symbol appears in a lecture');
  }
  // From an equation of lecture 3 to the membrane time constant.
  await page.goto(`${env.base}#/lecture/3`);
  await ready(page, 'article.lesson h1');
  const link = page.locator('.eq-symbols a[href="#/glossary/tau-m"]').first();
  await link.scrollIntoViewIfNeeded();
  await link.click();
  await ready(page, '#sym-tau-m');
  await page.waitForFunction(() => {
    const el = document.getElementById('sym-tau-m');
    const r = el.getBoundingClientRect();
    return document.activeElement === el && r.top >= 0 && r.bottom <= window.innerHeight;
  });
  assert.match(await page.locator('#sym-tau-m .name').textContent(), /membrane time constant/);
  assert.equal((await page.locator('#sym-tau-m .unit').textContent()).trim(), 'ms');
  assert.ok(await page.locator('#sym-tau-m .lectures a[href="#/lecture/3"]').count() === 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the references page gathers each lecture\'s citations', async () => {
  const { page, context, errors } = await openPage(env, env.base);
  await ready(page, '.site-nav');
  await page.locator('.site-nav a[href="#/references"]').click();
  await ready(page, '.ref-lecture');
  for (const n of [1, 2, 3]) {
    const sec = page.locator(`.ref-lecture[data-lecture="${n}"]`);
    assert.ok(await sec.locator('li').count() >= 10, `lecture ${n} cites at least 10 works`);
    assert.match(await sec.innerText(), /Dayan and L\. F\. Abbott/);
    assert.match(await sec.locator('h2 a').getAttribute('href'), new RegExp(`^#/lecture/${n}/references$`));
  }
  const all = page.locator('.ref-all li');
  const da = all.filter({ hasText: 'Dayan and L. F. Abbott (2001)' });
  assert.equal(await da.count(), 1, 'listed once in the alphabetical list');
  assert.match(await da.innerText(), /Cited in lectures 1 2 3/);
  assert.deepEqual(errors, []);
  await context.close();
});
