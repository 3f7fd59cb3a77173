"""Every page renders for both roles and both languages with every optional field filled in."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary.analysis.vocabulary import (
    AURA_TYPES,
    EPISODE_TRIGGERS,
    LOCATIONS,
    MUSCLES,
)
from diary.config import REPO_ROOT
from diary.extensions import db
from diary.models import (
    ClinicalNote,
    EpisodeTrigger,
    MedicationIntake,
    TreatmentSession,
    User,
)
from tests.builders import (
    amsterdam_today,
    at_day,
    bearer,
    in_app_context,
    link,
    login,
    make_check_in,
    make_episode,
    make_physio,
    make_token,
    make_user,
)

PEOPLE = itertools.count()  # hypothesis reuses the database: a new pair of users each time
TEMPLATES = REPO_ROOT / "diary" / "templates"
# Free text as people type it: accents, quotes, markup, emoji.
free_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1,
                    max_size=40)


@in_app_context
def fill_everything(patient: User, physio: User, text: str) -> dict:
    """One of every record with every optional field set; the ids the URLs need."""
    day = amsterdam_today() - timedelta(days=2)
    episode = make_episode(
        patient, at_day(day, 6), at_day(day, 14), intensity=8, side="left",
        locations=list(LOCATIONS), quality="pulsating", worse_with_activity=True, nausea=True,
        vomiting=True, light_sensitivity=True, sound_sensitivity=True, aura=True,
        aura_types=list(AURA_TYPES), aura_minutes=20, aura_gradual=True, aura_positive=True,
        aura_one_sided=True, aura_headache_within_60=True, neck_pain=True, neck_onset=True,
        sudden_onset=True, fever=True, neuro_symptoms=True, trigger_other=text, notes=text)
    episode.triggers.extend(EpisodeTrigger(trigger=code) for code in EPISODE_TRIGGERS)
    episode.medications.append(MedicationIntake(
        name=text[:100], drug_class="triptan", dose=text[:50], taken_at=at_day(day, 7),
        effect="good"))
    make_check_in(patient, day, headache_free=False, stress=7, screen_hours=6.5,
                  sleep_hours=5.5, menstruation=True, posture=True, note=text)
    session = TreatmentSession(
        patient_id=patient.id, physio_id=physio.id, physio_name=physio.name, day=day,
        kind="dry_needling", muscles=list(MUSCLES), muscles_other=text[:200], notes=text)
    db.session.add_all([session, ClinicalNote(patient_id=patient.id, author_id=physio.id,
                                              author_name=physio.name, body=text)])
    db.session.commit()
    return {"day": day.isoformat(), "episode_id": episode.id, "patient_id": patient.id,
            "session_id": session.id, "slug": "tension-type-headache", "step_name": "nausea"}


def page_urls(app, ids: dict) -> list[str]:
    """Every GET URL of the app, its placeholders filled from `ids` (static files left out)."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        urls.append(re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m.group(1)]), rule.rule))
    return sorted(urls)


def assert_no_server_error(client, urls, headers=None):
    for url in urls:
        response = client.get(url, headers=headers or {})
        assert response.status_code < 500, (url, response.status_code)


def visit_every_page(app, language: str, text: str) -> None:
    """The patient and her physiotherapist open every page, in `language`."""
    with app.app_context():
        n = next(PEOPLE)
        patient = make_user(email=f"patient{n}@example.com", language=language)
        physio = make_physio(email=f"physio{n}@clinic.nl")
        physio.language = language
        link(patient, physio)
        ids = fill_everything(patient, physio, text)
        patient_email, physio_email = patient.email, physio.email
        tokens = {patient_email: make_token(patient), physio_email: make_token(physio)}
    urls = page_urls(app, ids)
    for email in (patient_email, physio_email):
        client = app.test_client()
        assert login(client, email).status_code == 302
        assert_no_server_error(client, urls)
        assert_no_server_error(app.test_client(), [u for u in urls if u.startswith("/api/")],
                               bearer(tokens[email]))


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_page_renders_with_every_optional_field_filled(app, language):
    """Once failed: "other muscles" in a treatment session broke two pages (issue 20)."""
    visit_every_page(app, language, "Trapezius links, <b>&amp;</b> 'niet' \"zeker\"")


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(language=st.sampled_from(["en", "nl"]), text=free_text)
def test_every_page_renders_whatever_the_free_text(app, language, text):
    visit_every_page(app, language, text)


def test_no_template_rebinds_the_translation_function():
    """`{% set _ = ... %}` or a loop variable `_` hides `_()` for the rest of the block."""
    rebinding = re.compile(r"{%-?\s*(?:set\s+_\s*=|for\s+(?:\w+\s*,\s*)*_\b)")
    offenders = [str(path.relative_to(TEMPLATES)) for path in Path(TEMPLATES).rglob("*.html")
                 if rebinding.search(path.read_text())]
    assert offenders == []


def test_a_session_with_other_muscles_shows_on_both_pages(app, patient, physio, care_link,
                                                          patient_client, physio_client):
    with app.app_context():
        db.session.add(TreatmentSession(
            patient_id=patient.id, physio_id=physio.id, physio_name="Pieter", day=date(2026, 3, 3),
            kind="dry_needling", muscles=["upper_trapezius"], muscles_other="Scalenus medius"))
        db.session.commit()
    for client, url in ((patient_client, "/treatment"), (physio_client, f"/patients/{patient.id}")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Scalenus medius" in response.get_data(as_text=True)
