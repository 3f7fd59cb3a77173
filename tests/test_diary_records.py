"""The adapter hands the analysis exactly what the patient recorded."""

from datetime import date, timedelta

from diary.analysis import analyse
from diary.extensions import db
from diary.models import EpisodeTrigger, MedicationIntake
from diary.services.diary_records import load_diaries, load_diary
from tests.builders import count_statements, make_check_in, make_episode, make_user, utc


def test_models_become_records_and_classify(app, patient):
    with app.app_context():
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
    with app.app_context():
        make_episode(patient, utc(2025, 1, 10, 6), utc(2025, 1, 10, 9))
        recent = make_episode(patient, utc(2026, 3, 10, 6), utc(2026, 3, 10, 9))
        diary = load_diary(patient, since=date(2026, 3, 10) - timedelta(days=30))
        assert [e.id for e in diary.episodes] == [recent.id]


def test_several_diaries_load_in_the_same_four_queries(app, patient):
    with app.app_context():
        others = [make_user(f"p{i}@example.com", timezone="America/New_York") for i in range(3)]
        for user in (patient, *others):
            make_check_in(user, date(2026, 3, 9))
            episode = make_episode(user, utc(2026, 3, 10, 6), utc(2026, 3, 10, 9))
            episode.triggers.append(EpisodeTrigger(trigger="stress"))
            episode.medications.append(MedicationIntake(name="Ibuprofen", drug_class="nsaid"))
        make_episode(others[0], utc(2026, 3, 11, 6), utc(2026, 3, 11, 9))
        db.session.commit()
        outsider = make_user("outsider@example.com")
        make_check_in(outsider, date(2026, 3, 9))
        assert all(user.timezone for user in (patient, *others))  # loaded before counting

        with count_statements() as one:
            single = load_diary(patient)
        with count_statements() as many:
            diaries = load_diaries([patient, *others])
        assert len(one) == len(many) == 4
        assert set(diaries) == {patient.id, *(u.id for u in others)}
        assert diaries[patient.id] == single
        assert diaries[others[1].id].timezone == "America/New_York"
        assert len(diaries[others[0].id].episodes) == 2
        assert all(len(d.check_ins) == 1 and d.episodes[0].triggers == {"stress"}
                   and d.episodes[0].medications[0].drug_class == "nsaid"
                   for d in diaries.values())
        assert load_diaries([]) == {}


def test_load_diaries_honours_since(app, patient):
    with app.app_context():
        make_check_in(patient, date(2025, 1, 10))
        make_check_in(patient, date(2026, 3, 10))
        make_episode(patient, utc(2025, 1, 10, 6), utc(2025, 1, 10, 9))
        diary = load_diaries([patient], since=date(2026, 1, 1))[patient.id]
        assert [c.day for c in diary.check_ins] == [date(2026, 3, 10)]
        assert diary.episodes == ()


def test_the_diary_starts_on_the_local_registration_day(app, patient):
    """23:30 UTC on 9 March is 10 March in Amsterdam: that is the diary's first day, even
    when only the last weeks are loaded, so earlier days are "before the diary", not missing."""
    with app.app_context():
        patient = db.session.merge(patient)
        patient.created_at = utc(2026, 3, 9, 23, 30)
        make_check_in(patient, date(2026, 3, 20))
        diary = load_diary(patient, since=date(2026, 3, 15))
        assert diary.started_on == date(2026, 3, 10)
        figures = analyse(diary, date(2026, 3, 1), date(2026, 3, 20),
                          utc(2026, 3, 21)).profile.current
        assert (figures.days_before_diary, figures.recorded_days,
                figures.unrecorded_days) == (9, 1, 10)


def test_an_entry_before_registration_starts_the_diary_earlier(app, patient):
    with app.app_context():
        patient = db.session.merge(patient)
        patient.created_at = utc(2026, 3, 10, 9)
        make_check_in(patient, date(2026, 3, 5))  # imported from a paper diary
        figures = analyse(load_diary(patient), date(2026, 3, 1), date(2026, 3, 10),
                          utc(2026, 3, 11)).profile.current
        assert (figures.days_before_diary, figures.recorded_days) == (4, 1)
