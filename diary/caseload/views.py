"""The physiotherapist's home page: the caseload table."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, render_template, request
from flask_login import current_user

from diary.access import access, logs_access, record_access_once_a_day
from diary.caseload.cli import refresh_overviews
from diary.caseload.table import (
    FIRST_DIRECTION,
    MAX_SEARCH,
    caseload_row,
    caseload_select,
    profile_text,
    sort_order,
    sort_rows,
)
from diary.extensions import db
from diary.services.overviews import current_overviews
from diary.services.sharing import invitations_for

bp = Blueprint("caseload", __name__)
bp.cli.add_command(refresh_overviews)  # flask caseload refresh-overviews


@bp.route("/physio")
@access("physio")
@logs_access  # writes the access log and the overview cache
def index():
    """Every patient who shares their diary: figures, search and sorting, in O(1) queries."""
    search = request.args.get("q", "").strip()[:MAX_SEARCH]
    column, direction = sort_order(request.args)
    patients = db.session.execute(caseload_select(current_user.id, search)).all()
    overviews = current_overviews(patients, datetime.now(UTC))
    rows = sort_rows([caseload_row(p, overviews[p.id]) for p in patients], column, direction)
    # Each listed patient's figures were shown: logged once a day per patient (NEN 7513).
    record_access_once_a_day([row.patient_id for row in rows], "view_overview")
    page = render_template(
        "caseload/index.html", rows=rows, search=search, column=column, direction=direction,
        first_direction=FIRST_DIRECTION, profile_text=profile_text,
        invitations=invitations_for(current_user))
    # Rendered first: a commit expires every loaded object (the user in the menu, too).
    db.session.commit()
    return page
