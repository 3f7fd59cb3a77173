"""The patient's own diary: days, episodes and the analysis of a period.

The reads are in diary/api/reads.py, shared with the physiotherapist's read-only views
(physio_views). Writes go through the web forms' own
validation and the same service functions as the pages.
"""

from __future__ import annotations

from functools import partial

from flask import current_app, jsonify, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from diary.access import access
from diary.api.blueprint import bp
from diary.api.errors import ApiError
from diary.api.idempotency import idempotent
from diary.api.json_forms import field_errors, json_body, validated_form
from diary.api.reads import (
    read_day,
    read_episode,
    read_episodes,
    read_outcomes,
    read_perceived_effects,
    read_summary,
)
from diary.api.serialise import episode_json
from diary.extensions import db
from diary.forms.days import DayFactorsForm
from diary.forms.episodes import EpisodeForm
from diary.i18n import user_zone
from diary.models import Episode
from diary.pages.days import day_or_404, format_day
from diary.routing import ID
from diary.services.days import check_in_for, day_statuses, save_day_form
from diary.services.episodes import (
    delete_episode,
    mark_days,
    own_episode,
    save_form,
    validate_episode_form,
)
from diary.services.red_flags import no_flags

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
@idempotent
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
    merged = {**episode_json(episode, user_zone(current_user), no_flags(episode)), **changes}
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
    text, _period = read_summary(current_user)
    return current_app.response_class(text, mimetype="application/json")




@bp.get("/perceived-effects")
@access("api-patient")
def get_perceived_effects():
    """One's treatment sessions with the answer given a few days after each."""
    return jsonify(read_perceived_effects(current_user))


@bp.get("/outcomes")
@access("api-patient")
def get_outcomes():
    """The treatment outcomes of one's own diary."""
    return jsonify(read_outcomes(current_user))
