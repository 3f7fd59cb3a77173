// The script of every page: small progressive enhancements (every page works without
// JavaScript), then the offline queue. One file, so a phone on a slow connection makes one
// request for it.
"use strict";

function toggleWith(control, target, isShown) {
  const update = () => target.classList.toggle("is-hidden", !isShown());
  control.addEventListener("change", update);
  update();
}

document.addEventListener("DOMContentLoaded", () => {
  // Hide "Ended" while "It is still going on" is ticked.
  const stillGoing = document.getElementById("still_going");
  const ended = document.querySelector(".ended-at");
  if (stillGoing && ended) {
    toggleWith(stillGoing, ended, () => !stillGoing.checked);
  }
  // Show the aura questions only after "Aura: yes".
  const aura = document.getElementById("aura");
  const details = document.querySelector(".aura-details");
  if (aura && details) {
    const answeredYes = () => {
      const yes = aura.querySelector("input[value='yes']");
      return Boolean(yes && yes.checked) || details.querySelector(".has-error") !== null;
    };
    toggleWith(aura, details, answeredYes);
  }
  // The period pickers (dashboard, review, export): the date fields only for "Choose dates"
  // (they stay when they hold an error).
  // The export page has two (the PDF's and the FHIR file's).
  document.querySelectorAll(".period-picker").forEach((picker) => {
    const period = picker.querySelector("select[name='period']");
    const dates = picker.querySelector(".custom-dates");
    if (period && dates) {
      toggleWith(period, dates,
        () => period.value === "custom" || dates.querySelector(".has-error") !== null);
    }
  });
});

// Offline use: registers the service worker, queues a quick log or "no headache" made without
// a connection (IndexedDB, each with a UUID as its idempotency key) and sends the queue when
// the connection returns: on the "online" event, on the next page load, or when Background
// Sync wakes the worker. Texts, URLs, the CSRF token and the user's tag come from the page
// (#offline-data, rendered by diary/pwa/views.py), so nothing here is in one language.
(() => {
  const dataBlock = document.getElementById("offline-data");
  if (!dataBlock || !("indexedDB" in window)) {
    return;
  }
  const data = JSON.parse(dataBlock.textContent);
  const texts = data.texts;
  const QUEUE = "queue";
  const NOTICES = "notices";
  const PAGE_CACHE = "diary-pages";
  let sending = false;
  let needsSignIn = false;

  // --- IndexedDB, in promises -------------------------------------------------------------
  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open("diary-offline", 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(QUEUE, {keyPath: "key"});
        request.result.createObjectStore(NOTICES, {autoIncrement: true});
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function store(name, mode, action) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(name, mode);
      const request = action(transaction.objectStore(name));
      transaction.oncomplete = () => { db.close(); resolve(request && request.result); };
      transaction.onerror = () => { db.close(); reject(transaction.error); };
    });
  }

  const allOf = (name) => store(name, "readonly", (s) => s.getAll());
  const add = (name, item) => store(name, "readwrite", (s) => s.add(item));
  const removeKey = (name, key) => store(name, "readwrite", (s) => s.delete(key));
  const clear = (name) => store(name, "readwrite", (s) => s.clear());

  function newKey() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // --- what the patient sees --------------------------------------------------------------
  function statusArea() {
    let area = document.getElementById("offline-status");
    if (!area) {
      area = document.createElement("div");
      area.id = "offline-status";
      area.className = "messages";
      const main = document.getElementById("main");
      main.insertBefore(area, main.firstChild);
    }
    return area;
  }

  // One line per message; a line with an id is replaced, not repeated.
  function say(text, kind, id) {
    let line = id && document.getElementById(id);
    if (!line) {
      line = document.createElement("p");
      if (id) {
        line.id = id;
      }
      statusArea().appendChild(line);
    }
    line.className = `message message-${kind}`;
    line.setAttribute("role", kind === "error" ? "alert" : "status");
    const span = document.createElement("span");
    span.textContent = text;
    line.replaceChildren(span);
  }

  // Refusals, conflicts and "sent" are shown on Today (once), wherever they were sent from.
  async function showNotices() {
    if (location.pathname !== data.today) {
      return;
    }
    const shown = new Set();  // three entries sent say "sent" once
    for (const notice of (await allOf(NOTICES)).filter((n) => n.user === data.user)) {
      if (!shown.has(notice.text)) {
        shown.add(notice.text);
        say(notice.text, notice.kind);
      }
    }
    await clear(NOTICES);
  }

  async function showWaiting() {
    const waiting = (await allOf(QUEUE)).filter((entry) => entry.user === data.user);
    const line = document.getElementById("offline-waiting");
    if (waiting.length) {
      const text = waiting.length === 1 ? texts.waiting_one : texts.waiting_other;
      say(text.replace("{n}", waiting.length) + (needsSignIn ? ` ${texts.sign_in}` : ""),
        "info", "offline-waiting");
    } else if (line) {
      line.remove();
      document.getElementById("offline-queued")?.remove();
    }
    markQueuedForms(waiting);
  }

  function markQueuedForms(waiting) {
    const queued = new Set(waiting.map((entry) => entry.url));
    document.querySelectorAll("form").forEach((form) => {
      if (queued.has(new URL(form.action, location.href).pathname) && isQueueable(form)
          && !form.classList.contains("quick-log")) {
        form.classList.add("is-hidden");  // the waiting line says it is on its way
      }
    });
  }

  // --- queueing while offline --------------------------------------------------------------
  function isQueueable(form) {
    const path = new URL(form.action, location.href).pathname;
    return form.classList.contains("quick-log") || path.endsWith("/no-headache");
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (form.action && new URL(form.action, location.href).pathname === data.logout) {
      event.preventDefault();
      await forgetEverything();
      form.submit();
      return;
    }
    if (navigator.onLine || !data.user || !isQueueable(form)) {
      return;  // online, the form goes as it always did
    }
    event.preventDefault();
    const fields = [...new FormData(form, event.submitter)]
      .filter(([name]) => name !== "csrf_token");
    await add(QUEUE, {key: newKey(), url: new URL(form.action, location.href).pathname,
      fields, user: data.user, madeAt: Date.now()});
    askForSync();
    if (form.classList.contains("quick-log")) {
      location.assign(data.today);
      return;
    }
    await showWaiting();
    say(texts.queued, "info", "offline-queued");
  });

  async function askForSync() {
    const registration = await navigator.serviceWorker?.ready;
    if (registration && registration.sync) {
      registration.sync.register("diary-queue").catch(() => {});
    }
  }

  // --- sending ----------------------------------------------------------------------------
  async function sendQueue() {
    if (sending || !data.user || !navigator.onLine) {
      return;
    }
    sending = true;
    let sent = 0;
    try {
      const entries = (await allOf(QUEUE)).sort((a, b) => a.madeAt - b.madeAt);
      for (const entry of entries) {
        if (entry.user !== data.user) {
          await removeKey(QUEUE, entry.key);  // another user's: never sent under this account
          continue;
        }
        const outcome = await send(entry);
        if (outcome.keep) {
          needsSignIn = Boolean(outcome.signIn);
          break;
        }
        await removeKey(QUEUE, entry.key);
        await add(NOTICES, {user: data.user, kind: outcome.error ? "error" : "success",
          text: outcome.error || texts.sent});
        sent += 1;
      }
    } finally {
      sending = false;
    }
    if (sent && location.pathname === data.today) {
      location.reload();  // Today as it is now, with what was sent and any conflict
      return;
    }
    await showWaiting();
  }

  async function send(entry) {
    const body = new URLSearchParams(entry.fields);
    body.set("csrf_token", data.csrf);
    body.set("idempotency_key", entry.key);
    body.set("made_at", String(entry.madeAt));
    let response;
    try {
      response = await fetch(entry.url, {method: "POST", body, credentials: "same-origin"});
    } catch (error) {
      return {keep: true};  // no connection after all
    }
    const landed = new URL(response.url).pathname;
    if (landed === data.login || response.status === 400) {
      return {keep: true, signIn: true};  // the session ended: send after the next login
    }
    if (response.status === 409 || response.status >= 500) {
      return {keep: true};  // the first send is still running, or the server is away
    }
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const errors = [...page.querySelectorAll(".message-error")].map((e) => e.textContent.trim());
    if (errors.length) {  // e.g. the day was recorded elsewhere meanwhile
      return {error: `${texts.refused} ${errors.join(" ")}`};
    }
    return response.ok ? {} : {error: texts.refused};
  }

  // --- signing out ------------------------------------------------------------------------
  async function forgetEverything() {
    await Promise.all([clear(QUEUE), clear(NOTICES), forgetPages()]);
  }

  async function forgetPages() {
    if ("caches" in window) {
      await caches.delete(PAGE_CACHE);
    }
    navigator.serviceWorker?.controller?.postMessage({type: "forget"});
  }

  // --- start ------------------------------------------------------------------------------
  function start() {
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register(data.worker, {scope: "/"}).catch(() => {});
      navigator.serviceWorker.addEventListener("message", (event) => {
        if (event.data && event.data.type === "send-queue") {
          sendQueue();
        }
      });
      if (data.user) {
        navigator.serviceWorker.ready.then((registration) => {
          registration.active.postMessage({type: "warm", user: data.user});
        });
      }
    }
    if (!data.user) {
      forgetPages();  // the login page: no page of the last user stays on this device
      return;
    }
    window.addEventListener("online", sendQueue);
    showNotices().then(showWaiting).then(sendQueue);
  }

  start();
})();
