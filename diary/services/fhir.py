"""The diary as a FHIR R4 Bundle (type `collection`), and its validation before it is served.

One `Patient` (name, language, time zone), an `Observation` per headache episode and per
recorded day, a `MedicationStatement` per intake, a `Procedure` per treatment session, an
`EpisodeOfCare` starting on the treatment's intake date where one was set, a
`Consent` per sharing link and, when given, the pre-visit summary PDF as a `DocumentReference`.
Which field becomes which element and code: diary/services/fhir_codes.py and the README.

Resources refer to each other by `urn:uuid:` full URLs made for this one bundle: database ids
mean nothing outside this database (as in the JSON export). Unanswered questions are left out,
so "not recorded" never reads as "no".

The bundle is checked with fhir.resources' FHIR models (diary/services/fhir_validation.py); one
that does not validate raises InvalidBundle and is never served.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from diary.extensions import db
from diary.i18n import user_zone
from diary.models import (
    CareLink,
    CheckIn,
    Episode,
    PerceivedEffect,
    TreatmentIntake,
    TreatmentSession,
    User,
)
from diary.services import fhir_codes as codes
from diary.services.fhir_validation import InvalidBundle, validate  # noqa: F401  (for callers)
from diary.zones import day_bounds_utc

MEDIA_TYPE = "application/fhir+json; fhirVersion=4.0"


@dataclass(frozen=True)
class Pattern:
    """The analysis's reading of one episode, in the reader's language."""

    code: str  # the episode label, e.g. "migraine_like"
    text: str  # the label, marked as a pattern and not a diagnosis
    reasons: str  # the reasons behind it, as sentences


@dataclass(frozen=True)
class SummaryDocument:
    """The pre-visit summary PDF to attach, with its title and language."""

    pdf: bytes
    title: str
    language: str


@dataclass(frozen=True)
class Period:
    """The local days exported; None at either end: no limit."""

    first: date | None = None
    last: date | None = None

    def holds(self, day: date) -> bool:
        return ((self.first is None or day >= self.first)
                and (self.last is None or day <= self.last))


# --- small element builders ----------------------------------------------------------------

def iso(moment: datetime | date) -> str:
    return moment.isoformat()


def coding(pair: tuple[str, str]) -> dict:
    return {"system": pair[0], "code": pair[1]}


def concept(pair: tuple[str, str], text: str | None = None) -> dict:
    found = {"coding": [coding(pair)]}
    if text:
        found["text"] = text
    return found


def new_url() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def entry(url: str, resource: dict) -> dict:
    return {"fullUrl": url, "resource": resource}


def quantity(value: float | int, kind: str) -> dict:
    unit, code = codes.UNITS[kind]
    return {"value": value, "unit": unit, "system": codes.UCUM, "code": code}


def component_value(kind: str, code_system: tuple | None, value):
    """The value[x] of one component (see fhir_codes.VALUE_KEYS)."""
    if kind in ("code", "codes"):
        return concept((codes.system(code_system[0]), value))
    if kind in codes.UNITS:
        return quantity(value, kind)
    return value


# Fields whose codes the model gives under another name.
READ_AS = {"triggers": "trigger_codes"}


def components(row, table: dict, element_system: str) -> list[dict]:
    """One component per answered field of `row` (one per code for a list of codes)."""
    found = []
    for name, (kind, code_system) in table.items():
        value = getattr(row, READ_AS.get(name, name))
        if value is None or value == [] or value == "":
            continue
        code = (concept(codes.PAIN_SCORE) if kind == "pain"
                else concept((element_system, name)))
        for single in (value if kind == "codes" else [value]):
            found.append({"code": code,
                          codes.VALUE_KEYS[kind]: component_value(kind, code_system, single)})
    return found


# --- the resources -------------------------------------------------------------------------

def patient_resource(user: User) -> dict:
    """Minimal: the name, the language and the time zone of the local days; no identifiers."""
    resource = {
        "resourceType": "Patient",
        "extension": [{"url": codes.TZ_CODE, "valueCode": user.timezone}],
        "communication": [{"language": concept((codes.BCP47, user.language)),
                           "preferred": True}],
    }
    if user.name:
        resource["name"] = [{"text": user.name}]
    return resource


def aura_components(episode: Episode) -> list[dict]:
    """The aura: present or absent, its kinds, minutes and ICHD-3 details, and each symptom
    with its own minutes (fhir_codes.AURA_SYMPTOM_PREFIX)."""
    found = components(episode, codes.AURA_COMPONENTS, codes.EPISODE_ELEMENT)
    for symptom in sorted(episode.aura_symptoms, key=lambda s: s.kind):
        code = concept((codes.EPISODE_ELEMENT, codes.AURA_SYMPTOM_PREFIX + symptom.kind))
        found.append({"code": code, **({"valueBoolean": True} if symptom.minutes is None
                                        else {"valueQuantity": quantity(symptom.minutes,
                                                                        "minutes")})})
    return found


def episode_resource(episode: Episode, patient_url: str, pattern: Pattern | None) -> dict:
    """A headache episode as an Observation coded in SNOMED CT, its answers as components."""
    period = {"start": iso(episode.started_at)}
    if episode.ended_at is not None:
        period["end"] = iso(episode.ended_at)
    resource = {
        "resourceType": "Observation", "meta": {"lastUpdated": iso(episode.updated_at)},
        "status": "preliminary" if episode.still_going else "final",
        "code": concept(codes.HEADACHE, "Headache"), "subject": {"reference": patient_url},
        "effectivePeriod": period, "issued": iso(episode.created_at),
        "component": (components(episode, codes.EPISODE_COMPONENTS, codes.EPISODE_ELEMENT)
                      + aura_components(episode)),
    }
    notes = patient_note(episode.notes, patient_url)
    if pattern is not None:
        resource["interpretation"] = [concept((codes.PATTERN, pattern.code), pattern.text)]
        notes.append({"authorString": codes.PATTERN_NOTE_AUTHOR, "text": pattern.reasons})
    if notes:
        resource["note"] = notes
    return resource


def patient_note(text: str | None, patient_url: str) -> list[dict]:
    """The patient's own note (an Annotation by the patient), if any."""
    return [{"authorReference": {"reference": patient_url}, "text": text}] if text else []


def day_resource(check_in: CheckIn, patient_url: str) -> dict:
    """A recorded day as an Observation: headache-free or not, and the daily factors."""
    resource = {
        "resourceType": "Observation", "meta": {"lastUpdated": iso(check_in.updated_at)},
        "status": "final", "code": concept(codes.DAY, "Headache diary day"),
        "subject": {"reference": patient_url}, "effectiveDateTime": iso(check_in.day),
        "issued": iso(check_in.created_at),
        "component": components(check_in, codes.DAY_COMPONENTS, codes.DAY_ELEMENT),
    }
    if note := patient_note(check_in.note, patient_url):
        resource["note"] = note
    return resource


def medication_resource(intake, patient_url: str, episode_url: str) -> dict:
    """One intake: the ATC code of its substance or else its class where one exists
    (fhir_codes.atc_code), the name as text."""
    medication = {"coding": [{"system": codes.MEDICATION_CLASS, "code": intake.drug_class}],
                  "text": intake.name}
    if atc := codes.atc_code(intake.name, intake.drug_class):
        medication["coding"].insert(0, {"system": codes.ATC, "code": atc})
    resource = {"resourceType": "MedicationStatement", "status": "completed",
                "medicationCodeableConcept": medication, "subject": {"reference": patient_url},
                "reasonReference": [{"reference": episode_url}]}
    if intake.taken_at is not None:
        resource["effectiveDateTime"] = iso(intake.taken_at)
    if intake.dose:
        resource["dosage"] = [{"text": intake.dose}]
    if intake.effect:
        resource["extension"] = [{"url": codes.MEDICATION_EFFECT,
                                  "valueCoding": coding((codes.EFFECT, intake.effect))}]
    return resource


def session_resource(session: TreatmentSession, patient_url: str) -> dict:
    """A treatment session as a Procedure; the muscles treated are its body sites."""
    sites = [concept((codes.MUSCLE, muscle)) for muscle in session.muscles or []]
    if session.muscles_other:
        sites.append({"text": session.muscles_other})
    resource = {"resourceType": "Procedure", "status": "completed",
                "code": concept((codes.TREATMENT_KIND, session.kind)),
                "subject": {"reference": patient_url}, "performedDateTime": iso(session.day),
                "performer": [{"actor": {"display": session.physio_name}}]}
    if sites:
        resource["bodySite"] = sites
    if session.notes:
        resource["note"] = [{"text": session.notes}]
    return resource


def intake_resource(intake: TreatmentIntake, patient_url: str) -> dict:
    """The intake date as the start of the treatment (an EpisodeOfCare): the day the outcomes
    compare from. Still active: the diary does not know when treatment ends."""
    return {"resourceType": "EpisodeOfCare", "status": "active",
            "type": [concept(codes.TREATMENT_EPISODE)], "patient": {"reference": patient_url},
            "period": {"start": iso(intake.day)},
            "careManager": {"display": intake.physio_name}}


def perceived_effect_resource(effect: PerceivedEffect, patient_url: str,
                              session_url: str) -> dict:
    """The patient's answer a few days after a session, to how their headaches have changed
    since treatment began, as a QuestionnaireResponse that is part of the session's Procedure."""
    return {
        "resourceType": "QuestionnaireResponse", "status": "completed",
        "questionnaire": codes.PERCEIVED_QUESTIONNAIRE, "partOf": [{"reference": session_url}],
        "subject": {"reference": patient_url}, "authored": iso(effect.answered_at),
        "item": [{"linkId": codes.PERCEIVED_ITEM,
                  "answer": [{"valueCoding": coding((codes.PERCEIVED_EFFECT, effect.answer))}]}],
    }


def consent_resource(link: CareLink, physio_name: str, patient_url: str) -> dict:
    """A sharing link: the patient's consent for one physiotherapist to read the diary."""
    period = {"start": iso(link.granted_at)}
    if link.revoked_at is not None:
        period["end"] = iso(link.revoked_at)
    return {
        "resourceType": "Consent", "status": "active" if link.active else "inactive",
        "scope": concept(codes.CONSENT_SCOPE), "category": [concept(codes.CONSENT_CATEGORY)],
        "patient": {"reference": patient_url}, "dateTime": iso(link.granted_at),
        "policyRule": concept(codes.CONSENT_POLICY),
        "provision": {"type": "permit", "period": period,
                      "actor": [{"role": concept(codes.CONSENT_ROLE),
                                 "reference": {"display": physio_name}}]},
    }


def document_resource(document: SummaryDocument, patient_url: str) -> dict:
    """The pre-visit summary PDF, embedded, so the bundle stands on its own."""
    now = iso(datetime.now(UTC))
    return {
        "resourceType": "DocumentReference", "status": "current",
        "type": concept(codes.SUMMARY_DOCUMENT, document.title),
        "subject": {"reference": patient_url}, "date": now,
        "content": [{"attachment": {
            "contentType": "application/pdf", "language": document.language,
            "data": base64.b64encode(document.pdf).decode("ascii"),
            "title": document.title, "creation": now}}],
    }


# --- the bundle ----------------------------------------------------------------------------

def diary_bundle(user: User, period: Period, patterns: dict[int, Pattern],
                 document: SummaryDocument | None = None) -> dict:
    """Everything the diary holds about `user` within `period`, as a FHIR Bundle (a dict)."""
    patient_url = new_url()
    entries = [entry(patient_url, patient_resource(user))]
    for episode in episodes_in(user, period):
        episode_url = new_url()
        entries.append(entry(episode_url, episode_resource(
            episode, patient_url, patterns.get(episode.id))))
        entries.extend(entry(new_url(), medication_resource(intake, patient_url, episode_url))
                       for intake in episode.medications)
    entries.extend(entry(new_url(), day_resource(c, patient_url))
                   for c in check_ins_in(user, period))
    answers = answered_effects(user)
    for session in sessions_in(user, period):
        session_url = new_url()
        entries.append(entry(session_url, session_resource(session, patient_url)))
        if session.id in answers:
            entries.append(entry(new_url(), perceived_effect_resource(
                answers[session.id], patient_url, session_url)))
    # Whatever the period, like consent: the intake frames the sessions, it is no diary entry.
    if (intake := db.session.get(TreatmentIntake, user.id)) is not None:
        entries.append(entry(new_url(), intake_resource(intake, patient_url)))
    entries.extend(entry(new_url(), consent_resource(link, name, patient_url))
                   for link, name in care_links(user))
    if document is not None:
        entries.append(entry(new_url(), document_resource(document, patient_url)))
    return {"resourceType": "Bundle", "meta": {"tag": [coding(codes.BUNDLE_TAG)]},
            "type": "collection", "timestamp": iso(datetime.now(UTC)), "entry": entries}


def episodes_in(user: User, period: Period) -> list[Episode]:
    """The episodes that started on a local day within `period`, oldest first."""
    query = (sa.select(Episode).where(Episode.user_id == user.id).order_by(Episode.started_at)
             .options(selectinload(Episode.triggers), selectinload(Episode.medications),
                      selectinload(Episode.aura_symptoms)))
    zone = user_zone(user)
    if period.first is not None:
        query = query.where(Episode.started_at >= day_bounds_utc(period.first, zone)[0])
    if period.last is not None:
        query = query.where(Episode.started_at < day_bounds_utc(period.last, zone)[1])
    return list(db.session.scalars(query))


def check_ins_in(user: User, period: Period) -> list[CheckIn]:
    query = sa.select(CheckIn).where(CheckIn.user_id == user.id).order_by(CheckIn.day)
    return [c for c in db.session.scalars(query) if period.holds(c.day)]


def sessions_in(user: User, period: Period) -> list[TreatmentSession]:
    query = (sa.select(TreatmentSession).where(TreatmentSession.patient_id == user.id)
             .order_by(TreatmentSession.day, TreatmentSession.id))
    return [s for s in db.session.scalars(query) if period.holds(s.day)]


def answered_effects(user: User) -> dict[int, PerceivedEffect]:
    """The patient's answers after sessions by session id (a skipped question is no answer)."""
    query = sa.select(PerceivedEffect).where(PerceivedEffect.patient_id == user.id,
                                             PerceivedEffect.answer.is_not(None))
    return {effect.session_id: effect for effect in db.session.scalars(query)}


def care_links(user: User) -> list[tuple[CareLink, str]]:
    """Every sharing link of `user` (whatever the period: consent is not a diary entry)."""
    rows = db.session.execute(
        sa.select(CareLink, User.name, User.email).join(User, User.id == CareLink.physio_id)
        .where(CareLink.patient_id == user.id).order_by(CareLink.granted_at))
    return [(link, name or email) for link, name, email in rows]


def bundle_json(bundle: dict) -> str:
    """The bundle as compact JSON, validated first (InvalidBundle when it does not validate)."""
    validate(bundle)
    return json.dumps(bundle, ensure_ascii=False, separators=(",", ":"))
