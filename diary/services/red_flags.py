"""Warning signs of saved episodes: found by diary/analysis/red_flags.py, acknowledged here.

Only episodes that can carry a flag are read (a yes to sudden onset, fever, neurological
symptoms or aura): every aura episode is needed to know which aura was the first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from diary.analysis.red_flags import RedFlags, diary_red_flags, most_urgent
from diary.extensions import db
from diary.models import Episode, User
from diary.services.diary_records import aura_records, episode_record

# The physiotherapist's page and the caseload show warning signs of the last 90 days (the
# caseload's pattern window).
RECENT_DAYS = 90


@dataclass(frozen=True, slots=True)
class FlaggedEpisode:
    """An episode with its warning signs, for the pages, the PDF and the API."""

    episode: Episode
    flags: RedFlags

    @property
    def acknowledged(self) -> bool:
        return self.episode.red_flags_seen_at is not None


@dataclass(frozen=True, slots=True)
class FlagCount:
    """One patient's recent episodes with warning signs, for the caseload column."""

    episodes: int
    urgency: str | None  # the most urgent; None: no warning signs


def _candidates(user_ids: Iterable[int]):
    """Every episode of these users that could carry a warning sign (all aura episodes too)."""
    return sa.select(Episode).where(Episode.user_id.in_(list(user_ids)), sa.or_(
        Episode.sudden_onset.is_(True), Episode.fever.is_(True),
        Episode.neuro_symptoms.is_(True), Episode.aura.is_(True))).options(
            selectinload(Episode.aura_symptoms))  # a long aura is judged per symptom


def _flags(episodes: list[Episode]) -> dict[int, RedFlags]:
    return diary_red_flags(episode_record(e, [], [], aura_records(e)) for e in episodes)


def flagged_episodes(user: User, since: datetime | None = None,
                     until: datetime | None = None) -> list[FlaggedEpisode]:
    """The user's episodes with warning signs, newest first; started in [since, until)."""
    episodes = db.session.scalars(_candidates([user.id])).all()
    flags = _flags(episodes)
    found = [FlaggedEpisode(e, flags[e.id]) for e in episodes if e.id in flags
             and (since is None or e.started_at >= since)
             and (until is None or e.started_at < until)]
    return sorted(found, key=lambda f: f.episode.started_at, reverse=True)


def no_flags(episode: Episode) -> RedFlags:
    """An episode's empty set of warning signs."""
    return RedFlags(episode.id, ())


def flags_of(episode: Episode) -> RedFlags:
    """The warning signs of one saved episode (none: empty)."""
    user = db.session.get(User, episode.user_id)
    for flagged in flagged_episodes(user):
        if flagged.episode.id == episode.id:
            return flagged.flags
    return no_flags(episode)


def recent_flagged_episodes(user: User, now: datetime) -> list[FlaggedEpisode]:
    """Warning signs of the last RECENT_DAYS, for the physiotherapist's patient page."""
    return flagged_episodes(user, since=now - timedelta(days=RECENT_DAYS))


def recent_flag_counts(user_ids: list[int], now: datetime) -> dict[int, FlagCount]:
    """Per patient: episodes with warning signs in the last RECENT_DAYS, in one query."""
    by_user: dict[int, list[Episode]] = defaultdict(list)
    for episode in db.session.scalars(_candidates(user_ids)):
        by_user[episode.user_id].append(episode)
    since = now - timedelta(days=RECENT_DAYS)
    counts = {}
    for user_id in user_ids:
        episodes = {e.id: e for e in by_user[user_id]}
        recent = [f for episode_id, f in _flags(by_user[user_id]).items()
                  if episodes[episode_id].started_at >= since]
        counts[user_id] = FlagCount(len(recent), most_urgent(f.urgency for f in recent))
    return counts


def unacknowledged(user: User) -> list[FlaggedEpisode]:
    """Warning signs the patient has not yet confirmed reading (shown on the Today page)."""
    return [f for f in flagged_episodes(user) if not f.acknowledged]


def acknowledge(episode: Episode) -> None:
    """The patient has read this episode's warning signs; Today stops showing them."""
    episode.red_flags_seen_at = datetime.now(UTC)


def overall_urgency(items: list[FlaggedEpisode]) -> str | None:
    """The most urgent urgency among these flagged episodes."""
    return most_urgent(item.flags.urgency for item in items)


def flags_json(flags: RedFlags) -> dict:
    """The warning signs as the API gives them: codes and the most urgent urgency."""
    return {"urgency": flags.urgency,
            "flags": [{"code": f.code, "urgency": f.urgency} for f in flags.flags]}
