"""Who may use a route (`access`), and who may read whose diary (care links + access log).

`access` is on every endpoint (a test walks the URL map). A physiotherapist sees a patient's
data only through `linked_patient_or_404` and leaves a line in the access log
(`log_read` for a look, in a short transaction of its own, or `record_access` with a change;
NEN 7513); the queries behind both are in diary/services/care_access.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import wraps

from flask import abort, current_app
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from diary.api.access import API_RULES, log_if_refused, token_access
from diary.database import own_transaction
from diary.extensions import db
from diary.i18n import user_zone
from diary.models import User
from diary.services import care_access
from diary.web_session import two_factor_detour
from diary.zones import today_in


def access(rule: str):
    """Declare who may use a view: "public", "user" (any logged-in), "patient" or "physio".

    Every endpoint carries one of these (a test walks the URL map); the decorator enforces it.
    A physiotherapist reaches "physio" views only after two-step verification in this session.
    """
    # The JSON API's rules ("api-public", "api-patient", "api-physio") go by the bearer token,
    # never the session cookie: see diary.api.access.
    if rule in API_RULES:
        return token_access(rule)
    if rule not in {"public", "user", "patient", "physio"}:
        raise ValueError(rule)

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            try:
                if rule != "public":
                    if not current_user.is_authenticated:
                        return current_app.login_manager.unauthorized()
                    if rule in {"patient", "physio"} and current_user.role != rule:
                        abort(404)
                    if rule == "physio" and (detour := two_factor_detour()) is not None:
                        return detour
                return view(*args, **kwargs)
            except HTTPException as error:  # another user's object, or the other role's page
                log_if_refused(error.code)
                raise

        wrapped.access_rule = rule
        return wrapped

    return decorate


def linked_patient_or_404(patient_id: int) -> User:
    """The patient, if the logged-in physiotherapist holds their consent now; else 404.

    Checked on every request, so a revocation takes effect on the very next one.
    """
    return db.first_or_404(care_access.linked_patients_select(current_user.id)
                           .where(User.id == patient_id))


def record_access(patient: User, action: str, detail: str = "") -> None:
    """Append that the logged-in user did `action` to `patient`'s data, with the change the
    request is making (committed by the view)."""
    care_access.record_access(current_user, patient, action, detail)


def log_read(patient: User, action: str, detail: str = "") -> None:
    """Append that the logged-in user looked at `patient`'s data, committed now.

    Called before the answer is built, so the look is logged even if rendering fails, and in
    a transaction of its own, so the reading and rendering that follow hold no write lock.
    """
    log_reads([patient], action, detail)


def log_reads(patients: Sequence[User], action: str, detail: str = "") -> None:
    """log_read for several patients (a list of them was shown), in one short transaction."""
    actor = current_user._get_current_object()
    with own_transaction() as session:
        for patient in patients:
            care_access.record_access(actor, patient, action, detail, session=session)


def log_reads_once_a_day(patient_ids: Sequence[int], action: str, session) -> None:
    """Append `action` once per patient per local day of the logged-in user (the caseload),
    in `session` (an `own_transaction`)."""
    zone = user_zone(current_user)
    care_access.record_access_once_a_day(current_user, patient_ids, action, today_in(zone), zone,
                                         session)
