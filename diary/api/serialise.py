"""Diary rows as the API's JSON: the web form's field names, yes/no as true/false/null and
times as local ISO 8601 with their UTC offset."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from diary.analysis.red_flags import RedFlags
from diary.models import Episode, MedicationIntake
from diary.services.days import DayStatus
from diary.services.episodes import CHOICE_FIELDS, YES_NO_FIELDS
from diary.services.perceived_effects import SessionEffect
from diary.services.red_flags import FlaggedEpisode, flags_json
from diary.zones import to_local


def local_time(moment: datetime | None, zone: ZoneInfo) -> str | None:
    """ISO 8601 in `zone` (the diary owner's), with its offset."""
    return None if moment is None else to_local(moment, zone).isoformat(timespec="seconds")


def medication_json(intake: MedicationIntake, zone: ZoneInfo) -> dict:
    return {"name": intake.name, "drug_class": intake.drug_class, "dose": intake.dose,
            "taken_at": local_time(intake.taken_at, zone), "effect": intake.effect}


def episode_json(episode: Episode, zone: ZoneInfo, flags: RedFlags) -> dict:
    """Everything recorded about one episode, the review questions still unanswered and its
    warning signs (`flags`, from diary.services.red_flags)."""
    return {
        "id": episode.id,
        "started_at": local_time(episode.started_at, zone),
        "still_going": episode.still_going,
        "ended_at": local_time(episode.ended_at, zone),
        "intensity": episode.intensity,
        **{name: getattr(episode, name) for name in CHOICE_FIELDS},
        "locations": list(episode.locations or []),
        **{name: getattr(episode, name) for name in YES_NO_FIELDS},
        "aura_types": list(episode.aura_types or []),
        "aura_minutes": episode.aura_minutes,
        "aura_symptoms": [{"kind": s.kind, "minutes": s.minutes} for s in episode.aura_symptoms],
        "triggers": episode.trigger_codes,
        "trigger_other": episode.trigger_other,
        "medications": [medication_json(m, zone) for m in episode.medications],
        "notes": episode.notes,
        "missing_fields": episode.missing_fields(),
        "red_flags": flags_json(flags),
        "created_at": local_time(episode.created_at, zone),
        "updated_at": local_time(episode.updated_at, zone),
    }


def session_effect_json(effect: SessionEffect, zone: ZoneInfo) -> dict:
    """One treatment session and the patient's answer about it (`asked` false: not yet)."""
    return {"session_id": effect.session_id, "day": effect.day.isoformat(),
            "kind": effect.kind, "asked": effect.asked, "answer": effect.answer,
            "score": effect.score, "answered_at": local_time(effect.answered_at, zone)}


def flagged_json(item: FlaggedEpisode, zone: ZoneInfo) -> dict:
    """One episode's warning signs for the summary: which episode, when, and the flags."""
    return {"episode_id": item.episode.id,
            "started_at": local_time(item.episode.started_at, zone), **flags_json(item.flags)}


def episode_brief(episode: Episode, zone: ZoneInfo) -> dict:
    return {"id": episode.id, "started_at": local_time(episode.started_at, zone),
            "ended_at": local_time(episode.ended_at, zone), "intensity": episode.intensity}


def day_json(status: DayStatus, zone: ZoneInfo) -> dict:
    """One local day: headache-free, headache or unrecorded, its factors and its episodes."""
    check_in = status.check_in
    factors = ("stress", "screen_hours", "sleep_hours", "menstruation", "posture", "note")
    return {
        "date": status.day.isoformat(),
        "status": status.kind,
        "had_headache": None if status.kind == "unrecorded" else status.kind == "headache",
        **{name: getattr(check_in, name) if check_in else None for name in factors},
        "episodes": [episode_brief(e, zone) for e in status.episodes],
    }


def without_small_rates(value):
    """The summary's JSON with no rate computed from too few recorded days.

    Any period's figures with `rates_shown` false keep their counts but get null rates (and no
    rates by class), and the profile's change is null where either period had too few days:
    a client cannot show "18.7 per 28" for 2 headache days in 3 recorded days.
    """
    if isinstance(value, list):
        return [without_small_rates(item) for item in value]
    if not isinstance(value, dict):
        return value
    value = {key: without_small_rates(item) for key, item in value.items()}
    if value.get("rates_shown") is False:
        value.update({key: {} if key.endswith("_by_class") else None
                      for key in value if "_per_28" in key})
    if {"current", "previous", "change"} <= value.keys() and not (
            value["current"].get("rates_shown") and value["previous"].get("rates_shown")):
        value["change"] = {key: None if "window" not in key else item
                           for key, item in value["change"].items()}
    return value
