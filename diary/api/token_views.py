"""`POST /api/v1/tokens`: email and password (and a code) in, a personal access token out."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import jsonify

from diary.access import access
from diary.api.blueprint import bp
from diary.api.errors import ApiError
from diary.api.forms import TokenRequestForm
from diary.api.identity import refusal
from diary.api.json_forms import json_body, validated_form
from diary.api.serialise import local_time
from diary.api.tokens import issue_token
from diary.extensions import db
from diary.i18n import user_zone
from diary.models import User

log = logging.getLogger("diary.security")


@bp.post("/tokens")
@access("api-public")
def create_token():
    """A new token for the account; 401 for a wrong password or code, 429 when throttled."""
    form = validated_form(TokenRequestForm, json_body())
    email = form.email.data.strip().lower()
    user = db.session.scalar(sa.select(User).where(User.email == email))
    refused = refusal(user, email, form)
    if refused is not None:
        db.session.commit()  # keep the failure counted
        raise ApiError(refused.status, refused.code, refused.message,
                       {refused.field: [refused.message]})
    row, text = issue_token(user, form.name.data.strip(), form.expires_in_days(),
                            form.scope.data)
    db.session.commit()
    log.info("api token created user_id=%s token_id=%s", user.id, row.id)
    return jsonify(token_json(row, text, user_zone(user))), 201


def token_json(row, text: str, zone: ZoneInfo) -> dict:
    """The new token: shown this once, never again (times in the account's zone)."""
    return {"id": row.id, "name": row.name, "token": text, "scope": row.scope,
            "created_at": local_time(row.created_at, zone),
            "expires_at": local_time(row.expires_at, zone)}
