"""The site header is kept per language, role and page (diary/page_header.py): every page must
read exactly as when the header is rendered afresh, with the session's own CSRF token."""

import re
from datetime import timedelta

import pytest

from tests.builders import PASSWORD, link, local_today, login, make_user, recorded

CSRF_TOKEN = re.compile(r'(name="csrf_token" (?:type="hidden" )?value="|"csrf": ")([^"]+)')
HEADER = re.compile(r'<header class="site-header">.*?</header>', re.S)


def without_token(page: str) -> str:
    """The page with its CSRF tokens blanked (a token carries a timestamp)."""
    return CSRF_TOKEN.sub(r"\1", page)


def header_tokens(page: str) -> set[str]:
    return {match[2] for match in CSRF_TOKEN.finditer(HEADER.search(page)[0])}


def patient_pages() -> list[str]:
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    return ["/today", "/dashboard", "/episodes/", f"/day/{yesterday}", "/learn/", "/settings",
            "/calendar?month=2026-10", '/today?from=a&note="<b>"', "/no-such-page"]


PHYSIO_PAGES = ["/physio", "/physio/accept", "/learn/", "/settings", "/no-such-page"]
VISITOR_PAGES = ["/login", "/register", "/learn/", "/login?next=/today%3Fa%3D1%26b%3D2"]


@pytest.fixture
def readers(app, patient, physio):
    """A patient, a physiotherapist and a visitor, each with a client of their own."""
    link(patient, physio)
    recorded(patient, 14, headaches=3)
    patient_client, physio_client, visitor = (app.test_client() for _ in range(3))
    assert login(patient_client).status_code == 302
    assert login(physio_client, physio.email).status_code == 302
    return [(patient_client, patient_pages()),
            (physio_client, PHYSIO_PAGES + [f"/patients/{patient.id}"]),
            (visitor, VISITOR_PAGES)]


def every_page(readers) -> dict[str, str]:
    """Each reader's pages in English and Dutch, keyed by language, reader and path."""
    pages = {}
    for language in ("en", "nl"):
        for number, (client, paths) in enumerate(readers):
            client.post("/language", data={"language": language, "next": "/"})
            for path in paths:
                pages[f"{language} {number} {path}"] = client.get(path).get_data(as_text=True)
    return pages


def test_pages_with_the_kept_header_read_as_when_it_is_rendered_afresh(app, readers):
    every_page(readers)  # every header kept once, each next to the others
    kept = every_page(readers)
    app.config["KEEP_SITE_HEADER"] = False
    fresh = every_page(readers)
    assert kept.keys() == fresh.keys()
    for name, page in kept.items():
        assert without_token(page) == without_token(fresh[name]), name


def test_the_kept_header_names_this_page_and_language(readers):
    patient_client = readers[0][0]
    patient_client.post("/language", data={"language": "nl", "next": "/"})
    patient_client.get("/dashboard")
    page = patient_client.get('/episodes/?x="1"&y=2').get_data(as_text=True)
    header = HEADER.search(page)[0]
    assert '<a href="/episodes/" aria-current="page">Hoofdpijn</a>' in header
    assert 'aria-current="page">Patronen' not in header
    assert 'name="next" value="/episodes/?x=&#34;1&#34;&amp;y=2"' in header


def test_each_session_gets_its_own_token_in_the_header(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    make_user()
    make_user(email="bert@example.com")
    anna, bert = app.test_client(), app.test_client()
    for client, email in ((anna, "anna@example.com"), (bert, "bert@example.com")):
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                          client.get("/login").get_data(as_text=True))[1]
        client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    (anna_token,), (bert_token,) = (header_tokens(c.get("/today").get_data(as_text=True))
                                    for c in (anna, bert))
    assert anna_token != bert_token
    # Bert's token, from the same kept header, does not log Anna out; her own does.
    assert anna.post("/logout", data={"csrf_token": bert_token}).status_code == 400
    assert anna.get("/today").status_code == 200
    assert anna.post("/logout", data={"csrf_token": anna_token}).status_code == 302
    assert anna.get("/today").status_code == 302
    assert bert.post("/language", data={"csrf_token": bert_token, "language": "nl",
                                        "next": "/today"}).status_code == 302
    assert 'lang="nl"' in bert.get("/today").get_data(as_text=True)


def test_the_header_token_is_the_pages_token(readers):
    page = readers[0][0].get("/today").get_data(as_text=True)
    tokens = {match[2] for match in CSRF_TOKEN.finditer(page)}
    assert len(tokens) == 1
    assert header_tokens(page) == tokens
