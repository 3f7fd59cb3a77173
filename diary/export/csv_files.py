"""The rows of the two CSV files: one line per episode, one line per check-in.

Times are the patient's local wall-clock times (the account's timezone), split into a date and
a time column so a spreadsheet sorts and filters them without parsing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from diary.export.spreadsheet import joined, to_csv
from diary.extensions import db
from diary.models import CheckIn, Episode, User

YES_NO_COLUMNS = (
    "worse_with_activity", "nausea", "vomiting", "light_sensitivity", "sound_sensitivity",
    "aura", "aura_gradual", "aura_positive", "aura_one_sided", "aura_headache_within_60",
    "neck_pain", "neck_onset", "sudden_onset", "fever", "neuro_symptoms",
    "missed_work", "halved_work", "missed_activities",
)
EPISODE_COLUMNS = (
    "start_date", "start_time", "end_date", "end_time", "duration_minutes", "still_going",
    "intensity", "side", "locations", "quality", *YES_NO_COLUMNS[:6], "aura_types",
    "aura_minutes", "aura_symptoms", "aura_in_succession", *YES_NO_COLUMNS[6:], "triggers",
    "trigger_other", "medication_classes", "medications", "notes",
)
CHECK_IN_COLUMNS = ("day", "headache_free", "stress", "screen_hours", "sleep_hours",
                    "menstruation", "posture", "note")


def _local(moment: datetime | None, zone: ZoneInfo) -> tuple[str, str]:
    if moment is None:
        return "", ""
    local = moment.astimezone(zone)
    return local.date().isoformat(), local.strftime("%H:%M")


def _medication(intake, zone: ZoneInfo) -> str:
    """"name | class | dose | taken | effect" (empty parts stay empty)."""
    taken = " ".join(_local(intake.taken_at, zone)).strip()
    return " | ".join([intake.name, intake.drug_class, intake.dose or "", taken,
                       intake.effect or ""])


def _aura_symptoms(episode: Episode) -> str:
    """"visual 20; sensory 30": each symptom's code and minutes (empty when not recorded)."""
    return "; ".join(f"{s.kind} {'' if s.minutes is None else s.minutes}".strip()
                     for s in episode.aura_symptoms)


def episode_row(episode: Episode, zone: ZoneInfo) -> list:
    end = episode.ended_at
    minutes = round((end - episode.started_at) / timedelta(minutes=1)) if end else None
    values = {
        **dict(zip(("start_date", "start_time"), _local(episode.started_at, zone), strict=True)),
        **dict(zip(("end_date", "end_time"), _local(end, zone), strict=True)),
        "duration_minutes": minutes, "still_going": end is None,
        "intensity": episode.intensity, "side": episode.side,
        "locations": joined(episode.locations or ()), "quality": episode.quality,
        "aura_types": joined(episode.aura_types or ()), "aura_minutes": episode.aura_minutes,
        "aura_symptoms": _aura_symptoms(episode), "aura_in_succession": episode.aura_in_succession,
        "triggers": joined(episode.trigger_codes), "trigger_other": episode.trigger_other,
        "medication_classes": joined({m.drug_class for m in episode.medications}),
        "medications": "; ".join(_medication(m, zone) for m in episode.medications),
        "notes": episode.notes,
        **{name: getattr(episode, name) for name in YES_NO_COLUMNS},
    }
    return [values[column] for column in EPISODE_COLUMNS]


def episodes_csv(user: User) -> str:
    zone = ZoneInfo(user.timezone)
    episodes = db.session.scalars(
        sa.select(Episode).where(Episode.user_id == user.id).order_by(Episode.started_at)
        .options(selectinload(Episode.triggers), selectinload(Episode.medications),
                 selectinload(Episode.aura_symptoms)))
    return to_csv(EPISODE_COLUMNS, (episode_row(e, zone) for e in episodes))


def check_ins_csv(user: User) -> str:
    rows = db.session.execute(
        sa.select(*(getattr(CheckIn, c) for c in CHECK_IN_COLUMNS))
        .where(CheckIn.user_id == user.id).order_by(CheckIn.day))
    return to_csv(CHECK_IN_COLUMNS, ([row.day.isoformat(), *row[1:]] for row in rows))
