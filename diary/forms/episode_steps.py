"""The forms of the stepper that completes a quick log (diary/services/episode_steps.py)."""

from functools import cache

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FormField, StringField, TimeField
from wtforms.validators import Optional

from diary.forms.episodes import EpisodeForm, MedicationForm


class EndStepForm(FlaskForm):
    """When it stopped: a tap on "now" / "1 hour ago" ..., or a time typed."""

    ago = StringField()
    at_time = TimeField(_l("At a time"), validators=[Optional()])


class MedicationStepForm(FlaskForm):
    """One medication, with the full form's row (name, kind, effect)."""

    medication = FormField(MedicationForm)


@cache
def question_form(name: str, fields: tuple[str, ...]) -> type[FlaskForm]:
    """A form of some of the EpisodeForm's own fields (labels, choices, checks): one
    question of the stepper, with nothing duplicated."""
    unbound = {field: getattr(EpisodeForm, field) for field in fields}
    return type(f"{name.title()}StepForm", (FlaskForm,), unbound)
