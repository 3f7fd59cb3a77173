"""Form pieces shared by the diary's forms: yes/no questions and optional numbers."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import Optional as OptionalValidator

YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]


def yes_no_field(label, **kwargs) -> RadioField:
    """A yes/no question that may stay unanswered (stored as NULL, shown as "not recorded")."""
    return RadioField(label, choices=YES_NO, validators=[OptionalValidator()],
                      validate_choice=True, **kwargs)


def to_bool(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def from_bool(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


class ConfirmForm(FlaskForm):
    """A form with only the CSRF token: one-tap actions and delete confirmations."""
