"""The charts on the pages and in the PDF: data shapes, the server's SVG (one drawing code for
both), empty states and a new patient's first steps."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diary.demo import create_demo_data
from diary.extensions import db
from diary.models import User
from diary.pages import svg_charts
from tests.builders import (
    amsterdam_today,
    app_context,
    headache_on,
    make_check_in,
    page_json,
    recorded,
)

SVG = f"{{{svg_charts.SVG_NS}}}"
PAGE_CHART_IDS = ("chart-headache-days", "chart-intensity", "chart-triggers",
                  "chart-medication", "chart-onset-hour", "chart-onset-weekday")


def dashboard(client, query="") -> str:
    response = client.get(f"/dashboard?{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def figure_of(page: str, chart_id: str) -> str:
    """The HTML of one chart's <figure>."""
    found = re.search(rf'<figure[^>]*aria-labelledby="{chart_id}-title".*?</figure>', page, re.S)
    assert found, chart_id
    return found.group(0)


def svg_in(figure: str) -> ET.Element:
    found = re.search(r"<svg.*?</svg>", figure, re.S)
    assert found, "no SVG drawing in the figure"
    return ET.fromstring(found.group(0))


# --- data shapes ---------------------------------------------------------------------------

def test_pain_per_day_leaves_a_gap_where_nothing_was_recorded(app, patient_client, patient):
    today = amsterdam_today()
    with app_context(app):
        make_check_in(patient, today - timedelta(days=3))  # no headache: 0
        headache_on(patient, today - timedelta(days=1), intensity=6)
        make_check_in(patient, today)  # today - 2: nothing recorded
    data = page_json(dashboard(patient_client, "period=4w"))
    daily = dict(zip(data["intensity"]["daily"]["dates"], data["intensity"]["daily"]["values"],
                     strict=True))
    assert [daily[str(today - timedelta(days=n))] for n in (3, 2, 1, 0)] == [0, None, 6, 0]
    assert data["intensity"]["gaps"] == 28 - 4 + 1
    assert data["intensity"]["values"] == [6]  # the table: headache days with a pain score


def test_the_pain_line_joins_only_days_in_a_row():
    days = [date(2026, 3, d) for d in (1, 2, 3, 10, 20, 21)]
    runs = svg_charts.runs_of_days([(d, 5) for d in days])
    assert [[d.day for d, _v in run] for run in runs] == [[1, 2, 3], [10], [20, 21]]
    root = ET.fromstring(svg_charts.dots_over_time(
        date(2026, 3, 1), date(2026, 3, 28), [(d, 5) for d in days], str, "Pain", "Pain"))
    assert len(root.findall(f"{SVG}polyline")) == 2  # 1-3 and 20-21; 10 stands alone
    assert len(root.findall(f"{SVG}circle")) == 6


@pytest.fixture
def demo_client(app, client):
    """Logged in as the demo patient: 90 days with triggers, medication and sessions."""
    from diary.demo import DEMO_ACCOUNTS

    with app_context(app):
        create_demo_data()
        db.session.commit()
    _role, email, password = DEMO_ACCOUNTS[0]
    client.post("/login", data={"email": email, "password": password})
    return client


def test_forest_plot_rows_carry_their_ratio_inside_the_interval(demo_client):
    page = dashboard(demo_client)
    shown = page_json(page)["triggers"]["shown"]
    assert shown, "the demo diary has enough days for trigger associations"
    for item in shown:
        assert item["low"] <= item["risk_ratio"] <= item["high"], item["factor"]
    drawing = svg_in(figure_of(page, "chart-triggers"))
    texts = [t.text or "" for t in drawing.iter(f"{SVG}text")]
    for item in shown:  # the numbers are written out on a phone: "1.22 (0.64–2.32)"
        assert any(t.startswith(f"{item['risk_ratio']:g} (") for t in texts), item["factor"]
    squares = [r for r in drawing.iter(f"{SVG}rect") if r.get("width") == "6"]
    assert len(squares) == len(shown)
    assert all("transform" not in t.attrib for t in drawing.iter(f"{SVG}text"))  # no rotation


def test_a_phone_row_puts_long_labels_on_lines_of_their_own():
    long_name = "Paracetamol, aspirin and anti-inflammatory painkillers together"
    root = ET.fromstring(svg_charts.bars_with_limits(
        [long_name], [4], [15], "Days taken", "Limit", "Medication", svg_charts.PHONE_WIDTH))
    lines = [t.text for t in root.iter(f"{SVG}text") if t.get("font-weight") == "bold"]
    assert " ".join(lines) == long_name and len(lines) > 1
    width = svg_charts.PHONE_WIDTH
    assert all(len(line) * 8 * 0.56 <= width for line in lines)
    assert "Days taken: 4 · Limit 15" in [t.text for t in root.iter(f"{SVG}text")]


# --- the pages: SVG first, canvas as an enhancement -------------------------------------------

def test_every_chart_is_an_svg_with_a_name_and_a_summary(demo_client):
    page = dashboard(demo_client)
    for chart_id in PAGE_CHART_IDS:
        figure = figure_of(page, chart_id)
        title = re.search(rf'<h3 id="{chart_id}-title">([^<]+)</h3>', figure).group(1)
        drawing = svg_in(figure)
        assert drawing.get("role") == "img" and drawing.get("aria-label") == title, chart_id
        assert drawing.find(f"{SVG}title").text == title
        assert re.search(rf'<p class="chart-summary" id="{chart_id}-summary">\s*\S', figure)
        assert re.search(rf'<canvas id="{chart_id}" role="img" aria-label="{re.escape(title)}"',
                         figure), chart_id
        assert '<div class="chart-box" hidden>' in figure  # the SVG shows until JS draws
        assert "<table" in figure  # and the numbers behind it
    assert " style=" not in page  # the CSP refuses inline styles


def test_the_review_shows_the_same_drawings(app, physio_client, patient, care_link):
    with app_context(app):
        recorded(patient, 20, headaches=4)
    page = physio_client.get(f"/patients/{patient.id}").get_data(as_text=True)
    for chart_id in ("chart-headache-days", "chart-intensity", "chart-onset-hour"):
        assert svg_in(figure_of(page, chart_id)).get("role") == "img", chart_id


def test_the_pdf_draws_its_charts_with_the_pages_code(demo_client, monkeypatch):
    drawn = []
    for name in ("forest_plot", "dots_over_time", "stacked_bars", "month_calendars"):
        original = getattr(svg_charts, name)
        monkeypatch.setattr(svg_charts, name, lambda *a, _o=original, _n=name, **k: (
            drawn.append(_n), _o(*a, **k))[1])
    response = demo_client.post("/export/summary.pdf", data={"period": "3m"})
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert sorted(drawn) == ["dots_over_time", "forest_plot", "month_calendars", "stacked_bars"]


# --- empty states and the first run ---------------------------------------------------------

def test_a_new_patient_gets_first_steps_not_dashes(patient_client):
    page = dashboard(patient_client)
    assert "Start your diary" in page
    for url in ("/today", "/settings", "/sharing"):
        assert f'href="{url}"' in page, url
    assert "After 14 recorded days" in page and "After 60 recorded days" in page
    assert 'class="figure-value"' not in page and "<svg" not in page and "<canvas" not in page


def test_the_physiotherapist_never_sees_the_first_steps(physio_client, patient, care_link):
    page = physio_client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert "Start your diary" not in page


def test_an_empty_chart_says_what_comes_after_how_many_days(app, patient_client, patient):
    with app_context(app):
        recorded(patient, 3)  # three days without headache
    page = dashboard(patient_client)
    assert "Start your diary" not in page
    triggers = figure_of(page, "chart-triggers")
    assert "This appears after 60 recorded days with at least 5 headache days" in triggers
    assert "So far: 3 recorded days, 0 with a headache." in triggers
    assert "<canvas" not in triggers and "<svg" not in triggers
    for chart_id in ("chart-onset-hour", "chart-onset-weekday"):
        assert "After your first recorded headache" in figure_of(page, chart_id)
    assert "No acute medication in the last 30 days." in figure_of(page, "chart-medication")
    assert "<svg" in figure_of(page, "chart-intensity")  # three 0s: already something to draw


def test_dutch_empty_states(app, patient_client, patient):
    with app_context(app):
        recorded(patient, 2)
    patient_client.post("/language", data={"language": "nl", "next": "/dashboard"})
    triggers = figure_of(dashboard(patient_client), "chart-triggers")
    assert "Dit verschijnt na 60 ingevulde dagen met minstens 5 hoofdpijndagen" in triggers


def test_missing_days_lead_to_the_calendar_month_they_are_in(app, patient_client, patient):
    """Registered 9 days ago: only days since then can be missing, and the link opens the
    calendar (every day there opens its page) at the month of the latest missing day."""
    today = amsterdam_today()
    registered = today - timedelta(days=9)
    with app_context(app):
        db.session.get(User, patient.id).created_at = datetime.combine(
            registered, datetime.min.time(), UTC) + timedelta(hours=12)
        db.session.commit()
        recorded(patient, 5, end=today - timedelta(days=3))
    page = dashboard(patient_client)
    missing_days = [date.fromisoformat(c["date"]) for c in page_json(page)["calendar"]
                    if c["kind"] == "unrecorded" and date.fromisoformat(c["date"]) >= registered]
    link = re.search(r'<a href="([^"]+)">Fill in the (\d+) missing days', page)
    assert link, "the link to the missing days"
    assert int(link.group(2)) == len(missing_days) <= 10 - 5
    assert link.group(1) == f"/calendar?month={max(missing_days):%Y-%m}"
    calendar = patient_client.get(link.group(1)).get_data(as_text=True)
    assert f'href="/day/{max(missing_days).isoformat()}"' in calendar


# Text a label may hold: the characters either serialiser escapes, and ordinary ones.
LABEL_TEXT = st.text(alphabet=st.sampled_from('ab 1&<>"\'\r\n\té–'), max_size=8)


@st.composite
def drawings(draw, depth=0):
    """An SVG-like tree: tags, attributes, text and tails as the chart code makes them."""
    node = ET.Element(draw(st.sampled_from(["svg", "g", "rect", "text"])),
                      draw(st.dictionaries(st.sampled_from(["x", "fill", "aria-label"]),
                                           LABEL_TEXT, max_size=3)))
    node.text = draw(st.none() | LABEL_TEXT)
    node.tail = draw(st.none() | LABEL_TEXT) if depth else None
    if depth < 3:
        node.extend(draw(st.lists(drawings(depth + 1), max_size=3)))
    return node


@given(drawings())
def test_the_drawings_are_written_exactly_as_elementtree_writes_them(tree):
    assert svg_charts._to_string(tree) == ET.tostring(tree, encoding="unicode")
