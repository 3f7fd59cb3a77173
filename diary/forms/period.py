"""The period picker (a GET form: it changes nothing, so it carries no CSRF token)."""

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from wtforms import DateField, Form, SelectField
from wtforms.validators import Optional

from diary.forms.common import checked_dates

PERIOD_DAYS = {"4w": 28, "3m": 90, "12m": 365}
MAX_DAYS = 5 * 366


class PeriodForm(Form):
    period = SelectField(_l("Period"), default="3m", choices=[
        ("4w", _l("Last 4 weeks")), ("3m", _l("Last 3 months")), ("12m", _l("Last 12 months")),
        ("custom", _l("Choose dates"))], validators=[Optional()])
    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("To"), validators=[Optional()])

    def chosen_range(self, today: date) -> tuple[date, date] | None:
        """The period asked for, or None with errors beside the fields."""
        if self.period.data != "custom":
            days = PERIOD_DAYS.get(self.period.data, PERIOD_DAYS["3m"])
            return today - timedelta(days=days - 1), today
        return checked_dates(self.start, self.end, today, MAX_DAYS,
                             _l("Choose at most five years."))
