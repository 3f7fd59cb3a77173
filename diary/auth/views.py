"""Register, log in, log out, and the account settings page."""

import logging

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diary.access import access
from diary.auth.forms import LoginForm, PasswordChangeForm, PreferencesForm, RegisterForm
from diary.extensions import db
from diary.forms.common import ConfirmForm
from diary.models import User
from diary.services import accounts, devices
from diary.services.accounts import hash_password
from diary.services.token_hash import hash_token
from diary.web_session import (
    TWO_FACTOR_DONE,
    begin_pending_login,
    begin_session,
    drop_device_cookie,
    end_session,
    forget_this_device,
    home_url,
    mark_two_factor_done,
    remember_this_device,
    safe_next,
    this_device_token,
)

bp = Blueprint("auth", __name__)
log = logging.getLogger("diary.security")


@bp.route("/register", methods=["GET", "POST"])
@access("public")
def register():
    if current_user.is_authenticated:
        return redirect(home_url())
    form = RegisterForm()
    if form.validate_on_submit():
        if not accounts.count_registration(request.remote_addr):
            db.session.rollback()
            log.warning("registration throttled")
            form.email.errors.append(_("Too many new accounts from your network. Please try "
                                       "again in an hour."))
            return render_template("auth/register.html", form=form), 429
        db.session.commit()  # counted before the slow hash, with no transaction held open
        registered(form)
        # The same answer whether or not the address already had an account (see README).
        flash(_("Thank you. If this email address is new here, your diary is ready: log in "
                "with it and the password you just chose. If it already has an account, log "
                "in with that account's password."), "info")
        return redirect(url_for("auth.login", next=url_for("reminders.offer")))
    if request.method == "GET":
        form.language.data = session.get("language") or _current_language()
    return render_template("auth/register.html", form=form)


def registered(form: RegisterForm) -> None:
    """Create the patient account when the address is new; an existing one stays unchanged.

    The password is hashed in both cases, so the time taken does not tell them apart either.
    """
    password_hash = hash_password(form.password.data)
    user = accounts.add_patient_unless_taken(
        form.email.data.strip().lower(), password_hash, name=form.name.data.strip(),
        language=form.language.data, timezone=form.timezone.data)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # the same new address registered twice at once
        db.session.rollback()
        user = None
    if user is not None:
        log.info("register user_id=%s", user.id)


def _current_language() -> str:
    from flask_babel import get_locale

    return str(get_locale())


@bp.route("/login", methods=["GET", "POST"])
@access("public")
def login():
    next_page = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_page)
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        throttled, user = checked_login(email, form.password.data)
        if throttled:
            log.warning("login throttled account=%s address=%r", accounts.account_tag(email),
                        request.remote_addr)
            form.password.errors.append(
                _("Too many failed attempts. Please wait 15 minutes and try again."))
            status = 429
        elif user is not None:
            if user.has_two_factor:
                # Not logged in yet: the code from the app comes next.
                log.info("login password ok, code pending user_id=%s", user.id)
                begin_pending_login(user, form.remember.data, next_page)
                return redirect(url_for("two_factor.login_code"))
            return logged_in(user, form.remember.data, next_page)
        else:
            log.warning("login failed account=%s address=%r", accounts.account_tag(email),
                        request.remote_addr)
            form.password.errors.append(_("The email address or password is not correct."))
    return render_template("auth/login.html", form=form), status


def logged_in(user: User, remember: bool, next_page: str):
    """Start the session (and remember this device when a patient asked), then go on."""
    log.info("login ok user_id=%s", user.id)
    begin_session(user)
    if remember:
        remember_this_device(user)
        db.session.commit()
    return redirect(next_page)


def checked_login(email: str, password: str) -> tuple[bool, User | None]:
    """(throttled, the user when the password is right), in three short steps with a commit
    after the first and the last: the argon2 check in between holds no write lock."""
    attempt = accounts.count_login_attempt(email, request.remote_addr)
    if attempt is None:
        db.session.rollback()
        return True, None
    db.session.commit()  # counted as failed before the check, so the throttle stays exact
    if not accounts.password_is_right(attempt, password):
        return False, None
    user = accounts.take_back_attempt(attempt, password)
    db.session.commit()
    return False, user


@bp.route("/logout", methods=["POST"])
@access("user")
def logout():
    current_user.end_all_sessions()
    forget_this_device()
    db.session.commit()
    log.info("logout user_id=%s", current_user.id)
    end_session()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


def settings_page(preferences=None, password_form=None, status=200):
    """The settings page, with the remembered devices of a patient ("this device" marked)."""
    remembered = devices.devices_of(current_user) if current_user.is_patient else []
    token = this_device_token()
    this_hash = hash_token(token) if token else None
    return render_template(
        "auth/settings.html", preferences=preferences or PreferencesForm(obj=current_user),
        password_form=password_form or PasswordChangeForm(), devices=remembered,
        this_device_id=next((d.id for d in remembered if d.token_hash == this_hash), None),
        confirm=ConfirmForm()), status


@bp.route("/settings", methods=["GET"])
@access("user")
def settings():
    return settings_page()


@bp.route("/settings/preferences", methods=["POST"])
@access("user")
def save_preferences():
    preferences = PreferencesForm()
    if not preferences.validate_on_submit():
        return settings_page(preferences=preferences, status=422)
    current_user.language = preferences.language.data
    current_user.timezone = preferences.timezone.data
    current_user.theme = preferences.theme.data
    db.session.commit()
    session["language"] = current_user.language
    flash(_("Your settings are saved."), "success")
    return redirect(url_for("auth.settings"))


@bp.route("/settings/password", methods=["POST"])
@access("user")
def change_password():
    form = PasswordChangeForm()
    status = 422
    if form.validate_on_submit():
        status = current_password_refusal(form.current)
        if status is None:
            return password_changed(form)
    return settings_page(password_form=form, status=status)


def current_password_refusal(field) -> int | None:
    """None for the right current password; else the status, with the error beside `field`."""
    outcome = accounts.check_current_password(current_user, field.data, request.remote_addr)
    db.session.commit()  # a wrong password stays counted
    if outcome == "right":
        return None
    log.warning("password change refused (%s) user_id=%s", outcome, current_user.id)
    field.errors.append(_("Too many failed attempts. Please wait 15 minutes and try again.")
                        if outcome == "throttled" else _("Your current password is not correct."))
    return 429 if outcome == "throttled" else 422


def password_changed(form):
    """Store the new password; other sessions end, this one continues."""
    user = current_user._get_current_object()
    user.password_hash = hash_password(form.password.data)
    # Every other session (another browser, a copied cookie) ends now; this one continues.
    user.end_all_sessions()
    forgotten = devices.forget_all(user)  # remembered devices too, this one included
    drop_device_cookie()
    # API tokens too (one may have been made with the old password), unless kept explicitly.
    revoked = 0 if form.keep_tokens.data else accounts.revoke_api_tokens(user)
    db.session.commit()
    log.info("password changed user_id=%s api_tokens_revoked=%s devices_removed=%s", user.id,
             revoked, forgotten)
    code_checked = TWO_FACTOR_DONE in session
    begin_session(user)
    if code_checked:  # this session keeps its two-step verification
        mark_two_factor_done()
    flash(_("Your password is changed. Other sessions and remembered devices have been "
            "logged out."), "success")
    return redirect(url_for("auth.settings"))


# --- remembered devices ----------------------------------------------------------------------

@bp.route("/settings/devices/<int:device_id>/remove", methods=["POST"])
@access("patient")
def remove_device(device_id: int):
    """Forget one of the patient's own remembered devices (someone else's: 404)."""
    device = devices.own_device(current_user, device_id)
    if device is None or not ConfirmForm().validate_on_submit():
        abort(404)
    token = this_device_token()
    if token and hash_token(token) == device.token_hash:
        drop_device_cookie()
    db.session.delete(device)
    db.session.commit()
    log.info("remembered device removed user_id=%s device_id=%s", current_user.id, device_id)
    flash(_("The device is removed: it asks for your password next time."), "success")
    return redirect(url_for("auth.settings", _anchor="devices"))


@bp.route("/settings/devices/sign-out-everywhere", methods=["POST"])
@access("patient")
def sign_out_everywhere():
    """End every remembered device and every session, this one included."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    forgotten = devices.forget_all(user)
    user.end_all_sessions()
    db.session.commit()
    log.info("signed out everywhere user_id=%s devices_removed=%s", user.id, forgotten)
    drop_device_cookie()
    end_session()
    flash(_("You are signed out everywhere. Log in again on each device you use."), "info")
    return redirect(url_for("auth.login"))
