"""Giving, accepting and taking back access to a diary.

A patient offers access in one of two ways: a share code read out or handed over (single use,
valid 7 days; only its hash is stored), or an invitation to a physiotherapist's email address,
which that physiotherapist sees after logging in. Accepting either opens a care link; the
patient revokes it in one click.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from diary.extensions import db
from diary.models import CareLink, ShareInvitation, User
from diary.services.token_hash import hash_token

INVITATION_DAYS = 7
# No 0/O, 1/I/L: the code is read aloud or typed from paper. 12 characters ≈ 60 bits.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def now() -> datetime:
    return datetime.now(UTC)


def normalise_code(text: str) -> str:
    """What a physiotherapist typed, without spaces or dashes, upper case."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def hash_code(text: str) -> str:
    return hash_token(normalise_code(text))


def format_code(raw: str) -> str:
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def create_share_code(patient: User) -> str:
    """A new single-use code; returned once, stored only as a hash."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    db.session.add(ShareInvitation(
        patient_id=patient.id, kind="code", code_hash=hash_code(raw),
        expires_at=now() + timedelta(days=INVITATION_DAYS)))
    return format_code(raw)


def open_invitations_select(patient: User) -> sa.Select:
    moment = now()
    return (sa.select(ShareInvitation)
            .where(ShareInvitation.patient_id == patient.id, ShareInvitation.used_at.is_(None),
                   ShareInvitation.withdrawn_at.is_(None), ShareInvitation.expires_at > moment)
            .order_by(ShareInvitation.created_at.desc()))


def invite_by_email(patient: User, email: str) -> bool:
    """Invite a physiotherapist's address; False when an open invitation to it exists."""
    email = email.strip().lower()
    already = db.session.scalar(
        open_invitations_select(patient).where(ShareInvitation.email == email))
    if already is not None:
        return False
    db.session.add(ShareInvitation(
        patient_id=patient.id, kind="email", email=email,
        expires_at=now() + timedelta(days=INVITATION_DAYS)))
    return True


def invitations_for(physio: User) -> list[ShareInvitation]:
    """Open email invitations addressed to this physiotherapist."""
    moment = now()
    return list(db.session.scalars(
        sa.select(ShareInvitation)
        .where(ShareInvitation.kind == "email", ShareInvitation.email == physio.email,
               ShareInvitation.used_at.is_(None), ShareInvitation.withdrawn_at.is_(None),
               ShareInvitation.expires_at > moment)
        .order_by(ShareInvitation.created_at)))


@dataclass(frozen=True)
class Redemption:
    """The outcome of using a share code or invitation: a link, or why not."""

    link: CareLink | None = None
    problem: str | None = None  # unknown, expired or used


def redeem_code(physio: User, code: str) -> Redemption:
    invitation = db.session.scalar(
        sa.select(ShareInvitation).where(ShareInvitation.kind == "code",
                                         ShareInvitation.code_hash == hash_code(code)))
    return _redeem(physio, invitation)


def accept_invitation(physio: User, invitation_id: int) -> Redemption:
    invitation = db.session.scalar(
        sa.select(ShareInvitation).where(ShareInvitation.id == invitation_id,
                                         ShareInvitation.kind == "email",
                                         ShareInvitation.email == physio.email))
    return _redeem(physio, invitation)


def _redeem(physio: User, invitation: ShareInvitation | None) -> Redemption:
    moment = now()
    if invitation is None or invitation.withdrawn_at is not None:
        return Redemption(problem="unknown")
    if invitation.used_at is not None:
        return Redemption(problem="used")
    if moment >= invitation.expires_at:
        return Redemption(problem="expired")
    # Claim it with a conditional UPDATE so two physiotherapists racing for one code cannot
    # both win (on PostgreSQL as on SQLite).
    claimed = db.session.execute(
        sa.update(ShareInvitation)
        .where(ShareInvitation.id == invitation.id, ShareInvitation.used_at.is_(None))
        .values(used_at=moment, used_by_id=physio.id)
        .execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        return Redemption(problem="used")
    return Redemption(link=grant(invitation.patient, physio))


def grant(patient: User, physio: User) -> CareLink:
    """Open (or re-open) the care link between a patient and a physiotherapist."""
    link = db.session.scalar(sa.select(CareLink).where(
        CareLink.patient_id == patient.id, CareLink.physio_id == physio.id))
    if link is None:
        link = CareLink(patient_id=patient.id, physio_id=physio.id)
        db.session.add(link)
    elif link.revoked_at is not None:
        link.revoked_at = None
        link.granted_at = now()
    return link


def revoke(link: CareLink) -> int:
    """End an active link and, in the same transaction, withdraw what could re-open it.

    Withdrawn: the patient's open email invitations to this physiotherapist, and all the
    patient's open share codes (a code is not addressed to anyone, so the revoked
    physiotherapist may hold any of them). Access returns only through an invitation or code the
    patient makes afterwards. Returns how many share codes were withdrawn. The caller commits.
    """
    moment = now()
    link.revoked_at = moment
    still_open = sa.and_(ShareInvitation.patient_id == link.patient_id,
                         ShareInvitation.used_at.is_(None), ShareInvitation.withdrawn_at.is_(None),
                         ShareInvitation.expires_at > moment)
    db.session.execute(
        sa.update(ShareInvitation)
        .where(still_open, ShareInvitation.kind == "email",
               ShareInvitation.email == link.physio.email)
        .values(withdrawn_at=moment).execution_options(synchronize_session=False))
    return db.session.execute(
        sa.update(ShareInvitation).where(still_open, ShareInvitation.kind == "code")
        .values(withdrawn_at=moment).execution_options(synchronize_session=False)).rowcount


def links_of(patient: User) -> list[CareLink]:
    """All the patient's care links, active first, newest first."""
    return list(db.session.scalars(
        sa.select(CareLink).where(CareLink.patient_id == patient.id)
        .order_by(CareLink.revoked_at.is_not(None), CareLink.granted_at.desc())))


def own_link(patient: User, link_id: int) -> CareLink | None:
    return db.session.scalar(sa.select(CareLink).where(
        CareLink.id == link_id, CareLink.patient_id == patient.id))


def own_invitation(patient: User, invitation_id: int) -> ShareInvitation | None:
    return db.session.scalar(sa.select(ShareInvitation).where(
        ShareInvitation.id == invitation_id, ShareInvitation.patient_id == patient.id))
