"""One-time codes from an authenticator app (TOTP, RFC 6238) and recovery codes.

Plain functions without Flask or the database, so the rules are easy to test: a code counts for
its own 30-second step and the step before (one step of drift: a code typed just before its step
ended still works), and only for a step later than the last one accepted, so a code cannot be
used twice. A code is thus accepted for at most 60 seconds (ASVS 5.0: the step plus one step
of drift). The next step's code is refused: phones set their clocks from the network, so a
clock running ahead is rare, and accepting it would stretch the window to 90 seconds.
"""

from __future__ import annotations

import hmac
import io
import secrets
from datetime import datetime

import pyotp
import segno

from diary.services.token_hash import hash_token

CODE_DIGITS = 6
DRIFT_STEPS_BEHIND = 1  # the step before the current one; none ahead
# Recovery codes avoid characters that are easy to misread (0/o, 1/l/i).
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
RECOVERY_LENGTH = 10


def new_secret() -> str:
    """A random base32 key of 160 bits, as authenticator apps expect."""
    return pyotp.random_base32(length=32)


def grouped(secret: str) -> str:
    """The key in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The otpauth:// link an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def qr_svg(uri: str) -> bytes:
    """The link as a QR code in SVG, dark on white, without scripts or style attributes."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="svg", scale=6, border=4, light="#fff",
                                    xmldecl=False)
    return buffer.getvalue()


def clean_code(text: str | None) -> str:
    """What the user typed, without spaces or dashes, in lower case."""
    return "".join(ch for ch in (text or "") if ch not in " -\t").lower()


def looks_like_app_code(code: str) -> bool:
    return len(code) == CODE_DIGITS and code.isascii() and code.isdigit()


def code_at(secret: str, moment: datetime) -> str:
    """The code the app shows at `moment` (for tests and the demo)."""
    return pyotp.TOTP(secret).at(moment)


def matching_step(secret: str, code: str, moment: datetime) -> int | None:
    """The time step (the current one at `moment`, or the one before) whose code is `code`,
    or None."""
    if not looks_like_app_code(code):
        return None
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(moment)
    for step in range(now_step - DRIFT_STEPS_BEHIND, now_step + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def accepted_step(secret: str, code: str, moment: datetime, last_step: int | None) -> int | None:
    """The step of a valid code that is later than the last accepted one; None when refused."""
    step = matching_step(secret, code, moment)
    if step is None or (last_step is not None and step <= last_step):
        return None
    return step


def new_recovery_codes(count: int) -> list[str]:
    """`count` random codes shown as "abcde-fghjk" (about 50 bits each)."""
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def hash_recovery_code(code: str) -> str:
    """SHA-256 of the cleaned code: what is stored, so the database never holds a usable code."""
    return hash_token(clean_code(code))
