"""Whatever a browser or a script sends, the app answers without a server error."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary.extensions import db
from diary.forms.episodes import EpisodeForm
from diary.models import CareLink, User
from tests.builders import login, make_user

FIELDS = [name for name in EpisodeForm.__dict__ if not name.startswith("_")] + [
    "medications-0-name", "medications-0-drug_class", "medications-0-taken_at",
    "medications-0-effect", "medications-9-name", "medications-99-name", "started",
    "had_headache", "stress", "screen_hours", "sleep_hours", "menstruation", "note",
]
values = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=string.digits + "-T:.", max_size=20),
    st.sampled_from(["", "yes", "no", "y", "0", "10", "-1", "1e309", "NaN", "inf",
                     "2026-13-45T25:61", "9999-12-31T23:59", "0001-01-01T00:00", "\x00",
                     "left", "other", "triptan"]),
)
forms = st.dictionaries(st.sampled_from(FIELDS), values, max_size=12)
PATHS = ["/episodes/new", "/episodes/quick", "/day/2026-01-05", "/register", "/login",
         "/settings/preferences", "/settings/password", "/language"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS), data=forms)
def test_arbitrary_form_posts_never_give_a_server_error(patient_client, path, data):
    response = patient_client.post(path, data=data)
    assert response.status_code < 500, (path, data)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segment=st.text(alphabet=string.printable, min_size=1, max_size=20))
def test_arbitrary_urls_never_give_a_server_error(patient_client, segment):
    for template in ("/day/{}", "/episodes/{}", "/calendar?month={}", "/episodes/?page={}"):
        response = patient_client.get(template.format(segment))
        assert response.status_code < 500, (template, segment)


SHARING_FIELDS = ["email", "code", "body", "day", "kind", "muscles", "muscles_other", "notes"]
sharing_forms = st.dictionaries(st.sampled_from(SHARING_FIELDS), values, max_size=8)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=sharing_forms)
def test_sharing_and_review_forms_never_give_a_server_error(app, patient_client, patient, data):
    """The patient's sharing forms and the physiotherapist's note and session forms."""
    with app.app_context():
        physio = db.session.scalar(db.select(User).filter_by(email="pim@example.com"))
        if physio is None:
            physio = make_user(email="pim@example.com", role="physio", name="Pim")
            db.session.add(CareLink(patient_id=patient.id, physio_id=physio.id))
            db.session.commit()
    for path in ("/sharing/invite", "/sharing/code"):
        assert patient_client.post(path, data=data).status_code < 500, (path, data)
    client = app.test_client()
    login(client, physio.email)
    for path in ("/physio/accept", f"/patients/{patient.id}/notes",
                 f"/patients/{patient.id}/sessions/new"):
        assert client.post(path, data=data).status_code < 500, (path, data)


def test_ids_too_large_for_the_database_are_not_found(patient_client):
    huge = 2**40  # beyond a 32-bit INTEGER column on PostgreSQL
    for url in (f"/episodes/{huge}", f"/episodes/{huge}/edit", f"/patients/{huge}"):
        assert patient_client.get(url).status_code == 404, url


def test_numbers_too_large_for_a_float_are_out_of_range(patient_client):
    huge = "9" * 400
    response = patient_client.post("/episodes/quick", data={"started": "0", "intensity": huge})
    assert response.status_code == 422
    assert "from 0 to 10" in response.get_data(as_text=True)
    response = patient_client.post("/day/2026-01-05", data={"stress": huge})
    assert response.status_code < 500
