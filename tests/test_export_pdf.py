"""The PDF summary: what page one says, Dutch, the checklist flag, the periods, and who may
download it (the patient; a linked physiotherapist, logged)."""

from __future__ import annotations

import io
import os
import re
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from babel.dates import format_date, format_interval
from babel.numbers import format_decimal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from werkzeug.exceptions import ServiceUnavailable

from diary.analysis import analyse
from diary.extensions import db
from diary.models import AccessLogEntry, CareLink, TreatmentSession
from diary.services.diary_records import load_diary
from tests.builders import (
    PASSWORD,
    in_app_context,
    local_today,
    login,
    make_episode,
    make_user,
    seed_known_diary,
)

ALL_SECTIONS = ["charts", "triggers", "medication", "episodes", "treatment"]


def pdf_pages(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages]


def flat(text: str) -> str:
    """Text without the hyphens and line breaks the layout added."""
    return re.sub(r"\s+", " ", re.sub(r"\u2010\s*\n", "", text)).replace("\u2060", "")


def ask_pdf(client, **fields):
    data = {"period": "4w", "sections": ALL_SECTIONS, **fields}
    return client.post("/export/summary.pdf", data=data)


def test_page_one_holds_the_essentials_with_the_analysis_figures(app, patient_client, patient):
    today = local_today()
    seed_known_diary(patient, today)
    pages = pdf_pages(ask_pdf(patient_client, questions="Is it my neck?\nCan I keep running?"))
    first = flat(pages[0])
    start = today - timedelta(days=27)
    assert "Anna" in first
    assert flat(format_interval(start, today, "yMMMd", locale="en_GB")) in first
    assert format_date(today, "long", locale="en_GB") in first  # the export date
    assert "Timezone Netherlands Time" in first  # named once, readably; never "CET" or "+0100"
    assert not re.search(r"\d:\d\d:\d\d|\bCES?T\b|[+-]0[12]00", " ".join(pages))
    assert "SELF-REPORTED DIARY" in first.upper()
    with app.app_context():
        diary = load_diary(patient)
    summary = analyse(diary, start, today, datetime.now(UTC))
    figures = summary.profile.current
    assert (figures.headache_days, figures.migraine_like_days) == (7, 3)
    for label, value in (("Headache days", figures.headache_days_per_28),
                         ("Migraine-like days", figures.migraine_like_days_per_28),
                         ("Tension-type-like days", figures.tension_type_like_days_per_28),
                         ("Average worst pain (0–10)", figures.mean_peak_intensity)):
        assert f"{label} {format_decimal(round(value, 1), locale='en')}" in first, label
    assert "Mixed: migraine-like and tension-type-like" in first or \
        summary.profile.label != "mixed"
    assert "No sign of medication overuse" in first
    assert "Is it my neck? Can I keep running?" in first
    assert "Day by day" in first and "Page 1 of" in first
    assert "Before dry needling: the patient answered yes to" not in first
    later = flat(" ".join(pages[1:]))
    assert "Headache days per week" in later and "Paracetamol" in later
    assert "The latest 7 headaches" not in later and "The latest 6 headaches" in later


def test_a_yes_on_the_checklist_is_flagged_on_page_one(patient_client, patient):
    seed_known_diary(patient, local_today())
    pages = pdf_pages(ask_pdf(patient_client, anticoagulants="yes", pregnancy="no",
                              psychosis="yes"))
    first = flat(pages[0])
    assert "Before dry needling: the patient answered yes to" in first
    assert "Blood thinners · Psychosis" in first
    checklist = flat(pages[-1])
    assert "Pregnancy no" in checklist and "Fever not answered" in checklist


def test_the_dutch_pdf_is_dutch(app, patient_client, patient):
    with app.app_context():
        db.session.add(patient)
        patient.language = "nl"
        db.session.commit()
    today = local_today()
    seed_known_diary(patient, today)
    pages = pdf_pages(ask_pdf(patient_client, fever="yes"))
    first = flat(pages[0])
    assert "Samenvatting van het hoofdpijndagboek" in first
    assert "Hoofdpijndagen" in first and "Pagina 1 van" in first
    assert format_date(today, "long", locale="nl") in first  # e.g. "30 juni 2026"
    assert "Tijdzone tijd in Nederland" in first
    assert "Zelf bijgehouden dagboek".upper() in first.upper()
    assert "Koorts" in first  # the flagged answer
    assert "Headache days" not in first


def test_sections_can_be_left_out(patient_client, patient):
    seed_known_diary(patient, local_today())
    everything = pdf_pages(ask_pdf(patient_client))
    only_first = pdf_pages(ask_pdf(patient_client, sections=[]))
    assert len(only_first) < len(everything)
    text = flat(" ".join(only_first[1:]))
    assert "Headache days per week" not in text and "Before dry needling" in text


def test_typed_markup_and_file_urls_stay_text(patient_client, patient):
    hostile = '<img src="file:///etc/passwd"> <link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
    make_episode(patient, datetime.now(UTC) - timedelta(hours=5),
                 datetime.now(UTC) - timedelta(hours=2), notes=hostile)
    response = ask_pdf(patient_client, questions=hostile)
    text = flat(" ".join(pdf_pages(response)))
    assert '<img src="file:///etc/passwd">' in text
    assert "root:x:0:0" not in text and b"root:x:0:0" not in response.data


@pytest.mark.parametrize("fields, message", [
    ({"period": "custom", "start": "2026-02-10", "end": "2026-01-01"},
     "The first day must be before the last day."),
    ({"period": "custom", "start": "2024-01-01", "end": "2025-06-01"}, "Choose at most one year."),
    ({"period": "custom", "start": "", "end": ""}, "Please choose the first day."),
    ({"period": "since_treatment"}, "No treatment session has been recorded yet."),
    ({"period": "forever"}, "Not a valid choice"),
    ({"questions": "?" * 2001}, "Use at most 2000 characters."),
    ({"fever": "maybe"}, "Not a valid choice"),
])
def test_a_bad_choice_is_shown_beside_the_field(patient_client, patient, fields, message):
    response = ask_pdf(patient_client, **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_since_the_last_treatment_session(app, patient_client, patient):
    today = local_today()
    seed_known_diary(patient, today)
    with app.app_context():
        db.session.add_all([
            TreatmentSession(patient_id=patient.id, physio_name="Pieter Jansen",
                             kind="dry_needling",
                             day=today - timedelta(days=40), muscles=["suboccipitals"]),
            TreatmentSession(patient_id=patient.id, physio_name="Pieter Jansen",
                             kind="manual_therapy", day=today - timedelta(days=10),
                             muscles_other="Scalenes"),
        ])
        db.session.commit()
    pages = pdf_pages(ask_pdf(patient_client, period="since_treatment"))
    first = flat(pages[0])
    period = format_interval(today - timedelta(days=10), today, "yMMMd", locale="en_GB")
    assert flat(period) in first
    treatment = flat(" ".join(pages[1:]))
    assert "Treatment sessions" in treatment
    assert "Manual therapy" in treatment and "Scalenes" in treatment
    assert "Suboccipital muscles" in treatment


# --- who may download it -----------------------------------------------------------------------

@pytest.fixture
def physio_setup(client):
    patient = make_user("anna@example.com", name="Anna Patient")
    seed_known_diary(patient, local_today())
    physio = make_user("pieter@clinic.nl", role="physio", name="Pieter Jansen", language="nl")
    return client, patient, physio


@in_app_context
def log_rows() -> list[AccessLogEntry]:
    return list(db.session.scalars(sa.select(AccessLogEntry)))


def test_a_linked_physio_gets_the_pdf_in_their_language_and_it_is_logged(app, physio_setup):
    client, patient, physio = physio_setup
    with app.app_context():
        db.session.add(CareLink(patient_id=patient.id, physio_id=physio.id))
        db.session.commit()
    login(client, "pieter@clinic.nl", PASSWORD)
    pages = pdf_pages(client.get(f"/patients/{patient.id}/summary.pdf?period=3m"))
    first = flat(pages[0])
    assert "Anna Patient" in first and "Hoofdpijndagen" in first
    assert "heeft deze lijst voor dit exemplaar niet ingevuld" in flat(pages[-1])
    (row,) = log_rows()
    assert (row.actor_id, row.patient_id, row.action) == (physio.id, patient.id, "export_pdf")
    today = local_today()
    assert row.detail == f"{today - timedelta(days=89)}..{today}"


@pytest.mark.parametrize("link", ["none", "revoked", "other patient"])
def test_an_unlinked_physio_gets_404_and_nothing_is_logged(app, physio_setup, link):
    client, patient, physio = physio_setup
    with app.app_context():
        if link == "revoked":
            db.session.add(CareLink(patient_id=patient.id, physio_id=physio.id,
                                    revoked_at=datetime.now(UTC)))
        elif link == "other patient":
            other = make_user("bob@example.com")
            db.session.add(CareLink(patient_id=other.id, physio_id=physio.id))
        db.session.commit()
    login(client, "pieter@clinic.nl", PASSWORD)
    assert client.get(f"/patients/{patient.id}/summary.pdf").status_code == 404
    assert client.get("/patients/999999/summary.pdf").status_code == 404
    assert log_rows() == []


def test_revoking_takes_effect_on_the_next_download(app, physio_setup):
    client, patient, physio = physio_setup
    link = CareLink(patient_id=patient.id, physio_id=physio.id)
    with app.app_context():
        db.session.add(link)
        db.session.commit()
    login(client, "pieter@clinic.nl", PASSWORD)
    assert client.get(f"/patients/{patient.id}/summary.pdf").status_code == 200
    with app.app_context():
        db.session.execute(sa.update(CareLink).values(revoked_at=datetime.now(UTC)))
        db.session.commit()
    assert client.get(f"/patients/{patient.id}/summary.pdf").status_code == 404
    assert len(log_rows()) == 1


def test_patients_cannot_use_the_physio_download(physio_setup):
    client, patient, _physio = physio_setup
    login(client, "anna@example.com", PASSWORD)
    assert client.get(f"/patients/{patient.id}/summary.pdf").status_code == 404


@pytest.mark.parametrize("url", ["/export", "/export/episodes.csv", "/export/check-ins.csv",
                                 "/export/diary.json"])
def test_the_patient_pages_are_for_patients(physio_setup, url):
    client, _patient, _physio = physio_setup
    assert client.get(url).status_code == 302  # anonymous: to the login page
    login(client, "pieter@clinic.nl", PASSWORD)
    assert client.get(url).status_code == 404


def test_a_patient_gets_only_their_own_summary(patient_client, patient):
    other = make_user("bob@example.com", name="Bob Other")
    make_episode(other, datetime.now(UTC) - timedelta(hours=3),
                 datetime.now(UTC) - timedelta(hours=1), notes="Bob's note")
    text = flat(" ".join(pdf_pages(ask_pdf(patient_client))))
    assert "Bob" not in text and "Anna" in text


def test_the_export_page_links_and_explains(patient_client, patient):
    page = patient_client.get("/export").get_data(as_text=True)
    for href in ("/export/episodes.csv", "/export/check-ins.csv", "/export/diary.json",
                 "/export/summary.pdf", "/export/import"):
        assert href in page
    assert "are not imported" in page
    assert 'href="/export"' in patient_client.get("/dashboard").get_data(as_text=True)


def test_no_pdf_period_changes_a_thing_on_get(patient_client):
    assert patient_client.get("/export/summary.pdf").status_code == 405


def test_made_on_is_today_and_period_ends_today_for_a_custom_range(patient_client, patient):
    seed_known_diary(patient, local_today())
    start, end = date.today() - timedelta(days=60), date.today() - timedelta(days=30)
    pages = pdf_pages(ask_pdf(patient_client, period="custom", start=start.isoformat(),
                              end=end.isoformat()))
    assert flat(format_interval(start, end, "yMMMd", locale="en_GB")) in flat(pages[0])


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(
    st.sampled_from(["period", "start", "end", "sections", "questions", "fever", "pregnancy"]),
    st.one_of(st.text(max_size=15), st.sampled_from(
        ["custom", "since_treatment", "4w", "3m", "2026-02-30", "0001-01-01", "9999-12-31",
         "yes", "no", "charts", "\x00"])), max_size=5))
def test_arbitrary_summary_requests_never_give_a_server_error(patient_client, data):
    response = patient_client.post("/export/summary.pdf", data=data)
    assert response.status_code in (200, 400, 422), data  # 400: a NUL character


def test_a_new_diary_gives_a_short_honest_summary(patient_client, patient):
    pages = pdf_pages(ask_pdf(patient_client))
    first = flat(pages[0])
    assert "Not enough data yet" in first and "0 recorded" in first
    assert "No headaches recorded in this period." in flat(" ".join(pages[1:]))
    assert "Treatment sessions" not in flat(" ".join(pages[1:]))  # none recorded


@pytest.mark.skipif(not hasattr(os, "sched_getscheduler"), reason="thread scheduling is Linux's")
def test_a_pdf_is_laid_out_only_on_spare_processor_time(monkeypatch):
    """Seconds of layout give way to other patients' saves on a busy server (the layout thread
    is SCHED_IDLE); the request's own thread keeps its priority."""
    from diary.export import pdf

    seen = {}
    real_layout = pdf._layout

    def layout(*args):
        seen["layout"] = os.sched_getscheduler(threading.get_native_id())
        return real_layout(*args)

    monkeypatch.setattr(pdf, "_layout", layout)
    caller = os.sched_getscheduler(threading.get_native_id())
    document = pdf.render_pdf("<p>Hello</p>", pdf.Path(__file__).parent)
    assert document.startswith(b"%PDF")
    assert seen["layout"] == os.SCHED_IDLE
    assert caller != os.SCHED_IDLE
    assert os.sched_getscheduler(threading.get_native_id()) == caller


def test_a_pdf_that_finds_no_processor_time_gives_a_translated_busy_page(
        monkeypatch, patient_client):
    """On a server too busy to lay the PDF out in time, the patient hears to try again in a
    minute (and the browser when), before gunicorn's timeout would have killed the worker."""
    from diary.export import pdf

    release = threading.Event()
    monkeypatch.setattr(pdf, "PDF_WAIT_SECONDS", 0.05)
    monkeypatch.setattr(pdf, "_layout", lambda *args: release.wait(5) and b"")
    try:
        response = ask_pdf(patient_client)
    finally:
        release.set()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert "too busy" in response.get_data(as_text=True)
    patient_client.post("/language", data={"language": "nl"})
    release.clear()
    try:
        response = ask_pdf(patient_client)
    finally:
        release.set()
    assert response.status_code == 503 and "te druk" in response.get_data(as_text=True)


def test_a_pdf_given_up_on_while_it_waited_is_never_laid_out(monkeypatch):
    """A download answered "busy" while another PDF held the layout thread: its own layout is
    taken out of the queue, so the busy server does not make a PDF nobody will receive."""
    from diary.export import pdf

    release, started, laid_out = threading.Event(), threading.Event(), []

    def layout(html, *_args):
        started.set()
        laid_out.append(html)
        release.wait(5)
        return b"%PDF"

    monkeypatch.setattr(pdf, "_layout", layout)
    monkeypatch.setattr(pdf, "PDF_WAIT_SECONDS", 0.05)
    first = pdf._LAYOUT.submit(layout, "first")  # another download's, holding the thread
    assert started.wait(5)
    try:
        with pytest.raises(ServiceUnavailable):
            pdf.render_pdf("second", pdf.Path(__file__).parent)
    finally:
        release.set()
        first.result(5)
    pdf.render_pdf("third", pdf.Path(__file__).parent)  # after everything queued before it
    assert laid_out == ["first", "third"]
