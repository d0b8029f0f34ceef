// rvuedge service worker: keeps the app shell for offline use. API answers are never cached:
// figures come from the server or are not shown; cases logged offline wait in IndexedDB (outbox.js).
const CACHE = "rvuedge-shell-v6";
const SHELL = [
  "/",
  "/manifest.webmanifest",
  "/static/app.css",
  "/static/js/app.js",
  "/static/js/api.js",
  "/static/js/outbox.js",
  "/static/js/ui.js",
  "/static/js/charts.js",
  "/static/js/dates.js",
  "/static/js/screens/auth.js",
  "/static/js/screens/home.js",
  "/static/js/screens/log.js",
  "/static/js/screens/reports.js",
  "/static/js/screens/globals.js",
  "/static/js/screens/settings.js",
  "/static/js/screens/contract.js",
  "/static/js/screens/pay.js",
  "/static/js/screens/files.js",
  "/static/js/screens/caselog.js",
  "/static/js/screens/nextyear.js",
  "/static/js/screens/groups.js",
  "/static/js/screens/cases.js",
  "/static/js/screens/notfound.js",
  "/static/icons/icon.svg",
  "/static/icons/icon-192.png",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/docs")) return;
  // Network first so a new release shows at once; the cached shell when there is no signal.
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request, { ignoreSearch: true })
        .then((hit) => hit || caches.match("/"))),
  );
});
