"""A linked patient's diary as the physiotherapist sees it.

Every view checks the patient's consent on this very request (`linked_patient_or_404`) and
appends to the access log (`record_access`), so a revocation is immediate and every look is
visible to the patient.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from diary.extensions import db
from diary.security import access
from diary.sharing.access import linked_patient_or_404, logs_access, record_access

bp = Blueprint("review", __name__, url_prefix="/patients")


@bp.route("/<int:patient_id>")
@access("physio")
@logs_access
def patient(patient_id: int):
    patient = linked_patient_or_404(patient_id)
    record_access(patient, "view_dashboard")
    db.session.commit()
    return render_template("review/patient.html", patient=patient)
