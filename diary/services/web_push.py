"""Web Push: the VAPID key pair and one encrypted message to one subscription (pywebpush).

The private key comes from the environment (VAPID_PRIVATE_KEY, base64url) or from
instance/vapid_private_key, written once by `flask reminders make-keys` (mode 0600).
"""

from __future__ import annotations

import base64
import json
import logging
import os
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from flask import current_app
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

log = logging.getLogger(__name__)

KEY_FILE = "vapid_private_key"
# The push service forgot the subscription: the browser unsubscribed or the app was removed.
GONE = (404, 410)


def b64url(raw: bytes) -> str:
    """Unpadded base64url, as browsers and push services write keys."""
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def key_path(instance_path: str) -> Path:
    return Path(instance_path) / KEY_FILE


def make_keys(instance_path: str) -> str:
    """Write a new private key under instance/ (0600, never over an existing one); the public.

    Raises FileExistsError when a key is there: a new one would end every subscription.
    """
    vapid = Vapid()
    vapid.generate_keys()
    number = vapid.private_key.private_numbers().private_value.to_bytes(32, "big")
    path = key_path(instance_path)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(b64url(number) + "\n")
    return public_key_of(vapid)


def private_key() -> str | None:
    """The VAPID private key (base64url), from the environment or instance/; None if neither."""
    configured = current_app.config.get("VAPID_PRIVATE_KEY")
    if configured:
        return configured.strip()
    path = key_path(current_app.instance_path)
    return path.read_text().strip() if path.exists() else None


def public_key_of(vapid: Vapid) -> str:
    """The application server key a browser subscribes with (uncompressed P-256 point)."""
    return b64url(vapid.public_key.public_bytes(serialization.Encoding.X962,
                                                serialization.PublicFormat.UncompressedPoint))


def public_key() -> str | None:
    """The public key for the browser: VAPID_PUBLIC_KEY, else derived from the private key."""
    configured = current_app.config.get("VAPID_PUBLIC_KEY")
    if configured:
        return configured.strip()
    private = private_key()
    return public_key_of(Vapid.from_string(private)) if private else None


def allowed_endpoint(endpoint: str) -> bool:
    """An https URL of a known push service (PUSH_SERVICE_HOSTS, or a subdomain of one)."""
    config = current_app.config
    parts = urlsplit(endpoint)
    schemes = ("https", "http") if config["PUSH_ALLOW_HTTP"] else ("https",)
    host = (parts.hostname or "").lower()
    return parts.scheme in schemes and any(
        host == known or host.endswith("." + known) for known in config["PUSH_SERVICE_HOSTS"])


def send_push(subscription: dict, payload: dict) -> str:
    """Encrypt and post `payload` (JSON) to one subscription: "sent", "gone" or "failed"."""
    key = private_key()
    if key is None:
        log.warning("push not sent: no VAPID key (run flask reminders make-keys)")
        return "failed"
    try:
        webpush(subscription, data=json.dumps(payload), vapid_private_key=key,
                vapid_claims={"sub": current_app.config["VAPID_SUBJECT"]}, timeout=10, ttl=3600)
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in GONE:
            return "gone"
        log.warning("push failed status=%s", status)
        return "failed"
    except OSError as error:  # the push service cannot be reached
        log.warning("push failed: %s", type(error).__name__)
        return "failed"
    return "sent"
