"""Forms for sharing: inviting by email and entering a share code."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Email, Length


def tidy_email(value: str | None) -> str | None:
    return value.strip().lower() if value else value


class InviteForm(FlaskForm):
    email = EmailField(_l("Your physiotherapist's email address"), filters=[tidy_email],
                       validators=[
        DataRequired(_l("Please enter an email address.")),
        Length(max=254, message=_l("This email address is too long.")),
        Email(_l("Please enter a valid email address, like name@example.com."),
              check_deliverability=False),
    ])


class ShareCodeForm(FlaskForm):
    code = StringField(_l("Share code"), validators=[
        DataRequired(_l("Please enter the share code.")),
        Length(max=40, message=_l("A share code has 12 letters and digits.")),
    ])
