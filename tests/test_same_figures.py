"""One set of figures: the same diary gives the same numbers on the dashboard, the API summary
and the PDF (issue 14), rates from 14 recorded days on and counts below that."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import sqlalchemy as sa
from babel.numbers import format_decimal
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from diary.extensions import db
from diary.models import CheckIn, Episode
from tests.builders import MIGRAINE, amsterdam_today, headache_on, in_app_context, make_token

KINDS = ("unrecorded", "headache_free", "headache", "migraine")
FIGURES = (("Headache days", "headache_days"), ("Migraine-like days", "migraine_like_days"),
           ("Tension-type-like days", "tension_type_like_days"))


@in_app_context
def replace_diary(patient, kinds, today) -> None:
    """The patient's whole diary becomes one entry per day of the last len(kinds) days."""
    for model in (Episode, CheckIn):  # one by one: bulk deletes are refused (diary_version)
        for row in db.session.scalars(sa.select(model).where(model.user_id == patient.id)):
            db.session.delete(row)
    db.session.commit()
    for offset, kind in enumerate(kinds):
        day = today - timedelta(days=len(kinds) - 1 - offset)
        if kind == "headache_free":
            db.session.add(CheckIn(user_id=patient.id, day=day, headache_free=True))
        elif kind == "headache":
            headache_on(patient, day)
        elif kind == "migraine":
            headache_on(patient, day, hours=6, **MIGRAINE)
    db.session.commit()


def expected_text(figures: dict, name: str) -> str:
    """What every surface must show for one figure, from the API's numbers."""
    if figures["rates_shown"]:
        return format_decimal(round(figures[f"{name}_per_28"], 1), locale="en")
    count = figures[name]
    unit = "day" if count == 1 else "days"
    return f"{count} {unit} in {figures['recorded_days']} recorded days"


def dashboard_value(page: str, label: str) -> str:
    found = re.search(rf"<dt>{label}</dt>\s*<dd class=\"figure-value\"[^>]*>([^<]+)</dd>", page)
    assert found, label
    return found.group(1).strip()


def pdf_first_page(response) -> str:
    assert response.status_code == 200
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    return re.sub(r"\s+", " ", re.sub(r"\u2010\s*\n", "", text)).replace("\u2060", "")


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds=st.lists(st.sampled_from(KINDS), min_size=28, max_size=28))
@example(kinds=["unrecorded"] * 25 + ["headache", "migraine", "headache_free"])  # counts
@example(kinds=["headache_free", "headache", "migraine", "headache"] * 7)  # rates
def test_dashboard_api_and_pdf_show_the_same_figures(patient_client, patient, kinds):
    today = amsterdam_today()
    start = today - timedelta(days=27)
    replace_diary(patient, kinds, today)
    token = make_token(patient)
    api = patient_client.get(f"/api/v1/summary?start={start}&end={today}",
                             headers={"Authorization": f"Bearer {token}"}).get_json()
    figures = api["profile"]["current"]
    assert figures["rates_shown"] is (figures["recorded_days"] >= 14)
    page = patient_client.get(f"/dashboard?period=custom&start={start}&end={today}"
                              ).get_data(as_text=True)
    pdf = pdf_first_page(patient_client.post("/export/summary.pdf",
                                             data={"period": "4w", "sections": []}))
    if figures["recorded_days"] == 0:  # nothing recorded: the first steps, no figures
        assert "Start your diary" in page and 'class="figure-value"' not in page
    for label, name in FIGURES:
        expected = expected_text(figures, name)
        if figures["recorded_days"]:
            assert dashboard_value(page, label) == expected, label
        assert f"{label} {expected}" in pdf, label
        if not figures["rates_shown"]:
            assert figures[f"{name}_per_28"] is None  # the API shows no rate either
