// Shared set-up of the browser tests: the built site (dist/) served as plain static files by
// `python3 -m http.server` (no rewrite rules), at the root and under a sub-path, and Debian's
// Chromium driven by playwright-core. Every page records its console errors, so a test can fail
// on any error or Rust panic.

import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, mkdirSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = resolve(process.env.NEUROLIVE_DIST || join(ROOT, 'dist'));
export const SUBPATH = '/course/neuro/';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function freePort() {
  return new Promise((ok, fail) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => ok(p)); });
    s.on('error', fail);
  });
}

async function waitForPort(port) {
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((ok) => {
      const c = net.connect(port, '127.0.0.1', () => { c.end(); ok(true); });
      c.on('error', () => ok(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`static server on ${port} did not start`);
}

/** Serves `dir` as plain static files on a free port (stop: `.proc.kill()`). */
export async function serve(dir) {
  const port = await freePort();
  const proc = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir],
    { stdio: 'ignore' });
  await waitForPort(port);
  return { port, proc };
}

/** Starts the static servers and the browser. */
export async function start() {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`no built site in ${DIST}: run trunk build --release`);
  // The same dist twice: at the server root, and under a sub-path (a symlink, as a course
  // web server would hold it in a subfolder).
  const sub = mkdtempSync(join(tmpdir(), 'neurolive-subpath-'));
  mkdirSync(join(sub, 'course'), { recursive: true });
  symlinkSync(DIST, join(sub, 'course', 'neuro'));
  const rootServer = await serve(DIST);
  const subServer = await serve(sub);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: FLAGS });
  return {
    browser,
    base: `http://127.0.0.1:${rootServer.port}/`,
    subBase: `http://127.0.0.1:${subServer.port}${SUBPATH}`,
    async stop() {
      await browser.close();
      rootServer.proc.kill();
      subServer.proc.kill();
    },
  };
}

/** A fresh page that records console errors and uncaught exceptions. */
export async function openPage(env, url, { viewport = { width: 1280, height: 800 }, reducedMotion = 'no-preference' } = {}) {
  const context = await env.browser.newContext({ viewport, reducedMotion, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  return { page, context, errors };
}

/** Waits until the app has mounted (the wasm has run). */
export async function ready(page, selector) {
  await page.waitForSelector(selector, { timeout: 20000 });
}

/** A summary of a canvas's pixels: how many distinct colours, and a hash that changes with them. */
export async function canvasInfo(page, selector) {
  return page.$eval(selector, (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const colours = new Set();
    let h = 2166136261;
    for (let i = 0; i < d.length; i += 4) {
      const v = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
      if (colours.size < 5000) colours.add(v);
      h = Math.imul(h ^ v, 16777619) >>> 0;
    }
    return { width: c.width, height: c.height, colours: colours.size, hash: h };
  });
}

/** Polls `check` (an async predicate) every 100 ms until it holds; fails after `ms` naming `what`. */
export async function eventually(check, what, ms = 5000) {
  const t0 = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - t0 > ms) throw new Error(`not reached within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The hashes of the canvases matching `selector` (in document order). */
export async function canvasHashes(page, selector) {
  return page.$$eval(selector, (cs) => cs.map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 2166136261;
    for (let i = 0; i < d.length; i += 4) h = Math.imul(h ^ ((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]), 16777619) >>> 0;
    return h;
  }));
}

/** A still picture of the canvases matching `selector`: polls until two readings `quietMs` apart
 * agree (drawing in progress has ended), and returns their hashes. */
export async function stillHashes(page, selector, ms = 10000, quietMs = 150) {
  let last = await canvasHashes(page, selector);
  let still = null;
  await eventually(async () => {
    await new Promise((r) => setTimeout(r, quietMs));
    const now = await canvasHashes(page, selector);
    const same = JSON.stringify(now) === JSON.stringify(last);
    last = now;
    if (same) still = now;
    return same;
  }, `the canvases ${selector} to be still`, ms);
  return still;
}

/** Waits until the canvases matching `selector` differ from the still picture `baseline`. */
export async function waitForChange(page, selector, baseline, what, ms = 10000) {
  await eventually(async () => JSON.stringify(await canvasHashes(page, selector)) !== JSON.stringify(baseline), what, ms);
}

/** Pauses a widget and waits until its status says so and its plots (sweeps aside, which keep
 * computing while paused) are still. It first waits for the widget to have been shown and to
 * have decided whether to play by itself (`data-started`), so that autoplay cannot start after
 * the pause. */
export async function pause(widget) {
  await eventually(async () => (await widget.getAttribute('data-started')) === 'true', 'the widget to have started', 20000);
  const play = widget.locator('button.play');
  if ((await play.getAttribute('aria-pressed')) === 'true') await play.click();
  const status = widget.locator('.sim-status');
  await eventually(async () => /paused/.test(await status.textContent()), 'the status to say paused');
  const id = await widget.getAttribute('id');
  if (id) await stillHashes(widget.page(), `#${id} figure:not(.plot-sweep):not([hidden]) canvas`);
}

/** Starts recording every gap between animation frames (the page's responsiveness). */
export async function startFrameGaps(page) {
  await page.evaluate(() => {
    const rec = { gaps: [], stop: false };
    window.__frameGaps = rec;
    let last = performance.now();
    const tick = (now) => {
      rec.gaps.push(now - last);
      last = now;
      if (!rec.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Stops the recording and returns its statistics: frames, median, 99th percentile and longest
 * gap (ms), and how many gaps exceeded 100 ms. */
export async function stopFrameGaps(page) {
  const gaps = await page.evaluate(() => { window.__frameGaps.stop = true; return window.__frameGaps.gaps; });
  const sorted = [...gaps].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Infinity;
  return { frames: gaps.length, median: q(0.5), p99: q(0.99), worst: sorted[sorted.length - 1] ?? Infinity, over100: gaps.filter((g) => g > 100).length };
}

/** The frame-gap statistics over the next `ms` of wall time. */
export async function frameGaps(page, ms) {
  await startFrameGaps(page);
  await page.waitForTimeout(ms);
  return stopFrameGaps(page);
}

/** The page stayed responsive. The budget, stated once for every test: 99 % of frames come
 * within 100 ms of the previous one, and no gap reaches 400 ms (a freeze a student would see).
 * A single slow frame on a noisy machine (a GC pause, the software compositor) does not fail a
 * test; a widget that stalls the page does. The figures are printed with the test's output. */
export function assertResponsive(stats, what) {
  const text = `${what}: ${stats.frames} frames, median ${stats.median.toFixed(1)} ms, p99 ${stats.p99.toFixed(1)} ms, longest ${stats.worst.toFixed(1)} ms, ${stats.over100} over 100 ms`;
  console.log(`# frame gaps — ${text}`);
  if (!(stats.frames >= 10 && stats.p99 < 100 && stats.worst < 400)) throw new Error(`the page was not responsive — ${text}`);
}

/** Every simulation id, from the native CLI (`neurolive list`). */
export function simulationIds() {
  const cli = process.env.NEUROLIVE_CLI || join(ROOT, 'target', 'release', 'neurolive');
  return execFileSync(cli, ['list'], { encoding: 'utf8' }).trim().split('\n').map((l) => l.split(/\s+/)[0]);
}

/** The exercises of a lesson file, in order, with their parsed `:::check` keys. */
export function lessonExercises(lecture) {
  const file = readdirSync(join(ROOT, 'lessons')).find((f) => f.startsWith(String(lecture).padStart(2, '0') + '-'));
  const lines = readFileSync(join(ROOT, 'lessons', file), 'utf8').split('\n');
  const out = [];
  let cur = null;
  let section = null;
  let fence = false;
  for (const l of lines) {
    const t = l.trim();
    if (!cur && /^(```|~~~)/.test(t)) fence = !fence;
    if (fence) continue;
    if (t === ':::exercise') { cur = { check: null }; section = 'question'; continue; }
    if (!cur) continue;
    if (t === ':::') { out.push(cur); cur = null; continue; }
    if (t.startsWith(':::')) { section = t.slice(3); if (section === 'check') cur.check = {}; continue; }
    if (section === 'check' && t) {
      const [k, ...v] = t.split(' #')[0].split(':');
      cur.check[k.trim()] = v.join(':').trim();
    }
  }
  return out.map((e, i) => ({ ...e, id: `ex-${lecture}-${i + 1}` }));
}

