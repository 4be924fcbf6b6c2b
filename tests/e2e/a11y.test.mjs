// Accessibility: axe-core (injected from node_modules) on the home page, a lesson with its widgets
// started and an embed page, in the light and the dark theme; no serious or critical violation
// is allowed. Then the keyboard: Tab reaches a slider, the arrow keys move it and the widget
// follows, and the focus is visible. Set NEUROLIVE_AXE_REPORT=1 to print the counts by impact.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, openPage, ready, canvasInfo, pause, ROOT } from './harness.mjs';

const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

const PAGES = [
  { name: 'home', hash: '#/', selector: '.lecture-card' },
  { name: 'lesson 3', hash: '#/lecture/3', selector: '.sim canvas' },
  { name: 'embed hh', hash: '#/embed/hh', selector: '.sim canvas' },
];

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

/** Brings every widget on the page into view once, so each has run its preview and filled its
 *  measures (widgets start only when first seen). */
async function startWidgets(page) {
  const n = await page.locator('.sim').count();
  for (let i = 0; i < n; i++) {
    await page.locator('.sim').nth(i).scrollIntoViewIfNeeded();
    await page.waitForTimeout(150);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
}

/** Runs axe on the page; returns the violations and the counts by impact. */
async function runAxe(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    // A fixed rule set: WCAG 2.x A and AA plus axe's best practices.
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  });
  const counts = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  for (const v of result) counts[v.impact] = (counts[v.impact] || 0) + v.nodes.length;
  return { violations: result, counts };
}

function describe(violations) {
  return violations
    .map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n` +
      v.nodes.slice(0, 5).map((n) => `      at ${n.target}\n        ${(n.summary || '').replace(/\n/g, '\n        ')}`).join('\n') +
      (v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : ''))
    .join('\n');
}

for (const scheme of ['light', 'dark']) {
  for (const p of PAGES) {
    test(`axe: no serious or critical violation on ${p.name} (${scheme} theme)`, async () => {
      const { page, context, errors } = await openPage(env, `${env.base}${p.hash}`, { reducedMotion: 'reduce' });
      await page.emulateMedia({ colorScheme: scheme });
      await ready(page, p.selector);
      await startWidgets(page);
      const { violations, counts } = await runAxe(page);
      if (process.env.NEUROLIVE_AXE_REPORT) {
        console.log(`axe ${p.name} (${scheme}): ${JSON.stringify(counts)}` + (violations.length ? `\n${describe(violations)}` : ''));
      }
      const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.equal(bad.length, 0, `axe on ${p.name} (${scheme}) found:\n${describe(bad)}`);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}

test('the dark theme follows the system and changes the page colours', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3`);
  await ready(page, '.sim canvas');
  const colours = () => page.evaluate(() => {
    const b = getComputedStyle(document.body);
    const card = getComputedStyle(document.querySelector('.sim'));
    return { bg: b.backgroundColor, fg: b.color, card: card.backgroundColor };
  });
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await colours();
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await colours();
  assert.notEqual(dark.bg, light.bg, 'the background changes');
  assert.notEqual(dark.fg, light.fg, 'the text colour changes');
  const lum = (rgb) => { const [r, g, b] = rgb.match(/\d+/g).map(Number); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  assert.ok(lum(dark.bg) < 60 && lum(light.bg) > 200, `dark is dark (${dark.bg}) and light is light (${light.bg})`);
  assert.ok(lum(dark.fg) > 180, `light text on the dark background (${dark.fg})`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard: Tab reaches a slider, arrows move it, the widget follows, the focus is visible', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3/sim-passive`, { reducedMotion: 'reduce' });
  await ready(page, '#sim-passive canvas');
  const w = page.locator('#sim-passive');
  await pause(w);
  await page.waitForTimeout(300);
  // Start from the top of the page, as a keyboard user does, and Tab until a slider has focus.
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  let reached = null;
  for (let i = 0; i < 300 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => {
      const a = document.activeElement;
      if (!a || a.type !== 'range') return null;
      return { sim: a.closest('.sim')?.id, param: a.closest('[data-param]')?.dataset.param, presses: 0 };
    });
    if (reached) reached.presses = i + 1;
  }
  assert.ok(reached, 'Tab reaches a slider');
  await page.waitForTimeout(500); // the widget, now in view, has drawn its preview
  const sim = `#${reached.sim}`;
  const row = `${sim} [data-param="${reached.param}"]`;
  // The slider has a name with the parameter and a value text with the unit.
  const a11y = await page.evaluate(() => {
    const a = document.activeElement;
    return { label: a.getAttribute('aria-label'), valuetext: a.getAttribute('aria-valuetext') };
  });
  assert.ok(a11y.label.startsWith(reached.param), `the slider is named after its parameter: ${a11y.label}`);
  const unit = (await page.locator(`${row} .param-unit`).textContent()).trim();
  if (unit) {
    assert.ok(a11y.label.includes(unit), `the name has the unit: ${a11y.label}`);
    assert.ok(a11y.valuetext.endsWith(unit), `the value text has the unit: ${a11y.valuetext}`);
  }
  // The focus ring is drawn.
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, visible: document.activeElement.matches(':focus-visible') };
  });
  assert.ok(ring.visible, 'the slider matches :focus-visible');
  assert.notEqual(ring.style, 'none', 'an outline is drawn');
  assert.ok(ring.width >= 2, `the outline is at least 2px (${ring.width}px)`);
  // Arrow keys move the value; the field, the value text and the plots follow.
  const field = page.locator(`${row} .param-field`);
  const before = { value: await field.inputValue(), text: a11y.valuetext };
  const canvas = `${sim} figure.plot canvas`;
  const pixels = await canvasInfo(page, canvas);
  for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(500);
  let after = await field.inputValue();
  if (after === before.value) {
    // At the top of its range the slider can only go down.
    for (let k = 0; k < 10; k++) await page.keyboard.press('ArrowLeft');
    await page.waitForTimeout(500);
    after = await field.inputValue();
  }
  assert.notEqual(after, before.value, `the arrow keys changed ${reached.param} (was ${before.value})`);
  const textAfter = await page.evaluate(() => document.activeElement.getAttribute('aria-valuetext'));
  assert.notEqual(textAfter, before.text, 'the value text follows the slider');
  assert.notEqual((await canvasInfo(page, canvas)).hash, pixels.hash, 'the plot was redrawn for the new value');
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard: buttons, selects, fields and the details summaries all take a visible focus', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3/sim-hh`, { reducedMotion: 'reduce' });
  await ready(page, '#sim-hh canvas');
  const sel = ['#sim-hh button.play', '#sim-hh .presets select', '#sim-hh .param-field', '#sim-hh .sim-numerics summary',
    '#sim-hh .sim-export summary', '.toc a', '.pager a'];
  for (const s of sel) {
    // Focus by keyboard: focus the element before, then Tab onto this one.
    const ok = await page.evaluate((s) => {
      const all = [...document.querySelectorAll('a[href], button, input, select, summary, [tabindex]')]
        .filter((e) => e.tabIndex >= 0 && !e.disabled && e.offsetParent !== null);
      const target = document.querySelector(s);
      const i = all.indexOf(target);
      if (i < 1) return false;
      all[i - 1].focus();
      return true;
    }, s);
    assert.ok(ok, `${s} is in the Tab order`);
    await page.keyboard.press('Tab');
    const ring = await page.evaluate((s) => {
      const a = document.activeElement;
      const st = getComputedStyle(a);
      return { same: a === document.querySelector(s), visible: a.matches(':focus-visible'), style: st.outlineStyle, width: parseFloat(st.outlineWidth) };
    }, s);
    assert.ok(ring.same, `Tab lands on ${s}`);
    assert.ok(ring.visible && ring.style !== 'none' && ring.width >= 2, `${s} shows a focus ring (${JSON.stringify(ring)})`);
  }
  // A summary opens with the keyboard.
  const numerics = page.locator('#sim-hh .sim-numerics');
  await page.locator('#sim-hh .sim-numerics summary').focus();
  await page.keyboard.press('Enter');
  assert.equal(await numerics.evaluate((d) => d.open), true, 'Enter opens the details');
  assert.deepEqual(errors, []);
  await context.close();
});

test('each plot has a text summary with what is plotted and the current measures', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3/sim-hh`, { reducedMotion: 'reduce' });
  await ready(page, '#sim-hh canvas');
  await page.waitForFunction(() => {
    const v = document.querySelector('#sim-hh .sim-measures td.value');
    return v && v.textContent.trim() !== '';
  });
  const canvases = page.locator('#sim-hh canvas');
  const n = await canvases.count();
  assert.ok(n >= 2);
  for (let i = 0; i < n; i++) {
    const c = canvases.nth(i);
    assert.equal(await c.getAttribute('role'), 'img');
    assert.ok((await c.getAttribute('aria-label')).length > 3, 'the canvas is named by its title');
    const id = await c.getAttribute('aria-describedby');
    assert.ok(id, 'the canvas points at its summary');
    const text = await page.locator(`[id="${id}"]`).textContent();
    assert.match(text, /against/, `the summary says what is plotted: ${text}`);
  }
  // The summary carries the measures shown in the panel, and follows them.
  const summaryOf = async () => page.locator(`[id="${await canvases.first().getAttribute('aria-describedby')}"]`).textContent();
  const firstLabel = (await page.locator('#sim-hh .sim-measures th').first().textContent()).trim();
  const firstValue = (await page.locator('#sim-hh .sim-measures td.value').first().textContent()).trim();
  const s1 = await summaryOf();
  assert.ok(s1.includes(firstLabel), `the summary names the measure '${firstLabel}': ${s1}`);
  if (firstValue !== '—') assert.ok(s1.includes(firstValue), `the summary gives its value ${firstValue}: ${s1}`);
  await pause(page.locator('#sim-hh'));
  await page.locator('#sim-hh .presets select').selectOption('ttx');
  await page.waitForTimeout(600);
  const s2 = await summaryOf();
  const panel = (await page.locator('#sim-hh .sim-measures').textContent()).replace(/\s+/g, ' ');
  assert.notEqual(s2, s1, 'the summary changes with the model');
  const v2 = (await page.locator('#sim-hh .sim-measures td.value').first().textContent()).trim();
  if (v2 !== '—') assert.ok(s2.includes(v2), `summary and panel agree (${s2} / ${panel})`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('reduced motion: no widget plays by itself, and no CSS transition or animation runs', async () => {
  const { page, context, errors } = await openPage(env, `${env.base}#/lecture/3/sim-hh`, { reducedMotion: 'reduce' });
  await ready(page, '#sim-hh canvas');
  await page.waitForTimeout(800);
  assert.equal(await page.locator('#sim-hh button.play').getAttribute('aria-pressed'), 'false', 'no autoplay');
  const moving = await page.evaluate(() => [...document.querySelectorAll('*')].filter((e) => {
    const s = getComputedStyle(e);
    const long = (v) => v.split(',').some((x) => parseFloat(x) > 0.001);
    return long(s.transitionDuration) || (s.animationName !== 'none' && long(s.animationDuration));
  }).length);
  assert.equal(moving, 0, 'no element has a transition or an animation longer than 1 ms');
  assert.deepEqual(errors, []);
  await context.close();
});
