"""Erasing a patient's account: what goes, what the clinic must keep, and the tombstone.

The patient's right to erasure (GDPR art. 17) covers everything they entered. It does not
cover what the clinic is obliged to keep: the physiotherapist's file (notes and treatment
sessions; Dutch WGBO, art. 7:454, 20 years) and the record of who viewed the patient's data
(NEN 7513). Those rows stay, still pointing at the account's id.

The account itself stays as a tombstone: no email, name or password, so nobody can log in to
it and nothing identifies the patient through it, but its id stays taken. Notes and sessions
keep a valid foreign key, and SQLite cannot hand the id to a new account (it reuses the
highest rowid once that row is deleted).

Every table of the schema is listed in ERASED or KEPT, or is the `user` table; a test checks
that, so a new table cannot be forgotten here.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from diary.analysis.days import forget_classifications
from diary.extensions import db
from diary.fragment_cache import fragment_cache
from diary.models import (
    ApiToken,
    AuraSymptom,
    CareLink,
    CheckIn,
    Episode,
    EpisodeTrigger,
    IdempotencyKey,
    KeptFragment,
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
    User,
    new_session_token,
    utcnow,
)
from diary.pages.chart_figures import forget_drawings


def _episodes_of(user: User) -> sa.Select:
    return sa.select(Episode.id).where(Episode.user_id == user.id)


# table -> the statement removing the account's rows, children before parents.
ERASED: dict[str, Callable[[User], sa.Delete]] = {
    "aura_symptom": lambda user: sa.delete(AuraSymptom).where(
        AuraSymptom.episode_id.in_(_episodes_of(user))),
    "medication_intake": lambda user: sa.delete(MedicationIntake).where(
        MedicationIntake.episode_id.in_(_episodes_of(user))),
    "episode_trigger": lambda user: sa.delete(EpisodeTrigger).where(
        EpisodeTrigger.episode_id.in_(_episodes_of(user))),
    "episode": lambda user: sa.delete(Episode).where(Episode.user_id == user.id),
    # the patient's own answers about sessions (the sessions themselves are kept, see KEPT)
    "perceived_effect": lambda user: sa.delete(PerceivedEffect).where(
        PerceivedEffect.patient_id == user.id),
    "check_in": lambda user: sa.delete(CheckIn).where(CheckIn.user_id == user.id),
    "share_invitation": lambda user: sa.delete(ShareInvitation).where(
        ShareInvitation.patient_id == user.id),
    "care_link": lambda user: sa.delete(CareLink).where(
        sa.or_(CareLink.patient_id == user.id, CareLink.physio_id == user.id)),
    "recovery_code": lambda user: sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id),
    "login_failure": lambda user: sa.delete(LoginFailure).where(
        LoginFailure.key == f"account:{user.email}"),
    "api_token": lambda user: sa.delete(ApiToken).where(ApiToken.user_id == user.id),
    "remembered_device": lambda user: sa.delete(RememberedDevice).where(
        RememberedDevice.user_id == user.id),
    # stored API answers for retries hold diary data
    "idempotency_key": lambda user: sa.delete(IdempotencyKey).where(
        IdempotencyKey.user_id == user.id),
    "patient_overview": lambda user: sa.delete(PatientOverview).where(
        PatientOverview.patient_id == user.id),
    # rendered dashboards and API answers shared by the workers (diary/fragment_cache.py)
    "kept_fragment": lambda user: sa.delete(KeptFragment).where(
        KeptFragment.owner_id == user.id),
    # reminders: settings, this browser's push keys and which days were reminded
    "reminder_setting": lambda user: sa.delete(ReminderSetting).where(
        ReminderSetting.user_id == user.id),
    "push_subscription": lambda user: sa.delete(PushSubscription).where(
        PushSubscription.user_id == user.id),
    "reminder_sent": lambda user: sa.delete(ReminderSent).where(ReminderSent.user_id == user.id),
}

# Objects loaded before are expired afterwards instead of synchronised. `diary_version_bumped`
# tells the guard in diary_version.py that these bulk deletes of diary rows are meant: the
# account's cached overview goes with them (and the tombstone's version is raised).
BULK_DELETE = {"synchronize_session": False, "diary_version_bumped": True}

# table -> why the clinic keeps its rows after the patient erased the account.
KEPT: dict[str, str] = {
    "clinical_note": "the physiotherapist's notes belong to the clinic's file (WGBO)",
    "treatment_session": "treatments given belong to the clinic's file (WGBO)",
    "treatment_intake": "the intake date belongs to the clinic's file (WGBO)",
    "access_log": "who viewed the patient's data must stay on record (NEN 7513)",
}

TOMBSTONE_TABLE = "user"
# What the tombstone keeps of the account; every other column is overwritten.
TOMBSTONE_KEEPS = ("id", "role", "created_at")
# argon2 cannot parse this, so no password ever matches it.
UNUSABLE_PASSWORD = "!erased"


def tombstone_values(user: User) -> dict:
    """The new value of every column the tombstone does not keep."""
    return {
        "email": f"deleted-{user.id}@invalid",  # .invalid never resolves (RFC 2606)
        "name": "",
        "password_hash": UNUSABLE_PASSWORD,
        "language": "en",
        "theme": "system",
        "timezone": "Europe/Amsterdam",
        "session_token": new_session_token(),  # ends every session
        "totp_secret": None,
        "totp_enabled_at": None,
        "totp_last_step": None,
        "enrolment_code_hash": None,
        "deleted_at": utcnow(),
        "diary_version": user.diary_version + 1,  # any cached figure of the account is stale
        "pattern_version": user.pattern_version + 1,
    }


def erase_account(user: User) -> None:
    """Delete everything the account's owner entered and turn the account into a tombstone.

    The caller commits (one transaction: all of it or nothing).
    """
    for statement in ERASED.values():
        db.session.execute(statement(user), execution_options=BULK_DELETE)
    db.session.expire_all()  # objects loaded earlier may describe rows that are gone now
    for column, value in tombstone_values(user).items():
        setattr(user, column, value)
    # This worker's rendered dashboards go now; other workers' can no longer be asked for
    # (the version moved, nobody can log in) and age out.
    fragment_cache().forget(user.id)
    forget_classifications()  # kept by content, not by owner: all of this worker's go
    forget_drawings()  # the same
