"""The PDF's parts on their own: the URL fetcher, the page-number rule and the SVG charts."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from diary.export.pdf import StaticFilesOnly, css_string, page_number_css, render_pdf, static_file
from diary.pages import svg_charts as svg

STATIC = Path(__file__).resolve().parent.parent / "diary" / "static"
NS = {"s": svg.SVG_NS}


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    f"{STATIC.as_uri()}/../__init__.py",
    f"{STATIC.as_uri()}/%2e%2e/config.py",
    f"{STATIC.as_uri()}/css/pdf.css?x=1",
    f"{STATIC.as_uri()}/js/app.js",  # not a file type a document embeds
    f"{STATIC.as_uri()}/css/missing.css",
    "file://evil.example/share/pdf.css",
    "http://127.0.0.1:9/static/css/pdf.css",
    "https://example.com/logo.png",
    "data:text/css,body{color:red}",
    "ftp://example.com/x.css",
])
def test_the_fetcher_refuses_everything_but_static_files(url):
    assert static_file(url, STATIC) is None
    with pytest.raises(ValueError):
        StaticFilesOnly(STATIC).fetch(url)


def test_generated_images_are_served_by_name_only():
    fetcher = StaticFilesOnly(STATIC, {"chart.svg": "<svg/>"})
    base = STATIC.resolve().as_uri()
    assert fetcher.fetch(f"{base}/generated/chart.svg").read() == b"<svg/>"
    for url in (f"{base}/generated/other.svg", f"{base}/generated/../css/../../config.py",
                "file:///generated/chart.svg"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_fetcher_serves_the_pdf_stylesheet():
    response = StaticFilesOnly(STATIC).fetch(f"{STATIC.as_uri()}/css/pdf.css")
    assert b"@page" in response.read() and response.content_type == "text/css"


def test_markup_that_got_through_still_reads_nothing(tmp_path):
    """Even unescaped tags (which Jinja never lets through) make WeasyPrint fetch nothing."""
    secret = tmp_path / "secret.png"
    secret.write_bytes((STATIC / "favicon.svg").read_bytes())
    fetcher = StaticFilesOnly(STATIC)
    html = (f'<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
            f'<p>Text</p><img src="file:///etc/passwd"><img src="{secret.as_uri()}">'
            f'<img src="https://example.com/a.png">')
    pdf = render_pdf(html, STATIC, fetcher=fetcher)
    assert set(fetcher.refused) == {"http://127.0.0.1:9/x.css", "file:///etc/passwd",
                                    secret.as_uri(), "https://example.com/a.png"}
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert "Text" in page.extract_text()
    assert list(page.images) == []


@pytest.mark.parametrize("sentence, expected", [
    ("Page %(page)s of %(pages)s",
     '"Page " counter(page) " of " counter(pages)'),
    ("Pagina %(page)s van %(pages)s", '"Pagina " counter(page) " van " counter(pages)'),
    ("%(page)s/%(pages)s", 'counter(page) "\\00002f" counter(pages)'),
    ("%(pages)s pages, this is %(page)s",
     'counter(pages) " pages\\00002c this is " counter(page)'),
])
def test_page_numbers_follow_the_translation(sentence, expected):
    assert page_number_css(sentence) == (
        "@page { @bottom-right { content: " + expected + "; } }")


def test_no_translation_can_break_out_of_the_css_string():
    text = css_string('"; } body { display: none } /*\\')
    assert text.count('"') == 2 and "}" not in text and "\\" in text


def parse(svg_text: str) -> ET.Element:
    return ET.fromstring(svg_text)


def test_calendar_paints_every_day_of_the_period_by_its_kind():
    first = date(2026, 1, 20)
    kinds = ["migraine_like", "tension_type_like", "other_headache", "headache_free",
             "unrecorded"]
    cells = [{"date": (first + timedelta(days=i)).isoformat(), "kind": kinds[i % 5]}
             for i in range(28)]
    root = parse(svg.month_calendars(cells, lambda d: f"{d:%B %Y}", list("MTWTFSS"), "Days"))
    texts = [t.text for t in root.iter(f"{{{svg.SVG_NS}}}text")]
    assert "January 2026" in texts and "February 2026" in texts
    days = [r for r in root.iter(f"{{{svg.SVG_NS}}}rect") if r.get("rx") == "1.5"]
    assert len(days) == 28
    fills = [d.get("fill") for d in days]
    assert fills.count(svg.DAY_FILLS["migraine_like"].colour) == 6
    assert all(f.startswith("url(#hatch-") for f in fills[1::5])  # hatched: readable in grey
    assert all(d.get("stroke-dasharray") for d in days[4::5])  # unrecorded: dashed outline


def test_a_year_still_fits_in_a_few_rows():
    cells = [{"date": (date(2025, 7, 1) + timedelta(days=i)).isoformat(), "kind": "unrecorded"}
             for i in range(366)]
    root = parse(svg.month_calendars(cells, str, list("MTWTFSS"), "Days"))
    assert float(root.get("height")) < 200


def test_labels_are_escaped():
    hostile = '<script>alert(1)</script> & "quotes"'
    text = svg.bars([hostile, "b"], [1, 2], "Days", hostile)
    assert "<script>" not in text
    root = parse(text)
    assert root.find("s:title", NS).text == hostile


def test_stacked_bars_carry_their_totals_and_a_round_axis():
    root = parse(svg.stacked_bars(
        ["w1", "w2"], [("migraine_like", [2, 0]), ("tension_type_like", [3, 1])],
        {"migraine_like": "M", "tension_type_like": "T"}, "Days", "Headache days"))
    texts = [t.text for t in root.iter(f"{{{svg.SVG_NS}}}text")]
    assert "5" in texts and "1" in texts  # totals on top of the bars
    assert {"0", "2", "4", "6", "8"} <= set(texts)  # axis up to 8 in whole steps


@pytest.mark.parametrize("value, top", [(0, 4), (3, 4), (5, 8), (9, 20), (33, 40), (170, 200)])
def test_axis_tops_give_whole_steps(value, top):
    assert svg._nice_max(value) == top


def test_forest_plot_draws_one_row_per_association():
    items = [{"label": "Stress", "lag": 0, "risk_ratio": 1.8, "low": 1.1, "high": 2.9},
             {"label": "Screen", "lag": 1, "risk_ratio": 0.7, "low": 0.3, "high": 1.6}]
    root = parse(svg.forest_plot(items, {0: "same day", 1: "day before"}, "1", "Triggers"))
    texts = [t.text for t in root.iter(f"{{{svg.SVG_NS}}}text")]
    assert "Stress (same day)" in texts and "Screen (day before)" in texts
