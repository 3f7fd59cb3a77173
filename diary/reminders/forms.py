"""The reminder settings form (Settings and the offer after registration)."""

from datetime import time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TimeField
from wtforms.validators import InputRequired


class ReminderForm(FlaskForm):
    """Which reminders, at what local time, and by which channels."""

    evening = BooleanField(_l("In the evening, when today is not filled in yet"))
    evening_at = TimeField(_l("Evening reminder at"), default=time(20, 0),
                           validators=[InputRequired()])
    morning = BooleanField(_l("In the morning, when yesterday is not filled in"))
    morning_at = TimeField(_l("Morning reminder at"), default=time(9, 0),
                           validators=[InputRequired()])
    by_email = BooleanField(_l("By e-mail"), default=True)
    by_push = BooleanField(_l("As a notification on this device"))

    def validate_by_email(self, field) -> None:
        """A reminder that is on needs a way to arrive."""
        if (self.evening.data or self.morning.data) and not (field.data or self.by_push.data):
            field.errors.append(_l("Choose e-mail, a notification or both."))

    def values(self) -> dict:
        """The fields as the service stores them (every field but the CSRF token)."""
        return {field.name: field.data for field in self if field.name != "csrf_token"}
