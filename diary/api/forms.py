"""Forms of the API: a list's query parameters, and a new personal access token."""

from __future__ import annotations

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
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from diary.auth.forms import PASSWORD_MAX

MAX_PER_PAGE = 100


class EpisodeFilterForm(Form):
    """Which episodes: those that started from `start` to `end` (local days), one page."""

    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("To"), validators=[Optional()])
    page = IntegerField(_l("Page"), default=1, validators=[
        Optional(), NumberRange(1, 100_000, _l("Enter a number from %(min)s to %(max)s."))])
    per_page = IntegerField(_l("Per page"), default=20, validators=[
        Optional(), NumberRange(1, MAX_PER_PAGE, _l("Enter a number from %(min)s to %(max)s."))])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.start.data and self.end.data and self.start.data > self.end.data:
            self.start.errors.append(_l("The first day must be before the last day."))
            ok = False
        return ok


EXPIRY_CHOICES = [("7", _l("7 days")), ("30", _l("30 days")), ("90", _l("90 days")),
                  ("365", _l("1 year")), ("never", _l("Never"))]


class TokenForm(FlaskForm):
    """A new personal access token; the password (and code) is asked again to make one."""

    name = StringField(_l("Name (what the token is for)"), validators=[
        DataRequired(_l("Please give the token a name.")),
        Length(max=100, message=_l("Use at most %(max)d characters."))])
    expires = SelectField(_l("Expires after"), choices=EXPIRY_CHOICES, default="90")
    password = PasswordField(_l("Your password"), validators=[
        DataRequired(_l("Please enter your password.")), Length(max=PASSWORD_MAX)])
    totp = StringField(_l("Code from your authenticator app"), validators=[
        Optional(), Length(max=10)])

    def expires_in_days(self) -> int | None:
        return None if self.expires.data == "never" else int(self.expires.data)


class TokenRequestForm(TokenForm):
    """`POST /api/v1/tokens`: the same, with the account's email address."""

    email = EmailField(_l("Email address"), validators=[
        DataRequired(_l("Please enter your email address.")), Length(max=254)])
