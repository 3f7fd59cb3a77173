"""The adapter hands the analysis exactly what the patient recorded."""

from datetime import date, timedelta

from diary.analysis import AuraSymptom as AuraRecord
from diary.analysis import analyse
from diary.extensions import db
from diary.models import AuraSymptom, EpisodeTrigger, MedicationIntake
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


def test_several_diaries_load_in_the_same_five_queries(app, patient):
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
        db.session.connection()  # the transaction (on PostgreSQL its write lock) begun too

        with count_statements() as one:
            single = load_diary(patient)
        with count_statements() as many:
            diaries = load_diaries([patient, *others])
        assert len(one) == len(many) == 5
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


def aura_episode(patient, **fields):
    """A pressing, mild headache with an aura of visual and sensory symptoms."""
    return make_episode(
        patient, utc(2026, 3, 10, 6), utc(2026, 3, 10, 9), aura=True,
        aura_types=["sensory", "visual"], aura_gradual=True, aura_positive=False,
        aura_one_sided=False, aura_headache_within_60=False, **fields)


def aura_label(patient) -> tuple[str, set[str]]:
    """The episode's label and its aura reasons, through the adapter and the analysis."""
    summary = analyse(load_diary(patient), date(2026, 3, 1), date(2026, 3, 31),
                      utc(2026, 4, 1))
    [result] = summary.episodes
    return result.label, {(r.criterion, r.status) for r in result.reasons
                          if r.criterion.startswith("aura.C.")}


def test_aura_detail_reaches_the_analysis(app):
    with app.app_context():
        patient = make_user()
        episode = aura_episode(patient, aura_in_succession=True, aura_minutes=50)
        episode.aura_symptoms = [AuraSymptom(kind="visual", minutes=20),
                                 AuraSymptom(kind="sensory", minutes=30)]
        db.session.commit()
        [record] = load_diary(patient).episodes
        assert record.aura_symptoms == (AuraRecord("visual", 20), AuraRecord("sensory", 30))
        assert record.aura_in_succession is True
        # gradual + two in succession + each 5-60 minutes: ICHD-3 1.2 C met.
        label, reasons = aura_label(patient)
        assert ("aura.C.duration_each", "met") in reasons
        assert ("aura.C.succession", "met") in reasons
        assert label == "migraine_with_aura_like"


def test_symptoms_together_do_not_count_as_in_succession(app):
    with app.app_context():
        patient = make_user()
        episode = aura_episode(patient, aura_in_succession=False)
        episode.aura_symptoms = [AuraSymptom(kind="visual", minutes=20),
                                 AuraSymptom(kind="sensory", minutes=30)]
        db.session.commit()
        label, reasons = aura_label(patient)
        assert ("aura.C.succession", "not_met") in reasons
        assert label != "migraine_with_aura_like"


def test_older_aura_without_detail_stays_not_recorded(app):
    with app.app_context():
        patient = make_user()
        aura_episode(patient, aura_minutes=50)  # two kinds, one total: never split
        db.session.commit()
        [record] = load_diary(patient).episodes
        assert record.aura_symptoms is None
        _, reasons = aura_label(patient)
        assert ("aura.C.duration_not_per_symptom", "unknown") in reasons


def test_a_kind_without_its_minutes_keeps_the_duration_unknown(app):
    with app.app_context():
        patient = make_user()
        episode = aura_episode(patient)
        episode.aura_symptoms = [AuraSymptom(kind="visual", minutes=20)]
        db.session.commit()
        [record] = load_diary(patient).episodes
        assert record.aura_symptoms == (AuraRecord("visual", 20), AuraRecord("sensory", None))
        _, reasons = aura_label(patient)
        assert ("aura.C.duration_not_per_symptom", "unknown") in reasons
