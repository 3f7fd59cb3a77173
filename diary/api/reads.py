"""The reads of a diary as the API's JSON, as functions of the diary's owner: the patient's own
views (patient_views) and the physiotherapist's read-only views (physio_views) answer with
exactly the same JSON, in the owner's local days and times."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask import current_app, request
from werkzeug.datastructures import MultiDict

from diary.analysis import as_json, classify_episode
from diary.api.errors import ApiError
from diary.api.forms import EpisodeFilterForm
from diary.api.json_forms import field_errors
from diary.api.serialise import (
    day_json,
    episode_json,
    flagged_json,
    session_effect_json,
    without_small_rates,
)
from diary.extensions import db
from diary.forms.period import PeriodForm
from diary.fragment_cache import cached_fragment
from diary.i18n import user_zone
from diary.models import Episode, User
from diary.pages.days import day_or_404
from diary.services.days import day_statuses
from diary.services.diary_records import record_of
from diary.services.episodes import own_episode
from diary.services.outcomes import patient_outcomes
from diary.services.perceived_effects import session_effects
from diary.services.periods import analyse_period
from diary.services.red_flags import flagged_episodes, flags_of, no_flags
from diary.zones import day_bounds_utc, today_in


def read_day(owner: User, day_text: str) -> dict:
    """One local day of the owner's diary (404 for an impossible or future day)."""
    day = day_or_404(day_text, owner)
    return day_json(day_statuses(owner, day, day)[day], user_zone(owner))


def read_episodes(owner: User) -> dict:
    """One page of the owner's episodes that started from `start` to `end`, newest first."""
    zone = user_zone(owner)
    form = EpisodeFilterForm(request.args, today=today_in(zone))
    if not form.validate():
        raise ApiError(400, fields=field_errors(form))
    query = sa.select(Episode).where(Episode.user_id == owner.id)
    if form.start.data:
        query = query.where(Episode.started_at >= day_bounds_utc(form.start.data, zone)[0])
    if form.end.data:
        query = query.where(Episode.started_at < day_bounds_utc(form.end.data, zone)[1])
    page = db.paginate(query.order_by(Episode.started_at.desc(), Episode.id.desc()),
                       page=form.page.data or 1, per_page=form.per_page.data or 20,
                       error_out=False, count=True)
    flags = {item.episode.id: item.flags for item in flagged_episodes(owner)}
    items = [episode_json(e, zone, flags.get(e.id) or no_flags(e)) for e in page.items]
    return {"items": items, "page": page.page,
            "per_page": page.per_page, "total": page.total, "pages": page.pages}


def read_episode(owner: User, episode_id: int) -> dict:
    """One episode with the pattern it fits and the criteria behind it."""
    episode = own_episode(owner, episode_id)
    zone = user_zone(owner)
    result = classify_episode(record_of(episode), datetime.now(UTC), zone)
    return {**episode_json(episode, zone, flags_of(episode)), "pattern": as_json(result)}


def read_summary(owner: User) -> tuple[str, tuple[date, date]]:
    """Everything the analysis computes for start..end (the dashboard's rules for a period), as
    JSON text, and the period. Kept per diary version like the dashboard, shared by every
    worker (diary/fragment_cache.py)."""
    form = PeriodForm(MultiDict({**request.args.to_dict(), "period": "custom"}))
    form.validate()
    zone = user_zone(owner)
    chosen = form.chosen_range(today_in(zone))
    if chosen is None:
        raise ApiError(400, fields=field_errors(form))

    def render() -> tuple[str, bool]:
        period = analyse_period(owner, *chosen)
        flagged = flagged_episodes(owner, day_bounds_utc(chosen[0], zone)[0],
                                   day_bounds_utc(chosen[1], zone)[1])
        # With the patient's treatment sessions and the warning signs of the period's
        # episodes; no rate from too few recorded days.
        body = {**without_small_rates(as_json(period.summary)),
                "red_flags": [flagged_json(item, zone) for item in flagged]}
        return current_app.json.dumps(body), period.settled

    text = cached_fragment("api-summary", owner.id, (owner.diary_version, *chosen), render,
                           diary_version=owner.diary_version)
    return str(text), chosen


def read_perceived_effects(owner: User) -> dict:
    """Every treatment session, newest first, with the owner's answer a few days after it."""
    zone = user_zone(owner)
    return {"items": [session_effect_json(effect, zone) for effect in session_effects(owner)]}


def read_outcomes(owner: User) -> dict:
    """The treatment outcomes up to the owner's today: baseline, 28-day blocks, responders,
    headache days around each session and per muscle needled (the outcome panel's figures)."""
    return as_json(patient_outcomes(owner))
