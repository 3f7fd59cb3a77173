"""The security headers on every response (after_request): CSP, framing, caching."""

from __future__ import annotations

from flask import current_app, request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'; img-src 'self' data:"
)
# No health data, and browsers must see a new service worker at once (pwa/views.py).
REVALIDATED = frozenset({"/sw.js", "/manifest.webmanifest"})


def set_security_headers(response):
    """Strict CSP and friends on every response; no caching of pages with health data."""
    headers = response.headers
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.path in REVALIDATED:
        headers["Cache-Control"] = "no-cache"
    elif not request.path.startswith("/static/"):
        headers["Cache-Control"] = "no-store"
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return response


