/// <reference lib="webworker" />
// Lets the courier app open with no signal: the page and its script come from this cache when the
// network fails; the list comes from IndexedDB and pending uploads wait in the outbox.
declare const self: ServiceWorkerGlobalScope;

const CACHE = "timbre-courier-v1";
const SHELL = "/courier/";

/** The page that registered us loaded before we existed: fetch it and its script now, so offline works at once. */
async function precache(): Promise<void> {
  const cache = await caches.open(CACHE);
  const response = await fetch(SHELL, { cache: "no-store" });
  if (!response.ok) return;
  const html = await response.clone().text();
  await cache.put(SHELL, response);
  const src = /src="(\/courier\/app\.js\?v=[^"]+)"/.exec(html)?.[1];
  if (src) await script(new Request(src));
}

self.addEventListener("install", (event) => event.waitUntil(precache().then(() => self.skipWaiting())));
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function shell(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(SHELL, response.clone());
    return response;
  } catch {
    return (await cache.match(SHELL)) ?? Response.error();
  }
}

/** Scripts are versioned (?v=hash) and immutable: the cache answers first, and keeps only the newest. */
async function script(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) {
    for (const old of await cache.keys()) if (new URL(old.url).pathname === "/courier/app.js") await cache.delete(old);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  // Sign-in link pages carry a one-time token: never cached.
  if (url.pathname === "/courier" || url.pathname === "/courier/") event.respondWith(shell(event.request));
  else if (url.pathname === "/courier/app.js") event.respondWith(script(event.request));
});
