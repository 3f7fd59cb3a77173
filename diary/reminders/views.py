"""Reminder settings, the offer after registration, and the browser's push subscription."""

from __future__ import annotations

import logging
import re

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diary.access import access
from diary.extensions import db
from diary.reminders import cli
from diary.reminders.forms import ReminderForm
from diary.services import reminders
from diary.services.web_push import allowed_endpoint, public_key
from diary.web_session import home_url

bp = Blueprint("reminders", __name__, cli_group="reminders")
cli.register(bp)
log = logging.getLogger(__name__)

# A subscription's keys are unpadded base64url (RFC 8291): 65 and 16 bytes.
KEY_TEXT = re.compile(r"[A-Za-z0-9_-]{16,200}={0,2}")


def filled_form(**defaults) -> ReminderForm:
    """The form with the patient's saved settings, or `defaults` over the form's own (all off)
    when never saved; a POST's fields win over both."""
    setting = reminders.saved_setting(current_user)
    return ReminderForm(obj=setting) if setting is not None else ReminderForm(data=defaults)


def render_settings(form: ReminderForm, status: int = 200):
    return render_template("reminders/settings.html", form=form, push_key=public_key(),
                           devices=reminders.subscription_count(current_user)), status


@bp.route("/settings/reminders", methods=["GET", "POST"])
@access("patient")
def settings():
    """Turn the evening and morning reminders on or off, choose times and channels."""
    form = filled_form()
    if not form.validate_on_submit():
        return render_settings(form, 422 if request.method == "POST" else 200)
    reminders.save_setting(current_user, form.values())
    db.session.commit()
    log.info("reminders saved user_id=%s", current_user.id)
    flash(_("Your reminders are saved."), "success")
    return redirect(url_for("reminders.settings"))


@bp.route("/welcome/reminders", methods=["GET", "POST"])
@access("patient")
def offer():
    """The one screen after registration: would you like a reminder? (skippable)"""
    form = filled_form(evening=True, by_email=True)
    if form.validate_on_submit():
        reminders.save_setting(current_user, form.values())
        db.session.commit()
        flash(_("Your reminders are on. You can change them any time in Settings."), "success")
        return redirect(home_url())
    status = 422 if request.method == "POST" else 200
    return render_template("reminders/offer.html", form=form, push_key=public_key()), status


@bp.route("/reminders/push-key")
@access("patient")
def push_key():
    """The public VAPID key the browser subscribes with; 404 while the server has none."""
    key = public_key()
    if key is None:
        abort(404)
    return jsonify(publicKey=key)


def subscription_from(body) -> tuple[str, str, str]:
    """endpoint, p256dh and auth from a PushSubscription's JSON; 400 when malformed."""
    keys = body.get("keys") if isinstance(body, dict) else None
    endpoint = body.get("endpoint") if isinstance(body, dict) else None
    if not (isinstance(keys, dict) and isinstance(endpoint, str) and len(endpoint) <= 1000):
        abort(400)
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    if not all(isinstance(key, str) and KEY_TEXT.fullmatch(key) for key in (p256dh, auth)):
        abort(400)
    if not allowed_endpoint(endpoint):
        abort(400)
    return endpoint, p256dh, auth


@bp.route("/reminders/push-subscriptions", methods=["POST"])
@access("patient")
def subscribe():
    """Keep this browser's subscription (JSON, X-CSRFToken header)."""
    endpoint, p256dh, auth = subscription_from(request.get_json(silent=True))
    reminders.add_subscription(current_user, endpoint, p256dh, auth)
    db.session.commit()
    log.info("push subscription saved user_id=%s", current_user.id)
    return jsonify(saved=True), 201


@bp.route("/reminders/push-subscriptions", methods=["DELETE"])
@access("patient")
def unsubscribe():
    """Forget this browser's subscription (JSON with its endpoint)."""
    body = request.get_json(silent=True)
    endpoint = body.get("endpoint") if isinstance(body, dict) else None
    if not isinstance(endpoint, str):
        abort(400)
    removed = reminders.remove_subscription(current_user, endpoint)
    db.session.commit()
    return ("", 204) if removed else abort(404)
