"""The physiotherapist's home page: the caseload table."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, render_template, request
from flask_login import current_user

from diary.access import access, log_reads_once_a_day
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
from diary.database import own_transaction
from diary.extensions import db
from diary.pages.outcomes import RESPONDER_LABELS
from diary.services.overviews import current_overviews, store_overviews
from diary.services.sharing import invitations_for

bp = Blueprint("caseload", __name__)
bp.cli.add_command(refresh_overviews)  # flask caseload refresh-overviews


@bp.route("/physio")
@access("physio")
def index():
    """Every patient who shares their diary: figures, search and sorting, in O(1) queries.

    Read and rendered without the write lock: the access log and the recomputed overviews
    are written first, in a short transaction of their own.
    """
    search = request.args.get("q", "").strip()[:MAX_SEARCH]
    column, direction = sort_order(request.args)
    patients = db.session.execute(caseload_select(current_user.id, search)).all()
    overviews, recomputed = current_overviews(patients, datetime.now(UTC))
    rows = sort_rows([caseload_row(p, overviews[p.id]) for p in patients], column, direction)
    with own_transaction() as writing:
        store_overviews(recomputed, writing)
        # Each listed patient's figures are shown: logged once a day per patient (NEN 7513).
        log_reads_once_a_day([row.patient_id for row in rows], "view_overview", writing)
    return render_template(
        "caseload/index.html", rows=rows, search=search, column=column, direction=direction,
        first_direction=FIRST_DIRECTION, profile_text=profile_text,
        responder_labels=RESPONDER_LABELS,
        invitations=invitations_for(current_user))
