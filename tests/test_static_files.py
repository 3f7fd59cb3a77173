"""Static files: content-hashed names cached for a year, compressed, Chart.js only where drawn."""

import gzip
import re
import shutil

import brotli
import pytest

from diary.config import REPO_ROOT

STATIC = REPO_ROOT / "diary" / "static"
STATIC_URL = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def static_urls(page) -> list[str]:
    """The static files a page links."""
    return STATIC_URL.findall(page.get_data(as_text=True))


def fetch(client, url, encoding=""):
    """A static file, asking for `encoding`; the body read before the response is closed."""
    response = client.get(url, headers={"Accept-Encoding": encoding})
    response.body = response.get_data()
    response.close()
    return response


def test_pages_link_hashed_names_cached_for_a_year(client):
    urls = static_urls(client.get("/login"))
    assert {"css/app", "js/app", "favicon"} <= {re.sub(r"\.[0-9a-f]{10}\.\w+$", "", u[8:])
                                                for u in urls}
    for url in urls:
        response = fetch(client, url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize(("encoding", "expected", "decompress"), [
    ("gzip, deflate, br", "br", brotli.decompress),
    ("gzip, deflate", "gzip", gzip.decompress),
    ("", None, lambda body: body),
])
def test_text_files_go_out_compressed_when_the_browser_accepts_it(
        client, encoding, expected, decompress):
    css = next(u for u in static_urls(client.get("/login")) if "/css/app." in u)
    response = fetch(client, css, encoding)
    assert response.headers.get("Content-Encoding") == expected
    assert "Accept-Encoding" in response.headers["Vary"]
    written = (STATIC / "css" / "app.css").read_bytes()
    if not expected:
        assert response.body == written  # the plain answer is the file as written
        return
    sent = decompress(response.body)
    # Compressed copies are minified too: no comments, every rule kept.
    assert b"/*" not in sent and len(sent) < len(written) * 0.85
    uncommented = re.sub(rb"/\*.*?\*/", b"", written, flags=re.S)
    assert sent.count(b"{") == uncommented.count(b"{") > 100
    assert set(re.findall(rb"--[\w-]+", sent)) == set(re.findall(rb"--[\w-]+", uncommented))
    assert len(response.body) < len(written) / 5


def test_a_changed_file_gets_a_new_name_and_the_old_name_is_no_longer_immutable(
        app, tmp_path):
    shutil.copytree(STATIC, tmp_path / "static")
    app.static_folder = str(tmp_path / "static")
    client = app.test_client()
    before = static_urls(client.get("/login"))
    with (tmp_path / "static" / "css" / "app.css").open("a") as css:
        css.write("\n.a-new-release { color: red; }\n")
    after = static_urls(client.get("/login"))
    changed = set(before) - set(after)
    assert len(changed) == 1 and "/css/app." in changed.pop()
    old = next(u for u in before if "/css/app." in u)
    response = fetch(client, old, "br")
    assert response.headers["Cache-Control"] == "no-cache"  # the new content, revalidated
    assert brotli.decompress(response.body).endswith(b".a-new-release{color:red}")


def test_the_plain_name_still_works_and_revalidates(client):
    response = fetch(client, "/static/css/app.css", "br")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache"
    again = client.get("/static/css/app.css", headers={
        "Accept-Encoding": "br", "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and not again.get_data()


@pytest.mark.parametrize("url", [
    "/static/css/nothing.css", "/static/css/nothing.0123456789.css",
    "/static/../diary/__init__.py", "/static/%2e%2e/diary/config.py",
])
def test_no_file_outside_the_static_folder(client, url):
    assert client.get(url).status_code == 404


def test_chart_js_only_on_pages_with_charts(patient_client):
    def has_chart_js(path):
        return any("chart.umd" in u for u in static_urls(patient_client.get(path)))

    assert not has_chart_js("/today") and not has_chart_js("/episodes/quick")
    assert has_chart_js("/dashboard")
