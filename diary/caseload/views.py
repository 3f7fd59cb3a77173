"""The physiotherapist's home page: the caseload table."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, current_app, make_response, render_template, request
from flask_login import current_user

from diary.access import access, log_reads_once_a_day
from diary.caseload.background import refresh_after_response
from diary.caseload.cli import refresh_overviews
from diary.caseload.table import (
    FIRST_DIRECTION,
    MAX_SEARCH,
    Page,
    caseload_row,
    caseload_select,
    profile_text,
    sort_order,
    sort_rows,
)
from diary.database import own_transaction
from diary.extensions import db
from diary.pages.outcomes import RESPONDER_LABELS
from diary.services.overviews import (
    compute_overviews,
    split_cached,
    store_overviews,
    stored_overview,
)
from diary.services.sharing import invitations_for

bp = Blueprint("caseload", __name__)
bp.cli.add_command(refresh_overviews)  # flask caseload refresh-overviews


@bp.route("/physio")
@access("physio")
def index():
    """Every patient who shares their diary, a page at a time: figures, search and sorting,
    in O(1) queries.

    Stored overviews are used where they still hold; the stale ones of the shown page are
    recomputed now, every other stale one after the response (diary/caseload/background.py),
    shown meanwhile with its old figures marked "updating". Read and rendered without the
    write lock: the access log and the recomputed overviews are written first, in a short
    transaction of their own.
    """
    search = request.args.get("q", "").strip()[:MAX_SEARCH]
    column, direction = sort_order(request.args)
    page_number = request.args.get("page", 1, type=int) or 1
    now = datetime.now(UTC)
    patients = db.session.execute(caseload_select(current_user.id, search)).all()
    overviews, stale = split_cached(patients, now)
    # A stale row shows its old figures (marked "updating") until new ones are computed.
    overviews.update({p.id: stored_overview(p) for p, _today in stale})

    def table_rows(waiting: set[int]) -> list:
        return sort_rows([caseload_row(p, overviews[p.id], updating=p.id in waiting)
                          for p in patients], column, direction)

    per_page = current_app.config["CASELOAD_PER_PAGE"]
    page = Page(table_rows({p.id for p, _today in stale}), page_number, per_page)
    # The shown page's stale rows first, a bounded number now, the rest after the response.
    shown = {row.patient_id for row in page.rows}
    stale.sort(key=lambda pair: pair[0].id not in shown)
    limit = current_app.config["CASELOAD_FRESH_PER_VIEW"]
    now_due, later = stale[:limit], stale[limit:]
    fresh = compute_overviews(now_due, now) if now_due else {}
    if fresh:  # sorted again with the new figures, same page
        overviews.update(fresh)
        page = Page(table_rows({p.id for p, _today in later}), page.number, per_page)
    with own_transaction() as writing:
        store_overviews([(patient, fresh[patient.id]) for patient, _today in now_due], writing)
        # Each shown patient's figures are seen: logged once a day per patient (NEN 7513).
        log_reads_once_a_day([row.patient_id for row in page.rows], "view_overview", writing)
    response = make_response(render_template(
        "caseload/index.html", page=page, search=search, column=column,
        direction=direction, first_direction=FIRST_DIRECTION, profile_text=profile_text,
        responder_labels=RESPONDER_LABELS,
        invitations=invitations_for(current_user)))
    if later and current_app.config["CASELOAD_BACKGROUND_REFRESH"]:
        app = current_app._get_current_object()
        response.call_on_close(lambda: refresh_after_response(app, later, now))
    return response
