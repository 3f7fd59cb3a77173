"""The installable app: manifest, service worker, and entries sent again after being offline."""

from __future__ import annotations

import io
import json
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from tests.builders import (
    check_ins_of,
    count_statements,
    dutch,
    episodes_of,
    local_today,
    login,
    make_episode,
    make_user,
    page_json,
)


def flashes(client) -> str:
    """The messages shown on the next page (Today)."""
    page = client.get("/today").get_data(as_text=True)
    return " ".join(re.findall(r'<p class="message[^"]*"[^>]*><span>(.*?)</span>', page))


# --- manifest --------------------------------------------------------------------------------

def test_manifest_describes_the_app_with_a_shortcut_to_the_quick_log(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json(force=True)
    assert (manifest["name"], manifest["start_url"], manifest["display"]) == (
        "Headache diary", "/today", "standalone")
    assert manifest["theme_color"] == "#1f5f7a"  # --color-header-bg in app.css
    [shortcut] = manifest["shortcuts"]
    assert (shortcut["name"], shortcut["url"]) == (
        "Log a headache", "/episodes/quick?source=shortcut")


def test_manifest_icons_are_pngs_of_the_stated_size(client):
    icons = client.get("/manifest.webmanifest").get_json(force=True)["icons"]
    assert {(icon["sizes"], icon["purpose"]) for icon in icons} == {
        ("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for icon in icons:
        response = client.get(icon["src"])
        assert response.status_code == 200 and response.mimetype == "image/png"
        size = Image.open(io.BytesIO(response.data)).size
        response.close()
        assert f"{size[0]}x{size[1]}" == icon["sizes"]


def test_manifest_speaks_the_users_language(client, app):
    make_user("els@example.com", language="nl")
    login(client, "els@example.com")
    manifest = client.get("/manifest.webmanifest").get_json(force=True)
    assert manifest["name"] == dutch("Headache diary")
    assert manifest["shortcuts"][0]["name"] == dutch("Log a headache")


def test_every_page_links_the_manifest_and_the_offline_script(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    # The offline queue is part of the one page script (one request on a slow connection).
    script = re.search(r'<script src="(/static/js/app\.[0-9a-f]{10}\.js)" defer>', page)
    assert 'id="offline-data"' in page
    response = client.get(script[1])
    assert "indexedDB" in response.get_data(as_text=True)
    response.close()


def test_the_shortcut_opens_the_quick_log(patient_client):
    page = patient_client.get("/episodes/quick?source=shortcut")
    assert page.status_code == 200
    assert 'name="intensity" value="7"' in page.get_data(as_text=True)


# --- service worker --------------------------------------------------------------------------

def test_service_worker_may_control_every_page_and_is_never_kept_stale(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "importScripts(\"/static/js/sw-push.js\")" in response.get_data(as_text=True)


def test_service_worker_keeps_the_current_static_files_and_the_offline_pages(client):
    source = client.get("/sw.js").get_data(as_text=True)
    settings = json.loads(re.match(r"const SETTINGS = (.*);\n", source).group(1))
    assert settings["pages"] == ["/today", "/episodes/quick"]
    for url in [*settings["precache"], "/static/js/sw-push.js"]:
        response = client.get(url)
        response.close()
        assert response.status_code == 200, url
    assert all(re.search(r"\.[0-9a-f]{10}\.", url) for url in settings["precache"])


def test_offline_page_holds_nothing_of_the_user(patient_client):
    page = patient_client.get("/offline").get_data(as_text=True)
    assert "You are offline" in page and "offline-data" not in page


def test_pages_carry_a_tag_of_their_user_only_while_signed_in(client, app):
    make_user("a@example.com")
    make_user("b@example.com")
    assert "Diary-User" not in client.get("/login").headers
    tags = []
    for email in ("a@example.com", "b@example.com"):
        login(client, email)
        response = client.get("/today")
        tags.append(response.headers["Diary-User"])
        assert page_json(response.get_data(as_text=True), "offline-data")["user"] == tags[-1]
        client.post("/logout")
    assert tags[0] != tags[1] and all(len(tag) == 24 for tag in tags)
    assert page_json(client.get("/login").get_data(as_text=True), "offline-data")["user"] == ""


def test_a_save_carries_the_tag_without_reading_the_user_again(patient_client, patient):
    tag = patient_client.get("/today").headers["Diary-User"]
    with count_statements() as statements:
        response = patient_client.post(f"/day/{local_today()}",
                                       data={"had_headache": "no", "stress": "3"})
    assert response.status_code == 302 and response.headers["Diary-User"] == tag
    user_reads = [s for s in statements
                  if s.startswith("SELECT") and re.search(r'FROM "?user"?\s', s + " ")]
    assert len(user_reads) == 1  # the session's user, before the view; none after its commit


# --- entries sent again ----------------------------------------------------------------------

def test_a_quick_log_sent_twice_with_one_key_is_saved_once(patient_client, patient):
    entry = {"started": "0", "intensity": "6", "idempotency_key": str(uuid.uuid4())}
    first = patient_client.post("/episodes/quick", data=entry)
    again = patient_client.post("/episodes/quick", data=entry)
    assert first.status_code == again.status_code == 302
    assert again.location == first.location
    assert len(episodes_of(patient)) == 1
    assert "This entry was already saved." in flashes(patient_client)


def test_each_key_is_its_own_entry(patient_client, patient):
    for _ in range(2):
        patient_client.post("/episodes/quick", data={
            "started": "0", "intensity": "4", "idempotency_key": str(uuid.uuid4())})
    assert len(episodes_of(patient)) == 2


def test_a_refused_entry_frees_its_key(patient_client, patient):
    key = str(uuid.uuid4())
    refused = patient_client.post("/episodes/quick", data={"started": "0",
                                                           "idempotency_key": key})
    assert refused.status_code == 422
    patient_client.post("/episodes/quick", data={"started": "0", "intensity": "3",
                                                 "idempotency_key": key})
    assert [e.intensity for e in episodes_of(patient)] == [3]


def test_no_headache_sent_twice_with_one_key_is_saved_once(patient_client, patient):
    entry = {"next": "/today", "idempotency_key": str(uuid.uuid4())}
    first, again = (patient_client.post(f"/day/{local_today()}/no-headache", data=entry)
                    for _ in range(2))
    assert first.location.startswith("/today") and again.location == first.location
    assert len(check_ins_of(patient)) == 1
    assert "This entry was already saved." in flashes(patient_client)


def test_a_day_recorded_elsewhere_meanwhile_is_a_conflict_told_again_on_a_retry(
        patient_client, patient):
    """Offline "no headache", but a headache was logged on another device meanwhile."""
    make_episode(patient, datetime.now(UTC) - timedelta(minutes=5))
    entry = {"next": "/today", "idempotency_key": str(uuid.uuid4())}
    conflict = "You logged a headache on"
    for _ in range(2):
        patient_client.post(f"/day/{local_today()}/no-headache", data=entry)
        shown = flashes(patient_client)
        assert conflict in shown and "already saved" not in shown
    assert check_ins_of(patient) == []


def test_a_key_is_per_user(client, app):
    anna, bert = make_user("anna@example.com"), make_user("bert@example.com")
    key = str(uuid.uuid4())
    for email in ("anna@example.com", "bert@example.com"):
        login(client, email)
        client.post("/episodes/quick", data={"started": "0", "intensity": "5",
                                             "idempotency_key": key})
        client.post("/logout")
    assert len(episodes_of(anna)) == len(episodes_of(bert)) == 1


@pytest.mark.parametrize("made_hours_ago, expected_hours_ago", [
    (3, 3.5),      # made offline 3 hours ago, "30 minutes ago" then
    (-1, 0.5),     # a moment in the future is not believed: now
    (24 * 8, 0.5),  # older than a week is not believed either
])
def test_an_entry_made_offline_starts_when_it_was_made(
        patient_client, patient, made_hours_ago, expected_hours_ago):
    now = datetime.now(UTC)
    made = now - timedelta(hours=made_hours_ago)
    patient_client.post("/episodes/quick", data={
        "started": "30", "intensity": "5", "idempotency_key": str(uuid.uuid4()),
        "made_at": str(int(made.timestamp() * 1000))})
    [episode] = episodes_of(patient)
    started = episode.started_at.replace(tzinfo=UTC) if episode.started_at.tzinfo is None \
        else episode.started_at
    assert abs(now - timedelta(hours=expected_hours_ago) - started) < timedelta(minutes=2)


def test_a_form_without_a_key_works_as_before(patient_client, patient):
    patient_client.post("/episodes/quick", data={"started": "0", "intensity": "2"})
    patient_client.post("/episodes/quick", data={"started": "0", "intensity": "2"})
    assert len(episodes_of(patient)) == 2
