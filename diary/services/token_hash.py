"""What is stored of a secret the user holds (an API token, a remembered device's cookie, a
sharing code, a recovery code): its SHA-256 in hex, so the database never holds a usable one."""

from __future__ import annotations

import hashlib


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
