"""A local push service and a local SMTP server, so reminder tests reach no outside service.

The push service stands in for the browser's (FCM, Mozilla's ...): it keeps what the app
posts, and the test decrypts it with the subscription's own private key (`http_ece`), as the
browser would. The SMTP server is aiosmtpd's.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from aiosmtpd.controller import Controller
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from diary.services.web_push import b64url


class Browser:
    """One browser's push subscription: the keys a real browser would make and keep."""

    def __init__(self, endpoint: str):
        self.endpoint = endpoint
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth_secret = os.urandom(16)
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        self.subscription = {"endpoint": endpoint,
                             "keys": {"p256dh": b64url(public), "auth": b64url(self.auth_secret)}}

    def read(self, body: bytes) -> dict:
        """The notification's JSON, decrypted as the browser does (RFC 8291, aes128gcm)."""
        plain = http_ece.decrypt(body, private_key=self.private_key,
                                 auth_secret=self.auth_secret, version="aes128gcm")
        return json.loads(plain)


class PushService:
    """An HTTP endpoint on 127.0.0.1 that accepts pushes (201), or answers `status` instead."""

    def __init__(self):
        self.received: list[tuple[str, dict, bytes]] = []
        self.browsers: dict[str, Browser] = {}
        self.status = 201
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                service.received.append(
                    (self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(service.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):  # quiet test output
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def browser(self, name: str) -> Browser:
        """A new subscription whose endpoint is on this service."""
        self.browsers[f"/push/{name}"] = Browser(f"{self.base}/push/{name}")
        return self.browsers[f"/push/{name}"]

    def notifications(self) -> list[dict]:
        """Every push received so far, decrypted with its subscription's keys."""
        return [self.browsers[path].read(body) for path, _headers, body in self.received]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class MailServer:
    """aiosmtpd on a free local port, keeping every message it receives."""

    def __init__(self):
        self.messages = []
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def config(self) -> dict:
        """The app settings that send to this server."""
        return {"MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.port,
                "MAIL_USE_TLS": False, "MAIL_USERNAME": None,
                "MAIL_FROM": "Headache diary <diary@clinic.test>"}

    def close(self):
        self.controller.stop()


def vapid_private_key() -> str:
    """A fresh VAPID private key (base64url of the 32-byte number), as make-keys writes it."""
    key = ec.generate_private_key(ec.SECP256R1())
    return b64url(key.private_numbers().private_value.to_bytes(32, "big"))


def reminder_config(push: PushService, mail: MailServer) -> dict:
    """App settings sending e-mail and pushes to the local servers only."""
    return {**mail.config(), "VAPID_PRIVATE_KEY": vapid_private_key(),
            "VAPID_SUBJECT": "mailto:diary@clinic.test", "PUSH_ALLOW_HTTP": True,
            "PUSH_SERVICE_HOSTS": ("127.0.0.1",), "PUBLIC_URL": "https://diary.clinic.test"}
