"""The account-deletion form: the patient confirms with their password."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length

from diary.services.accounts import PASSWORD_MAX


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[
        DataRequired(_l("Please enter your password.")), Length(max=PASSWORD_MAX)])
