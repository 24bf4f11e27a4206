// URAN service worker: keeps the page's own static files so the page opens and works offline
// after the first visit. It caches nothing else; the page sends no other requests.
//
// The build writes the asset list and its version into the two constants below, so every new
// deployment is a new service worker, which installs its files and removes the old cache.
'use strict';

const VERSION = '__URAN_VERSION__';
const ASSETS = __URAN_ASSETS__;
const CACHE = 'uran-' + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(ASSETS.map((a) => new Request(a, { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('uran-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

// Cache first for the page's own files, then the network. Only when the network fails does a
// navigation to another path of the site fall back to the cached page.
self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(req, { ignoreSearch: true });
    if (hit) return hit;
    try {
      return await fetch(req);
    } catch (err) {
      if (req.mode === 'navigate') {
        const page = await cache.match(new URL('./', self.registration.scope).href);
        if (page) return page;
      }
      throw err;
    }
  })());
});
