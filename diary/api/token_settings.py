"""The settings page for personal access tokens: make one (shown once), see them, revoke one."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diary.access import access
from diary.api.forms import TokenForm
from diary.api.identity import refusal
from diary.api.tokens import issue_token
from diary.extensions import db
from diary.forms.common import ConfirmForm
from diary.models import ApiToken

bp = Blueprint("token_settings", __name__, url_prefix="/settings/tokens")
log = logging.getLogger("diary.security")


def may_make_tokens() -> bool:
    """Physiotherapists need two-step verification first: a token reads patient data."""
    return not current_user.is_physio or current_user.has_two_factor


def page(form: TokenForm, new_token: str | None = None, status: int = 200):
    """The tokens page, with a new token shown once when there is one."""
    tokens = db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == current_user.id)
                                .order_by(ApiToken.created_at.desc(), ApiToken.id.desc()))
    return render_template("api/tokens.html", form=form, tokens=list(tokens),
                           new_token=new_token, may_make_tokens=may_make_tokens(),
                           now=datetime.now(UTC), revoke_form=ConfirmForm()), status


@bp.route("", methods=["GET", "POST"])
@access("user")
def index():
    """The tokens; a valid POST makes a new one and shows it on this page, once."""
    form = TokenForm()
    if not form.validate_on_submit():
        return page(form, status=422 if form.errors else 200)
    refused = refusal(current_user, current_user.email, form)
    if refused is not None:
        db.session.commit()  # keep the failure counted
        getattr(form, refused.field).errors.append(refused.message)
        return page(form, status=refused.status if refused.status in (403, 429) else 422)
    row, text = issue_token(current_user, form.name.data.strip(), form.expires_in_days(),
                            form.scope.data)
    db.session.commit()
    log.info("api token created user_id=%s token_id=%s", current_user.id, row.id)
    return page(TokenForm(formdata=None), new_token=text, status=201)


@bp.post("/<int:token_id>/revoke")
@access("user")
def revoke(token_id: int):
    """Revoke one of one's own tokens; it stops working on its next request."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    row = db.first_or_404(sa.select(ApiToken).where(ApiToken.id == token_id,
                                                    ApiToken.user_id == current_user.id))
    if row.revoked_at is None:
        row.revoked_at = datetime.now(UTC)
        db.session.commit()
        log.info("api token revoked user_id=%s token_id=%s", current_user.id, row.id)
    flash(_("The token \u201c%(name)s\u201d is revoked.", name=row.name), "success")
    return redirect(url_for("token_settings.index"))
