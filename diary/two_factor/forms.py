"""Forms for two-step verification and for confirming who you are."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional

from diary.services.accounts import PASSWORD_MAX


def code_field(label, required=True):
    checks = [DataRequired(_l("Please enter the code."))] if required else [Optional()]
    return StringField(label, validators=[*checks, Length(max=40, message=_l(
        "Enter the 6 digits from your app, or a recovery code."))])


def password_field():
    return PasswordField(_l("Password"), validators=[
        DataRequired(_l("Please enter your password.")), Length(max=PASSWORD_MAX)])


class LoginCodeForm(FlaskForm):
    code = code_field(_l("Code from your authenticator app, or a recovery code"))


class StartForm(FlaskForm):
    """Only the CSRF token: starting enrolment makes a new key."""


class ConfirmForm(FlaskForm):
    code = code_field(_l("The 6-digit code your app shows now"))
    # Physiotherapists only (the view checks it): the one-time code from the clinic.
    setup_code = StringField(_l("Setup code from the clinic"), validators=[
        Optional(), Length(max=40, message=_l("Use at most %(max)d characters."))])


class RecoveryCodesForm(FlaskForm):
    """Only the CSRF token: making new recovery codes."""


class TurnOffForm(FlaskForm):
    password = password_field()
    code = code_field(_l("Code from your authenticator app, or a recovery code"))


class ReauthForm(FlaskForm):
    password = password_field()
    # Required in the view when the account uses two-step verification.
    code = code_field(_l("Code from your authenticator app"), required=False)
