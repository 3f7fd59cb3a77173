"""Deleting one's own account (the right to erasure), after the password and an export offer."""

import logging

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diary.access import access
from diary.account.forms import DeleteAccountForm
from diary.extensions import db
from diary.services.accounts import login_is_throttled, record_login_failure, verify_password
from diary.services.erasure import erase_account
from diary.web_session import end_session

bp = Blueprint("account", __name__, url_prefix="/account")
log = logging.getLogger("diary.security")

def render_page(form: DeleteAccountForm, status: int = 200):
    return render_template("account/delete.html", form=form), status


@bp.route("/delete", methods=["GET"])
@access("patient")
def delete():
    """What deleting removes and what the clinic keeps, the export, then the password."""
    return render_page(DeleteAccountForm())


@bp.route("/delete", methods=["POST"])
@access("patient")
def confirm_delete():
    form = DeleteAccountForm()
    if not form.validate_on_submit():
        return render_page(form, 422)
    email = current_user.email
    # Wrong passwords here count like failed logins, so a borrowed session cannot guess.
    if login_is_throttled(email, request.remote_addr):
        form.password.errors.append(
            _("Too many failed attempts. Please wait 15 minutes and try again."))
        return render_page(form, 429)
    if not verify_password(current_user, form.password.data):
        record_login_failure(email, request.remote_addr)
        db.session.commit()
        log.warning("account deletion refused user_id=%s", current_user.id)
        form.password.errors.append(_("Your password is not correct."))
        return render_page(form, 422)
    user = current_user._get_current_object()
    erase_account(user)  # the failed logins counted for this email go too
    db.session.commit()
    log.info("account erased user_id=%s", user.id)
    end_session()
    flash(_("Your account and your diary are deleted."), "success")
    return redirect(url_for("auth.login"))
