// Web Push in the service worker: /sw.js loads this with importScripts('/static/js/sw-push.js').
// The server sends the notification's text already translated into the patient's language:
// {title, body, url, kind, tag, icon?}. The evening reminder opens /today, the morning one
// yesterday's day page.
"use strict";

const PUSH_ICON = "/static/favicon.svg";

self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = {};
  }
  const title = message.title || "Headache diary";
  event.waitUntil(self.registration.showNotification(title, {
    body: message.body || "",
    icon: message.icon || PUSH_ICON,
    badge: message.icon || PUSH_ICON,
    tag: message.tag || "reminder",
    renotify: false,
    data: {url: message.url || "/today"},
  }));
});

function sameSiteUrl(url) {
  // Only pages of this site: a payload can never send the patient elsewhere.
  const target = new URL(url, self.location.origin);
  return target.origin === self.location.origin ? target.href : self.location.origin + "/today";
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = sameSiteUrl((event.notification.data || {}).url || "/today");
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({type: "window", includeUncontrolled: true});
    for (const client of windows) {
      if (client.url === url && "focus" in client) return client.focus();
    }
    return self.clients.openWindow(url);
  })());
});
