"""Learn: the clinic's topics in both languages, safe Markdown, links, 404s and the fallback."""

import json
import os
import re
from pathlib import Path

import pytest
from babel.support import Translations
from markupsafe import escape

from diary.config import REPO_ROOT
from diary.learn.content import DEFAULT_CONTENT_DIR, load_topic, render_markdown, topic_title

TOPICS = json.loads((DEFAULT_CONTENT_DIR / "topics.json").read_text(encoding="utf-8"))
SLUGS = [entry["slug"] for entry in TOPICS]
FALLBACK_NOTICE = "This page is not yet available in Dutch; you are reading the English text."
HREF = re.compile(r'href="([^"]*)"')


def file_title(language: str, slug: str) -> str:
    """The title straight from the file's first line, independent of the loader."""
    first_line = (DEFAULT_CONTENT_DIR / language / f"{slug}.md").read_text(encoding="utf-8")
    return first_line.splitlines()[0].removeprefix("# ").strip()


def in_dutch(message: str) -> str:
    """The catalogue's Dutch for a message, or the English while it is not translated yet."""
    return Translations.load(str(REPO_ROOT / "translations"), ["nl"]).gettext(message)


def article(page: str) -> str:
    return page.split("<article", 1)[1].split("</article>", 1)[0]


def write_content(root: Path, topics: dict[str, dict[str, str]]) -> Path:
    """A content folder: {slug: {language: markdown}}, listed in that order in topics.json."""
    entries = [{"slug": slug, "group": "about-headaches"} for slug in topics]
    (root / "topics.json").write_text(json.dumps(entries), encoding="utf-8")
    for slug, texts in topics.items():
        for language, text in texts.items():
            (root / language).mkdir(exist_ok=True)
            (root / language / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


def link_for(slug: str) -> str:
    return f"/learn/{slug}"


# --- the clinic's content ------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("slug", SLUGS)
def test_every_topic_exists_with_title_and_summary(slug, language):
    assert (DEFAULT_CONTENT_DIR / language / f"{slug}.md").is_file()
    topic = load_topic(DEFAULT_CONTENT_DIR, slug, language, link_for)
    assert topic.title == file_title(language, slug) != ""
    assert topic.summary and topic.html
    assert not topic.fallback and topic.language == language


def test_topics_json_has_known_groups_and_no_duplicates():
    assert {entry["group"] for entry in TOPICS} == {"about-headaches", "dry-needling",
                                                    "your-diary"}
    assert len(SLUGS) == len(set(SLUGS))


# --- pages ---------------------------------------------------------------------------------

def test_index_lists_every_topic_in_english(client):
    response = client.get("/learn/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for slug in SLUGS:
        assert f'href="/learn/{slug}"' in page
        assert str(escape(file_title("en", slug))) in page
    assert page.index(escape(file_title("en", SLUGS[0]))) < page.index(
        escape(file_title("en", SLUGS[-1])))


@pytest.mark.parametrize("make_dutch", [
    lambda client: client.post("/language", data={"language": "nl"}),
    lambda client: client.environ_base.update(HTTP_ACCEPT_LANGUAGE="nl"),
], ids=["switch", "browser"])
def test_index_lists_dutch_titles_for_a_dutch_visitor(client, make_dutch):
    make_dutch(client)
    page = client.get("/learn/").get_data(as_text=True)
    assert '<html lang="nl">' in page
    for slug in SLUGS:
        assert str(escape(file_title("nl", slug))) in page


def test_learn_is_open_to_a_logged_in_patient(patient_client):
    assert patient_client.get("/learn/").status_code == 200
    assert patient_client.get(f"/learn/{SLUGS[0]}").status_code == 200


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("slug", SLUGS)
def test_topic_page_shows_its_title_and_links_only_to_topics(client, slug, language):
    response = client.get(f"/learn/{slug}", headers={"Accept-Language": language})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"<h1>{escape(file_title(language, slug))}</h1>" in page
    assert 'href="/learn/"' in page
    for href in HREF.findall(article(page)):
        assert href.removeprefix("/learn/") in SLUGS, href


def test_relative_topic_links_become_learn_urls(client):
    body = article(client.get("/learn/contra-indications").get_data(as_text=True))
    assert 'href="/learn/dry-needling"' in body
    assert 'href="dry-needling"' not in body


@pytest.mark.parametrize("path", [
    "/learn/no-such-topic",
    "/learn/../../etc/passwd",
    "/learn/..%2F..%2Fetc%2Fpasswd",
    "/learn/%2e%2e",
    "/learn/dry-needling.md",
    "/learn/Dry-Needling",
    "/learn/en%2Fdry-needling",
    "/learn/topics.json",
])
def test_unknown_or_crafted_slugs_are_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("slug", ["../en/dry-needling", "../../etc/passwd", "topics", ""])
def test_loader_refuses_anything_but_a_listed_slug(slug):
    assert load_topic(DEFAULT_CONTENT_DIR, slug, "en") is None


# --- Markdown safety -----------------------------------------------------------------------

@pytest.mark.parametrize(("markdown_text", "expected", "forbidden"), [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;", "<script"),
    ('Hi <b onclick="steal()">there</b>', "&lt;b onclick=", "<b "),
    ('<div class="x">block</div>', "&lt;div", "<div"),
    ("[next](other)", '<a href="/learn/other">next</a>', 'href="other"'),
    ("[site](https://example.org/a)", 'href="https://example.org/a"', None),
    ("[bad](javascript:alert(1))", "<a>bad</a>", "javascript:"),
    ("[plain](http://example.org)", "<a>plain</a>", "http://"),
    ("[elsewhere](not-a-topic)", "<a>elsewhere</a>", "not-a-topic"),
    ("![pixel](https://example.org/p.png)", "pixel", "<img"),
])
def test_markdown_escapes_html_and_limits_links(markdown_text, expected, forbidden):
    html = render_markdown(markdown_text, frozenset({"other"}), link_for)
    assert expected in html
    if forbidden:
        assert forbidden not in html


def test_html_in_a_topic_file_is_escaped(tmp_path):
    root = write_content(tmp_path, {"risky": {
        "en": "# Risky <em>title</em>\n\nSummary.\n\n<script>alert(1)</script>\n\n**ok**\n"}})
    topic = load_topic(root, "risky", "en", link_for)
    assert "<script" not in topic.html and "&lt;script&gt;" in topic.html
    assert "<strong>ok</strong>" in topic.html


def test_html_in_a_title_is_escaped_on_the_page(app, client, tmp_path):
    app.config["LEARN_CONTENT_DIR"] = write_content(tmp_path, {"risky": {
        "en": "# Risky <em>title</em>\n\nSummary <b>here</b>.\n\nBody.\n"}})
    for path in ("/learn/", "/learn/risky"):
        page = client.get(path).get_data(as_text=True)
        assert "Risky &lt;em&gt;title&lt;/em&gt;" in page and "<em>" not in page
        assert "<b>here" not in page


# --- fallback to English -------------------------------------------------------------------

ENGLISH_ONLY = {"sleep": {"en": "# Sleep\n\nSleep matters.\n\n## Why\n\nSee [this](sleep).\n"}}


def test_missing_dutch_file_falls_back_to_english(tmp_path):
    root = write_content(tmp_path, ENGLISH_ONLY)
    topic = load_topic(root, "sleep", "nl", link_for)
    assert (topic.title, topic.summary, topic.language, topic.fallback) == (
        "Sleep", "Sleep matters.", "en", True)
    assert not load_topic(root, "sleep", "en", link_for).fallback


def test_an_odd_language_code_never_leaves_the_content_folder(tmp_path):
    root = write_content(tmp_path, ENGLISH_ONLY)
    assert load_topic(root, "sleep", "../en", link_for).fallback


def test_fallback_page_shows_the_notice_and_marks_the_text_english(app, client, tmp_path):
    app.config["LEARN_CONTENT_DIR"] = write_content(tmp_path, ENGLISH_ONLY)
    dutch = client.get("/learn/sleep", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert in_dutch(FALLBACK_NOTICE) in dutch
    assert '<article class="card learn-topic" lang="en">' in dutch
    english = client.get("/learn/sleep", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert FALLBACK_NOTICE not in english
    assert '<article class="card learn-topic">' in english


def test_fallback_topic_is_listed_in_english_on_the_dutch_index(app, client, tmp_path):
    app.config["LEARN_CONTENT_DIR"] = write_content(tmp_path, ENGLISH_ONLY)
    page = client.get("/learn/", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert '<a href="/learn/sleep" lang="en">Sleep</a>' in page


# --- cache and helpers ---------------------------------------------------------------------

def test_an_edited_file_is_read_again(tmp_path):
    root = write_content(tmp_path, ENGLISH_ONLY)
    assert load_topic(root, "sleep", "en").title == "Sleep"
    path = root / "en" / "sleep.md"
    path.write_text("# Sleep well\n\nSleep matters.\n", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_topic(root, "sleep", "en").title == "Sleep well"


def test_a_dutch_file_added_later_replaces_the_fallback(tmp_path):
    root = write_content(tmp_path, ENGLISH_ONLY)
    assert load_topic(root, "sleep", "nl").fallback
    write_content(root, {"sleep": {"nl": "# Slapen\n\nSlaap telt.\n"}})
    assert load_topic(root, "sleep", "nl").title == "Slapen"


def test_topic_title_for_other_pages():
    assert topic_title("dry-needling", "nl") == file_title("nl", "dry-needling")
    assert topic_title("insurance", "en") == file_title("en", "insurance")
    assert topic_title("no-such-topic", "en") is None
