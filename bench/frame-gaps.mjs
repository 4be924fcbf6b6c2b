// Not a test: which widget of a lecture stalls the page while a student scrolls through it.
// Prints every frame gap over a bound (150 ms unless given) with the widget last scrolled to.
//   node bench/frame-gaps.mjs 6 [80]   (lecture 6, gaps over 80 ms; after trunk build --release)
import { start, openPage, ready, eventually } from '../tests/e2e/harness.mjs';

const n = Number(process.argv[2] || 6);
const over = Number(process.argv[3] || 150);
const env = await start();
try {
  const { page, context } = await openPage(env, `${env.base}#/lecture/${n}`);
  await ready(page, 'article.lesson h1');
  await page.evaluate((over) => {
    window.__gaps = [];
    window.__over = over;
    let last = performance.now();
    const tick = (t) => {
      if (t - last > window.__over) window.__gaps.push([Math.round(t - last), window.__cur]);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, over);
  const sims = page.locator('section.sim');
  const count = await sims.count();
  for (let i = 0; i < count; i++) {
    const w = sims.nth(i);
    const id = `${i}:${await w.getAttribute('data-sim')}`;
    await page.evaluate((id) => { window.__cur = id; }, id);
    await w.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await eventually(async () => (await w.getAttribute('data-started')) === 'true', `widget ${i} started`, 20000);
    await page.waitForTimeout(700);
  }
  console.log(JSON.stringify(await page.evaluate(() => window.__gaps)));
  await context.close();
} finally {
  await env.stop();
}
