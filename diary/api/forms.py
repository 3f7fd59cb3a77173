"""Forms of the API: a list's query parameters, and a new personal access token."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    Form,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional

from diary.forms.common import NumberRange
from diary.i18n import user_zone
from diary.services.accounts import PASSWORD_MAX
from diary.services.days import FIRST_DIARY_DAY
from diary.zones import today_in

MAX_PER_PAGE = 100


class EpisodeFilterForm(Form):
    """Which episodes: those that started from `start` to `end` (local days), one page."""

    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("To"), validators=[Optional()])
    page = IntegerField(_l("Page"), default=1, validators=[
        Optional(), NumberRange(1, 100_000, _l("Enter a number from %(min)s to %(max)s."))])
    per_page = IntegerField(_l("Per page"), default=20, validators=[
        Optional(), NumberRange(1, MAX_PER_PAGE, _l("Enter a number from %(min)s to %(max)s."))])

    def __init__(self, formdata=None, today: date | None = None, **kwargs):
        """`today` is the diary owner's (the clinic's when not given)."""
        super().__init__(formdata, **kwargs)
        self.today = today

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, then days from 2000 to today with the first before the last
        (which also keeps the date arithmetic in range)."""
        if not super().validate(extra_validators):
            return False
        start, end = self.start.data, self.end.data
        today = self.today or today_in(user_zone(None))
        if start and not FIRST_DIARY_DAY <= start <= today:
            self.start.errors.append(_l("Choose a day from 1 January 2000 to today."))
        if end and not FIRST_DIARY_DAY <= end <= today:
            self.end.errors.append(_l("Choose a day from 1 January 2000 to today."))
        if not (self.start.errors or self.end.errors) and start and end and start > end:
            self.start.errors.append(_l("The first day must be before the last day."))
        return not (self.start.errors or self.end.errors)


# At most a year (API_TOKEN_MAX_LIFETIME): no token that never expires.
EXPIRY_CHOICES = [("7", _l("7 days")), ("30", _l("30 days")), ("90", _l("90 days")),
                  ("365", _l("1 year"))]
SCOPE_CHOICES = [("read", _l("Read only")), ("write", _l("Read and change"))]


class TokenForm(FlaskForm):
    """A new personal access token; the password (and code) is asked again to make one."""

    name = StringField(_l("Name (what the token is for)"), validators=[
        DataRequired(_l("Please give the token a name.")),
        Length(max=100, message=_l("Use at most %(max)d characters."))])
    expires = SelectField(_l("Expires after"), choices=EXPIRY_CHOICES, default="90")
    scope = SelectField(_l("What the token may do"), choices=SCOPE_CHOICES, default="read")
    password = PasswordField(_l("Your password"), validators=[
        DataRequired(_l("Please enter your password.")), Length(max=PASSWORD_MAX)])
    totp = StringField(_l("Code from your authenticator app"), validators=[
        Optional(), Length(max=10)])

    def expires_in_days(self) -> int:
        return int(self.expires.data)


class TokenRequestForm(TokenForm):
    """`POST /api/v1/tokens`: the same, with the account's email address."""

    email = EmailField(_l("Email address"), validators=[
        DataRequired(_l("Please enter your email address.")), Length(max=254)])
