"""Forms of a diary day: the one-tap check-in and the optional daily factors."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, RadioField, TextAreaField
from wtforms.validators import Length, Optional

from diary.forms.common import NumberRange, yes_no_field

NOTE_MAX = 2000


class DayFactorsForm(FlaskForm):
    """Optional factors of a day; asks about headache only when the day has no record yet."""

    had_headache = RadioField(_l("Did you have a headache on this day?"),
                              choices=[("no", _l("No headache")), ("yes", _l("Yes, a headache"))],
                              validators=[Optional()])
    stress = IntegerField(_l("Stress (0 = none, 10 = extreme)"), validators=[
        Optional(), NumberRange(0, 10, _l("Enter a number from %(min)s to %(max)s."))])
    screen_hours = DecimalField(_l("Hours of screen time"), places=1, validators=[
        Optional(), NumberRange(0, 24, _l("Enter a number from %(min)s to %(max)s."))])
    sleep_hours = DecimalField(_l("Hours of sleep (the night before)"), places=1, validators=[
        Optional(), NumberRange(0, 24, _l("Enter a number from %(min)s to %(max)s."))])
    menstruation = yes_no_field(_l("Menstruation (period) on this day"))
    posture = yes_no_field(_l("Long computer work or a poor posture"))
    note = TextAreaField(_l("Note"), validators=[
        Optional(), Length(max=NOTE_MAX, message=_l("Use at most %(max)d characters."))])
