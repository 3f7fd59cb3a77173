"""The PDF summary's choices (period, sections, questions, needling checklist) and the import."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, TextAreaField
from wtforms.validators import Length, Optional

from diary.forms.common import checked_dates, yes_no_field
from diary.forms.episodes import MultiCheckboxField

PERIOD_DAYS = {"4w": 28, "3m": 90}
MAX_DAYS = 366
QUESTIONS_MAX = 2000

SECTIONS = (
    ("charts", _l("Charts")),
    ("triggers", _l("Possible triggers")),
    ("medication", _l("Medication")),
    ("episodes", _l("The latest headaches side by side")),
    ("treatment", _l("Treatment sessions")),
)
# Dry needling is not done, or only after a talk, when one of these applies.
CONTRA_INDICATIONS = (
    ("pregnancy", _l("Are you pregnant, or could you be?"), _l("Pregnancy")),
    ("anticoagulants", _l("Do you take blood thinners (anticoagulants)?"), _l("Blood thinners")),
    ("bleeding_disorder", _l("Do you have a bleeding disorder?"), _l("Bleeding disorder")),
    ("local_infection", _l("Do you have an infection or a wound on the neck, shoulders or head?"),
     _l("Infection or wound in the area")),
    ("fever", _l("Do you have a fever at the moment?"), _l("Fever")),
    ("needle_fear", _l("Are you afraid of needles?"), _l("Fear of needles")),
    ("psychosis", _l("Have you ever had a psychosis?"), _l("Psychosis")),
    ("regional_oedema", _l("Do you have swelling (oedema) in the neck, shoulders or arms?"),
     _l("Swelling (oedema) in the area")),
)
CONTRA_CODES = tuple(code for code, _question, _short in CONTRA_INDICATIONS)
CONTRA_SHORT = {code: short for code, _question, short in CONTRA_INDICATIONS}


class SummaryForm(FlaskForm):
    """What goes into the PDF; the patient fills it in just before the appointment."""

    period = SelectField(_l("Period"), default="4w", choices=[
        ("4w", _l("Last 4 weeks")), ("3m", _l("Last 3 months")),
        ("since_treatment", _l("Since the last treatment session")),
        ("custom", _l("Choose dates"))])
    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("To"), validators=[Optional()])
    sections = MultiCheckboxField(_l("Pages after the first"), choices=list(SECTIONS),
                                  default=[code for code, _label in SECTIONS])
    questions = TextAreaField(_l("Your questions for the physiotherapist"), validators=[
        Optional(), Length(max=QUESTIONS_MAX, message=_l("Use at most %(max)d characters."))])

    def chosen_range(self, today: date, last_session: date | None) -> tuple[date, date] | None:
        """The period asked for, or None with the reason beside the field."""
        if self.period.data in PERIOD_DAYS:
            return today - timedelta(days=PERIOD_DAYS[self.period.data] - 1), today
        if self.period.data == "since_treatment":
            return self._since(last_session, today)
        return self._custom(today)

    def _since(self, last_session: date | None, today: date):
        if last_session is None:
            self.period.errors.append(_l("No treatment session has been recorded yet."))
        elif (today - last_session).days >= MAX_DAYS:
            self.period.errors.append(
                _l("The last treatment session was more than a year ago. Please choose dates."))
        else:
            return last_session, today
        return None

    def _custom(self, today: date):
        return checked_dates(self.start, self.end, today, MAX_DAYS, _l("Choose at most one year."))

    def answers(self) -> dict[str, bool | None]:
        """The checklist: True for yes, False for no, None when left open."""
        return {code: {"yes": True, "no": False}.get(getattr(self, code).data or "")
                for code in CONTRA_CODES}


# One yes/no question per contra-indication, named by its code (e.g. form.fever).
for _code, _question, _short in CONTRA_INDICATIONS:
    setattr(SummaryForm, _code, yes_no_field(_question))
del _code, _question, _short


class ImportForm(FlaskForm):
    """A JSON file exported from this diary (here or at another clinic)."""

    file = FileField(_l("Export file (JSON)"),
                     validators=[FileRequired(_l("Please choose a file."))])
