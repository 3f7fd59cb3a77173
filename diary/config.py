"""Default configuration. Secrets and the database come from the environment."""

import os
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


class Config:
    """Settings shared by every environment; `create_app` overrides them from the environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    LANGUAGES = ("en", "nl")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    DEFAULT_USER_TIMEZONE = "Europe/Amsterdam"
    # translations/ sits at the repository root, not inside the package: a relative path
    # would resolve against diary/ and Dutch would silently fall back to English.
    BABEL_TRANSLATION_DIRECTORIES = str(REPO_ROOT / "translations")

    # A long diary form must not expire while a patient fills it in.
    WTF_CSRF_TIME_LIMIT = None

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    # Flask-Login's remember-me cookie is not used; should it ever be, the same flags hold.
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    # Sessions end after an idle hour and at the latest twelve hours after login.
    SESSION_IDLE_TIMEOUT = timedelta(hours=1)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    # The cookie is signed again only when the session changes (seen_at moves once a minute):
    # re-signing it on every response cost more than some whole page views.
    SESSION_REFRESH_EACH_REQUEST = False

    # Failed logins allowed within LOGIN_THROTTLE_WINDOW, per account and per address.
    LOGIN_THROTTLE_WINDOW = timedelta(minutes=15)
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 20
    # New accounts per client address within REGISTER_THROTTLE_WINDOW (each costs a 64 MiB hash).
    REGISTER_THROTTLE_WINDOW = timedelta(hours=1)
    REGISTER_MAX_PER_ADDRESS = 10

    # Two-step verification (TOTP). After the password, the code must follow within
    # TWO_FACTOR_PENDING_TIMEOUT; wrong codes per account are counted in LOGIN_THROTTLE_WINDOW.
    TWO_FACTOR_PENDING_TIMEOUT = timedelta(minutes=5)
    TWO_FACTOR_MAX_FAILURES = 5
    TOTP_ISSUER = "Headache diary"
    RECOVERY_CODE_COUNT = 10
    # Changing two-step verification (and granting access) asks for the password again when the
    # last confirmation of who you are is older than this.
    REAUTH_WINDOW = timedelta(minutes=10)

    # No personal access token lives longer than this (ASVS: no credential that never expires).
    API_TOKEN_MAX_LIFETIME = timedelta(days=365)

    # argon2id parameters (OWASP: m=19 MiB, t=2 is the floor; we use more).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    ARGON2_PARALLELISM = 2

    EPISODES_PER_PAGE = 20
    # Rendered dashboards and episode lists kept per worker (diary/fragment_cache.py): about
    # 400 dashboards of 45 000 characters.
    FRAGMENT_CACHE_CHARS = 20_000_000
    # ... and shared by every worker and server through the database (table kept_fragment).
    SHARED_FRAGMENTS = True
    # The site header rendered once per language, role and page in each process
    # (diary/page_header.py); False renders it on every request, as tests compare.
    KEEP_SITE_HEADER = True
    # The caseload: patients per page, and stale figures recomputed after the response
    # (diary/caseload/background.py).
    CASELOAD_PER_PAGE = 50
    # Stale figures recomputed while the physiotherapist waits (about 20 ms each for a year of
    # diary): a cold page stays well under 2 s; the rest follow after the response.
    CASELOAD_FRESH_PER_VIEW = 25
    CASELOAD_BACKGROUND_REFRESH = True

    # The largest request body (the diary import is the only upload; its own limit is 10 MB).
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024

    # Reminders (diary/services/reminders.py). E-mail over SMTP, or printed to the console
    # with MAIL_BACKEND=console (make run). MAIL_USE_TLS: STARTTLS before logging in.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT") or 587)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1").lower() in ("1", "true", "yes")
    MAIL_FROM = os.environ.get("MAIL_FROM", "Headache diary <diary@localhost>")
    # The address links in e-mails start with (the CLI sending them has no request).
    PUBLIC_URL = os.environ.get("DIARY_PUBLIC_URL", "http://127.0.0.1:5000")
    # Web Push: VAPID keys from the environment, else instance/vapid_private_key
    # (`flask reminders make-keys`). The subject tells push services whom to contact.
    VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY")
    VAPID_PUBLIC_KEY = os.environ.get("VAPID_PUBLIC_KEY")
    VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "mailto:diary@localhost")
    # The server posts to a subscription's endpoint: only to the browsers' push services, so a
    # made-up endpoint cannot point it at an address inside the clinic's network.
    PUSH_SERVICE_HOSTS = ("fcm.googleapis.com", "updates.push.services.mozilla.com",
                          "push.services.mozilla.com", "web.push.apple.com",
                          "notify.windows.com", "push.apple.com")
    PUSH_ALLOW_HTTP = False
