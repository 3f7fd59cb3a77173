"""The patient's days: today's one-tap check-in, a day's factors, and the month calendar."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode, urlsplit, urlunsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from diary.access import access
from diary.extensions import db
from diary.forms.common import ConfirmForm
from diary.forms.days import DayFactorsForm
from diary.forms.perceived import PerceivedEffectForm
from diary.i18n import user_zone
from diary.models import CheckIn, Episode
from diary.offline_entries import idempotent_form
from diary.pages.days import day_or_404, format_day
from diary.services.days import (
    FIRST_DIARY_DAY,
    DayStatus,
    check_in_for,
    day_statuses,
    fill_factors_form,
    save_day_form,
    status_for_saving,
)
from diary.services.episode_steps import unanswered_steps
from diary.services.late_entries import day_recorded_later
from diary.services.perceived_effects import due_question, record_answer
from diary.services.red_flags import unacknowledged
from diary.services.undo import own_check_in, undo_refusal, undoable
from diary.web_session import safe_next
from diary.zones import to_local, today_in

bp = Blueprint("days", __name__)

RECENT_DAYS = 7


def patient_today() -> date:
    """The logged-in patient's today, in their own timezone."""
    return today_in(user_zone(current_user))


@bp.route("/today")
@access("patient")
def today():
    """Start page: one tap for "no headache today", quick log, and what is left to fill in."""
    day = patient_today()
    statuses = day_statuses(current_user, day - timedelta(days=RECENT_DAYS), day)
    joined = to_local(current_user.created_at, user_zone(current_user)).date()
    unrecorded = [s.day for s in statuses.values()
                  if s.kind == "unrecorded" and joined <= s.day < day]
    recent = {e.id: e for s in statuses.values() for e in s.episodes}
    incomplete = [e for e in recent.values() if e.still_going or e.missing_fields()]
    return render_template("days/today.html", status=statuses[day], unrecorded=unrecorded,
                           incomplete=incomplete, form=ConfirmForm(),
                           ongoing=[e for e in statuses[day].episodes if e.still_going],
                           offer=details_offer(request.args.get("details", type=int)),
                           undo=undoable(current_user, request.args.get("undo", type=int),
                                         datetime.now(UTC)),
                           red_flags=unacknowledged(current_user),
                           saved_episode=request.args.get("saved", type=int),
                           question=due_question(current_user, day),
                           effect_form=PerceivedEffectForm())


def details_offer(episode_id: int | None) -> Episode | None:
    """The episode just logged or ended, when it still has questions for the stepper."""
    episode = db.session.get(Episode, episode_id) if episode_id else None
    if episode is None or episode.user_id != current_user.id or not unanswered_steps(episode):
        return None
    return episode


def with_undo(url: str, check_in: CheckIn) -> str:
    """`url` with ?undo=<id>: the page it leads to offers to undo that check-in."""
    parts = urlsplit(url)
    query = "&".join(filter(None, [parts.query, urlencode({"undo": check_in.id})]))
    return urlunsplit(parts._replace(query=query))


@bp.route("/today/treatment-question/<int:session_id>", methods=["POST"])
@access("patient")
def answer_treatment_question(session_id: int):
    """Store the answer to the question after a session, or that the patient skipped it."""
    form = PerceivedEffectForm()
    if not form.validate_on_submit():
        abort(400)
    question = due_question(current_user, patient_today())
    if question is None or question.session_id != session_id:  # answered in another tab
        flash(_("This question was already answered or has closed."), "error")
        return redirect(url_for("days.today"))
    skipped = "skip" in request.form
    if not skipped and form.answer.data is None:
        flash(_("Please choose an answer, or skip the question."), "error")
        return redirect(url_for("days.today", _anchor="treatment-question"))
    record_answer(current_user, session_id, None if skipped else form.answer.data)
    try:
        db.session.commit()
    except IntegrityError:  # a second tap raced the first one
        db.session.rollback()
    flash(_("We will not ask about this session again.") if skipped
          else _("Thank you. Your physiotherapist sees your answer."), "success")
    return redirect(url_for("days.today"))


@bp.route("/day/<day>/no-headache", methods=["POST"])
@access("patient")
@idempotent_form
def no_headache(day):
    """Record "no headache" for a day in one tap."""
    day = day_or_404(day, current_user)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    existing = check_in_for(current_user, day)
    if existing is not None and existing.headache_free:
        flash(_("%(day)s is already in your diary.", day=format_day(day)), "error")
    elif existing is not None or _has_episodes(day):
        flash(_("You logged a headache on %(day)s, so it cannot be headache-free.",
                day=format_day(day)), "error")
    else:
        check_in = CheckIn(user_id=current_user.id, day=day, headache_free=True)
        db.session.add(check_in)
        try:
            db.session.commit()
        except IntegrityError:  # a second tap raced the first one
            db.session.rollback()
            flash(_("%(day)s is already in your diary.", day=format_day(day)), "error")
        else:
            flash(_("Saved: no headache on %(day)s.", day=format_day(day)), "success")
            return redirect(with_undo(back_to(day), check_in))
    return redirect(back_to(day))


def back_to(day: date) -> str:
    """Where a one-tap check-in returns: the page it came from, else the day's page."""
    return (safe_next(request.form.get("next")) if request.form.get("next")
            else url_for("days.day_page", day=day.isoformat()))


def _has_episodes(day: date) -> bool:
    return bool(day_statuses(current_user, day, day)[day].episodes)


@bp.route("/day/<day>", methods=["GET", "POST"])
@access("patient")
def day_page(day):
    """One day: its status, episodes, and the optional daily factors."""
    day = day_or_404(day, current_user)
    form = DayFactorsForm()
    if form.validate_on_submit():
        # A day it cannot save yet has no check-in; then `status` holds its episodes too.
        status = status_for_saving(current_user, day)
        saved = save_day(status, form)
        if saved is not None:
            return saved
    else:
        status = day_statuses(current_user, day, day)[day]
        if request.method == "GET" and status.check_in is not None:
            fill_factors_form(form, status.check_in)
    status_code = 422 if form.errors else 200
    return render_template("days/day.html", status=status, form=form,
                           tap_form=ConfirmForm(),
                           recorded_later=day_recorded_later(current_user, status),
                           undo=undoable(current_user, request.args.get("undo", type=int),
                                         datetime.now(UTC))), status_code


def save_day(status: DayStatus, form: DayFactorsForm):
    """Save a valid day form: the redirect that follows, or None while the day still needs
    the headache question answered (the error is beside it)."""
    check_in, day = status.check_in, status.day
    needs_answer = check_in is None and not status.episodes
    saved = save_day_form(current_user, status, form)
    if saved is None:
        return None
    # Worded before the commit, which expires the user: the first translation of a request
    # reads the user's language, and would read the whole user again.
    message = _("Saved.")
    db.session.commit()
    flash(message, "success")
    if needs_answer and form.had_headache.data == "yes":
        return redirect(url_for("episodes.new", day=day.isoformat()))
    page = url_for("days.day_page", day=day.isoformat())
    # Only a check-in this save made can be undone; an older one is never removed.
    return redirect(with_undo(page, saved) if check_in is None else page)


@bp.route("/day/<day>/undo/<int:check_in_id>", methods=["POST"])
@access("patient")
def undo_check_in(day, check_in_id):
    """Take back a check-in just made; refused once it is old or the day has changed since."""
    day = day_or_404(day, current_user)
    check_in = own_check_in(current_user, check_in_id)
    if check_in is None or check_in.day != day:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    refusal = undo_refusal(current_user, check_in, datetime.now(UTC))
    if refusal is not None:
        flash(_("This check-in can no longer be undone. You can delete it on this page.")
              if refusal == "too_late" else
              _("This day has changed since, so it cannot be undone. You can delete the "
                "check-in on this page."), "error")
        return redirect(url_for("days.day_page", day=day.isoformat()))
    db.session.delete(check_in)
    db.session.commit()
    flash(_("Undone: %(day)s is no longer in your diary.", day=format_day(day)), "success")
    return redirect(back_to(day))


@bp.route("/day/<day>/delete", methods=["GET", "POST"])
@access("patient")
def delete_check_in(day):
    """Remove a day's check-in and factors (episodes stay); asks to confirm first."""
    day = day_or_404(day, current_user)
    check_in = check_in_for(current_user, day)
    if check_in is None:
        abort(404)
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        db.session.delete(check_in)
        db.session.commit()
        flash(_("The check-in of %(day)s is deleted.", day=format_day(day)), "success")
        return redirect(url_for("days.day_page", day=day.isoformat()))
    return render_template("days/confirm_delete.html", day=day, form=form)


@bp.route("/calendar")
@access("patient")
def month_calendar():
    """A month grid coloured per day: headache-free, headache, unrecorded."""
    today_ = patient_today()
    first = parse_month(request.args.get("month"), today_)
    last = date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    statuses = day_statuses(current_user, first, min(last, today_)) if first <= today_ else {}
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    previous_month = (first - timedelta(days=1)).replace(day=1)
    next_month = last + timedelta(days=1)
    return render_template(
        "days/calendar.html", first=first, weeks=weeks, statuses=statuses, today=today_,
        previous_month=previous_month,
        next_month=next_month if next_month <= today_ else None,
    )


def parse_month(text: str | None, today_: date) -> date:
    """"2026-11" -> 2026-11-01; anything unreadable shows the current month."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        first = date(year, month, 1)
    except ValueError:
        return today_.replace(day=1)
    return first if FIRST_DIARY_DAY <= first <= today_ else today_.replace(day=1)
