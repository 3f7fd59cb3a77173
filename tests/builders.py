"""Test-data builders and small helpers shared by the test modules (fixtures live in conftest).

No fixture holds an app context for a whole test (as in the Flask-SQLAlchemy docs): each request
runs in a context of its own, as in production. Builders write through `db.session` in an app
context they open only while they work (or in the one the test has open); its session is
removed when it ends, so no transaction is left holding SQLite's lock, and what it returns is a
detached, loaded row (tests/conftest.py keeps objects loaded after commit in the contexts tests
open). A test that reads or writes the database itself does so in `with app.app_context():`.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from babel.support import Translations
from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import selectinload

from diary.api.tokens import issue_token
from diary.config import REPO_ROOT, Config
from diary.extensions import db
from diary.models import (
    AccessLogEntry,
    ApiToken,
    AuraSymptom,
    CareLink,
    CheckIn,
    ClinicalNote,
    Episode,
    EpisodeTrigger,
    IdempotencyKey,
    LoginFailure,
    MedicationIntake,
    PatientOverview,
    PerceivedEffect,
    PushSubscription,
    RecoveryCode,
    RememberedDevice,
    ReminderSent,
    ReminderSetting,
    ShareInvitation,
    TreatmentIntake,
    TreatmentSession,
    User,
    utcnow,
)
from diary.services.accounts import hash_password
from diary.services.totp import code_at

# Cheap argon2 settings so the suite stays fast; one test checks the production settings.
FAST_HASHING = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 8, "ARGON2_PARALLELISM": 1}
PASSWORD = "correct horse battery"
# The authenticator-app key of users made with two_factor=True (every physio by default).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def amsterdam_today() -> date:
    """The test patients' today, asked each time (a session may run past midnight)."""
    return datetime.now(AMSTERDAM).date()


def app_config(database_url: str, **overrides) -> dict:
    """The test configuration on `database_url`: fast hashing, no CSRF, no secure cookies."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        **FAST_HASHING,
    }
    config.update(overrides)
    return config


def local_today() -> date:
    """Today in the clinic's zone, which is every test user's (Config.DEFAULT_USER_TIMEZONE)."""
    return datetime.now(ZoneInfo(Config.DEFAULT_USER_TIMEZONE)).date()


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- app contexts ------------------------------------------------------------------------

_default_apps: list[Flask] = []  # the apps the running test built, newest last


@contextmanager
def default_app(app: Flask) -> Iterator[Flask]:
    """Inside the block, builders called with no context open use `app` (see app_factory)."""
    _default_apps.append(app)
    try:
        yield app
    finally:
        _default_apps.remove(app)


@contextmanager
def app_context(app: Flask | None = None) -> Iterator[None]:
    """An app context for the block: the one already open (if it is `app`'s, when given), else
    a new one for `app` or, by default, for the app the test built last.

    Flask-SQLAlchemy removes a context's session when the context ends, which ends its
    transaction: on SQLite every transaction outside a request holds the write lock, and a
    request would wait for it. Its objects stay loaded (tests/conftest.py keeps them after
    commit in the contexts tests open), so rows built in it stay readable once it has ended.
    """
    if has_app_context() and app in (None, current_app._get_current_object()):
        yield
        return
    if app is None:
        assert _default_apps, "no app: use the `app` fixture or `with app.app_context():`"
        app = _default_apps[-1]
    with app.app_context():
        yield


def in_app_context(builder):
    """Run `builder` in `app_context()`: called outside one, it returns detached, loaded rows."""

    @functools.wraps(builder)
    def build(*args, **kwargs):
        with app_context():
            return builder(*args, **kwargs)

    return build


def reloaded(row):
    """`row` as the database holds it now, its lists loaded too (detached, once read outside
    an app context): how a test sees what a request changed."""
    with app_context():
        return db.session.get(type(row), row.id, populate_existing=True,
                              options=[selectinload("*")])


@in_app_context
def episodes_of(user: User) -> list[Episode]:
    """The user's episodes as the database holds them now, their lists loaded."""
    return list(db.session.scalars(
        sa.select(Episode).where(Episode.user_id == user.id).options(selectinload("*"))))


@in_app_context
def check_ins_of(user: User) -> list[CheckIn]:
    """The user's check-ins as the database holds them now."""
    return list(db.session.scalars(sa.select(CheckIn).where(CheckIn.user_id == user.id)))


@in_app_context
def row_count(model) -> int:
    """How many rows of `model` the test's database holds now."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# --- people ------------------------------------------------------------------------------

@in_app_context
def make_user(email="anna@example.com", role="patient", language="en",
              timezone="Europe/Amsterdam", password=PASSWORD, name="Anna",
              two_factor: bool | None = None) -> User:
    """A user; physiotherapists have two-step verification on (TEST_TOTP_SECRET) unless
    two_factor=False, patients only with two_factor=True."""
    user = User(email=email, role=role, language=language, timezone=timezone, name=name,
                password_hash=hash_password(password))
    if two_factor if two_factor is not None else role == "physio":
        user.totp_secret, user.totp_enabled_at = TEST_TOTP_SECRET, utcnow()
    db.session.add(user)
    db.session.commit()
    return user


def make_physio(email="pieter@clinic.nl", two_factor=True, name="Pieter Jansen") -> User:
    return make_user(email=email, role="physio", name=name, two_factor=two_factor)


@in_app_context
def link(patient: User, physio: User, revoked: bool = False) -> CareLink:
    """The patient shares her diary with the physiotherapist (or did, until revoked)."""
    care_link = CareLink(patient_id=patient.id, physio_id=physio.id,
                         revoked_at=datetime.now(UTC) if revoked else None)
    db.session.add(care_link)
    db.session.commit()
    return care_link


@in_app_context
def make_token(user: User, name: str = "script", expires_in_days: int = 90,
               scope: str = "write") -> str:
    """A fresh API token for `user` (its text); it may read and change unless scope="read"."""
    _row, text = issue_token(user, name, expires_in_days, scope)
    db.session.commit()
    return text


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


# --- the diary ---------------------------------------------------------------------------

@in_app_context
def make_episode(user: User, start: datetime, end: datetime | None = None, intensity=5,
                 **fields) -> Episode:
    episode = Episode(user_id=user.id, started_at=start, ended_at=end, intensity=intensity,
                      **fields)
    db.session.add(episode)
    db.session.commit()
    return episode


@in_app_context
def make_check_in(user: User, day: date, headache_free=True, **fields) -> CheckIn:
    check_in = CheckIn(user_id=user.id, day=day, headache_free=headache_free, **fields)
    db.session.add(check_in)
    db.session.commit()
    return check_in


TENSION = dict(intensity=4, side="both", quality="pressing", worse_with_activity=False,
               nausea=False, vomiting=False, light_sensitivity=False, sound_sensitivity=False,
               aura=False, neck_pain=False)
MIGRAINE = dict(TENSION, intensity=7, side="left", quality="pulsating", nausea=True)


@in_app_context
def headache_on(patient: User, day: date, hours: float = 3, check_in: bool = True,
                medication: str | None = None, **fields) -> Episode:
    """A tension-type-like episode (unless fields say otherwise) from 08:00 Amsterdam time on
    `day`, with a check-in for the day and optionally one medication."""
    start = datetime.combine(day, time(8), AMSTERDAM).astimezone(UTC)
    episode = Episode(user_id=patient.id, started_at=start,
                      ended_at=start + timedelta(hours=hours), **{**TENSION, **fields})
    if medication:
        episode.medications.append(MedicationIntake(name=medication, drug_class=medication))
    db.session.add(episode)
    if check_in:
        db.session.add(CheckIn(user_id=patient.id, day=day, headache_free=False))
    db.session.commit()
    return episode


@in_app_context
def recorded(patient: User, days: int, headaches: int = 0, end: date | None = None,
             **episode) -> None:
    """`days` recorded days ending on `end` (today in Amsterdam); the first `headaches` of them
    with a headache."""
    end = end or amsterdam_today()
    for i in range(days):
        day = end - timedelta(days=days - 1 - i)
        if i < headaches:
            headache_on(patient, day, **episode)
        else:
            db.session.add(CheckIn(user_id=patient.id, day=day, headache_free=True))
    db.session.commit()


@in_app_context
def treated_diary(patient: User, physio: User) -> date:
    """10 headache days in the 28 recorded days before a dry-needling session (upper
    trapezius) 55 days ago, 7 in the first 28-day block after it and 5 in the latest: exactly
    30% and 50% fewer. Returns the session's day."""
    today = amsterdam_today()
    first = today - timedelta(days=55)
    recorded(patient, 28, headaches=10, end=first - timedelta(days=1))
    recorded(patient, 28, headaches=7, end=first + timedelta(days=27))
    recorded(patient, 28, headaches=5, end=today)
    db.session.add(TreatmentSession(
        patient_id=patient.id, physio_id=physio.id, physio_name="Pieter", day=first,
        kind="dry_needling", muscles=["upper_trapezius"]))
    db.session.commit()
    return first


def at_day(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@in_app_context
def seed_known_diary(patient: User, today: date) -> None:
    """28 recorded days: 3 migraine-like days, 4 tension-type-like days, one with paracetamol."""
    for i in range(28):
        make_check_in(patient, today - timedelta(days=i), headache_free=i not in range(1, 8))
    for i in (1, 2, 3):
        day = today - timedelta(days=i)
        make_episode(patient, at_day(day, 6), at_day(day, 14), intensity=8, side="left",
                     quality="pulsating", worse_with_activity=True, nausea=True, vomiting=False,
                     light_sensitivity=True, sound_sensitivity=True, aura=False)
    for i in (4, 5, 6, 7):
        day = today - timedelta(days=i)
        episode = make_episode(patient, at_day(day, 9), at_day(day, 12), intensity=3,
                               side="both", quality="pressing", worse_with_activity=False,
                               nausea=False, vomiting=False, light_sensitivity=False,
                               sound_sensitivity=False, aura=False, neck_pain=True)
    episode.medications.append(MedicationIntake(name="Paracetamol", drug_class="paracetamol",
                                                taken_at=at_day(day, 10), effect="some"))
    db.session.commit()


@in_app_context
def make_session(patient: User, physio: User, day: date, kind: str = "dry_needling",
                 **answer) -> TreatmentSession:
    """A treatment session on `day`; with `answer=code` (or None: skipped), also the
    patient's perceived effect after it."""
    session = TreatmentSession(patient_id=patient.id, physio_id=physio.id,
                               physio_name=physio.signature, day=day, kind=kind)
    db.session.add(session)
    db.session.flush()
    if "answer" in answer:
        db.session.add(PerceivedEffect(session_id=session.id, patient_id=patient.id,
                                       answer=answer["answer"]))
    db.session.commit()
    return session


@in_app_context
def add_diary(user: User, physio: User) -> None:
    """Something in every table: the patient's entries and the clinic's records about them."""
    episode = make_episode(user, utc(2026, 3, 1, 8), utc(2026, 3, 1, 12), notes="n",
                           missed_work=True)
    episode.triggers.append(EpisodeTrigger(trigger="stress"))
    episode.medications.append(MedicationIntake(name="Ibuprofen", drug_class="nsaid"))
    episode.aura_symptoms.append(AuraSymptom(kind="visual", minutes=20))
    make_check_in(user, date(2026, 3, 2), stress=4)
    session = TreatmentSession(patient_id=user.id, physio_id=physio.id, physio_name="Pieter",
                               day=date(2026, 3, 3), kind="dry_needling")
    db.session.add(session)
    db.session.flush()
    db.session.add_all([
        session,
        PerceivedEffect(session_id=session.id, patient_id=user.id, answer="better"),
        RecoveryCode(user_id=user.id, code_hash="a" * 64),
        ShareInvitation(patient_id=user.id, kind="code", code_hash=f"{user.id}" * 64,
                        expires_at=utcnow() + timedelta(days=7)),
        CareLink(patient_id=user.id, physio_id=physio.id),
        ClinicalNote(patient_id=user.id, author_id=physio.id, author_name="Pieter", body="b"),
        TreatmentSession(patient_id=user.id, physio_id=physio.id, physio_name="Pieter",
                         day=date(2026, 3, 3), kind="dry_needling"),
        TreatmentIntake(patient_id=user.id, physio_id=physio.id, physio_name="Pieter",
                        day=date(2026, 3, 1)),
        AccessLogEntry(actor_id=physio.id, actor_name="Pieter", patient_id=user.id,
                       action="view_dashboard"),
        LoginFailure(key=f"account:{user.email}"),
        LoginFailure(key="address:127.0.0.1"),
        ApiToken(user_id=user.id, name="phone", token_hash=f"t{user.id}".ljust(64, "0")),
        PatientOverview(patient_id=user.id, diary_version=1, computed_for=date(2026, 3, 3),
                        data={}),
        IdempotencyKey(user_id=user.id, key="retry", request_hash="h" * 64, status=201,
                       body="{}"),
        RememberedDevice(user_id=user.id, name="Firefox", token_hash=f"d{user.id}".ljust(64, "0"),
                         expires_at=utcnow() + timedelta(days=30)),
        ReminderSetting(user_id=user.id, evening=True),
        PushSubscription(user_id=user.id, endpoint=f"https://push.example/{user.id}",
                         p256dh="k" * 87, auth="a" * 22),
        ReminderSent(user_id=user.id, kind="evening", day=date(2026, 3, 4)),
    ])
    db.session.commit()


# --- requests and pages ------------------------------------------------------------------

def login(client, email="anna@example.com", password=PASSWORD):
    """Log in; with two-step verification on, also send the app's current code.

    Returns the last response (a redirect home when it worked). The last accepted code is
    forgotten first, so logging in twice within one 30-second step works in tests.
    """
    response = client.post("/login", data={"email": email, "password": password})
    if response.status_code != 302 or response.location != "/login/two-factor":
        return response
    with app_context(client.application):
        user = db.session.scalar(db.select(User).where(User.email == email.strip().lower()))
        user.totp_last_step, secret = None, user.totp_secret
        db.session.commit()
    return client.post("/login/two-factor", data={"code": current_code(secret)})


CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_login(client, email="anna@example.com", page="/today") -> str:
    """Log in through the form of an app with CSRF protection on; the form token of the new
    session (read from `page`), which the next POST must carry."""
    token = CSRF_FIELD.search(client.get("/login").get_data(as_text=True))[1]
    client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    # Logging in starts a fresh session, so the form token changes with it.
    return CSRF_FIELD.search(client.get(page).get_data(as_text=True))[1]


def register(page, base: str, email: str) -> None:
    """Create a patient account through the form in a browser (Playwright page), then log in
    with it (registering does not log in: the answer is the same for a taken address)."""
    page.goto(f"{base}/register")
    page.get_by_label("Your name").fill("Browser Patient")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password (at least 8 characters)").fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create my diary").click()
    page.wait_for_url(lambda url: url.startswith(f"{base}/login"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    if "/welcome/reminders" in page.url:  # the reminder offer, when login follows `next`
        page.get_by_role("link", name="Not now").click()
    page.wait_for_url(f"{base}/dashboard")


def current_code(secret: str = TEST_TOTP_SECRET) -> str:
    return code_at(secret, datetime.now(UTC))


def page_json(page, element_id="dashboard-data"):
    """The JSON a page hands its charts."""
    match = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>',
                      page, re.S)
    return json.loads(match.group(1))


def dutch(message: str) -> str:
    """The catalogue's Dutch for an English message (the tests compile it first)."""
    translated = Translations.load(str(REPO_ROOT / "translations"), ["nl"]).gettext(message)
    assert translated != message, f"no Dutch for {message!r}"
    return translated


@contextmanager
def count_statements(app: Flask | None = None):
    """The SQL statements sent to `app`'s database (by default the test's) inside the block
    (a list that fills up)."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app_context(app):
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def run_in_threads(count, work) -> list[Exception]:
    """Run work(0) ... work(count - 1) in threads at once; the errors they raised."""
    errors, threads = [], []

    def guarded(n):
        try:
            work(n)
        except Exception as error:  # collected and asserted on below
            errors.append(error)

    for n in range(count):
        threads.append(threading.Thread(target=guarded, args=(n,)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
