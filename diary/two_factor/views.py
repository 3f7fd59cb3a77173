"""Two-step verification pages: the code after the password, enrolment and its settings, and
the page that asks for the password again before a sensitive change."""

import logging

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from diary.access import access
from diary.extensions import db
from diary.services import totp
from diary.services import two_factor as service
from diary.services.accounts import check_current_password
from diary.services.two_factor import (
    clear_two_factor_failures,
    record_two_factor_failure,
    two_factor_is_throttled,
)
from diary.two_factor.forms import (
    ConfirmForm,
    LoginCodeForm,
    ReauthForm,
    RecoveryCodesForm,
    StartForm,
    TurnOffForm,
)
from diary.web_session import (
    begin_session,
    cancel_pending_login,
    home_url,
    mark_identity_confirmed,
    mark_two_factor_done,
    pending_login_user,
    pending_login_wishes,
    recent_login_required,
    remember_this_device,
    safe_next,
)

bp = Blueprint("two_factor", __name__)
log = logging.getLogger("diary.security")


def wrong_code_message() -> str:
    return _("This code is not correct or was already used. Enter the code your app shows now.")


def too_many_codes_message() -> str:
    return _("Too many wrong codes. Please wait 15 minutes and try again.")


# --- the second step of logging in -----------------------------------------------------------

@bp.route("/login/two-factor", methods=["GET", "POST"])
@access("public")
def login_code():
    """After the right password: the code from the app (or a recovery code) completes the login."""
    if current_user.is_authenticated:
        return redirect(home_url())
    user = pending_login_user()
    if user is None:
        cancel_pending_login()
        flash(_("Please log in again: the code has to follow the password within 5 minutes."),
              "info")
        return redirect(url_for("auth.login"))
    form = LoginCodeForm()
    status = 200
    if form.validate_on_submit():
        if two_factor_is_throttled(user):
            log.warning("2fa throttled user_id=%s address=%r", user.id, request.remote_addr)
            form.code.errors.append(too_many_codes_message())
            status = 429
        elif method := service.check_code(user, form.code.data):
            return finish_login(user, method)
        else:
            record_two_factor_failure(user)
            db.session.commit()
            log.warning("2fa failed user_id=%s address=%r", user.id, request.remote_addr)
            form.code.errors.append(wrong_code_message())
    return render_template("two_factor/login.html", form=form), status


def finish_login(user, method: str):
    """Log in after the right code, with what the login form asked for (device, next page)."""
    remember, next_page = pending_login_wishes()  # read before the session starts afresh
    clear_two_factor_failures(user)
    log.info("2fa ok user_id=%s method=%s", user.id, method)
    begin_session(user)
    mark_two_factor_done()
    if remember:
        remember_this_device(user)
    db.session.commit()
    if method == "recovery":
        note_recovery_code_used(user)
    return redirect(next_page)


def note_recovery_code_used(user) -> None:
    left = len(service.unused_recovery_codes(user))
    log.info("recovery code used user_id=%s left=%d", user.id, left)
    flash(ngettext("You used a recovery code. %(num)d code is left: make new ones in Settings.",
                   "You used a recovery code. %(num)d codes are left: make new ones in "
                   "Settings.", left), "info")


# --- settings: enrol, new recovery codes, turn off -------------------------------------------

def render_settings(status=200, **forms):
    forms.setdefault("start_form", StartForm())
    forms.setdefault("confirm_form", ConfirmForm())
    forms.setdefault("codes_form", RecoveryCodesForm())
    forms.setdefault("turn_off_form", TurnOffForm())
    user = current_user
    return render_template(
        "two_factor/settings.html", pending=service.enrolment_pending(user),
        secret=totp.grouped(user.totp_secret) if service.enrolment_pending(user) else None,
        codes_left=len(service.unused_recovery_codes(user)) if user.has_two_factor else 0,
        **forms), status


@bp.route("/settings/two-factor")
@access("user")
def settings():
    return render_settings()


@bp.route("/settings/two-factor/qr.svg")
@access("user")
def qr_code():
    """The QR code of the key being set up; nothing once verification is on."""
    if not service.enrolment_pending(current_user):
        abort(404)
    return Response(totp.qr_svg(service.enrolment_uri(current_user)), mimetype="image/svg+xml")


@bp.route("/settings/two-factor/start", methods=["POST"])
@access("user")
@recent_login_required
def start():
    form = StartForm()
    if form.validate_on_submit() and not current_user.has_two_factor:
        service.start_enrolment(current_user)
        db.session.commit()
        log.info("2fa enrolment started user_id=%s", current_user.id)
    return redirect(url_for("two_factor.settings"))


@bp.route("/settings/two-factor/confirm", methods=["POST"])
@access("user")
@recent_login_required
def confirm():
    """A code from the new key turns verification on; every other session is logged out."""
    if not service.enrolment_pending(current_user):
        return redirect(url_for("two_factor.settings"))
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_settings(422, confirm_form=form)
    user = current_user._get_current_object()
    if (refused := setup_code_refused(user, form)) is not None:
        return render_settings(refused, confirm_form=form)
    codes = service.confirm_enrolment(user, form.code.data)
    if codes is None:
        log.warning("2fa enrolment code wrong user_id=%s", user.id)
        form.code.errors.append(wrong_code_message())
        return render_settings(422, confirm_form=form)
    user.end_all_sessions()
    db.session.commit()
    log.info("2fa enabled user_id=%s", user.id)
    begin_session(user)
    mark_two_factor_done()
    return render_template("two_factor/recovery_codes.html", codes=codes, first_time=True)


def setup_code_refused(user, form) -> int | None:
    """A physiotherapist's enrolment needs the clinic's one-time setup code (wrong ones count
    like wrong two-step codes); None when it is right or not needed, else the status."""
    if not service.enrolment_code_needed(user):
        return None
    if two_factor_is_throttled(user):
        form.setup_code.errors.append(too_many_codes_message())
        return 429
    if service.enrolment_code_matches(user, form.setup_code.data):
        return None
    record_two_factor_failure(user)
    db.session.commit()
    log.warning("2fa enrolment setup code wrong user_id=%s", user.id)
    form.setup_code.errors.append(_("Enter the setup code the clinic gave you. Ask the clinic "
                                    "for a new one if you do not have it."))
    return 422


@bp.route("/settings/two-factor/recovery-codes", methods=["POST"])
@access("user")
@recent_login_required
def new_recovery_codes():
    form = RecoveryCodesForm()
    if not (form.validate_on_submit() and current_user.has_two_factor):
        return redirect(url_for("two_factor.settings"))
    codes = service.replace_recovery_codes(current_user)
    db.session.commit()
    log.info("recovery codes replaced user_id=%s", current_user.id)
    return render_template("two_factor/recovery_codes.html", codes=codes, first_time=False)


@bp.route("/settings/two-factor/turn-off", methods=["POST"])
@access("patient")  # physiotherapists cannot turn it off
def turn_off():
    """Patients only, with the password and a code: the form itself confirms who it is."""
    if not current_user.has_two_factor:
        return redirect(url_for("two_factor.settings"))
    user = current_user._get_current_object()
    form = TurnOffForm()
    if not form.validate_on_submit():
        return render_settings(422, turn_off_form=form)
    refused = identity_refused(user, form)
    if refused:
        return render_settings(refused, turn_off_form=form)
    service.turn_off(user)
    db.session.commit()
    log.info("2fa disabled user_id=%s", user.id)
    flash(_("Two-step verification is off."), "success")
    return redirect(url_for("two_factor.settings"))


def identity_refused(user, form) -> int | None:
    """Check the password, then a code when the account has two-step verification.

    None when both are right; else the HTTP status, with the error beside the field. Wrong
    answers count towards the same throttles as a login.
    """
    outcome = ("throttled" if user.has_two_factor and two_factor_is_throttled(user)
               else check_current_password(user, form.password.data, request.remote_addr))
    if outcome == "throttled":
        log.warning("identity check throttled user_id=%s", user.id)
        form.password.errors.append(
            _("Too many failed attempts. Please wait 15 minutes and try again."))
        return 429
    if outcome == "wrong":
        db.session.commit()
        log.warning("identity check failed (password) user_id=%s", user.id)
        form.password.errors.append(_("Your password is not correct."))
        return 422
    if user.has_two_factor:
        if not form.code.data:
            form.code.errors.append(_("Please enter the code."))
            return 422
        method = service.check_code(user, form.code.data)
        if method is None:
            record_two_factor_failure(user)
            db.session.commit()
            log.warning("identity check failed (code) user_id=%s", user.id)
            form.code.errors.append(wrong_code_message())
            return 422
        if method == "recovery":
            log.info("recovery code used user_id=%s", user.id)
        clear_two_factor_failures(user)
    return None


# --- asking again before a sensitive change --------------------------------------------------

@bp.route("/reauth", methods=["GET", "POST"])
@access("user")
def reauth():
    """The password again (and a code with two-step verification), then back to `next`."""
    user = current_user._get_current_object()
    form = ReauthForm()
    status = 200
    if form.validate_on_submit():
        status = identity_refused(user, form) or 200
        if status == 200:
            db.session.commit()
            mark_identity_confirmed()
            if user.has_two_factor:
                mark_two_factor_done()
            log.info("reauth ok user_id=%s", user.id)
            return redirect(safe_next(request.args.get("next")))
    return render_template("two_factor/reauth.html", form=form), status
