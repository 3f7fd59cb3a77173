"""Two-step verification: enrolment, the code after the password, recovery codes, the throttle,
physiotherapists without it, turning it off, and asking for the password again."""

import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary.extensions import db
from diary.models import LoginFailure, RecoveryCode, User
from diary.services import two_factor as service
from diary.services.totp import code_at, hash_recovery_code
from tests.builders import (
    PASSWORD,
    TEST_TOTP_SECRET,
    current_code,
    dutch,
    in_app_context,
    login,
    make_user,
    reloaded,
)


def password_step(client, email="anna@example.com", password=PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def code_step(client, code):
    return client.post("/login/two-factor", data={"code": code})


def code_from(seconds_from_now: float) -> str:
    return code_at(TEST_TOTP_SECRET, datetime.now(UTC) + timedelta(seconds=seconds_from_now))


@in_app_context
def unused_code(email="anna@example.com") -> str:
    """The app's code now, its step not used yet (logging in used it; forget that)."""
    user = db.session.scalar(sa.select(User).where(User.email == email))
    user.totp_last_step = None
    db.session.commit()
    return current_code()


def wrong_code() -> str:
    """Six digits that are no code of the test key within two steps of now."""
    near = {code_from(seconds) for seconds in range(-60, 61, 30)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in near)


def page(response) -> str:
    return response.get_data(as_text=True)


def logged_in(client) -> bool:
    return client.get("/settings").status_code == 200


def shown_secret(html: str) -> str:
    return re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")


def shown_recovery_codes(html: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", html)


@pytest.fixture
def secured(app):
    """A patient with two-step verification on."""
    return make_user(two_factor=True)


@pytest.fixture
def recovery_codes(app, secured):
    with app.app_context():
        codes = service.replace_recovery_codes(secured)
        db.session.commit()
    return codes


def enrol(client, setup_code: str = "") -> tuple[str, str]:
    """Set up two-step verification through the pages (a physiotherapist also gives the
    clinic's setup code); the key and the codes page."""
    client.post("/settings/two-factor/start")
    secret = shown_secret(page(client.get("/settings/two-factor")))
    response = client.post("/settings/two-factor/confirm", data={
        "code": code_at(secret, datetime.now(UTC)), "setup_code": setup_code})
    return secret, page(response)


# --- enrolment -------------------------------------------------------------------------------

def test_patient_enrols_with_qr_code_and_key(app, patient_client, patient):
    settings = page(patient_client.get("/settings"))
    assert "Off: your password alone opens your account." in settings
    assert patient_client.get("/settings/two-factor/qr.svg").status_code == 404

    patient_client.post("/settings/two-factor/start")
    html = page(patient_client.get("/settings/two-factor"))
    secret = shown_secret(html)
    patient = reloaded(patient)
    assert secret == patient.totp_secret and len(secret) == 32
    assert not patient.has_two_factor  # not before a code confirms it
    qr = patient_client.get("/settings/two-factor/qr.svg")
    assert qr.mimetype == "image/svg+xml" and qr.data.startswith(b"<svg")
    assert b"<script" not in qr.data and b"style=" not in qr.data

    response = patient_client.post("/settings/two-factor/confirm",
                                   data={"code": code_at(secret, datetime.now(UTC))})
    codes = shown_recovery_codes(page(response))
    assert response.status_code == 200 and len(codes) == app.config["RECOVERY_CODE_COUNT"]
    assert "This is the only time they are shown." in page(response)
    patient = reloaded(patient)
    assert patient.has_two_factor
    with app.app_context():
        stored = set(db.session.scalars(sa.select(RecoveryCode.code_hash)))
    assert stored == {hash_recovery_code(code) for code in codes}  # hashes, never the codes
    assert patient_client.get("/settings/two-factor/qr.svg").status_code == 404
    assert "totp-secret" not in page(patient_client.get("/settings/two-factor"))
    assert logged_in(patient_client)


def test_enrolment_needs_a_correct_code(patient_client, patient):
    patient_client.post("/settings/two-factor/start")
    response = patient_client.post("/settings/two-factor/confirm", data={"code": "123456x"})
    assert response.status_code == 422
    assert "This code is not correct or was already used." in page(response)
    assert 'value="123456x"' in page(response)  # the input is kept
    response = patient_client.post("/settings/two-factor/confirm", data={"code": ""})
    assert "Please enter the code." in page(response)
    assert not reloaded(patient).has_two_factor


def test_enrolling_logs_out_other_sessions(app, patient):
    this, other = app.test_client(), app.test_client()
    login(this), login(other)
    enrol(this)
    assert logged_in(this)
    assert not logged_in(other)


def test_starting_again_gives_a_new_key(app, patient_client, patient):
    patient_client.post("/settings/two-factor/start")
    first = reloaded(patient).totp_secret
    patient_client.post("/settings/two-factor/start")
    patient = reloaded(patient)
    assert patient.totp_secret != first and not patient.has_two_factor


def test_starting_again_cannot_switch_verification_off(app, client, secured):
    login(client)
    client.post("/settings/two-factor/start")
    secured = reloaded(secured)
    assert secured.has_two_factor and secured.totp_secret == TEST_TOTP_SECRET


def test_a_stale_confirmation_keeps_the_new_key(app, patient_client, patient):
    patient_client.post("/settings/two-factor/start")
    secret = reloaded(patient).totp_secret
    age_confirmation(patient_client, app)
    response = patient_client.post(
        "/settings/two-factor/confirm", data={"code": code_at(secret, datetime.now(UTC))},
        headers={"Referer": "http://localhost/settings/two-factor"})
    assert response.location == "/reauth?next=/settings/two-factor"
    patient_client.post(response.location, data={"password": PASSWORD})
    patient = reloaded(patient)
    assert patient.totp_secret == secret and not patient.has_two_factor  # the app's key still fits
    patient_client.post("/settings/two-factor/confirm",
                        data={"code": code_at(secret, datetime.now(UTC))})
    patient = reloaded(patient)
    assert patient.has_two_factor


# --- logging in with a code ------------------------------------------------------------------

def test_password_alone_does_not_log_in(client, secured):
    response = password_step(client)
    assert response.location == "/login/two-factor"
    assert not logged_in(client)
    assert client.get("/today").location.startswith("/login")
    assert "Open your authenticator app" in page(client.get("/login/two-factor"))

    response = code_step(client, current_code())
    assert response.status_code == 302 and response.location == "/"
    assert client.get("/today").status_code == 200


def test_the_code_page_needs_the_password_first(client, secured):
    response = client.get("/login/two-factor")
    assert response.location == "/login"
    assert code_step(client, current_code()).location == "/login"
    assert not logged_in(client)


def test_the_code_must_follow_within_minutes(app, client, secured):
    password_step(client)
    with client.session_transaction() as session:
        pending = session["two_factor_pending"]
        pending["since"] -= app.config["TWO_FACTOR_PENDING_TIMEOUT"].total_seconds() + 1
        session["two_factor_pending"] = pending
    response = code_step(client, current_code())
    assert response.location == "/login"
    assert not logged_in(client)
    assert "within 5 minutes" in page(client.get("/login"))


def test_a_wrong_code_is_refused_and_kept(client, secured):
    password_step(client)
    code = wrong_code()
    response = code_step(client, code)
    assert response.status_code == 200
    assert "This code is not correct or was already used." in page(response)
    assert f'value="{code}"' in page(response)
    assert not logged_in(client)


def test_a_code_works_only_once(app, client, secured):
    code = current_code()
    password_step(client)
    assert code_step(client, code).location == "/"
    client.post("/logout")
    password_step(client)
    response = code_step(client, code)
    assert "already used" in page(response) and not logged_in(client)


def test_a_code_from_an_earlier_step_than_the_last_one_is_refused(app, client, secured):
    with app.app_context():
        db.session.add(secured)
        secured.totp_last_step = int(datetime.now(UTC).timestamp()) // 30 + 1
        db.session.commit()
    password_step(client)
    assert "already used" in page(code_step(client, current_code()))


@pytest.mark.parametrize("seconds", [-120, -90, 90, 300])
def test_stale_or_far_future_codes_are_refused(client, secured, seconds):
    password_step(client)
    response = code_step(client, code_from(seconds))
    assert "not correct" in page(response) and not logged_in(client)


def test_the_previous_steps_code_is_allowed_but_not_the_next_ones(client, secured):
    password_step(client)
    assert "not correct" in page(code_step(client, code_from(30)))
    assert code_step(client, code_from(-30)).location == "/"


def test_spaces_in_the_code_are_ignored(client, secured):
    password_step(client)
    code = current_code()
    assert code_step(client, f" {code[:3]} {code[3:]} ").location == "/"


def test_a_logged_in_user_skips_the_code_page(client, secured):
    login(client)
    assert client.get("/login/two-factor").location == "/"


def test_a_password_change_elsewhere_cancels_the_waiting_login(app, client, secured):
    password_step(client)
    with app.app_context():
        db.session.add(secured)
        secured.end_all_sessions()  # what a logout or password change elsewhere does
        db.session.commit()
    assert code_step(client, current_code()).location == "/login"
    assert not logged_in(client)


# --- recovery codes --------------------------------------------------------------------------

def test_a_recovery_code_logs_in_once(app, client, secured, recovery_codes, caplog):
    password_step(client)
    with caplog.at_level(logging.INFO, logger="diary.security"):
        response = code_step(client, recovery_codes[0].upper())
    assert response.location == "/"
    assert "9 codes are left" in page(client.get("/settings"))
    assert "recovery code used" in caplog.text and recovery_codes[0] not in caplog.text
    client.post("/logout")

    password_step(client)
    assert "not correct" in page(code_step(client, recovery_codes[0]))
    assert code_step(client, recovery_codes[1].replace("-", "")).location == "/"
    with app.app_context():
        used = db.session.scalars(sa.select(RecoveryCode).where(RecoveryCode.used_at.is_not(None)))
        assert len(list(used)) == 2


def test_another_users_recovery_code_does_not_work(client, secured, recovery_codes):
    make_user("b@example.com", two_factor=True)
    password_step(client, "b@example.com")
    assert "not correct" in page(code_step(client, recovery_codes[0]))


def test_new_recovery_codes_replace_the_old_ones(client, secured, recovery_codes):
    login(client)
    html = page(client.get("/settings/two-factor"))
    assert "You have 10 unused recovery codes." in html
    new_codes = shown_recovery_codes(page(client.post("/settings/two-factor/recovery-codes")))
    assert len(new_codes) == 10 and not set(new_codes) & set(recovery_codes)
    client.post("/logout")
    password_step(client)
    assert "not correct" in page(code_step(client, recovery_codes[2]))
    assert code_step(client, new_codes[0]).location == "/"


# --- throttle and logging --------------------------------------------------------------------

def test_wrong_codes_are_throttled_per_account_across_clients(app, secured):
    limit = app.config["TWO_FACTOR_MAX_FAILURES"]
    for n in range(limit):
        # A fresh client and address each time: the count is kept in the database.
        attacker = app.test_client()
        attacker.post("/login", data={"email": "anna@example.com", "password": PASSWORD},
                      environ_base={"REMOTE_ADDR": f"10.0.0.{n}"})
        attacker.post("/login/two-factor", data={"code": wrong_code()},
                      environ_base={"REMOTE_ADDR": f"10.0.0.{n}"})
    client = app.test_client()
    password_step(client)
    response = code_step(client, current_code())  # even the right code is refused now
    assert response.status_code == 429
    assert "Too many wrong codes" in page(response)
    assert not logged_in(client)


def test_the_code_throttle_window_expires(app, client, secured):
    password_step(client)
    for _ in range(app.config["TWO_FACTOR_MAX_FAILURES"]):
        code_step(client, wrong_code())
    old = datetime.now(UTC) - app.config["LOGIN_THROTTLE_WINDOW"] - timedelta(seconds=1)
    with app.app_context():
        db.session.execute(sa.update(LoginFailure).values(at=old))
        db.session.commit()
    assert code_step(client, current_code()).location == "/"


def test_a_right_code_clears_the_count(app, client, secured):
    password_step(client)
    code_step(client, wrong_code())
    code_step(client, current_code())
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginFailure)) == 0


def test_code_checks_are_logged_without_the_code(client, secured, caplog):
    password_step(client)
    with caplog.at_level(logging.INFO, logger="diary.security"):
        wrong = wrong_code()
        code_step(client, wrong)
        code = current_code()
        code_step(client, code)
    messages = [record.getMessage() for record in caplog.records]
    assert any(m.startswith("2fa failed user_id=") for m in messages)
    assert any(m.startswith("2fa ok user_id=") for m in messages)
    assert not any(wrong in m or code in m or TEST_TOTP_SECRET in m for m in messages)


# --- physiotherapists ------------------------------------------------------------------------

def test_physio_with_two_factor_reaches_the_patient_list(client):
    make_user("p@clinic.nl", role="physio")
    assert password_step(client, "p@clinic.nl").location == "/login/two-factor"
    login(client, "p@clinic.nl")
    assert client.get("/physio").status_code == 200


def test_physio_without_two_factor_is_sent_to_enrolment(app, client):
    with app.app_context():
        physio = make_user("p@clinic.nl", role="physio", two_factor=False)
        setup_code = service.issue_enrolment_code(physio)
        db.session.commit()
    assert password_step(client, "p@clinic.nl").location == "/"  # logged in, password only
    response = client.get("/physio")
    assert response.location == "/settings/two-factor"
    html = page(client.get("/settings/two-factor"))
    assert "physiotherapists need it to see patient data" in html
    enrol(client, setup_code)
    assert client.get("/physio").status_code == 200


def test_physio_with_two_factor_but_no_code_in_this_session_is_asked_for_it(app, client):
    physio = make_user("p@clinic.nl", role="physio")
    login(client, "p@clinic.nl")
    with client.session_transaction() as session:
        del session["two_factor_at"]
    response = client.get("/physio")
    assert response.location == "/reauth?next=/physio"
    with app.app_context():
        db.session.add(physio)
        physio.totp_last_step = None
        db.session.commit()
    response = client.post(response.location, data={"password": PASSWORD,
                                                    "code": current_code()})
    assert response.location == "/physio"
    assert client.get("/physio").status_code == 200


def test_physio_cannot_turn_two_factor_off(app, client):
    physio = make_user("p@clinic.nl", role="physio")
    login(client, "p@clinic.nl")
    html = page(client.get("/settings/two-factor"))
    assert "Physiotherapists keep two-step verification on" in html
    assert "turn-off" not in html
    response = client.post("/settings/two-factor/turn-off",
                           data={"password": PASSWORD, "code": code_from(30)})
    assert response.status_code == 404
    physio = reloaded(physio)
    assert physio.has_two_factor


def test_a_password_change_keeps_this_sessions_verification(app):
    make_user("p@clinic.nl", role="physio")
    this, other = app.test_client(), app.test_client()
    login(this, "p@clinic.nl"), login(other, "p@clinic.nl")
    this.post("/settings/password", data={
        "current": PASSWORD, "password": "a brand new secret", "confirm": "a brand new secret"})
    assert this.get("/physio").status_code == 200
    assert other.get("/physio").location.startswith("/login")


def test_logging_out_drops_the_verification(client):
    make_user("p@clinic.nl", role="physio")
    login(client, "p@clinic.nl")
    client.post("/logout")
    password_step(client, "p@clinic.nl")
    assert client.get("/physio").location.startswith("/login")


# --- turning it off (patients) ---------------------------------------------------------------

def test_patient_turns_two_factor_off_with_password_and_code(app, client, secured, recovery_codes):
    login(client)
    html = page(client.get("/settings/two-factor"))
    assert "Turn off two-step verification" in html
    response = client.post("/settings/two-factor/turn-off",
                           data={"password": PASSWORD, "code": unused_code()})
    assert response.location == "/settings/two-factor"
    secured = reloaded(secured)
    assert not secured.has_two_factor and secured.totp_secret is None
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 0
    client.post("/logout")
    assert password_step(client).location == "/"  # the password alone again


@pytest.mark.parametrize("password, code, field_error", [
    ("wrong password", None, "Your password is not correct."),
    (PASSWORD, "wrong", "This code is not correct or was already used."),
    (PASSWORD, "", "Please enter the code."),
])
def test_turning_off_needs_both_right(app, client, secured, password, code, field_error):
    login(client)
    if code == "wrong":
        code = wrong_code()
    response = client.post("/settings/two-factor/turn-off", data={
        "password": password, "code": code if code is not None else unused_code()})
    assert response.status_code == 422
    assert field_error in page(response)
    secured = reloaded(secured)
    assert secured.has_two_factor


# --- asking for the password again -----------------------------------------------------------

def age_confirmation(client, app, extra=5):
    with client.session_transaction() as session:
        session["confirmed_at"] -= app.config["REAUTH_WINDOW"].total_seconds() + extra


def test_a_stale_session_is_asked_for_the_password_before_a_change(app, patient_client, patient):
    age_confirmation(patient_client, app)
    response = patient_client.post("/settings/two-factor/start",
                                   headers={"Referer": "http://localhost/settings/two-factor"})
    assert response.location == "/reauth?next=/settings/two-factor"
    assert reloaded(patient).totp_secret is None  # nothing changed
    html = page(patient_client.get(response.location))
    assert "Please confirm it is you before making this change." in html
    assert 'name="code"' not in html  # no code without two-step verification

    response = patient_client.post("/reauth?next=/settings/two-factor",
                                   data={"password": "wrong password"})
    assert response.status_code == 422 and "Your password is not correct." in page(response)
    response = patient_client.post("/reauth?next=/settings/two-factor",
                                   data={"password": PASSWORD})
    assert response.location == "/settings/two-factor"
    patient_client.post("/settings/two-factor/start")
    patient = reloaded(patient)
    assert patient.totp_secret is not None


def test_within_the_window_no_password_is_asked(app, patient_client, patient):
    age_confirmation(patient_client, app, extra=-60)  # one minute inside the window
    assert patient_client.post("/settings/two-factor/start").location == "/settings/two-factor"
    assert reloaded(patient).totp_secret is not None


def test_reauth_with_two_factor_needs_a_code(app, client, secured, recovery_codes):
    login(client)
    age_confirmation(client, app)
    response = client.post("/settings/two-factor/recovery-codes")
    assert response.location == "/reauth"  # no Referer: back home afterwards
    assert 'name="code"' in page(client.get("/reauth"))
    response = client.post("/reauth", data={"password": PASSWORD})
    assert "Please enter the code." in page(response)
    response = client.post("/reauth", data={"password": PASSWORD, "code": unused_code()})
    assert response.location == "/"
    assert shown_recovery_codes(page(client.post("/settings/two-factor/recovery-codes")))


def test_reauth_goes_back_only_to_this_site(app, patient_client):
    for target in ("https://evil.example/x", "//evil.example", "javascript:alert(1)"):
        response = patient_client.post(f"/reauth?next={target}", data={"password": PASSWORD})
        assert response.location == "/"


def test_a_foreign_referer_is_not_a_way_back(app, patient_client):
    age_confirmation(patient_client, app)
    response = patient_client.post("/settings/two-factor/start",
                                   headers={"Referer": "https://evil.example/settings"})
    assert response.location == "/reauth"


def test_reauth_wrong_passwords_count_towards_the_login_throttle(app, patient_client):
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        patient_client.post("/reauth", data={"password": "wrong password"})
    response = patient_client.post("/reauth", data={"password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts" in page(response)


# --- Dutch -----------------------------------------------------------------------------------

def test_two_factor_pages_in_dutch(client):
    make_user(language="nl", two_factor=True)
    client.post("/language", data={"language": "nl"})
    password_step(client)
    html = page(client.get("/login/two-factor"))
    assert dutch("Two-step verification") in html
    assert dutch("Code from your authenticator app, or a recovery code") in html
    code_step(client, current_code())
    html = page(client.get("/settings/two-factor"))
    assert dutch("Two-step verification is on") in html
    assert dutch("Make new recovery codes") in html
    assert dutch("Turn off two-step verification") in html


def test_enrolment_page_in_dutch(client):
    make_user("p@clinic.nl", role="physio", language="nl", two_factor=False)
    password_step(client, "p@clinic.nl")
    client.post("/settings/two-factor/start")
    html = page(client.get("/settings/two-factor"))
    for message in ("Set up your authenticator app", "Or type in this key:",
                    "Turn on two-step verification"):
        assert dutch(message) in html


# --- the demo physiotherapist ----------------------------------------------------------------

def test_seed_demo_enrols_the_demo_physio_and_demo_code_prints_a_working_code(app, runner):
    from diary.demo import DEMO_ACCOUNTS, DEMO_TOTP_SECRET

    result = runner.invoke(args=["seed-demo"])
    assert "make demo-code" in result.output
    with app.app_context():
        physio = db.session.scalar(sa.select(User).where(User.email == DEMO_ACCOUNTS[1][1]))
    assert physio.has_two_factor and physio.totp_secret == DEMO_TOTP_SECRET

    code = runner.invoke(args=["demo-code"]).output.split()[0]
    client = app.test_client()
    client.post("/login", data={"email": DEMO_ACCOUNTS[1][1], "password": DEMO_ACCOUNTS[1][2]})
    assert code_step(client, code).location == "/"
    assert client.get("/physio").status_code == 200


def test_demo_code_refuses_other_accounts(runner):
    make_user("physio@example.com", role="physio")  # a real account with its own key
    result = runner.invoke(args=["demo-code"])
    assert result.exit_code != 0 and "no demo physiotherapist" in result.output


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.one_of(st.text(max_size=60), st.sampled_from(
    ["١٢٣٤٥٦", "１２３４５６", "\x00" * 6, "------", "12345６"])), password=st.text(max_size=30))
def test_any_input_to_the_code_pages_gives_no_server_error(app, secured, code, password):
    with app.app_context():
        db.session.execute(sa.delete(LoginFailure))  # examples share the database: no throttle
        db.session.commit()
    client = app.test_client()
    password_step(client)
    assert code_step(client, code).status_code < 500
    assert login(client).location == "/"
    for path in ("/reauth", "/settings/two-factor/turn-off", "/settings/two-factor/confirm"):
        response = client.post(path, data={"password": password, "code": code})
        assert response.status_code < 500, path
