"""Remembered devices: "keep me signed in on this device" for patients.

The browser keeps a random token in a long-lived cookie; the database keeps only its SHA-256
hash (`RememberedDevice.token_hash`), so a copy of the database signs nobody in. A token is
usable for LIFETIME after it was made, by a patient whose account still exists. Removing a
device deletes its row: the cookie then finds nothing and the login page follows.

Every function takes the moment (`now`) it works at, so tests run on a fixed clock.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diary.extensions import db
from diary.models import RememberedDevice, User
from diary.services.token_hash import hash_token

LIFETIME = timedelta(days=30)
# Tokens are token_urlsafe(32): 43 characters. Anything much longer is not ours.
TOKEN_MAX_LENGTH = 64

# (pattern in the User-Agent, name shown), first match wins: Edge and Opera also say "Chrome",
# Chrome also says "Safari", so the order matters.
BROWSERS = (
    (r"Edg(e|A|iOS)?/", "Edge"),
    (r"OPR/|Opera", "Opera"),
    (r"SamsungBrowser/", "Samsung Internet"),
    (r"Firefox/|FxiOS/", "Firefox"),
    (r"Chrome/|CriOS/|Chromium/", "Chrome"),
    (r"Safari/", "Safari"),
)
SYSTEMS = (
    (r"Android", "Android"),
    (r"iPhone", "iPhone"),
    (r"iPad", "iPad"),
    (r"Windows", "Windows"),
    (r"CrOS", "ChromeOS"),
    (r"Macintosh|Mac OS X", "macOS"),
    (r"Linux", "Linux"),
)


def device_name(user_agent: str) -> str:
    """"Chrome · Android" from a User-Agent; the known parts only, "" when none is known.

    Words-free, so it reads the same in every language; the page says "unknown" for "".
    """
    parts = [next((name for pattern, name in table if re.search(pattern, user_agent)), None)
             for table in (BROWSERS, SYSTEMS)]
    return " · ".join(part for part in parts if part)


def remember(user: User, user_agent: str, now: datetime) -> str:
    """Add a remembered device for `user` and return its token (for the cookie, only)."""
    token = secrets.token_urlsafe(32)
    db.session.add(RememberedDevice(
        user=user, token_hash=hash_token(token), name=device_name(user_agent)[:100],
        created_at=now, last_used_at=now, expires_at=now + LIFETIME))
    return token


def may_be_remembered(user: User) -> bool:
    """Patients only: physiotherapists keep short sessions whatever a cookie says."""
    return user.is_patient and user.deleted_at is None


def use_device(session: Session, token: str, now: datetime) -> int | None:
    """The id of the patient `token` signs in at `now` (its last use moved to `now`), else None.

    A device that is expired, or whose owner may not be remembered, is deleted on the way.
    `session` is a short transaction of its own (the caller's request only reads until its view).
    """
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    device = session.scalar(sa.select(RememberedDevice)
                            .where(RememberedDevice.token_hash == hash_token(token)))
    if device is None:
        return None
    if now >= device.expires_at or not may_be_remembered(device.user):
        session.delete(device)
        return None
    device.last_used_at = now
    return device.user_id


def devices_of(user: User) -> list[RememberedDevice]:
    """The user's remembered devices, the one used last first."""
    return list(db.session.scalars(
        sa.select(RememberedDevice).where(RememberedDevice.user_id == user.id)
        .order_by(RememberedDevice.last_used_at.desc(), RememberedDevice.id.desc())))


def own_device(user: User, device_id: int) -> RememberedDevice | None:
    """The device if it is `user`'s; None for someone else's or an unknown id."""
    return db.session.scalar(sa.select(RememberedDevice).where(
        RememberedDevice.id == device_id, RememberedDevice.user_id == user.id))


def forget_token(token: str | None) -> None:
    """Remove the device that holds `token` (logging out on it), if there is one."""
    if token and len(token) <= TOKEN_MAX_LENGTH:
        db.session.execute(sa.delete(RememberedDevice)
                           .where(RememberedDevice.token_hash == hash_token(token)))


def forget_all(user: User) -> int:
    """Remove every remembered device of `user` (sign out everywhere, a new password)."""
    result = db.session.execute(sa.delete(RememberedDevice)
                                .where(RememberedDevice.user_id == user.id))
    return result.rowcount
