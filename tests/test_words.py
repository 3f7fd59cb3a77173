"""diary/words: one sentence per reason code in both languages, one label per code everywhere,
durations in the reader's language."""

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.pofile import read_po
from flask_babel import refresh

from diary.analysis import vocabulary
from diary.analysis.medication import NON_OPIOID
from diary.analysis.reasons import MET, REASON_PARAMS, Reason
from diary.extensions import db
from diary.models import Episode, MedicationIntake, TreatmentSession
from diary.words import format_duration, labels, reasons
from tests.builders import login, make_episode, make_user, utc

PLACEHOLDER = re.compile(r"%\((\w+)\)")
DUTCH_PO = Path(__file__).resolve().parents[1] / "translations/nl/LC_MESSAGES/messages.po"


@pytest.fixture(scope="module")
def dutch_catalogue():
    with DUTCH_PO.open("rb") as po:
        return read_po(po)


def sentences_of(code: str, monkeypatch) -> list[tuple[str, set[str]]]:
    """Every English msgid that words can use for `code`, with the placeholders it must name."""
    params = set(REASON_PARAMS[code])
    found = [(reasons.REASON_MESSAGES[code]._args[0], params)]
    if code in reasons.REASON_PLURALS:
        count_name, plural = reasons.REASON_PLURALS[code]
        monkeypatch.setattr(reasons, "ngettext", lambda one, many, n, **values: (one, many))
        found += [(msgid, params - {count_name} | {"num"}) for msgid in plural(1)]
    return found


@pytest.mark.parametrize("code", sorted(REASON_PARAMS))
def test_every_reason_renders_in_english_and_dutch_with_the_analysis_parameters(
        code, dutch_catalogue, monkeypatch):
    for msgid, names in sentences_of(code, monkeypatch):
        assert set(PLACEHOLDER.findall(msgid)) == names, msgid
        values = dict.fromkeys(names, 7)
        msgid % values  # a plain dict: a name the analysis does not give is a KeyError
        message = dutch_catalogue.get(msgid)
        if message is None and any(msgid in m.id for m in dutch_catalogue if m.pluralizable):
            continue  # the plural msgid: checked with its singular, which holds every form
        assert message is not None and message.string, f"no Dutch for {msgid!r}"
        for translation in message.string if isinstance(message.string, tuple) else (
                message.string,):
            assert translation, f"an empty Dutch form of {msgid!r}"
            assert set(PLACEHOLDER.findall(translation)) <= names, translation
            translation % values


@pytest.mark.parametrize("code", sorted(REASON_PARAMS))
def test_every_reason_reads_as_dutch_in_the_app(app, code):
    params = {name: 3 for name in REASON_PARAMS[code]}
    for name, value in {"label": "migraine_like", "other": "tension_type_like",
                        "band": "frequent", "side": "left", "drug_class": "nsaid",
                        "last_date": "2026-03-10", "first_session": "2026-02-01",
                        "latest_start": "2026-03-04"}.items():
        if name in params:
            params[name] = value
    english = reasons.describe(Reason(code, MET, params))
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        refresh()  # the test's app context has cached the English catalogue
        dutch = reasons.describe(Reason(code, MET, params))
    refresh()
    assert dutch and "%(" not in dutch and "–" not in dutch
    assert dutch != english


def test_a_dutch_duration_reads_in_hours_u_and_minutes(app):
    start = utc(2026, 3, 2, 8)
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        refresh()
        assert format_duration(start, start + timedelta(hours=4, minutes=56)) == "4 u 56 min"
        assert format_duration(start, start + timedelta(hours=3)) == "3 u"
    refresh()
    assert format_duration(start, start + timedelta(hours=4, minutes=56)) == "4 h 56 min"


def test_a_dutch_patient_sees_the_duration_of_an_episode_in_dutch(client, app):
    patient = make_user(language="nl")
    episode = make_episode(patient, utc(2026, 3, 2, 8), utc(2026, 3, 2, 12, 56))
    assert login(client).status_code == 302
    page = client.get(f"/episodes/{episode.id}").get_data(as_text=True)
    assert "4 u 56 min" in page and "4 h 56 min" not in page


def test_the_drug_class_reads_the_same_on_the_form_and_on_the_dashboard(app, client, patient):
    assert login(client).status_code == 302
    form = client.get("/episodes/new").get_data(as_text=True)
    # Triptans are their own overuse class, so the medication chart names them as the form does.
    option = re.search(r'<option value="triptan">([^<]*)</option>', form).group(1)
    today = datetime.now(ZoneInfo(patient.timezone)).date()
    start = datetime.combine(today - timedelta(days=2), datetime.min.time(), ZoneInfo(
        patient.timezone)) + timedelta(hours=10)
    episode = make_episode(patient, start, start + timedelta(hours=3))
    with app.app_context():
        db.session.add(MedicationIntake(episode_id=episode.id, name="Sumatriptan",
                                        drug_class="triptan"))
        db.session.commit()
    page = client.get("/dashboard?period=4w").get_data(as_text=True)
    data = json.loads(re.search(r'id="dashboard-data">(.*?)</script>', page, re.S).group(1))
    shown = data["medication"]["labels"]
    assert shown == ["Triptan"]
    assert option.startswith(shown[0] + " (e.g. sumatriptan")


def test_a_medication_cell_names_the_class_once(app, patient):
    episode = make_episode(patient, utc(2026, 3, 2, 8), utc(2026, 3, 2, 14), side="left")
    with app.app_context():
        db.session.add(episode)
        episode.medications = [MedicationIntake(name="Sumatriptan", drug_class="triptan"),
                               MedicationIntake(name="Paracetamol", drug_class="paracetamol")]
        db.session.commit()
    table = app.jinja_env.from_string(
        '{% from "review/_episode_table.html" import episode_table %}'
        "{{ episode_table(patient, episodes) }}")
    with app.test_request_context():
        html = table.render(patient=patient, episodes=[episode])
    assert "Sumatriptan (triptan), Paracetamol</td>" in html
    assert "e.g." not in html and "((" not in html and "))" not in html


@pytest.mark.parametrize(("domain", "codes"), [
    ("side", vocabulary.SIDES), ("location", vocabulary.LOCATIONS),
    ("quality", vocabulary.QUALITIES), ("aura_type", vocabulary.AURA_TYPES),
    ("trigger", vocabulary.EPISODE_TRIGGERS),
    ("drug_class", (*vocabulary.MEDICATION_CLASSES, NON_OPIOID)),  # and the overuse class
    ("effect", vocabulary.EFFECTS), ("treatment_kind", vocabulary.TREATMENT_KINDS),
    ("muscle", vocabulary.MUSCLES),
])
def test_every_stored_code_has_one_label(app, domain, codes):
    assert set(labels.LABELS[domain]) == set(codes)
    assert all(labels.label(domain, code) for code in codes)


@pytest.mark.parametrize("row", [
    lambda: Episode(side="middle"), lambda: Episode(locations=["forehead", "chin"]),
    lambda: MedicationIntake(name="x", drug_class="herbal"),
    lambda: MedicationIntake(name="x", drug_class="nsaid", effect="great"),
    lambda: TreatmentSession(kind="massage"),
])
def test_the_models_refuse_a_code_outside_the_vocabulary(app, row):
    with pytest.raises(ValueError, match="is not a known"):
        row()
