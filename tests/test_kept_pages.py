"""The dashboard is kept whole around its analysis (diary/kept_pages.py): after every kind of
change a patient makes, the page must read as when rendered afresh, with the session's own
CSRF token and with messages meant for it."""

from datetime import timedelta

import pytest

from tests.builders import (
    PASSWORD,
    csrf_login,
    headache_on,
    local_today,
    login,
    make_user,
    recorded,
)
from tests.test_site_header import CSRF_TOKEN, without_token


def yesterday():
    return local_today() - timedelta(days=1)


def dashboard(client, path="/dashboard") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def fresh(app, client, path="/dashboard") -> str:
    """The same page with nothing of the layout kept."""
    app.config["KEEP_SITE_HEADER"] = False
    try:
        return dashboard(client, path)
    finally:
        app.config["KEEP_SITE_HEADER"] = True


def save_day(client, **fields):
    data = {"had_headache": "no", "stress": "2", "screen_hours": "6", "sleep_hours": "7",
            **fields}
    response = client.post(f"/day/{yesterday().isoformat()}", data=data)
    assert response.status_code == 302
    client.get(response.location)  # shows (and so uses up) "Saved."


def preferences(client, **fields):
    assert client.post("/settings/preferences", data=fields).status_code == 302
    client.get("/settings")  # shows (and so uses up) "Your settings are saved."


@pytest.fixture
def diary(patient):
    recorded(patient, 70, headaches=12)
    return patient


def test_after_each_kind_of_change_the_kept_page_reads_as_a_fresh_one(app, patient_client,
                                                                       diary):
    dashboard(patient_client)  # kept
    changes = [
        lambda: save_day(patient_client, stress="9"),  # daily factors alone
        lambda: headache_on(diary, yesterday() - timedelta(days=3), check_in=False),  # pattern
        lambda: patient_client.post("/language", data={"language": "nl", "next": "/"}),
        lambda: preferences(patient_client, language="nl", timezone="Europe/Amsterdam",
                            theme="dark"),
        lambda: preferences(patient_client, language="nl", timezone="America/New_York",
                            theme="dark"),
        lambda: save_day(patient_client, stress="1"),
    ]
    for number, change in enumerate(changes):
        change()
        for path in ("/dashboard", "/dashboard?period=12m"):
            kept = dashboard(patient_client, path)
            assert without_token(kept) == without_token(fresh(app, patient_client, path)), \
                (number, path)


def test_a_daily_factor_change_shows_in_the_kept_page(patient_client, diary):
    before = dashboard(patient_client)
    for _ in range(3):
        save_day(patient_client, stress="9")
        save_day(patient_client, stress="0")
    save_day(patient_client, stress="9", note="x")
    after = dashboard(patient_client)
    assert before != after  # the stress comparison moved: the analysis is this diary's now
    assert after.count('id="dashboard-data"') == 1


def test_each_session_reads_its_own_token_from_the_kept_page(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    make_user()
    first, second = app.test_client(), app.test_client()
    csrf_login(first)
    csrf_login(second)
    tokens = []
    for client in (first, second, first):
        page = dashboard(client)
        page_tokens = {match[2] for match in CSRF_TOKEN.finditer(page)}
        assert len(page_tokens) == 1  # the header's and the offline queue's alike
        tokens.append(page_tokens.pop())
    assert tokens[0] != tokens[1]
    # The second session's token, from the page kept for the first, does not log it out.
    assert first.post("/logout", data={"csrf_token": tokens[1]}).status_code == 400
    assert second.post("/logout", data={"csrf_token": tokens[1]}).status_code == 302
    assert first.post("/logout", data={"csrf_token": tokens[2]}).status_code == 302


def test_a_message_for_the_dashboard_is_shown_once(patient_client, diary):
    dashboard(patient_client)  # kept
    with patient_client.session_transaction() as session:
        session["_flashes"] = [("success", "Sent to your physiotherapist.")]
    assert "Sent to your physiotherapist." in dashboard(patient_client)
    assert "Sent to your physiotherapist." not in dashboard(patient_client)


def test_another_patient_never_gets_the_kept_page(app, diary):
    make_user(email="bert@example.com")
    anna, bert = app.test_client(), app.test_client()
    assert login(anna).status_code == 302
    assert login(bert, "bert@example.com", PASSWORD).status_code == 302
    anna_page, bert_page = dashboard(anna), dashboard(bert)
    assert "Start your diary" in bert_page and "Start your diary" not in anna_page
    assert without_token(bert_page) == without_token(fresh(app, bert))
