"""The patient's sharing page and access log; the physiotherapist's page to accept access."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from diary.access import access, record_access
from diary.extensions import db
from diary.forms.common import ConfirmForm
from diary.models import AccessLogEntry
from diary.services import sharing as service
from diary.services.clinical_records import notes_of, sessions_of
from diary.sharing.forms import InviteForm, ShareCodeForm
from diary.web_session import recent_login_required

bp = Blueprint("sharing", __name__)
log = logging.getLogger("diary.security")
LOG_PAGE_SIZE = 50

# The access log in words, for the patient.
ACTION_LABELS = {
    "view_overview": _l("saw your figures in their patient list"),
    "view_dashboard": _l("viewed your patterns"),
    "view_episodes": _l("viewed your list of headaches"),
    "view_episode": _l("viewed one headache"),
    "export_pdf": _l("downloaded your summary (PDF)"),
    "export_fhir": _l("downloaded your diary for the clinic's record (FHIR)"),
    "export_data": _l("downloaded your data"),
    "add_note": _l("wrote a note"),
    "add_treatment": _l("recorded a treatment session"),
    "edit_treatment": _l("changed a treatment session"),
    "delete_treatment": _l("deleted a treatment session"),
    "accept_access": _l("accepted your invitation to share"),
    "view_list": _l("saw your name in their list of patients (API)"),
    "view_outcomes": _l("viewed your treatment outcomes"),
    "export_progress_report": _l("downloaded your progress report (PDF)"),
    "set_intake": _l("set the intake date of your treatment"),
}

REDEMPTION_PROBLEMS = {
    "unknown": _l("This share code is not known. Check it for typing errors, or ask the "
                  "patient for a new one."),
    "expired": _l("This share code has expired. Ask the patient for a new one."),
    "used": _l("This share code has already been used. Ask the patient for a new one."),
}


def sharing_page(invite_form=None, new_code=None, status=200):
    return render_template(
        "sharing/index.html", links=service.links_of(current_user),
        invitations=db.session.scalars(service.open_invitations_select(current_user)).all(),
        invite_form=invite_form or InviteForm(), confirm=ConfirmForm(), new_code=new_code,
    ), status


@bp.route("/sharing")
@access("patient")
def index():
    return sharing_page()


@bp.route("/sharing/code", methods=["POST"])
@access("patient")
@recent_login_required
def create_code():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    code = service.create_share_code(current_user)
    db.session.commit()
    log.info("share code created patient_id=%s", current_user.id)
    # Shown on this response only: the database keeps just its hash.
    return sharing_page(new_code=code)


@bp.route("/sharing/invite", methods=["POST"])
@access("patient")
@recent_login_required
def invite():
    form = InviteForm()
    if not form.validate_on_submit():
        return sharing_page(invite_form=form, status=422)
    if not service.invite_by_email(current_user, form.email.data):
        form.email.errors.append(_("You have already invited this address."))
        return sharing_page(invite_form=form, status=409)
    db.session.commit()
    flash(_("Invitation made. When %(email)s logs in to the diary, they can accept it.",
            email=form.email.data.strip().lower()), "success")
    return redirect(url_for("sharing.index"))


@bp.route("/sharing/invitations/<int:invitation_id>/withdraw", methods=["POST"])
@access("patient")
@recent_login_required
def withdraw(invitation_id: int):
    invitation = service.own_invitation(current_user, invitation_id)
    if invitation is None or not ConfirmForm().validate_on_submit():
        abort(404)
    if invitation.withdrawn_at is None and invitation.used_at is None:
        invitation.withdrawn_at = service.now()
        db.session.commit()
    flash(_("The invitation is withdrawn."), "success")
    return redirect(url_for("sharing.index"))


@bp.route("/sharing/links/<int:link_id>/revoke", methods=["POST"])
@access("patient")
@recent_login_required
def revoke(link_id: int):
    link = service.own_link(current_user, link_id)
    if link is None or not ConfirmForm().validate_on_submit():
        abort(404)
    codes_withdrawn = 0
    if link.active:
        codes_withdrawn = service.revoke(link)
        db.session.commit()
        log.info("access revoked patient_id=%s physio_id=%s", link.patient_id, link.physio_id)
    flash(_("%(name)s can no longer see your diary.", name=link.physio.signature), "success")
    if codes_withdrawn:
        flash(_("Your open share codes are withdrawn too. Make a new code when you want to "
                "share again."), "info")
    return redirect(url_for("sharing.index"))


@bp.route("/sharing/access-log")
@access("patient")
def access_log():
    page = request.args.get("page", 1, type=int)
    entries = db.paginate(
        sa.select(AccessLogEntry).where(AccessLogEntry.patient_id == current_user.id)
        .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc()),
        page=max(page, 1), per_page=LOG_PAGE_SIZE, error_out=False)
    return render_template("sharing/access_log.html", entries=entries,
                           action_labels=ACTION_LABELS)


# --- the physiotherapist's side --------------------------------------------------------------

def accept_page(form=None, status=200):
    return render_template("sharing/accept.html", form=form or ShareCodeForm(),
                           invitations=service.invitations_for(current_user),
                           confirm=ConfirmForm()), status


@bp.route("/physio/accept", methods=["GET", "POST"])
@access("physio")
@recent_login_required
def accept():
    form = ShareCodeForm()
    if request.method == "GET" or not form.validate_on_submit():
        return accept_page(form, 200 if request.method == "GET" else 422)
    outcome = service.redeem_code(current_user, form.code.data)
    if outcome.problem:
        db.session.rollback()
        log.warning("share code refused physio_id=%s problem=%s", current_user.id,
                    outcome.problem)
        form.code.errors.append(REDEMPTION_PROBLEMS[outcome.problem])
        return accept_page(form, 422)
    return linked(outcome.link)


@bp.route("/physio/invitations/<int:invitation_id>/accept", methods=["POST"])
@access("physio")
@recent_login_required
def accept_invitation(invitation_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    outcome = service.accept_invitation(current_user, invitation_id)
    if outcome.problem:
        db.session.rollback()
        abort(404)
    return linked(outcome.link)


def linked(link):
    db.session.flush()
    record_access(link.patient, "accept_access")
    db.session.commit()
    log.info("access granted patient_id=%s physio_id=%s", link.patient_id, link.physio_id)
    flash(_("%(name)s shares their diary with you.", name=link.patient.signature), "success")
    return redirect(url_for("review.patient", patient_id=link.patient_id))


@bp.route("/treatment")
@access("patient")
def treatment():
    """What the physiotherapists wrote: their notes and the treatment sessions."""
    return render_template("sharing/treatment.html", notes=notes_of(current_user),
                           sessions=sessions_of(current_user))
