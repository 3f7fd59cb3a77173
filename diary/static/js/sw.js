// The service worker, served at /sw.js (diary/pwa/views.py puts SETTINGS above this line:
// the static files to keep, the pages that work offline, the offline page, the user header).
//
// Static files have content-hashed names, so a kept copy is right for as long as its name is.
// Pages go to the network first; Today and the quick log are kept for offline use, but only
// with the tag of the user they were made for (the Diary-User header), and a kept page is
// shown only while that user is the one last seen signed in. A page without a tag (signed
// out, the login page) forgets every kept page.
/* global SETTINGS */
"use strict";

try {
  importScripts("/static/js/sw-push.js");  // push reminders, when that part is installed
} catch (error) {
  // Without it the diary works as before: no reminders from the worker.
}

const STATIC_CACHE = "diary-static";
const PAGE_CACHE = "diary-pages";
const META_CACHE = "diary-meta";
const CURRENT_USER = "/__current-user";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC_CACHE)
    .then((cache) => cache.addAll([...SETTINGS.precache, SETTINGS.offline]))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(dropOldStatic().then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;  // sending (POST) always goes to the server
  }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate" || SETTINGS.pages.includes(url.pathname)) {
    event.respondWith(networkFirst(request));
  }
});

self.addEventListener("message", (event) => {
  const kind = event.data && event.data.type;
  if (kind === "warm") {
    event.waitUntil(warm(event.data.user));
  } else if (kind === "forget") {
    event.waitUntil(forgetPages());
  }
});

// Background Sync (where the browser has it): ask the open pages to send their queue.
self.addEventListener("sync", (event) => {
  if (event.tag === "diary-queue") {
    event.waitUntil(self.clients.matchAll({type: "window"}).then((clients) => {
      clients.forEach((client) => client.postMessage({type: "send-queue"}));
    }));
  }
});

async function dropOldStatic() {
  const cache = await caches.open(STATIC_CACHE);
  const wanted = new Set([...SETTINGS.precache, SETTINGS.offline]
    .map((path) => new URL(path, self.location.origin).href));
  const kept = await cache.keys();
  await Promise.all(kept.filter((request) => !wanted.has(request.url))
    .map((request) => cache.delete(request)));
}

async function cacheFirst(request) {
  const cache = await caches.open(STATIC_CACHE);
  const kept = await cache.match(request);
  if (kept) {
    return kept;
  }
  const response = await fetch(request);
  // Only a hashed name (immutable) may be kept: a plain name can change under it.
  if (response.ok && (response.headers.get("Cache-Control") || "").includes("immutable")) {
    await cache.put(request, response.clone());
  }
  return response;
}

async function networkFirst(request) {
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    await remember(url, response);
    return response;
  } catch (error) {
    const kept = await keptPage(url);
    if (kept) {
      return kept;
    }
    return (await caches.match(SETTINGS.offline)) || Response.error();
  }
}

async function remember(url, response) {
  if (response.type === "opaqueredirect") {
    return;  // a navigation's redirect says nothing about who is signed in
  }
  const user = response.headers.get(SETTINGS.userHeader) || "";
  if (user !== await currentUser()) {
    await forgetPages();
    await setCurrentUser(user);
  }
  const path = new URL(response.url || url.href).pathname;
  if (user && response.ok && SETTINGS.pages.includes(path)) {
    const cache = await caches.open(PAGE_CACHE);
    await cache.put(path, response.clone());
  }
}

async function keptPage(url) {
  const user = await currentUser();
  if (!user || !SETTINGS.pages.includes(url.pathname)) {
    return null;
  }
  const kept = await (await caches.open(PAGE_CACHE)).match(url.pathname);
  return kept && kept.headers.get(SETTINGS.userHeader) === user ? kept : null;
}

// Keep the offline pages the user has not opened yet (once per user, not on every page).
// The page says who is signed in: its first load came before this worker controlled it.
async function warm(user) {
  if (!user) {
    return;
  }
  if (user !== await currentUser()) {
    await forgetPages();
    await setCurrentUser(user);
  }
  const cache = await caches.open(PAGE_CACHE);
  for (const path of SETTINGS.pages) {
    if (!(await cache.match(path))) {
      try {
        await remember(new URL(path, self.location.origin),
          await fetch(path, {credentials: "same-origin"}));
      } catch (error) {
        return;  // offline now: try again on a later page
      }
    }
  }
}

async function forgetPages() {
  await caches.delete(PAGE_CACHE);
  await setCurrentUser("");
}

async function currentUser() {
  const kept = await (await caches.open(META_CACHE)).match(CURRENT_USER);
  return kept ? kept.text() : "";
}

async function setCurrentUser(user) {
  await (await caches.open(META_CACHE)).put(CURRENT_USER, new Response(user));
}
