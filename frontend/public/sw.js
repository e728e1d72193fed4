/*
 * The diary's service worker (hand-written: three small jobs, no build plugin needed).
 *
 * 1. Web Push: shows what the server pushed (api/push: {title, body, link}) and opens its
 *    link when the notification is tapped.
 * 2. Offline: the app shell (the page and its hashed assets) and the last opened week of
 *    each pupil's diary (with the two around it) stay readable without a network. API answers are kept only for
 *    that week (and the two small answers the diary page needs to start), never others.
 * 3. Privacy on shared computers: the page posts {type: "clear"} on sign-out, and the
 *    cached diary is dropped.
 */
const SHELL = "edudiary-shell-v1";
const DIARY = "edudiary-diary-v1";
const DIARY_PATH = /^\/api\/v1\/students\/([0-9a-f-]+)\/diary$/;
const START_PATHS = new Set(["/api/v1/me", "/api/v1/me/students"]);

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name !== SHELL && name !== DIARY) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: event.data ? event.data.text() : "" };
  }
  const title = data.title || "Электронный дневник";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: data.body || "",
      icon: "/favicon.svg",
      lang: "ru",
      tag: data.id || undefined,
      data: { link: data.link || "/notifications" },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const link = new URL((event.notification.data && event.notification.data.link) || "/", self.location.origin);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      for (const client of windows) {
        if (new URL(client.url).origin === link.origin && "navigate" in client) {
          await client.focus();
          return client.navigate(link.href);
        }
      }
      return self.clients.openWindow(link.href);
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "clear") event.waitUntil(caches.delete(DIARY));
});

async function networkFirst(request, cacheName, keep) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await keep(cache, response.clone());
    }
    return response;
  } catch (error) {
    // ignoreVary: the API varies on Authorization, and an offline page may hold no token.
    const cached = await cache.match(request, { ignoreVary: true });
    if (cached) return cached;
    throw error;
  }
}

/** The diary page fetches the week it shows and then its two neighbours (for the
 * arrows): the last three weeks a pupil's diary asked for are kept — the opened one and
 * those around it — and older ones dropped. */
const WEEKS_KEPT = 3;

function keepWeek(request, studentId) {
  return async (cache, response) => {
    await cache.delete(request, { ignoreVary: true });
    await cache.put(request, response);
    const mine = (await cache.keys()).filter(
      (old) => new URL(old.url).pathname === `/api/v1/students/${studentId}/diary`,
    );
    for (const old of mine.slice(0, Math.max(0, mine.length - WEEKS_KEPT))) await cache.delete(old);
  };
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.mode === "navigate") {
    // The SPA's one page: fresh when online, the kept copy offline.
    event.respondWith(
      networkFirst(request, SHELL, (cache, response) => cache.put("/", response)).catch(
        async () => (await caches.match("/")) || Response.error(),
      ),
    );
    return;
  }
  if (url.pathname.startsWith("/assets/")) {
    // Hashed file names never change: the cache first.
    event.respondWith(
      (async () => {
        const cache = await caches.open(SHELL);
        const cached = await cache.match(request);
        if (cached) return cached;
        const response = await fetch(request);
        if (response.ok) await cache.put(request, response.clone());
        return response;
      })(),
    );
    return;
  }
  const diary = DIARY_PATH.exec(url.pathname);
  if (diary) {
    event.respondWith(networkFirst(request, DIARY, keepWeek(request, diary[1])));
    return;
  }
  if (START_PATHS.has(url.pathname)) {
    event.respondWith(networkFirst(request, DIARY, (cache, response) => cache.put(request, response)));
  }
});
