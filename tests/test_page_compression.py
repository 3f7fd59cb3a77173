"""Pages go out compressed where that cannot leak a secret (BREACH), and plain elsewhere."""

import gzip
import re
from datetime import UTC, datetime

import brotli
import pytest

from tests.builders import make_episode

CSRF_TOKEN = re.compile(r'(name="csrf_token" value="|"csrf": ")[^"]+')


def same_page(a: str, b: str) -> bool:
    """Two renderings of a page alike apart from the CSRF token (it carries a timestamp)."""
    return CSRF_TOKEN.sub(r"\1", a) == CSRF_TOKEN.sub(r"\1", b)


@pytest.mark.parametrize(("accepted", "encoding", "decompress"), [
    ("gzip, deflate, br", "br", brotli.decompress),
    ("gzip", "gzip", gzip.decompress),
])
@pytest.mark.parametrize("path", ["/today", "/episodes/quick", "/dashboard"])
def test_a_patients_pages_go_out_compressed(patient_client, path, accepted, encoding,
                                            decompress):
    plain = patient_client.get(path)
    packed = patient_client.get(path, headers={"Accept-Encoding": accepted})
    assert plain.headers.get("Content-Encoding") is None
    assert packed.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert packed.headers["Cache-Control"] == "no-store"  # still never kept by a cache
    assert len(packed.data) < len(plain.data) / 2
    assert same_page(decompress(packed.data).decode(), plain.get_data(as_text=True))


def test_a_page_with_an_id_in_its_url_is_compressed(patient_client, patient):
    episode = make_episode(patient, datetime(2026, 3, 2, 9, tzinfo=UTC))
    response = patient_client.get(f"/episodes/{episode.id}/edit",
                                  headers={"Accept-Encoding": "br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"


@pytest.mark.parametrize("url", [
    "/today?guess=csrf_token%22+value%3D%22Ij",  # a query string is echoed by the page
    "/dashboard?period=90",
    "/login?next=/today",
])
def test_a_page_that_could_echo_what_an_attacker_chose_stays_plain(patient_client, url):
    response = patient_client.get(url, headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200 or response.status_code == 302
    assert "Content-Encoding" not in response.headers


def test_error_pages_and_answers_to_forms_stay_plain(patient_client):
    missing = patient_client.get("/today/guess-csrf_token", headers={"Accept-Encoding": "br"})
    assert missing.status_code == 404 and "Content-Encoding" not in missing.headers
    refused = patient_client.post("/episodes/quick", data={"intensity": "11"},
                                  headers={"Accept-Encoding": "br"})
    assert refused.status_code == 422 and "Content-Encoding" not in refused.headers


def test_only_urls_of_numbers_and_dates_are_compressed(app):
    """Text in the path is echoed by the page (the language switch returns to it)."""
    page = "<!doctype html><title>x</title>" + "<p>same words again</p>" * 40
    app.add_url_rule("/probe/<word>", "probe_word", lambda word: page + word)
    app.add_url_rule("/probe/<int:number>", "probe_number", lambda number: page)
    client = app.test_client()
    assert client.get("/probe/12", headers={"Accept-Encoding": "br"}).headers.get(
        "Content-Encoding") == "br"
    assert "Content-Encoding" not in client.get(
        "/probe/csrf_token", headers={"Accept-Encoding": "br"}).headers
