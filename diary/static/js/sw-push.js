// Push reminders for the service worker (imported by sw.js); the reminders part fills this in.
