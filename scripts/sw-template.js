// NeuroLive's service worker: after one visit the whole course works with no network.
// scripts/offline-assets.mjs writes PRECACHE above this line at build time: every file of the built
// site (paths relative to this script), its size and SHA-256, and a VERSION hashed from all of them
// and from this code.
//
// One release at a time, never a mix (some files, like sim-worker.js, keep their name across
// releases, so a page must get all its files from one cache):
// - install: fetch every file into a cache named after VERSION. Each fetch carries the file's hash
//   (Subresource Integrity), so a file of another release (stale HTTP cache, half-finished upload)
//   fails the install instead of entering the cache.
// - a new release's worker waits until no page of the old release is open, then activates and
//   deletes the old release's cache. The next visit gets the new release whole.
// - fetch: the site's files, and page loads of index.html, from the cache first; the network only if
//   the cache lacks them. On a train's weak signal nothing waits for the network.
// Everything is relative to this script's directory, so the site works from any sub-path; the cache
// names carry that directory, so two copies of the course on one origin never delete each other's.

const BASE = new URL('./', self.location).href;
const PREFIX = `neurolive ${BASE} `;
const CACHE = PREFIX + PRECACHE.version;
const INDEX = new URL('index.html', BASE).href;
const PRECACHED = new Set(PRECACHE.files.map((f) => new URL(f.path, BASE).href));

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    try {
      await Promise.all(PRECACHE.files.map(async (f) => {
        const url = new URL(f.path, BASE).href;
        // no-cache: revalidate with the server instead of trusting the browser's HTTP cache.
        const res = await fetch(new Request(url, { cache: 'no-cache', integrity: f.integrity }));
        if (!res.ok) throw new Error(`NeuroLive offline cache: ${url} answered HTTP ${res.status}`);
        await cache.put(url, res);
      }));
    } catch (e) {
      await caches.delete(CACHE); // no half-filled cache is ever used
      throw e;
    }
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    // On the first visit, serve the page that installed us too (it came from the same release).
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  // The file a static server answers with: it ignores the query, and the fragment (the app's
  // #/lecture/3 route, which Chromium keeps in request.url) never reaches it.
  const url = new URL(req.url);
  url.search = '';
  url.hash = '';
  let key = url.href;
  if (req.mode === 'navigate' && key === BASE) key = INDEX;
  if (PRECACHED.has(key)) event.respondWith(cached(key, req));
  // Anything else (outside the site) goes to the network as if there were no worker.
});

async function cached(key, req) {
  const hit = await caches.match(key, { cacheName: CACHE });
  return hit || fetch(req);
}
