"""Taking back access stays taken back: invitations and share codes made before a revocation
cannot re-open the link; only something the patient does afterwards can."""

from __future__ import annotations

import re

import sqlalchemy as sa

from diary.extensions import db
from diary.models import ShareInvitation
from diary.services import sharing as service
from tests.builders import app_context, in_app_context, login, make_user


def new_code(client) -> str:
    page = client.post("/sharing/code").get_data(as_text=True)
    return re.search(r"data-share-code>([A-Z0-9-]+)<", page).group(1)


def physio_session(app, physio):
    client = app.test_client()
    assert login(client, physio.email).status_code == 302
    return client


@in_app_context
def granted(patient, physio):
    """An active link; returns its id."""
    link = service.grant(patient, physio)
    db.session.commit()
    return link.id


def invite(patient_client, email="pieter@clinic.nl") -> int:
    assert patient_client.post("/sharing/invite", data={"email": email}).status_code == 302
    with app_context(patient_client.application):
        return db.session.scalar(sa.select(ShareInvitation.id).where(
            ShareInvitation.email == email).order_by(ShareInvitation.id.desc()))


def test_an_invitation_made_before_revocation_cannot_reopen_access(app, patient_client,
                                                                   patient, physio):
    link_id = granted(patient, physio)
    invitation_id = invite(patient_client)
    physio_client = physio_session(app, physio)
    assert patient_client.post(f"/sharing/links/{link_id}/revoke").status_code == 302
    assert physio_client.post(f"/physio/invitations/{invitation_id}/accept").status_code == 404
    assert physio_client.get(f"/patients/{patient.id}").status_code == 404
    assert "Anna" not in physio_client.get("/physio/accept").get_data(as_text=True)


def test_a_share_code_made_before_revocation_cannot_reopen_access(app, patient_client,
                                                                  patient, physio):
    link_id = granted(patient, physio)
    code = new_code(patient_client)  # the physiotherapist may hold it on paper
    physio_client = physio_session(app, physio)
    assert patient_client.post(f"/sharing/links/{link_id}/revoke").status_code == 302
    response = physio_client.post("/physio/accept", data={"code": code})
    assert response.status_code == 422
    assert physio_client.get(f"/patients/{patient.id}").status_code == 404


def test_revocation_leaves_other_physiotherapists_invitations_alone(app, patient_client,
                                                                     patient, physio):
    other = make_user(email="olga@clinic.nl", role="physio", name="Olga")
    link_id = granted(patient, physio)
    invitation_id = invite(patient_client, "olga@clinic.nl")
    assert patient_client.post(f"/sharing/links/{link_id}/revoke").status_code == 302
    response = physio_session(app, other).post(f"/physio/invitations/{invitation_id}/accept")
    assert response.status_code == 302


def test_a_new_invitation_or_code_after_revocation_works(app, patient_client, patient, physio):
    link_id = granted(patient, physio)
    physio_client = physio_session(app, physio)
    assert patient_client.post(f"/sharing/links/{link_id}/revoke").status_code == 302
    invitation_id = invite(patient_client)
    assert physio_client.post(f"/physio/invitations/{invitation_id}/accept").status_code == 302
    assert physio_client.get(f"/patients/{patient.id}").status_code == 200
    assert patient_client.post(f"/sharing/links/{link_id}/revoke").status_code == 302
    code = new_code(patient_client)
    assert physio_client.post("/physio/accept", data={"code": code}).status_code == 302
    assert physio_client.get(f"/patients/{patient.id}").status_code == 200
