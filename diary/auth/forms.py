"""Account forms: registration, login, password and preference changes."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from diary.i18n import known_timezones
from diary.services.accounts import COMMON_PASSWORDS, PASSWORD_MAX, PASSWORD_MIN

LANGUAGE_CHOICES = [("en", "English"), ("nl", "Nederlands")]
THEME_CHOICES = [
    ("system", _l("Follow my device")),
    ("light", _l("Light")),
    ("dim", _l("Dim (softer light)")),
    ("dark", _l("Dark")),
]


def strong_enough(form, field) -> None:
    """No composition rules (NIST/ASVS): only length and a list of common passwords."""
    if field.data and field.data.strip().lower() in COMMON_PASSWORDS:
        raise ValidationError(_l("This password is too common. Please choose another one."))


def known_timezone(form, field) -> None:
    if field.data not in known_timezones():
        raise ValidationError(_l("Please choose a timezone from the list, e.g. Europe/Amsterdam."))


def new_password_field(label):
    return PasswordField(label, validators=[
        DataRequired(_l("Please enter a password.")),
        Length(PASSWORD_MIN, PASSWORD_MAX,
               _l("Use between %(min)d and %(max)d characters.")),
        strong_enough,
    ])


def language_field():
    return SelectField(_l("Language"), choices=LANGUAGE_CHOICES,
                       validators=[DataRequired(_l("Please choose a language."))])


def timezone_field():
    return StringField(_l("Timezone"), default="Europe/Amsterdam",
                       validators=[DataRequired(_l("Please enter your timezone.")),
                                   Length(max=64), known_timezone])


class RegisterForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[
        DataRequired(_l("Please enter your name.")),
        Length(max=100, message=_l("Use at most %(max)d characters."))])
    email = EmailField(_l("Email address"), validators=[
        DataRequired(_l("Please enter your email address.")),
        Length(max=254, message=_l("Use at most %(max)d characters.")),
        Email(_l("Please enter a valid email address."), check_deliverability=False)])
    password = new_password_field(_l("Password (at least 8 characters)"))
    confirm = PasswordField(_l("Repeat the password"), validators=[
        EqualTo("password", _l("The two passwords are not the same."))])
    language = language_field()
    timezone = timezone_field()


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[
        DataRequired(_l("Please enter your email address.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[
        DataRequired(_l("Please enter your password.")), Length(max=PASSWORD_MAX)])
    # Honoured for patients only (diary/web_session.py remember_this_device).
    remember = BooleanField(_l("Keep me signed in on this device"))


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[
        DataRequired(_l("Please enter your current password.")), Length(max=PASSWORD_MAX)])
    password = new_password_field(_l("New password (at least 8 characters)"))
    confirm = PasswordField(_l("Repeat the new password"), validators=[
        EqualTo("password", _l("The two passwords are not the same."))])
    keep_tokens = BooleanField(_l("Keep my API tokens working"))


class PreferencesForm(FlaskForm):
    language = language_field()
    timezone = timezone_field()
    theme = RadioField(_l("Colours"), choices=THEME_CHOICES, default="system",
                       validators=[DataRequired(_l("Please choose how the diary looks."))])
