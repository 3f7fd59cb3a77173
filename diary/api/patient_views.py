"""The patient's own diary: days, episodes and the analysis of a period.

Each read is a function of the diary's owner, so the physiotherapist's read-only views
(physio_views) answer with exactly the same JSON. Writes go through the web forms' own
validation and the same service functions as the pages.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

import sqlalchemy as sa
from flask import jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from diary.access import access
from diary.analysis import as_json, classify_episode
from diary.api.blueprint import bp
from diary.api.errors import ApiError
from diary.api.forms import EpisodeFilterForm
from diary.api.json_forms import field_errors, json_body, validated_form
from diary.api.serialise import day_json, episode_json
from diary.extensions import db
from diary.forms.days import DayFactorsForm
from diary.forms.episodes import EpisodeForm
from diary.forms.period import PeriodForm
from diary.i18n import user_zone
from diary.models import Episode, User
from diary.pages.days import day_or_404, format_day
from diary.routing import ID
from diary.services.days import check_in_for, day_statuses, save_day_form
from diary.services.diary_records import record_of
from diary.services.episodes import (
    delete_episode,
    mark_days,
    own_episode,
    save_form,
    validate_episode_form,
)
from diary.services.periods import summarise
from diary.zones import day_bounds_utc, today_in

# --- reads, shared with the physiotherapist's views ------------------------------------------


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
    return {"items": [episode_json(e, zone) for e in page.items], "page": page.page,
            "per_page": page.per_page, "total": page.total, "pages": page.pages}


def read_episode(owner: User, episode_id: int) -> dict:
    """One episode with the pattern it fits and the criteria behind it."""
    episode = own_episode(owner, episode_id)
    zone = user_zone(owner)
    result = classify_episode(record_of(episode), datetime.now(UTC), zone)
    return {**episode_json(episode, zone), "pattern": as_json(result)}


def read_summary(owner: User) -> dict:
    """Everything the analysis computes for start..end (the dashboard's rules for a period)."""
    form = PeriodForm(MultiDict({**request.args.to_dict(), "period": "custom"}))
    form.validate()
    chosen = form.chosen_range(today_in(user_zone(owner)))
    if chosen is None:
        raise ApiError(400, fields=field_errors(form))
    return as_json(summarise(owner, *chosen))  # with the patient's treatment sessions


# --- the patient's own diary -----------------------------------------------------------------


@bp.get("/days/<day>")
@access("api-patient")
def get_day(day):
    """A day of one's own diary."""
    return jsonify(read_day(current_user, day))


@bp.put("/days/<day>")
@access("api-patient")
def put_day(day):
    """Create or replace the day's check-in and factors (episodes stay as they are)."""
    day = day_or_404(day, current_user)
    form = validated_form(DayFactorsForm, json_body())
    status = day_statuses(current_user, day, day)[day]
    if form.had_headache.data == "no" and status.kind == "headache":
        raise ApiError(409, "day_has_headache", _(
            "You logged a headache on %(day)s, so it cannot be headache-free.",
            day=format_day(day)))
    if form.had_headache.data == "yes" and status.check_in and status.check_in.headache_free:
        status.check_in.headache_free = False
    created = status.check_in is None
    if save_day_form(current_user, status, form) is None:
        raise ApiError(422, fields=field_errors(form))
    try:
        db.session.commit()
    except IntegrityError:  # only if the write lock were bypassed; never a 500
        db.session.rollback()
        raise ApiError(409) from None
    return jsonify(read_day(current_user, day.isoformat())), 201 if created else 200


@bp.delete("/days/<day>")
@access("api-patient")
def delete_day(day):
    """Remove the day's check-in and factors; its episodes stay."""
    check_in = check_in_for(current_user, day_or_404(day, current_user))
    if check_in is None:
        raise ApiError(404)
    db.session.delete(check_in)
    db.session.commit()
    return "", 204


@bp.get("/episodes")
@access("api-patient")
def list_episodes():
    """One's own episodes, a page at a time."""
    return jsonify(read_episodes(current_user))


@bp.post("/episodes")
@access("api-patient")
def create_episode():
    """Record an episode with the web form's checks; its days become headache days."""
    form = validated_episode(json_body())
    episode = Episode(user_id=current_user.id)
    save_form(form, episode, user_zone(current_user))
    db.session.add(episode)
    mark_days(current_user, episode)
    db.session.commit()
    response = jsonify(read_episode(current_user, episode.id))
    response.headers["Location"] = url_for("api.get_episode", episode_id=episode.id)
    return response, 201


def validated_episode(payload: dict) -> EpisodeForm:
    """The episode form filled from JSON, with the page's checks in the patient's zone."""
    zone = user_zone(current_user)
    return validated_form(EpisodeForm, payload, partial(validate_episode_form, zone=zone),
                          zone=zone)


@bp.get(f"/episodes/<{ID}:episode_id>")
@access("api-patient")
def get_episode(episode_id):
    """One of one's own episodes with its pattern."""
    return jsonify(read_episode(current_user, episode_id))


@bp.patch(f"/episodes/<{ID}:episode_id>")
@access("api-patient")
def patch_episode(episode_id):
    """Change the fields given; the rest stay. The whole episode is checked as the form would."""
    episode = own_episode(current_user, episode_id)
    changes = json_body()
    merged = {**episode_json(episode, user_zone(current_user)), **changes}
    # Giving an end to an episode that was still going ends it.
    if changes.get("ended_at") is not None and "still_going" not in changes:
        merged["still_going"] = False
    form = validated_episode(merged)
    save_form(form, episode, user_zone(current_user))
    mark_days(current_user, episode)
    db.session.commit()
    return jsonify(read_episode(current_user, episode.id))


@bp.delete(f"/episodes/<{ID}:episode_id>")
@access("api-patient")
def remove_episode(episode_id):
    """Delete one of one's own episodes, as the web page does."""
    delete_episode(current_user, own_episode(current_user, episode_id))
    db.session.commit()
    return "", 204


@bp.get("/summary")
@access("api-patient")
def get_summary():
    """The analysis of a period of one's own diary."""
    return jsonify(read_summary(current_user))


