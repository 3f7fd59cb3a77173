"""Chart drawings kept by what they are drawn from (diary/pages/chart_figures.py): a write
redraws only the charts it changed, and no drawing ever shows data it was not drawn from."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

import diary.pages.svg_charts as svg
from diary.pages import chart_figures
from tests.builders import PASSWORD, local_today


@pytest.fixture(autouse=True)
def no_kept_drawings():
    chart_figures.forget_drawings()
    yield
    chart_figures.forget_drawings()


@pytest.fixture
def drawn(monkeypatch) -> list[str]:
    """The names of the drawing functions called, in order."""
    calls: list[str] = []
    for name in ("stacked_bars", "bars", "dots_over_time"):
        original = getattr(svg, name)

        def spy(*args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)
        monkeypatch.setattr(svg, name, spy)
    return calls


def headache_days_drawing(client) -> str:
    page = client.get("/dashboard?period=4w").get_data(as_text=True)
    found = re.search(r'<div class="chart-drawing" id="chart-headache-days-drawing">(.*?)</div>',
                      page, re.S)
    assert found, "the headache-days chart is drawn"
    return found.group(1)


def episode_form(day, intensity="6"):
    return {"started_at": f"{day}T09:00", "ended_at": f"{day}T13:00", "intensity": intensity}


def test_a_check_in_without_headache_redraws_only_the_worst_pain_chart(patient_client, patient,
                                                                     drawn):
    today = local_today()
    patient_client.post("/episodes/new", data=episode_form(today - timedelta(days=3)))
    before = headache_days_drawing(patient_client)
    assert "stacked_bars" in drawn

    drawn.clear()
    assert patient_client.post(f"/day/{today}/no-headache").status_code == 302
    after = headache_days_drawing(patient_client)
    assert after == before
    # A day without headache is a 0 on the worst-pain chart; the rest is as it was.
    assert drawn == ["dots_over_time"], "nothing the check-in left alone is drawn again"


def test_a_new_headache_is_drawn_at_once(patient_client, patient, drawn):
    today = local_today()
    patient_client.post("/episodes/new", data=episode_form(today - timedelta(days=3)))
    before = headache_days_drawing(patient_client)

    drawn.clear()
    patient_client.post("/episodes/new", data=episode_form(today - timedelta(days=1)))
    after = headache_days_drawing(patient_client)
    assert after != before
    assert {"stacked_bars", "bars", "dots_over_time"} <= set(drawn)


def test_deleting_an_account_drops_this_workers_drawings(patient_client, patient):
    patient_client.post("/episodes/new", data=episode_form(local_today() - timedelta(days=3)))
    headache_days_drawing(patient_client)
    assert len(chart_figures._DRAWINGS) > 0
    response = patient_client.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 302
    assert len(chart_figures._DRAWINGS) == 0
