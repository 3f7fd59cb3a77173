"""Sessions that fit a personal phone: "keep me signed in on this device", Settings -> Devices,
signing out everywhere, the password again beyond the diary, and a safe `next` after login."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from urllib.parse import unquote

import pytest
import sqlalchemy as sa

from diary.extensions import db
from diary.models import RememberedDevice, User
from diary.services import devices
from diary.web_session import DEVICE_COOKIE
from tests.builders import (
    PASSWORD,
    app_context,
    current_code,
    login,
    make_physio,
    make_user,
    reloaded,
    utc,
    utcnow,
)

PHONE = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/126.0.0.0 Mobile Safari/537.36")
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")


def remembered_login(client, email="anna@example.com", next_page=None, user_agent=PHONE):
    """Log in with "keep me signed in" ticked (and the code, with two-step verification)."""
    url = "/login" + (f"?next={next_page}" if next_page else "")
    response = client.post(url, data={"email": email, "password": PASSWORD, "remember": "y"},
                           headers={"User-Agent": user_agent})
    if response.location == "/login/two-factor":
        with app_context(client.application):
            with_code = db.session.scalar(sa.select(User).where(User.email == email))
            with_code.totp_last_step = None
            db.session.commit()
        response = client.post("/login/two-factor",
                               data={"code": current_code(with_code.totp_secret)})
    return response


def device_cookie(client) -> str | None:
    cookie = client.get_cookie(DEVICE_COOKIE)
    return cookie.value if cookie else None


def restarted(app, old_client):
    """A browser restart: a new client holding only the old one's device cookie (the login
    session's cookie has no expiry date, so the browser drops it)."""
    fresh = app.test_client()
    if (token := device_cookie(old_client)) is not None:
        fresh.set_cookie(DEVICE_COOKIE, token)
    return fresh


def stored_devices() -> list[RememberedDevice]:
    """The devices the database holds now (in the test's context, when one is open)."""
    with app_context():
        db.session.expire_all()
        return list(db.session.scalars(sa.select(RememberedDevice)
                                       .order_by(RememberedDevice.id)))


# --- remembering -----------------------------------------------------------------------------

def test_only_a_hash_of_the_cookie_is_stored(app, client, patient):
    response = remembered_login(client)
    assert response.status_code == 302
    token = device_cookie(client)
    [device] = stored_devices()
    assert device.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [getattr(device, column.key) for column in device.__table__.columns]
    assert token not in repr(stored)  # the cookie's token is nowhere in the row
    assert device.name == "Chrome · Android"
    assert device.expires_at - device.created_at == timedelta(days=30)


def test_the_cookie_is_http_only_lax_persistent_and_secure_in_production(app_factory):
    app = app_factory(SESSION_COOKIE_SECURE=True)
    make_user()
    response = remembered_login(app.test_client())
    [header] = [h for h in response.headers.get_all("Set-Cookie")
                if h.startswith(DEVICE_COOKIE)]
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" in header
    assert f"Max-Age={30 * 24 * 3600}" in header


def test_without_the_tick_nothing_is_remembered(app, client, patient):
    assert login(client).status_code == 302
    assert device_cookie(client) is None and stored_devices() == []
    assert restarted(app, client).get("/today").location.startswith("/login")


def test_after_a_browser_restart_today_opens_without_a_password(app, client, patient, caplog):
    remembered_login(client)
    token = device_cookie(client)
    with app.app_context():
        [device] = stored_devices()
        device.last_used_at = device.created_at - timedelta(days=3)
        db.session.commit()
    caplog.set_level("INFO", logger="diary.security")
    response = restarted(app, client).get("/today")
    assert response.status_code == 200
    [device] = stored_devices()
    assert device.last_used_at > device.created_at
    lines = [r.getMessage() for r in caplog.records if r.name == "diary.security"]
    assert f"login by remembered device user_id={patient.id}" in lines
    assert not any(token in line for line in lines)  # the cookie's value is never logged


def test_an_idle_session_is_renewed_by_the_device(app, client, patient):
    remembered_login(client)
    with client.session_transaction() as session:
        session["seen_at"] -= app.config["SESSION_IDLE_TIMEOUT"].total_seconds() + 60
    assert client.get("/dashboard").status_code == 200


@pytest.mark.parametrize("problem", ["unknown", "expired", "removed"])
def test_a_cookie_that_signs_nobody_in_is_deleted_and_the_login_follows(app, client, patient,
                                                                         problem):
    remembered_login(client)
    browser = restarted(app, client)
    if problem == "unknown":
        browser.set_cookie(DEVICE_COOKIE, "made-up-token")
    elif problem == "expired":
        with app.app_context():
            [device] = stored_devices()
            device.expires_at = utcnow() - timedelta(seconds=1)
            db.session.commit()
    else:
        with app.app_context():
            db.session.execute(sa.delete(RememberedDevice))
            db.session.commit()
    response = browser.get("/today")
    assert response.status_code == 302 and response.location.startswith("/login")
    assert device_cookie(browser) is None
    if problem == "expired":
        assert stored_devices() == []


def test_a_device_lasts_thirty_days_on_a_fixed_clock(app, patient):
    made = utc(2026, 3, 1, 8)
    with app.app_context():
        token = devices.remember(patient, PHONE, made)
        db.session.commit()
        almost = made + timedelta(days=30) - timedelta(seconds=1)
        assert devices.use_device(db.session, token, almost) == patient.id
        assert devices.use_device(db.session, token, made + timedelta(days=30)) is None
        assert stored_devices() == []  # an expired device is deleted on its first use after


def test_a_physiotherapist_is_never_remembered(app, client):
    physio = make_physio()
    response = remembered_login(client, physio.email)
    assert response.status_code == 302
    assert device_cookie(client) is None and stored_devices() == []
    # A row made some other way is not honoured either, and goes.
    with app.app_context():
        token = devices.remember(physio, PHONE, utc(2026, 3, 1))
        db.session.commit()
    browser = app.test_client()
    browser.set_cookie(DEVICE_COOKIE, token)
    assert browser.get("/physio").location.startswith("/login")
    assert stored_devices() == []


def test_a_remembered_patient_with_two_step_verification_gives_the_code_once(app, client):
    make_user(two_factor=True)
    assert remembered_login(client, next_page="/episodes/quick").location == "/episodes/quick"
    assert len(stored_devices()) == 1
    assert restarted(app, client).get("/today").status_code == 200


# --- Settings -> Devices ---------------------------------------------------------------------

def test_settings_list_the_devices_with_this_one_marked(app, client, patient):
    remembered_login(app.test_client(), user_agent=IPHONE)
    remembered_login(client)
    html = client.get("/settings").get_data(as_text=True)
    assert "Safari · iPhone" in html and "Chrome · Android" in html
    mark = "· this device</span>"  # the Devices list's mark (other sections say "this device")
    assert html.count(mark) == 1
    assert html.index("Chrome · Android") < html.index(mark)


def test_removing_a_device_stops_its_cookie(app, client, patient):
    other = app.test_client()
    remembered_login(other, user_agent=IPHONE)
    remembered_login(client)
    iphone = next(d for d in stored_devices() if d.name == "Safari · iPhone")
    response = client.post(f"/settings/devices/{iphone.id}/remove")
    assert response.status_code == 302
    assert [d.name for d in stored_devices()] == ["Chrome · Android"]
    assert restarted(app, other).get("/today").location.startswith("/login")
    assert restarted(app, client).get("/today").status_code == 200


def test_removing_this_device_deletes_its_cookie(app, client, patient):
    remembered_login(client)
    [device] = stored_devices()
    client.post(f"/settings/devices/{device.id}/remove")
    assert device_cookie(client) is None and stored_devices() == []


def test_someone_elses_device_is_a_404(app, client, patient):
    bob = make_user("bob@example.com")
    remembered_login(app.test_client(), bob.email)
    [bobs] = stored_devices()
    assert login(client).status_code == 302
    assert client.post(f"/settings/devices/{bobs.id}/remove").status_code == 404
    assert client.post("/settings/devices/99999999/remove").status_code == 404
    assert len(stored_devices()) == 1


def test_sign_out_everywhere_ends_every_device_and_session(app, client, patient):
    other = app.test_client()
    remembered_login(other, user_agent=IPHONE)
    remembered_login(client)
    response = client.post("/settings/devices/sign-out-everywhere")
    assert response.location == "/login"
    assert stored_devices() == [] and device_cookie(client) is None
    assert other.get("/today").location.startswith("/login")  # its session ended too
    assert client.get("/today").location.startswith("/login")


def test_a_new_password_ends_every_remembered_device(app, client, patient):
    other = app.test_client()
    remembered_login(other, user_agent=IPHONE)
    remembered_login(client)
    new = "a brand new passphrase"
    response = client.post("/settings/password", data={
        "current": PASSWORD, "password": new, "confirm": new})
    assert response.location == "/settings"
    assert stored_devices() == [] and device_cookie(client) is None
    assert restarted(app, other).get("/today").location.startswith("/login")
    assert client.get("/today").status_code == 200  # this session continues


def test_logging_out_forgets_only_this_device(app, client, patient):
    other = app.test_client()
    remembered_login(other, user_agent=IPHONE)
    remembered_login(client)
    client.post("/logout")
    assert device_cookie(client) is None
    assert [d.name for d in stored_devices()] == ["Safari · iPhone"]
    assert restarted(app, other).get("/today").status_code == 200


# --- the password again beyond the diary -----------------------------------------------------

DIARY_PAGES = ["/today", "/dashboard", "/episodes/", "/episodes/quick", "/episodes/new"]
BEYOND_THE_DIARY = ["/export/episodes.csv", "/export/check-ins.csv", "/export/diary.json",
                    "/export/diary.fhir.json"]


def age_confirmation(client, app):
    with client.session_transaction() as session:
        session["confirmed_at"] -= app.config["REAUTH_WINDOW"].total_seconds() + 1


def test_a_silent_login_is_no_confirmation_for_an_export(app, client, patient):
    remembered_login(client)
    browser = restarted(app, client)
    for url in BEYOND_THE_DIARY:
        response = browser.get(url)
        assert response.location == f"/reauth?next={url}", url
    response = browser.post("/reauth?next=/export/episodes.csv", data={"password": PASSWORD})
    assert response.location == "/export/episodes.csv"
    assert browser.get("/export/episodes.csv").status_code == 200


def test_exports_ask_again_ten_minutes_after_the_password(app, patient_client):
    assert patient_client.get("/export/diary.json").status_code == 200
    age_confirmation(patient_client, app)
    assert patient_client.get("/export/diary.json").location.startswith("/reauth")
    response = patient_client.post("/export/summary.pdf",
                                   headers={"Referer": "http://localhost/export"})
    assert response.location == "/reauth?next=/export"


def test_the_diary_itself_never_asks_again(app, client, patient):
    remembered_login(client)
    browser = restarted(app, client)
    for url in DIARY_PAGES:
        assert browser.get(url).status_code == 200, url


def test_withdrawing_access_asks_again_after_ten_minutes(app, patient_client, care_link):
    age_confirmation(patient_client, app)
    response = patient_client.post(f"/sharing/links/{care_link.id}/revoke",
                                   headers={"Referer": "http://localhost/sharing"})
    assert response.location == "/reauth?next=/sharing"
    assert reloaded(care_link).active


# --- where the login goes --------------------------------------------------------------------

def test_login_returns_to_next(app, client, patient):
    response = client.get("/episodes/quick")
    assert unquote(response.location) == "/login?next=/episodes/quick"
    response = client.post("/login?next=/episodes/quick",
                           data={"email": patient.email, "password": PASSWORD})
    assert response.location == "/episodes/quick"


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/x",
                                    "/\\evil.example", "javascript:alert(1)", "episodes"])
def test_login_refuses_a_next_off_the_site(app, client, patient, target):
    response = client.post("/login", query_string={"next": target},
                           data={"email": patient.email, "password": PASSWORD})
    assert response.location == "/"


def test_the_code_step_keeps_next(app, client):
    make_user(two_factor=True)
    response = client.post("/login?next=/day/2026-03-01",
                           data={"email": "anna@example.com", "password": PASSWORD})
    assert response.location == "/login/two-factor"
    response = client.post("/login/two-factor", data={"code": current_code()})
    assert response.location == "/day/2026-03-01"


@pytest.mark.parametrize(("user_agent", "name"), [
    (PHONE, "Chrome · Android"),
    (IPHONE, "Safari · iPhone"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
     "Firefox · Windows"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0", "Edge · macOS"),
    ("curl/8.5.0", ""),
])
def test_device_names_from_the_user_agent(user_agent, name):
    assert devices.device_name(user_agent) == name
