"""Sharing a diary: share codes, email invitations, revocation and the patient's access log."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DatabaseError

from diary.extensions import db
from diary.models import AccessLogEntry, CareLink, ShareInvitation, User
from diary.services import sharing as service
from tests.builders import PASSWORD, login, make_user, reloaded


def new_code(client) -> str:
    page = client.post("/sharing/code").get_data(as_text=True)
    match = re.search(r"data-share-code>([A-Z0-9-]+)<", page)
    assert match, page
    return match.group(1)


def as_physio(app, physio):
    client = app.test_client()
    assert login(client, physio.email).status_code == 302
    return client


def test_share_code_links_patient_and_physio(app, patient_client, patient, physio):
    code = new_code(patient_client)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    with app.app_context():
        stored = db.session.scalar(sa.select(ShareInvitation))
    assert stored.code_hash != code and code.replace("-", "") not in stored.code_hash
    physio_client = as_physio(app, physio)
    assert physio_client.get(f"/patients/{patient.id}").status_code == 404
    # Typed in lower case with spaces: still accepted.
    response = physio_client.post("/physio/accept", data={"code": code.lower().replace("-", " ")})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/patients/{patient.id}")
    assert physio_client.get(f"/patients/{patient.id}").status_code == 200
    page = patient_client.get("/sharing").get_data(as_text=True)
    assert "Pieter Jansen" in page and "Take back access" in page


def test_share_code_is_single_use(app, patient_client, patient, physio):
    code = new_code(patient_client)
    assert as_physio(app, physio).post("/physio/accept", data={"code": code}).status_code == 302
    other = make_user(email="olga@example.com", role="physio")
    response = as_physio(app, other).post("/physio/accept", data={"code": code})
    assert response.status_code == 422
    assert "already been used" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CareLink)) == 1


def test_expired_and_unknown_codes_are_refused(app, patient_client, patient, physio):
    code = new_code(patient_client)
    with app.app_context():
        invitation = db.session.scalar(sa.select(ShareInvitation))
    with app.app_context():
        db.session.add(invitation)
        invitation.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    client = as_physio(app, physio)
    response = client.post("/physio/accept", data={"code": code})
    assert response.status_code == 422 and "expired" in response.get_data(as_text=True)
    response = client.post("/physio/accept", data={"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 422 and "not known" in response.get_data(as_text=True)
    # What was typed stays in the field.
    assert 'value="AAAA-BBBB-CCCC"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(CareLink)) is None


def test_code_is_valid_for_seven_days(app, patient):
    with app.app_context():
        code = service.create_share_code(patient)
        db.session.commit()
        invitation = db.session.scalar(sa.select(ShareInvitation))
    lifetime = invitation.expires_at - invitation.created_at
    assert timedelta(days=7) - timedelta(seconds=5) < lifetime <= timedelta(days=7)
    assert service.hash_code(code) == invitation.code_hash


def test_withdrawn_code_cannot_be_used(app, patient_client, patient, physio):
    code = new_code(patient_client)
    with app.app_context():
        invitation = db.session.scalar(sa.select(ShareInvitation))
    assert patient_client.post(f"/sharing/invitations/{invitation.id}/withdraw").status_code == 302
    response = as_physio(app, physio).post("/physio/accept", data={"code": code})
    assert response.status_code == 422


def test_email_invitation_accepted_by_that_physio_only(app, patient_client, patient, physio):
    response = patient_client.post("/sharing/invite", data={"email": " Pieter@Clinic.NL "})
    assert response.status_code == 302
    again = patient_client.post("/sharing/invite", data={"email": "pieter@clinic.nl"})
    assert again.status_code == 409 and "already invited" in again.get_data(as_text=True)
    with app.app_context():
        invitation = db.session.scalar(sa.select(ShareInvitation))
    other = make_user(email="olga@example.com", role="physio")
    other_client = as_physio(app, other)
    assert "Anna" not in other_client.get("/physio/accept").get_data(as_text=True)
    assert other_client.post(f"/physio/invitations/{invitation.id}/accept").status_code == 404
    client = as_physio(app, physio)
    assert "Anna" in client.get("/physio/accept").get_data(as_text=True)
    assert client.post(f"/physio/invitations/{invitation.id}/accept").status_code == 302
    assert client.get(f"/patients/{patient.id}").status_code == 200
    assert client.post(f"/physio/invitations/{invitation.id}/accept").status_code == 404


def test_bad_invite_email_keeps_input(patient_client):
    response = patient_client.post("/sharing/invite", data={"email": "not an email"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "valid email address" in page and 'value="not an email"' in page


def test_revocation_is_immediate_and_regrant_reopens(app, patient_client, patient, physio):
    with app.app_context():
        link = service.grant(patient, physio)
        db.session.commit()
    client = as_physio(app, physio)
    assert client.get(f"/patients/{patient.id}").status_code == 200
    assert patient_client.post(f"/sharing/links/{link.id}/revoke").status_code == 302
    # The same physio session, the very next request.
    assert client.get(f"/patients/{patient.id}").status_code == 404
    assert client.get(f"/patients/{patient.id}/episodes").status_code == 404
    code = new_code(patient_client)
    assert client.post("/physio/accept", data={"code": code}).status_code == 302
    assert client.get(f"/patients/{patient.id}").status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CareLink)) == 1


def test_patient_cannot_revoke_or_withdraw_for_someone_else(app, patient, physio):
    with app.app_context():
        link = service.grant(patient, physio)
        service.create_share_code(patient)
        db.session.commit()
        invitation = db.session.scalar(sa.select(ShareInvitation))
    make_user(email="bob@example.com", name="Bob")
    bob = app.test_client()
    login(bob, "bob@example.com")
    assert bob.post(f"/sharing/links/{link.id}/revoke").status_code == 404
    assert bob.post(f"/sharing/invitations/{invitation.id}/withdraw").status_code == 404
    link = reloaded(link)
    assert link.active


def test_access_log_lists_each_view_for_the_patient(app, patient_client, patient, physio):
    with app.app_context():
        service.grant(patient, physio)
        db.session.commit()
    client = as_physio(app, physio)
    client.get(f"/patients/{patient.id}")
    client.get(f"/patients/{patient.id}/episodes")
    with app.app_context():
        entries = db.session.scalars(sa.select(AccessLogEntry).order_by(AccessLogEntry.id)).all()
    assert [(e.actor_name, e.action, e.patient_id) for e in entries] == [
        ("Pieter Jansen", "view_dashboard", patient.id),
        ("Pieter Jansen", "view_episodes", patient.id)]
    page = patient_client.get("/sharing/access-log").get_data(as_text=True)
    assert page.count("Pieter Jansen") == 2
    assert "viewed your patterns" in page and "viewed your list of headaches" in page


def test_access_log_of_another_patient_is_not_shown(app, patient, physio):
    with app.app_context():
        service.grant(patient, physio)
        db.session.commit()
    as_physio(app, physio).get(f"/patients/{patient.id}")
    make_user(email="bob@example.com", name="Bob")
    bob = app.test_client()
    login(bob, "bob@example.com")
    assert "Pieter Jansen" not in bob.get("/sharing/access-log").get_data(as_text=True)


def test_access_log_refuses_update_and_delete(app, patient, physio):
    with app.app_context():
        db.session.add(AccessLogEntry(actor_id=physio.id, actor_name="Pim", patient_id=patient.id,
                                      action="view_dashboard"))
        db.session.commit()
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(sa.update(AccessLogEntry).values(action="export_pdf"))
        db.session.rollback()
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(sa.delete(AccessLogEntry))
        db.session.rollback()
        assert db.session.scalar(sa.select(AccessLogEntry.action)) == "view_dashboard"


def test_access_log_survives_deleting_the_accounts(app, patient, physio):
    with app.app_context():
        db.session.add(AccessLogEntry(actor_id=physio.id, actor_name="Pim", patient_id=patient.id,
                                      action="view_dashboard"))
        db.session.commit()
        db.session.delete(db.session.get(User, physio.id))
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AccessLogEntry)) == 1


def test_sharing_pages_in_dutch(app, patient):
    with app.app_context():
        db.session.add(patient)
        patient.language = "nl"
        db.session.commit()
    client = app.test_client()
    login(client)
    page = client.get("/sharing").get_data(as_text=True)
    assert "Deel je dagboek" in page


@pytest.mark.parametrize("path, data", [("/sharing/code", {}),
                                        ("/sharing/invite", {"email": "pieter@clinic.nl"})])
def test_granting_access_asks_for_the_password_again_after_a_while(app, patient_client, path,
                                                                    data):
    with patient_client.session_transaction() as session:
        session["confirmed_at"] -= app.config["REAUTH_WINDOW"].total_seconds() + 1
    response = patient_client.post(path, data=data, headers={"Referer": "/sharing"})
    assert response.status_code == 302 and "/reauth" in response.headers["Location"]
    with app.app_context():
        assert db.session.scalar(sa.select(ShareInvitation)) is None
    confirm = patient_client.post(response.headers["Location"], data={"password": PASSWORD})
    assert confirm.status_code == 302
    assert patient_client.post(path, data=data).status_code in (200, 302)
    with app.app_context():
        assert db.session.scalar(sa.select(ShareInvitation)) is not None


def test_physio_home_announces_email_invitations(app, patient_client, physio):
    patient_client.post("/sharing/invite", data={"email": "pieter@clinic.nl"})
    client = as_physio(app, physio)
    page = client.get("/physio").get_data(as_text=True)
    assert "1 patient invited you to see their diary." in page
