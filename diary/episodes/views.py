"""Headache episodes: quick log, the full form, the list, and edit/delete of one's own."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diary.access import access
from diary.analysis import classify_episode
from diary.extensions import db
from diary.forms.common import ConfirmForm
from diary.forms.episodes import EpisodeForm, QuickLogForm
from diary.fragment_cache import cached_fragment
from diary.i18n import user_zone
from diary.models import Episode
from diary.offline_entries import entry_moment, idempotent_form
from diary.pages.days import day_or_404
from diary.pages.patterns import episode_links
from diary.services.diary_records import record_of
from diary.services.episode_steps import (
    STEP_BY_NAME,
    end_options,
    plan_text,
    read_plan,
    save_step,
    unanswered_steps,
)
from diary.services.episodes import (
    MAX_EPISODE,
    delete_episode,
    fill_form,
    mark_days,
    own_episode,
    save_form,
    validate_episode_form,
)
from diary.services.late_entries import episode_recorded_later
from diary.services.red_flags import FlaggedEpisode, acknowledge, flags_of
from diary.zones import now_in

bp = Blueprint("episodes", __name__, url_prefix="/episodes")
# Far beyond any diary; keeps the row offset inside PostgreSQL's bigint.
LAST_PAGE = 100_000


@bp.route("/")
@access("patient")
def index():
    """All episodes, newest first, with what is still incomplete."""
    page = min(max(request.args.get("page", 1, type=int), 1), LAST_PAGE)

    def render() -> tuple[str, bool]:
        query = (sa.select(Episode).where(Episode.user_id == current_user.id)
                 .order_by(Episode.started_at.desc()))
        pagination = db.paginate(query, page=page, error_out=False,
                                 per_page=current_app.config["EPISODES_PER_PAGE"])
        return render_template("episodes/_list.html", pagination=pagination), True

    # The list changes only with the diary (its version is in the key): kept between views.
    episodes = cached_fragment("episodes", current_user.id,
                               (current_user.diary_version, page), render,
                               diary_version=current_user.diary_version)
    return render_template("episodes/list.html", episodes=episodes)


@bp.route("/quick", methods=["GET", "POST"])
@access("patient")
@idempotent_form
def quick():
    """Two taps: when it started and how bad it is; the rest can be added later."""
    form = QuickLogForm()
    if form.validate_on_submit():
        minutes_ago = int(form.started.data) if form.started.data.isdigit() else 0
        started = entry_moment() - timedelta(minutes=min(minutes_ago, 240))
        episode = Episode(user_id=current_user.id, started_at=started,
                          intensity=form.intensity.data)
        for sign in [*(form.warning_signs.data or []), *(form.stopped.data or [])]:
            setattr(episode, sign, True)  # unticked stays "not recorded"
        db.session.add(episode)
        mark_days(current_user, episode)
        db.session.commit()
        if flags_of(episode):  # Today shows the warning signs at its top, not a green tick
            return redirect(url_for("days.today", saved=episode.id))
        flash(_("Saved. You can add the details later, when you feel better."), "success")
        return redirect(url_for("days.today", details=episode.id))
    return render_template("episodes/quick.html", form=form), 422 if form.errors else 200


@bp.route("/new", methods=["GET", "POST"])
@access("patient")
def new():
    """The full episode form, optionally for an earlier day (?day=YYYY-MM-DD)."""
    form = EpisodeForm()
    if request.method == "GET":
        form.started_at.data = default_start(request.args.get("day"))
    if validate_episode_form(form, user_zone(current_user)):
        episode = Episode(user_id=current_user.id)
        save_form(form, episode, user_zone(current_user))
        db.session.add(episode)
        mark_days(current_user, episode)
        db.session.commit()
        return saved(episode, _("The headache is saved."))
    return render_form(form, None)


def saved(episode: Episode, message: str):
    """To the episode; with warning signs they head the page, never a green "saved"."""
    if flags_of(episode):
        return redirect(url_for("episodes.detail", episode_id=episode.id, saved=1))
    flash(message, "success")
    return redirect(url_for("episodes.detail", episode_id=episode.id))


def default_start(day_text: str | None) -> datetime:
    """Now for today; 09:00 on an earlier day picked from the calendar."""
    now = now_in(user_zone(current_user)).replace(second=0, microsecond=0, tzinfo=None)
    if not day_text:
        return now
    day = day_or_404(day_text, current_user)
    return now if day == now.date() else datetime.combine(day, time(9, 0))


def render_form(form: EpisodeForm, episode: Episode | None):
    """The form again; after a POST that means it was refused (422, input kept)."""
    status = 422 if request.method == "POST" else 200
    return render_template("episodes/form.html", form=form, episode=episode), status


@bp.route("/<int:episode_id>")
@access("patient")
def detail(episode_id):
    """One episode with the pattern it fits, why, and what to read about it."""
    episode = own_episode(current_user, episode_id)
    result = classify_episode(record_of(episode), datetime.now(UTC), user_zone(current_user))
    flags = flags_of(episode)
    return render_template("episodes/detail.html", episode=episode, result=result,
                           links=episode_links(result), form=ConfirmForm(),
                           red_flags=[FlaggedEpisode(episode, flags)] if flags else [],
                           just_saved=request.args.get("saved") == "1",
                           recorded_later=episode_recorded_later(episode))


@bp.route("/<int:episode_id>/red-flags-read", methods=["POST"])
@access("patient")
def acknowledge_red_flags(episode_id):
    """The patient confirms reading the warning signs; Today stops showing them."""
    episode = own_episode(current_user, episode_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    acknowledge(episode)
    db.session.commit()
    return redirect(url_for("days.today"))


@bp.route("/<int:episode_id>/edit", methods=["GET", "POST"])
@access("patient")
def edit(episode_id):
    episode = own_episode(current_user, episode_id)
    form = EpisodeForm()
    zone = user_zone(current_user)
    if request.method == "GET":
        fill_form(form, episode, zone)
    if validate_episode_form(form, zone):
        save_form(form, episode, zone)
        mark_days(current_user, episode)
        db.session.commit()
        return saved(episode, _("Your changes are saved."))
    return render_form(form, episode)


@bp.route("/<int:episode_id>/delete", methods=["GET", "POST"])
@access("patient")
def delete(episode_id):
    """Asks to confirm on GET; deletes on POST."""
    episode = own_episode(current_user, episode_id)
    form = ConfirmForm()
    if request.method == "GET":
        return render_template("episodes/confirm_delete.html", episode=episode, form=form)
    if not form.validate_on_submit():
        abort(400)
    delete_episode(current_user, episode)
    db.session.commit()
    flash(_("The headache is deleted."), "success")
    return redirect(url_for("episodes.index"))



@bp.route("/<int:episode_id>/stopped", methods=["POST"])
@access("patient")
def stopped(episode_id):
    """"It stopped now": the end is now (never before the start); then offer the rest."""
    episode = own_episode(current_user, episode_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if episode.ended_at is not None:
        flash(_("This headache has an end time already."), "error")
        return redirect(url_for("episodes.detail", episode_id=episode.id))
    now = datetime.now(UTC)
    if now - episode.started_at > MAX_EPISODE:  # the full form lets them split it up
        flash(_("An episode can last at most 7 days. Please log longer headaches as "
                "separate episodes."), "error")
        return redirect(url_for("episodes.edit", episode_id=episode.id))
    episode.ended_at = max(now, episode.started_at + timedelta(minutes=1))
    mark_days(current_user, episode)
    db.session.commit()
    flash(_("Saved: the headache stopped."), "success")
    return redirect(url_for("days.today", details=episode.id))


@bp.route("/<int:episode_id>/details")
@access("patient")
def add_details(episode_id):
    """Start the stepper with the questions this episode still lacks."""
    episode = own_episode(current_user, episode_id)
    plan = unanswered_steps(episode)
    if not plan:
        flash(_("Every question of this headache is answered."), "success")
        return redirect(url_for("episodes.detail", episode_id=episode.id))
    return redirect(url_for("episodes.step", episode_id=episode.id, step_name=plan[0].name,
                            ask=plan_text(plan)))


@bp.route("/<int:episode_id>/details/<step_name>", methods=["GET", "POST"])
@access("patient")
def step(episode_id, step_name):
    """One question per screen; each answer is saved at once, Skip leaves it unanswered."""
    episode = own_episode(current_user, episode_id)
    plan = read_plan(request.args.get("ask"), episode)
    current = STEP_BY_NAME.get(step_name)
    if current not in plan:
        abort(404)
    index = plan.index(current)
    form = current.form_class()()
    now = datetime.now(UTC)
    if request.method == "POST":
        if "skip" in request.form or save_step(current, form, episode, now,
                                               user_zone(current_user)):
            return after_step(episode, plan, index)
    back = (url_for("episodes.step", episode_id=episode.id, step_name=plan[index - 1].name,
                    ask=plan_text(plan)) if index
            else url_for("episodes.detail", episode_id=episode.id))
    return render_template("episodes/step.html", episode=episode, step=current, form=form,
                           number=index + 1, total=len(plan), back=back,
                           end_options=end_options(episode, now)), 422 if form.errors else 200


def after_step(episode: Episode, plan: list, index: int):
    """Save what the step changed and go on; after the last step, back to the episode."""
    mark_days(current_user, episode)  # a new end may reach into another day
    db.session.commit()
    if index + 1 < len(plan):
        return redirect(url_for("episodes.step", episode_id=episode.id,
                                step_name=plan[index + 1].name, ask=plan_text(plan)))
    return saved(episode, _("Saved."))
