"""The diary's data: users, daily check-ins, headache episodes, their triggers and medication.

Times are stored in UTC (`UTCDateTime`); "a day" is the patient's local calendar day, stored as
a plain date on the check-in.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

# The codes stored in the columns are the analysis package's own vocabulary.
from diary.analysis.vocabulary import (  # noqa: F401  (re-exported for the app)
    AURA_TYPES,
    EFFECTS,
    EPISODE_TRIGGERS,
    LOCATIONS,
    MEDICATION_CLASSES,
    MUSCLES,
    PERCEIVED_EFFECTS,
    QUALITIES,
    SIDES,
    TREATMENT_KINDS,
)
from diary.extensions import db

ROLES = ("patient", "physio")


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (a callable, so defaults are evaluated per row)."""
    return datetime.now(UTC)


def known_codes(column: str, value, codes: tuple[str, ...]):
    """`value` (a code, a list of codes or None) if every code is one of `codes`.

    Raises ValueError otherwise, so a misspelt code fails where it is written instead of
    showing up later as an unlabelled word on a page or a gap in the analysis.
    """
    for code in value if isinstance(value, list | tuple) else (value,):
        if code is not None and code not in codes:
            raise ValueError(f"{code!r} is not a known {column}")
    return value


def new_session_token() -> str:
    """A fresh random token identifying the user's live sessions."""
    return secrets.token_urlsafe(32)


class UTCDateTime(sa.TypeDecorator):
    """Stores aware datetimes as naive UTC and returns them aware, on SQLite and PostgreSQL."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


class User(UserMixin, db.Model):
    """A patient or a physiotherapist."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(100), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(10), default="patient")
    language: Mapped[str] = mapped_column(sa.String(5), default="en")
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Europe/Amsterdam")
    # "system" follows the device (prefers-color-scheme); light, dark and dim are fixed.
    theme: Mapped[str] = mapped_column(sa.String(10), default="system", server_default="system")
    # Returned by get_id(): rotating it ends every session that holds the old value.
    session_token: Mapped[str] = mapped_column(
        sa.String(64), unique=True, default=new_session_token
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Two-factor login (TOTP). The secret is set at enrolment and counts once confirmed;
    # the last accepted time step refuses a code used twice.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None]
    # A physiotherapist's one-time setup code from the clinic (SHA-256), needed to enrol
    # two-step verification; cleared once enrolled.
    enrolment_code_hash: Mapped[str | None] = mapped_column(sa.String(64))
    # Raised by one (in SQL) whenever the diary changes: see diary/diary_version.py.
    diary_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Raised with it, except by a change to nothing but a check-in's daily factors or note:
    # the version of what the headache pattern is made of (diary/diary_version.py).
    pattern_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Set when the patient erased their account: the row stays as a tombstone (see erasure.py).
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    check_ins: Mapped[list[CheckIn]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )
    episodes: Mapped[list[Episode]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    def get_id(self) -> str:
        return self.session_token

    def end_all_sessions(self) -> None:
        """Invalidate every cookie issued so far (logout, password change)."""
        self.session_token = new_session_token()

    @property
    def is_patient(self) -> bool:
        return self.role == "patient"

    @property
    def is_physio(self) -> bool:
        return self.role == "physio"

    @property
    def has_two_factor(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def signature(self) -> str:
        """How the user signs notes and appears in access logs: name, else email."""
        return self.name or self.email


class LoginFailure(db.Model):
    """One failed login, kept in the database so the throttle holds across workers."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # "account:<email>" or "address:<ip>"
    key: Mapped[str] = mapped_column(sa.String(300), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class CheckIn(db.Model):
    """What the patient recorded about one local calendar day, with the daily factors."""

    __table_args__ = (sa.UniqueConstraint("user_id", "day", name="uq_check_in_user_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(sa.Date)
    headache_free: Mapped[bool] = mapped_column(default=False)
    stress: Mapped[int | None]
    screen_hours: Mapped[float | None]
    sleep_hours: Mapped[float | None]
    menstruation: Mapped[bool | None]
    posture: Mapped[bool | None]
    note: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(back_populates="check_ins")


class Episode(db.Model):
    """One headache episode. Unanswered yes/no questions stay NULL: "not recorded" ≠ "no"."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    intensity: Mapped[int]
    side: Mapped[str | None] = mapped_column(sa.String(10))
    locations: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    quality: Mapped[str | None] = mapped_column(sa.String(10))
    worse_with_activity: Mapped[bool | None]
    nausea: Mapped[bool | None]
    vomiting: Mapped[bool | None]
    light_sensitivity: Mapped[bool | None]
    sound_sensitivity: Mapped[bool | None]
    aura: Mapped[bool | None]
    aura_types: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    aura_minutes: Mapped[int | None]
    aura_gradual: Mapped[bool | None]
    aura_positive: Mapped[bool | None]
    aura_one_sided: Mapped[bool | None]
    aura_headache_within_60: Mapped[bool | None]
    # Several aura symptoms: True one after another, False all at once (ICHD-3 1.2 C).
    aura_in_succession: Mapped[bool | None]
    neck_pain: Mapped[bool | None]
    neck_onset: Mapped[bool | None]
    sudden_onset: Mapped[bool | None]
    fever: Mapped[bool | None]
    neuro_symptoms: Mapped[bool | None]
    # What the headache stopped, counted as disability days (diary/analysis/disability.py).
    missed_work: Mapped[bool | None]
    halved_work: Mapped[bool | None]
    missed_activities: Mapped[bool | None]
    # Red flags: when the patient acknowledged this episode's warning signs on the Today page
    # (NULL: not yet, or the episode has none).
    red_flags_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    trigger_other: Mapped[str | None] = mapped_column(sa.String(200))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(back_populates="episodes")
    triggers: Mapped[list[EpisodeTrigger]] = relationship(
        back_populates="episode", cascade="all, delete-orphan", passive_deletes=True,
        order_by="EpisodeTrigger.trigger",
    )
    medications: Mapped[list[MedicationIntake]] = relationship(
        back_populates="episode", cascade="all, delete-orphan", passive_deletes=True,
        order_by="MedicationIntake.id",
    )
    aura_symptoms: Mapped[list[AuraSymptom]] = relationship(
        back_populates="episode", cascade="all, delete-orphan", passive_deletes=True,
        order_by="AuraSymptom.id",
    )

    # The questions a clinician needs answered before the episode can be classified.
    REQUIRED_FOR_REVIEW = (
        "ended_at", "side", "quality", "worse_with_activity", "nausea", "vomiting",
        "light_sensitivity", "sound_sensitivity", "aura", "neck_pain",
    )

    _CODES = {"side": SIDES, "quality": QUALITIES, "locations": LOCATIONS,
              "aura_types": AURA_TYPES}

    @validates(*_CODES)
    def _check_codes(self, column: str, value):
        return known_codes(column, value, self._CODES[column])

    @property
    def still_going(self) -> bool:
        return self.ended_at is None

    def missing_fields(self) -> list[str]:
        """Names of the review questions still unanswered (an ongoing episode lacks no end)."""
        skip = {"ended_at"}
        return [f for f in self.REQUIRED_FOR_REVIEW if f not in skip and getattr(self, f) is None]

    @property
    def trigger_codes(self) -> list[str]:
        return [t.trigger for t in self.triggers]


class EpisodeTrigger(db.Model):
    """A possible trigger the patient linked to an episode."""

    __table_args__ = (
        sa.UniqueConstraint("episode_id", "trigger", name="uq_episode_trigger_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(
        sa.ForeignKey("episode.id", ondelete="CASCADE"), index=True
    )
    trigger: Mapped[str] = mapped_column(sa.String(20))

    episode: Mapped[Episode] = relationship(back_populates="triggers")

    @validates("trigger")
    def _check_code(self, column: str, value):
        return known_codes(column, value, EPISODE_TRIGGERS)


class MedicationIntake(db.Model):
    """One medication taken for an episode, with its effect."""

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(
        sa.ForeignKey("episode.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(100))
    drug_class: Mapped[str] = mapped_column(sa.String(20))
    dose: Mapped[str | None] = mapped_column(sa.String(50))
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    effect: Mapped[str | None] = mapped_column(sa.String(10))

    episode: Mapped[Episode] = relationship(back_populates="medications")

    @validates("drug_class", "effect")
    def _check_codes(self, column: str, value):
        return known_codes(column, value,
                           MEDICATION_CLASSES if column == "drug_class" else EFFECTS)


class AuraSymptom(db.Model):
    """One aura symptom of an episode and how long it lasted (ICHD-3 1.2 C judges each one).

    Episodes from before this table have no rows: their aura stays "not recorded per symptom".
    """

    __table_args__ = (sa.UniqueConstraint("episode_id", "kind", name="uq_aura_symptom_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(
        sa.ForeignKey("episode.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20))
    minutes: Mapped[int | None]

    episode: Mapped[Episode] = relationship(back_populates="aura_symptoms")

    @validates("kind")
    def _check_code(self, column: str, value):
        return known_codes(column, value, AURA_TYPES)


class RecoveryCode(db.Model):
    """A single-use code that replaces the authenticator app once (stored as a SHA-256 hash)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# --- sharing the diary with a physiotherapist ------------------------------------------------

INVITATION_KINDS = ("code", "email")


class CareLink(db.Model):
    """A patient's consent for one physiotherapist to read their diary.

    Revoking sets `revoked_at`; the row stays so the patient's sharing history is complete.
    Granting again re-opens the same row.
    """

    __table_args__ = (sa.UniqueConstraint("patient_id", "physio_id", name="uq_care_link_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    physio_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    patient: Mapped[User] = relationship(foreign_keys=[patient_id])
    physio: Mapped[User] = relationship(foreign_keys=[physio_id])

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ShareInvitation(db.Model):
    """A patient's offer of access: a single-use share code, or an invitation to an email.

    Only a SHA-256 hash of a share code is stored; the patient sees the code once.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    code_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    email: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    patient: Mapped[User] = relationship(foreign_keys=[patient_id])

    def open_at(self, moment: datetime) -> bool:
        """Unused, not withdrawn and not expired at `moment`."""
        return self.used_at is None and self.withdrawn_at is None and moment < self.expires_at


class AccessLogEntry(db.Model):
    """One view, change or export of a patient's data by someone else (NEN 7513).

    Append-only: database triggers (see the migration) refuse UPDATE and DELETE. The ids carry
    no foreign keys and the actor's name is copied, so entries outlive the accounts they name.
    """

    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int]
    actor_name: Mapped[str] = mapped_column(sa.String(254))
    patient_id: Mapped[int] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(sa.String(40))
    detail: Mapped[str] = mapped_column(sa.String(200), default="")


# --- the physiotherapist's records -----------------------------------------------------------
# Kept by the clinic under Dutch law (WGBO): no cascade from the patient's account.

class ClinicalNote(db.Model):
    """A dated note signed by a physiotherapist, visible to the patient."""

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    # The signature as it was when written; it does not change with the author's account.
    author_name: Mapped[str] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    body: Mapped[str] = mapped_column(sa.Text)


class TreatmentSession(db.Model):
    """One treatment given by a physiotherapist; its date marks the charts."""

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    physio_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    physio_name: Mapped[str] = mapped_column(sa.String(254))
    day: Mapped[date] = mapped_column(sa.Date)
    kind: Mapped[str] = mapped_column(sa.String(20))
    muscles: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    muscles_other: Mapped[str | None] = mapped_column(sa.String(200))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @validates("kind", "muscles")
    def _check_codes(self, column: str, value):
        return known_codes(column, value, TREATMENT_KINDS if column == "kind" else MUSCLES)


class PerceivedEffect(db.Model):
    """The patient's answer, a few days after a session, to how their headaches have changed
    since treatment began (diary/analysis/perceived.py).

    One row per session: asked once. `answer` NULL means the patient dismissed the question.
    The patient's own words, so the row goes with the session and with the patient's account.
    """

    __table_args__ = (sa.UniqueConstraint("session_id", name="uq_perceived_effect_session"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("treatment_session.id", ondelete="CASCADE"))
    patient_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    answer: Mapped[str | None] = mapped_column(sa.String(20))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @validates("answer")
    def _check_code(self, column: str, value):
        return known_codes(column, value, PERCEIVED_EFFECTS)


class TreatmentIntake(db.Model):
    """The intake date a physiotherapist set for a patient: the treatment outcomes compare
    with the 28 days before it (without one, the 28 days before the first session)."""

    patient_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), primary_key=True)
    day: Mapped[date] = mapped_column(sa.Date)
    physio_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    physio_name: Mapped[str] = mapped_column(sa.String(254))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

# --- the caseload's cache ----------------------------------------------------------------------

class PatientOverview(db.Model):
    """A patient's caseload figures (analysis.Overview as JSON), computed for one local day.

    Valid while `diary_version` equals the patient's and `computed_for` is still their today;
    anything else is recomputed (diary/services/overviews.py).
    """

    patient_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    diary_version: Mapped[int]
    computed_for: Mapped[date] = mapped_column(sa.Date)
    data: Mapped[dict] = mapped_column(sa.JSON)


class KeptFragment(db.Model):
    """A rendered page part (or API answer) shared by every worker and server
    (diary/fragment_cache.py): valid while `diary_version` is the owner's, and only for the
    code that rendered it (the build is part of `key`)."""

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)  # sha256 of the full key
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                          index=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    diary_version: Mapped[int]
    build: Mapped[str] = mapped_column(sa.String(16))  # the code's fingerprint, see there
    text: Mapped[str] = mapped_column(sa.Text)


# --- personal access tokens for the JSON API -------------------------------------------------

class ApiToken(db.Model):
    """A personal access token: `Authorization: Bearer <token>` acts as its owner in the API.

    Only a SHA-256 hash is stored (the token is shown once). Revoking sets `revoked_at`; the row
    stays so the owner still sees when it was used last.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Nullable only for rows from before API_TOKEN_MAX_LIFETIME (the migration set them all).
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "read": GET only; "write": also the changes (PUT, POST, PATCH, DELETE).
    scope: Mapped[str] = mapped_column(sa.String(10), default="read", server_default="read")

    user: Mapped[User] = relationship()

    @property
    def may_write(self) -> bool:
        return self.scope == "write"

    def usable_at(self, moment: datetime) -> bool:
        """Not revoked and not expired at `moment`."""
        return self.revoked_at is None and (self.expires_at is None or moment < self.expires_at)


class IdempotencyKey(db.Model):
    """The first answer to an API create sent with an `Idempotency-Key` header, kept a day so
    a retry gets that answer instead of a duplicate (diary/api/idempotency.py).

    `status` 0 marks a request still running. The body holds diary data: the rows go with the
    account (erasure) and after a day.
    """

    __table_args__ = (sa.UniqueConstraint("user_id", "key", name="uq_idempotency_key_user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(200))
    request_hash: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[int] = mapped_column(default=0)
    body: Mapped[str] = mapped_column(sa.Text, default="")
    location: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class RememberedDevice(db.Model):
    """A browser where a patient chose "keep me signed in" (diary/services/devices.py).

    Only a SHA-256 hash of the cookie's random token is stored, so a copy of the database logs
    nobody in. Removing the device deletes the row; the cookie then finds nothing.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # Read from the User-Agent when remembered ("Chrome on Android"), for the settings list.
    name: Mapped[str] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


# --- reminders (diary/services/reminders.py) ---------------------------------------------------

class ReminderSetting(db.Model):
    """A patient's reminders: off until the patient turns one on; times in their own zone."""

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    evening: Mapped[bool] = mapped_column(default=False)
    evening_at: Mapped[time] = mapped_column(sa.Time, default=time(20, 0))
    morning: Mapped[bool] = mapped_column(default=False)
    morning_at: Mapped[time] = mapped_column(sa.Time, default=time(9, 0))
    by_email: Mapped[bool] = mapped_column(default=True)
    by_push: Mapped[bool] = mapped_column(default=False)


class PushSubscription(db.Model):
    """One browser's Web Push subscription (its endpoint and the keys to encrypt for it)."""

    __table_args__ = (sa.UniqueConstraint("user_id", "endpoint",
                                          name="uq_push_subscription_user_endpoint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(sa.String(1000))
    p256dh: Mapped[str] = mapped_column(sa.String(200))
    auth: Mapped[str] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReminderSent(db.Model):
    """A reminder claimed for sending: the unique key lets one server only send it."""

    __table_args__ = (sa.UniqueConstraint("user_id", "kind", "day",
                                          name="uq_reminder_sent_user_kind_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    # "evening" (about that day) or "morning" (about the day before it was sent)
    kind: Mapped[str] = mapped_column(sa.String(10))
    day: Mapped[date] = mapped_column(sa.Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
