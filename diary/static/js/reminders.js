// Reminder settings: ticking "notification on this device" subscribes this browser to Web
// Push before the form is sent; unticking it unsubscribes. Without JavaScript or a service
// worker the form still saves, and e-mail still works.
"use strict";

function keyBytes(base64url) {
  const padded = (base64url + "===".slice((base64url.length + 3) % 4))
    .replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

async function pushRegistration() {
  // The service worker (/sw.js, which imports sw-push.js) is registered by the app itself.
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) return null;
  const registration = await navigator.serviceWorker.getRegistration();
  return registration && registration.pushManager ? registration : null;
}

async function sendSubscription(form, method, body) {
  const token = form.querySelector("input[name='csrf_token']").value;
  await fetch(form.dataset.subscriptions, {
    method, credentials: "same-origin", body: JSON.stringify(body),
    headers: {"Content-Type": "application/json", "X-CSRFToken": token},
  });
}

async function subscribe(form, registration) {
  if ((await Notification.requestPermission()) !== "granted") return "refused";
  const answer = await fetch(form.dataset.pushKey, {credentials: "same-origin"});
  const {publicKey} = await answer.json();
  const subscription = await registration.pushManager.getSubscription() ||
    await registration.pushManager.subscribe({
      userVisibleOnly: true, applicationServerKey: keyBytes(publicKey)});
  await sendSubscription(form, "POST", subscription.toJSON());
  return "on";
}

async function unsubscribe(form, registration) {
  const subscription = await registration.pushManager.getSubscription();
  if (!subscription) return;
  await sendSubscription(form, "DELETE", {endpoint: subscription.endpoint});
  await subscription.unsubscribe();
}

function showStatus(status, which) {
  status.textContent = status.dataset[which] || "";
}

function showTimesOnlyWhenOn(form) {
  // A reminder's time shows once its box is ticked (or when it holds an error).
  form.querySelectorAll(".reminder-time").forEach((time) => {
    const box = time.previousElementSibling.querySelector("input[type='checkbox']");
    const update = () => time.classList.toggle(
      "is-hidden", !box.checked && !time.classList.contains("has-error"));
    box.addEventListener("change", update);
    update();
  });
}

document.addEventListener("DOMContentLoaded", async () => {
  const form = document.querySelector("form[data-subscriptions]");
  if (!form) return;
  showTimesOnlyWhenOn(form);
  const box = form.querySelector("input[name='by_push']");
  const status = document.getElementById("push-status");
  const registration = form.dataset.pushKey ? await pushRegistration() : null;
  if (!registration) {
    showStatus(status, "unsupported");
    return;
  }
  if (await registration.pushManager.getSubscription()) showStatus(status, "on");
  let ready = false;
  form.addEventListener("submit", async (event) => {
    if (ready) return;
    event.preventDefault();
    try {
      if (box.checked) showStatus(status, await subscribe(form, registration));
      else await unsubscribe(form, registration);
    } catch (error) {
      showStatus(status, "unsupported");  // no push service in this browser
    }
    ready = true;
    form.requestSubmit();
  });
});
