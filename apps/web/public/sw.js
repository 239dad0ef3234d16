// Tandem's service worker: keeps the app shell (the page and its hashed assets) so the app opens
// and the editor loads from IndexedDB while the server is unreachable, and the documents' stored
// files (images) this browser has shown, so they still show offline. The sync socket and the rest
// of the API are never cached.
const CACHE = 'tandem-shell-v1';
const FILES = 'tandem-files-v1';
const FILE_PATH = /^\/api\/docs\/[^/]+\/files\/[A-Za-z0-9_-]+$/;

async function cacheShell() {
  const cache = await caches.open(CACHE);
  const res = await fetch('/', { cache: 'no-cache' });
  if (!res.ok) return;
  const html = await res.clone().text();
  await cache.put('/', res);
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+|\/favicon\.svg)"/g)].map((m) => m[1]);
  await cache.addAll(assets);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE && k !== FILES).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && (url.pathname === '/' || /^\/d\/[^/]+\/?$/.test(url.pathname))) {
    // network first, so a new version shows at once; the cached page when offline
    event.respondWith(
      fetch(request)
        .then((res) => {
          if (res.ok) {
            const copy = res.clone();
            void caches.open(CACHE).then((cache) => cache.put('/', copy));
          }
          return res;
        })
        .catch(async () => (await caches.match('/')) ?? Response.error()),
    );
  } else if (FILE_PATH.test(url.pathname) && !url.searchParams.has('download')) {
    // a stored file never changes under its id: the network first (access is checked each time
    // while online), the copy when offline
    event.respondWith(
      fetch(request)
        .then((res) => {
          if (res.ok) {
            const copy = res.clone();
            void caches.open(FILES).then((cache) => cache.put(url.pathname, copy));
          } else if (res.status === 401 || res.status === 403 || res.status === 404) {
            void caches.open(FILES).then((cache) => cache.delete(url.pathname));
          }
          return res;
        })
        .catch(async () => (await caches.match(url.pathname, { cacheName: FILES })) ?? Response.error()),
    );
  } else if (url.pathname.startsWith('/assets/')) {
    // hashed, so never stale
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ??
          fetch(request).then((res) => {
            if (res.ok) {
              const copy = res.clone();
              void caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return res;
          }),
      ),
    );
  }
});
