"""The stepper that completes a quick log: only the questions still unanswered, one per screen.

Each step reuses the fields (labels, choices, checks) of the full EpisodeForm, and saves on
its own submit, so a patient who stops halfway loses nothing. Which questions a run asks is
fixed when it starts and travels in the URL (`?ask=end,side,...`): a question answered a
moment ago stays reachable with Back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm

from diary.forms.common import to_bool
from diary.forms.episode_steps import EndStepForm, MedicationStepForm, question_form
from diary.models import Episode
from diary.services.episodes import (
    CHOICE_FIELDS,
    MAX_EPISODE,
    YES_NO_FIELDS,
    check_medication_row,
    medication_from_row,
    set_triggers,
)
from diary.zones import local_to_utc, to_local

# "It stopped ... ago", in minutes before now; only those after the start are offered.
END_OFFSETS = (0, 60, 120, 180, 240)
CHOOSE = _l("Please choose an answer, or skip the question.")


@dataclass(frozen=True)
class Step:
    """One screen: its name in the URL, the EpisodeForm fields it asks, and how."""

    name: str
    fields: tuple[str, ...]
    kind: str  # "end", "tap" (one tap saves), "multi" (tick, then Next) or "medication"
    unanswered: Callable[[Episode], bool]

    def form_class(self) -> type[FlaskForm]:
        """The step's form: the EpisodeForm's own fields for a question."""
        if self.kind == "end":
            return EndStepForm
        if self.kind == "medication":
            return MedicationStepForm
        return question_form(self.name, self.fields)


def _unset(name: str) -> Callable[[Episode], bool]:
    return lambda episode: getattr(episode, name) is None


def _tap(name: str, field: str) -> Step:
    return Step(name, (field,), "tap", _unset(field))


STEPS = (
    Step("end", (), "end", _unset("ended_at")),
    _tap("side", "side"),
    Step("where", ("locations",), "multi", lambda episode: not episode.locations),
    _tap("quality", "quality"),
    _tap("activity", "worse_with_activity"),
    _tap("nausea", "nausea"),
    _tap("vomiting", "vomiting"),
    _tap("light", "light_sensitivity"),
    _tap("noise", "sound_sensitivity"),
    _tap("neck", "neck_pain"),
    _tap("aura", "aura"),
    Step("triggers", ("triggers", "trigger_other"), "multi",
         lambda episode: not episode.triggers and not episode.trigger_other),
    Step("medication", (), "medication", lambda episode: not episode.medications),
)
STEP_BY_NAME = {step.name: step for step in STEPS}


def unanswered_steps(episode: Episode) -> list[Step]:
    """The steps whose question the episode has no answer to yet, in order."""
    return [step for step in STEPS if step.unanswered(episode)]


def read_plan(text: str | None, episode: Episode) -> list[Step]:
    """The run's steps from `?ask=`; unknown names are dropped. Without it: what is unanswered."""
    if text is None:
        return unanswered_steps(episode)
    names = set(text.split(","))
    return [step for step in STEPS if step.name in names]


def plan_text(plan: list[Step]) -> str:
    return ",".join(step.name for step in plan)


def end_options(episode: Episode, now: datetime) -> list[tuple[int, str]]:
    """The "… ago" buttons that end after the start and within the longest episode."""
    options = []
    for minutes in END_OFFSETS:
        end = now - timedelta(minutes=minutes)
        if episode.started_at < end <= episode.started_at + MAX_EPISODE:
            options.append((minutes, end_label(minutes)))
    return options


def end_label(minutes: int) -> str:
    if minutes == 0:
        return str(_l("Now"))
    hours = minutes // 60
    return ngettext("%(num)d hour ago", "%(num)d hours ago", hours)


def typed_end(typed, now: datetime, zone: ZoneInfo) -> datetime:
    """The last moment, not after now, that the patient's clock showed the typed time.

    Compared as instants, not as clock faces: in the hour the clocks go back, a time of the
    first pass may be earlier than now although its clock face reads later."""
    today = to_local(now, zone).date()
    shown = (local_to_utc(datetime.combine(day, typed), zone, fold)
             for day in (today, today - timedelta(days=1)) for fold in (0, 1))
    return max(moment for moment in shown if moment <= now)


def chosen_end(form: EndStepForm, episode: Episode, now: datetime,
               zone: ZoneInfo) -> datetime | None:
    """The end the patient chose, or None with the reason beside the answer they gave."""
    if form.at_time.data is not None:
        end, errors = typed_end(form.at_time.data, now, zone), form.at_time.errors
    elif form.ago.data in {str(m) for m, _label in end_options(episode, now)}:
        end, errors = now - timedelta(minutes=int(form.ago.data)), form.ago.errors
    else:
        form.ago.errors.append(CHOOSE)
        return None
    if end <= episode.started_at:
        errors.append(_l("The end must be after the start."))
    elif end - episode.started_at > MAX_EPISODE:
        errors.append(_l("An episode can last at most 7 days. Please log longer headaches as "
                         "separate episodes."))
    else:
        return end
    return None


def save_step(step: Step, form: FlaskForm, episode: Episode, now: datetime,
              zone: ZoneInfo) -> bool:
    """Check the step's answer and put it on the episode; False with errors beside it."""
    if not form.validate():
        return False
    if step.kind == "end":
        end = chosen_end(form, episode, now, zone)
        if end is not None:
            episode.ended_at = end
        return end is not None
    if step.kind == "medication":
        return save_medication(form, episode, zone)
    return save_answers(step, form, episode)


def save_answers(step: Step, form: FlaskForm, episode: Episode) -> bool:
    """A tapped or ticked answer; none at all asks for one (Skip is the way past)."""
    first = form[step.fields[0]]
    if not first.data:
        first.errors = [*first.errors, CHOOSE]
        return False
    if step.name == "triggers":
        return save_triggers(form, episode)
    for name in step.fields:
        data = form[name].data
        if name in YES_NO_FIELDS:
            setattr(episode, name, to_bool(data))
        elif name in CHOICE_FIELDS:
            setattr(episode, name, data or None)
        else:
            setattr(episode, name, sorted(set(data)))
    return True


def save_triggers(form: FlaskForm, episode: Episode) -> bool:
    """The ticked triggers; "Something else" needs its words, as on the full form."""
    codes = sorted(set(form.triggers.data))
    other = (form.trigger_other.data or "").strip()
    if "other" in codes and not other:
        form.trigger_other.errors = [*form.trigger_other.errors,
                                     _l("Please describe the other trigger.")]
        return False
    set_triggers(episode, codes)
    episode.trigger_other = other if "other" in codes else None
    return True


def save_medication(form: MedicationStepForm, episode: Episode, zone: ZoneInfo) -> bool:
    """One medication row added to the episode, checked like a row of the full form."""
    row = form.medication.form
    if row.is_empty():
        row.name.errors = [*row.name.errors, CHOOSE]
        return False
    if not check_medication_row(row, zone):
        return False
    episode.medications.append(medication_from_row(row, zone))
    return True
