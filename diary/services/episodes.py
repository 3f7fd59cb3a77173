"""Moving an episode between its form and the database, with the cross-field checks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _

from diary.extensions import db
from diary.forms.common import FOLD_SUFFIX, from_bool, to_bool
from diary.forms.episodes import EpisodeForm
from diary.i18n import user_zone
from diary.models import AuraSymptom, Episode, EpisodeTrigger, MedicationIntake, User
from diary.services.days import check_in_for, day_statuses, local_days_of, mark_headache_day
from diary.zones import is_ambiguous, is_skipped, local_to_utc, to_local

MAX_EPISODE = timedelta(days=7)
# Clocks differ a little between phone and server: allow a few minutes "in the future".
CLOCK_SLACK = timedelta(minutes=5)
YES_NO_FIELDS = (
    "worse_with_activity", "nausea", "vomiting", "light_sensitivity", "sound_sensitivity",
    "aura", "aura_gradual", "aura_positive", "aura_one_sided", "aura_headache_within_60",
    "aura_in_succession", "neck_pain", "neck_onset", "sudden_onset", "fever", "neuro_symptoms",
    "missed_work", "halved_work", "missed_activities",
)
CHOICE_FIELDS = ("side", "quality")


def own_episode(user: User, episode_id: int) -> Episode:
    """The user's own episode, or 404 (another user's id looks exactly like a missing one)."""
    return db.first_or_404(
        sa.select(Episode).where(Episode.id == episode_id, Episode.user_id == user.id))


def typed_utc(form, name: str, zone: ZoneInfo) -> datetime:
    """The UTC instant of the form's local time `name`, the second of a repeated time when
    the patient (or an API offset) said so in `<name>_fold`."""
    fold = getattr(form, name + FOLD_SUFFIX).data == "later"
    return local_to_utc(getattr(form, name).data, zone, fold=int(fold))


def check_local_time(form, name: str, zone: ZoneInfo) -> bool:
    """A typed time the clocks skipped gets an error; one they repeated asks which one.

    Nothing typed is lost: the page comes back with the time kept and the question added.
    """
    typed = getattr(form, name)
    if typed.data is None or typed.errors:
        return True
    if is_skipped(typed.data, zone):
        moved = to_local(local_to_utc(typed.data, zone), zone)
        typed.errors.append(_(
            "On %(date)s the clocks went forward an hour, so there was no %(time)s that "
            "night. Did you mean %(moved)s?", date=format_date(typed.data.date(), "long"),
            time=typed.data.strftime("%H:%M"), moved=moved.strftime("%H:%M")))
        return False
    if not is_ambiguous(typed.data, zone):
        return True
    form.ask_which(name)
    which = getattr(form, name + FOLD_SUFFIX)
    if which.data in ("earlier", "later") or which.errors:
        return not which.errors
    which.errors.append(_("Please choose which one you mean."))
    return False


def check_times(form: EpisodeForm, zone: ZoneInfo) -> bool:
    """Errors beside the fields for impossible times; True when the times are fine."""
    if form.started_at.data is None or form.started_at.errors or form.ended_at.errors:
        return False  # the field's own message already says what is wrong
    clock_ok = [check_local_time(form, name, zone) for name in ("started_at", "ended_at")]
    if not all(clock_ok):
        return False
    now = datetime.now(UTC)
    start = typed_utc(form, "started_at", zone)
    ok = True
    if start > now + CLOCK_SLACK:
        form.started_at.errors.append(_("The start cannot be in the future."))
        ok = False
    if form.still_going.data:
        return ok
    if form.ended_at.data is None:
        form.ended_at.errors.append(
            _("Please enter when it ended, or tick \u201cIt is still going on\u201d."))
        return False
    end = typed_utc(form, "ended_at", zone)
    if end > now + CLOCK_SLACK:
        form.ended_at.errors.append(_("The end cannot be in the future."))
        ok = False
    if end <= start:
        form.ended_at.errors.append(_("The end must be after the start."))
        ok = False
    elif end - start > MAX_EPISODE:
        form.ended_at.errors.append(
            _("An episode can last at most 7 days. Please log longer headaches as "
              "separate episodes."))
        ok = False
    return ok


def check_details(form: EpisodeForm, zone: ZoneInfo) -> bool:
    """Checks that involve more than one field (other trigger, medication rows)."""
    ok = True
    if "other" in (form.triggers.data or []) and not (form.trigger_other.data or "").strip():
        form.trigger_other.errors.append(_("Please describe the other trigger."))
        ok = False
    for row in form.medications:
        if not row.form.is_empty() and not check_medication_row(row.form, zone):
            ok = False
    return check_aura_rows(form) and ok


def check_medication_row(row, zone: ZoneInfo) -> bool:
    """A filled-in medication row names the medication and its kind, taken at a real time."""
    ok = True
    if not (row.name.data or "").strip():
        row.name.errors.append(_("Please enter the name of the medication."))
        ok = False
    if not row.drug_class.data:
        row.drug_class.errors.append(_("Please choose the kind of medication."))
        ok = False
    if not check_local_time(row, "taken_at", zone):
        return False
    if (row.taken_at.data and not row.taken_at.errors
            and typed_utc(row, "taken_at", zone) > datetime.now(UTC) + CLOCK_SLACK):
        row.taken_at.errors.append(_("This time cannot be in the future."))
        ok = False
    return ok


def check_aura_rows(form: EpisodeForm) -> bool:
    """Each aura row names its symptom, and each symptom has one row."""
    ok, seen = True, set()
    for row in form.aura_symptoms:
        kind = row.form.kind
        if row.form.is_empty() or kind.errors:
            continue
        if not kind.data:
            kind.errors.append(_("Please choose which symptom lasted this long."))
            ok = False
        elif kind.data in seen:
            kind.errors.append(_("This symptom is in another row already."))
            ok = False
        seen.add(kind.data)
    return ok


def validate_episode_form(form: EpisodeForm, zone: ZoneInfo) -> bool:
    """Every check at once, so the patient sees all that needs a change in one go."""
    if not form.is_submitted():
        return False
    fields_ok = form.validate()
    times_ok = check_times(form, zone)
    details_ok = check_details(form, zone)
    return fields_ok and times_ok and details_ok


def fill_form(form: EpisodeForm, episode: Episode, zone: ZoneInfo) -> None:
    """Put a stored episode into the form (local times) for editing."""
    fill_time(form, "started_at", episode.started_at, zone)
    form.still_going.data = episode.ended_at is None
    fill_time(form, "ended_at", episode.ended_at, zone)
    form.intensity.data = episode.intensity
    for name in CHOICE_FIELDS:
        getattr(form, name).data = getattr(episode, name)
    for name in YES_NO_FIELDS:
        getattr(form, name).data = from_bool(getattr(episode, name))
    form.locations.data = list(episode.locations or [])
    form.aura_types.data = list(episode.aura_types or [])
    form.aura_minutes.data = episode.aura_minutes
    for row, symptom in zip(form.aura_symptoms, episode.aura_symptoms, strict=False):
        row.form.kind.data, row.form.minutes.data = symptom.kind, symptom.minutes
    form.triggers.data = episode.trigger_codes
    form.trigger_other.data = episode.trigger_other
    form.notes.data = episode.notes
    fill_medication_rows(form, episode.medications, zone)


def fill_time(form, name: str, moment: datetime | None, zone: ZoneInfo) -> None:
    """A stored instant as the local time typed, saying which one when the clocks repeated it."""
    if moment is None:
        getattr(form, name).data = None
        return
    local = to_local(moment, zone)
    getattr(form, name).data = local.replace(tzinfo=None, fold=0)
    if is_ambiguous(getattr(form, name).data, zone):
        form.ask_which(name)
        getattr(form, name + FOLD_SUFFIX).data = "later" if local.fold else "earlier"


def fill_medication_rows(form: EpisodeForm, medications: list[MedicationIntake],
                         zone: ZoneInfo) -> None:
    while len(form.medications) < len(medications) + 1 and len(form.medications) < 10:
        form.medications.append_entry()
    for row, intake in zip(form.medications, medications, strict=False):
        row.form.name.data = intake.name
        row.form.drug_class.data = intake.drug_class
        row.form.dose.data = intake.dose
        fill_time(row.form, "taken_at", intake.taken_at, zone)
        row.form.effect.data = intake.effect or ""


def save_form(form: EpisodeForm, episode: Episode, zone: ZoneInfo) -> None:
    """Copy a validated form onto the episode (and its triggers and medication rows)."""
    episode.started_at = typed_utc(form, "started_at", zone)
    episode.ended_at = None if form.still_going.data else typed_utc(form, "ended_at", zone)
    episode.intensity = form.intensity.data
    for name in CHOICE_FIELDS:
        setattr(episode, name, getattr(form, name).data or None)
    for name in YES_NO_FIELDS:
        setattr(episode, name, to_bool(getattr(form, name).data))
    episode.locations = sorted(set(form.locations.data or []))
    save_aura(form, episode)
    triggers = sorted(set(form.triggers.data or []))
    set_triggers(episode, triggers)
    other = (form.trigger_other.data or "").strip()
    episode.trigger_other = other if "other" in triggers and other else None
    episode.notes = (form.notes.data or "").strip() or None
    episode.medications = [medication_from_row(row.form, zone) for row in form.medications
                           if not row.form.is_empty()]


def save_aura(form: EpisodeForm, episode: Episode) -> None:
    """The aura's kinds, its minutes in all and each symptom's own row; a symptom given a
    row counts among the kinds even when its box was not ticked."""
    rows = [row.form for row in form.aura_symptoms if not row.form.is_empty()]
    kept = {s.kind: s for s in episode.aura_symptoms}
    symptoms = []
    for row in rows:  # update rows in place: rewriting them all would clash on flush
        symptom = kept.get(row.kind.data) or AuraSymptom(kind=row.kind.data)
        symptom.minutes = row.minutes.data
        symptoms.append(symptom)
    episode.aura_symptoms = symptoms
    episode.aura_types = sorted(set(form.aura_types.data or []) | {s.kind for s in symptoms})
    episode.aura_minutes = form.aura_minutes.data


def set_triggers(episode: Episode, codes: list[str]) -> None:
    """Keep the rows of triggers still chosen (rewriting them all would clash on flush)."""
    episode.triggers = [t for t in episode.triggers if t.trigger in codes]
    kept = set(episode.trigger_codes)
    episode.triggers.extend(EpisodeTrigger(trigger=c) for c in codes if c not in kept)


def medication_from_row(row, zone: ZoneInfo) -> MedicationIntake:
    return MedicationIntake(
        name=row.name.data.strip(), drug_class=row.drug_class.data,
        dose=(row.dose.data or "").strip() or None,
        taken_at=typed_utc(row, "taken_at", zone) if row.taken_at.data else None,
        effect=row.effect.data or None,
    )


def mark_days(user: User, episode: Episode) -> None:
    """Every local day the episode covers is a headache day in the check-ins."""
    zone = user_zone(user)
    start = to_local(episode.started_at, zone).date()
    for day in local_days_of(episode, start, start + MAX_EPISODE, zone):
        mark_headache_day(user, day)


def forget_empty_headache_day(user: User, day: date, remaining: int) -> None:
    """After deleting a day's last episode, drop the check-in that only said "headache"."""
    check_in = check_in_for(user, day)
    bare = check_in is not None and not check_in.headache_free and all(
        getattr(check_in, f) is None
        for f in ("stress", "screen_hours", "sleep_hours", "menstruation", "posture", "note"))
    if bare and remaining == 0:
        db.session.delete(check_in)


def delete_episode(user: User, episode: Episode) -> None:
    """Delete an episode; a check-in that only said "headache" goes with the day's last one."""
    zone = user_zone(user)
    day = to_local(episode.started_at, zone).date()
    db.session.delete(episode)
    db.session.flush()
    remaining = len(day_statuses(user, day, day)[day].episodes)
    forget_empty_headache_day(user, day, remaining)
