"""The adapter hands the analysis exactly what the patient recorded."""

from datetime import date, timedelta

from diary.analysis import analyse
from diary.diary_records import load_diary
from diary.models import EpisodeTrigger, MedicationIntake
from tests.conftest import make_check_in, make_episode, make_user, utc


def test_models_become_records_and_classify(app, patient):
    episode = make_episode(
        patient, utc(2026, 3, 10, 6), utc(2026, 3, 10, 18), intensity=8, side="left",
        quality="pulsating", worse_with_activity=True, nausea=True, vomiting=False,
        light_sensitivity=True, sound_sensitivity=True, aura=False, neck_pain=True,
        locations=["temples"])
    episode.triggers.append(EpisodeTrigger(trigger="sleep"))
    episode.medications.append(MedicationIntake(name="Sumatriptan", drug_class="triptan",
                                                taken_at=utc(2026, 3, 10, 7), effect="some"))
    make_check_in(patient, date(2026, 3, 9), stress=8, menstruation=True)
    other = make_user("other@example.com")
    make_episode(other, utc(2026, 3, 10, 6), utc(2026, 3, 10, 9))

    diary = load_diary(patient)
    assert diary.timezone == "Europe/Amsterdam"
    [record] = diary.episodes
    assert (record.id, record.side, record.triggers, record.locations) == (
        episode.id, "left", frozenset({"sleep"}), frozenset({"temples"}))
    assert record.medications[0].drug_class == "triptan"
    assert [c.stress for c in diary.check_ins] == [8]

    summary = analyse(diary, date(2026, 3, 1), date(2026, 3, 31), utc(2026, 4, 1))
    [result] = summary.episodes
    assert result.label == "migraine_like"
    assert {r.criterion for r in result.reasons} >= {"migraine.B.duration", "migraine.C"}


def test_since_limits_what_is_loaded(app, patient):
    make_episode(patient, utc(2025, 1, 10, 6), utc(2025, 1, 10, 9))
    recent = make_episode(patient, utc(2026, 3, 10, 6), utc(2026, 3, 10, 9))
    diary = load_diary(patient, since=date(2026, 3, 10) - timedelta(days=30))
    assert [e.id for e in diary.episodes] == [recent.id]
