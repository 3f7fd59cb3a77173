"""Day records: headache days, migraine-like days (Leiden), recorded days, local midnight and
daylight-saving days in Europe/Amsterdam."""

from dataclasses import replace
from datetime import date

import pytest

from diary.analysis.days import build_days
from diary.analysis.reasons import Reason
from diary.analysis.records import AURA_TYPES, AuraSymptom

from .builders import at, check_in, diary, episode, med, migraine, tension

NOW = at("2026-12-31T00:00")


def days_of(*episodes, check_ins=(), first="2026-03-01", last="2026-03-31", timezone=None):
    kwargs = {"timezone": timezone} if timezone else {}
    records = diary(episodes, check_ins, **kwargs)
    return build_days(records, date.fromisoformat(first), date.fromisoformat(last), NOW)


def day(days, text):
    return days.day(date.fromisoformat(text))


@pytest.mark.parametrize(("minutes", "headache_day", "status"), [
    (29, False, "not_met"),
    (30, True, "met"),
])
def test_thirty_minutes_make_a_headache_day(minutes, headache_day, status):
    record = day(days_of(tension("2026-03-10T08:00", minutes=minutes)), "2026-03-10")
    assert record.headache_day is headache_day
    assert Reason("day.headache_minutes", status, {"minutes": float(minutes)}) in record.reasons


@pytest.mark.parametrize(("drug_class", "headache_day"), [("paracetamol", True), ("other", False)])
def test_acute_medication_makes_a_headache_day(drug_class, headache_day):
    ep = tension("2026-03-10T08:00", minutes=10, medications=(med(drug_class),))
    record = day(days_of(ep), "2026-03-10")
    assert record.headache_day is headache_day
    assert record.acute_classes == (frozenset({drug_class}) if headache_day else frozenset())


def test_medication_counts_on_the_local_day_it_was_taken():
    ep = tension("2026-03-10T20:00", hours=2,
                 medications=(med("triptan", taken_at="2026-03-10T23:30"),))
    days = days_of(ep)
    assert day(days, "2026-03-10").acute_classes == frozenset()
    assert day(days, "2026-03-11").acute_classes == {"triptan"}  # 00:30 in Amsterdam
    assert day(days, "2026-03-11").recorded and day(days, "2026-03-11").migraine_like_day


def test_medication_without_a_time_counts_on_the_local_start_day():
    # starts 23:30 in Amsterdam and runs well into the next day
    ep = tension("2026-03-10T22:30", hours=5, medications=(med("nsaid", taken_at=None),))
    days = days_of(ep)
    assert day(days, "2026-03-10").acute_classes == {"nsaid"}
    assert day(days, "2026-03-11").acute_classes == frozenset()


MIDNIGHT_CASES = [
    # id, start (UTC), hours, {local day: minutes}
    ("before local midnight", "2026-03-10T22:00", 2, {"2026-03-10": 60.0, "2026-03-11": 60.0}),
    ("starts at local midnight", "2026-03-10T23:00", 1, {"2026-03-10": None, "2026-03-11": 60.0}),
    ("ends at local midnight", "2026-03-10T21:00", 2, {"2026-03-10": 120.0, "2026-03-11": None}),
    ("spring forward: 23-hour day", "2026-03-28T21:00", 27,
     {"2026-03-28": 120.0, "2026-03-29": 1380.0, "2026-03-30": 120.0}),
    ("fall back: 25-hour day", "2026-10-24T20:00", 29,
     {"2026-10-24": 120.0, "2026-10-25": 1500.0, "2026-10-26": 120.0}),
    ("night of the spring change", "2026-03-28T23:30", 2,
     {"2026-03-28": None, "2026-03-29": 120.0}),
    ("night of the autumn change", "2026-10-24T23:30", 2,
     {"2026-10-24": None, "2026-10-25": 120.0}),
]


@pytest.mark.parametrize(("start", "hours", "expected"), [c[1:] for c in MIDNIGHT_CASES],
                         ids=[c[0] for c in MIDNIGHT_CASES])
def test_minutes_fall_on_local_days(start, hours, expected):
    days = days_of(tension(start, hours=hours), first="2026-03-01", last="2026-10-31")
    for text, minutes in expected.items():
        record = day(days, text)
        assert record.headache_minutes == (minutes or 0.0), text
        assert record.recorded is (minutes is not None), text


def test_the_same_instant_is_another_day_in_another_timezone():
    ep = tension("2026-03-10T23:00", hours=2)
    assert day(days_of(ep, timezone="UTC"), "2026-03-10").headache_minutes == 60.0
    assert day(days_of(ep), "2026-03-10").recorded is False


@pytest.mark.parametrize(("fields", "migraine_like", "code"), [
    ({}, True, "day.migraine_like.features"),
    (dict(nausea=False, light_sensitivity=False, sound_sensitivity=False, hours=2), False, None),
    (dict(side="both", quality="pressing", nausea=True, hours=2), False, None),
    (dict(side="both", minutes=30), True, "day.migraine_like.features"),
    (dict(side="both", minutes=29), False, None),
    # Criterion D: nausea or vomiting, or light AND sound together; one sensitivity is not enough.
    (dict(nausea=False, light_sensitivity=True, sound_sensitivity=False), False, None),
    (dict(nausea=False, light_sensitivity=False, sound_sensitivity=True), False, None),
    (dict(nausea=False, light_sensitivity=True, sound_sensitivity=True), True,
     "day.migraine_like.features"),
    (dict(nausea=False, vomiting=True, light_sensitivity=False, sound_sensitivity=False), True,
     "day.migraine_like.features"),
    (dict(nausea=None, light_sensitivity=True, sound_sensitivity=None), False, None),
])
def test_leiden_migraine_like_day_from_features(fields, migraine_like, code):
    # pain features: one-sided, pulsating, moderate/severe, worse with activity (need 2)
    ep = migraine("2026-03-10T08:00", intensity=5, worse_with_activity=False, **fields)
    record = day(days_of(ep), "2026-03-10")
    assert record.migraine_like_day is migraine_like
    assert any(r.criterion == code for r in record.reasons) is migraine_like


@pytest.mark.parametrize(("aura_minutes", "migraine_like"), [
    (4, False), (5, True), (60, True), (61, False),
])
def test_leiden_migraine_like_day_from_an_aura(aura_minutes, migraine_like):
    ep = tension("2026-03-10T08:00", minutes=10, aura=True, aura_minutes=aura_minutes,
                 aura_types=frozenset({"visual"}))
    record = day(days_of(ep), "2026-03-10")
    assert record.migraine_like_day is migraine_like
    if migraine_like:
        assert Reason("day.migraine_like.aura", "met", {"minutes": aura_minutes}) in record.reasons


def test_pressing_bilateral_headache_with_light_sensitivity_alone_is_not_migraine_like():
    ep = tension("2026-03-10T08:00", intensity=6, light_sensitivity=True)
    record = day(days_of(ep), "2026-03-10")
    assert (record.headache_day, record.migraine_like_day) == (True, False)


@pytest.mark.parametrize(("minutes", "migraine_like"), [
    ((4, 30), False), ((5, 30), True), ((60, 60, 60), True), ((60, 61), False), ((30, None), False),
])
def test_an_aura_makes_a_migraine_like_day_when_each_symptom_lasts_5_to_60(minutes,
                                                                          migraine_like):
    symptoms = tuple(AuraSymptom(kind, m) for kind, m in zip(AURA_TYPES, minutes, strict=False))
    ep = tension("2026-03-10T08:00", minutes=10, aura=True, aura_symptoms=symptoms,
                 aura_in_succession=True, aura_minutes=sum(m or 0 for m in minutes))
    record = day(days_of(ep), "2026-03-10")
    assert record.migraine_like_day is migraine_like
    if migraine_like:
        assert Reason("day.migraine_like.aura_symptoms", "met", {
            "count": len(minutes), "shortest": min(minutes), "longest": max(minutes),
        }) in record.reasons


@pytest.mark.parametrize(("kinds", "migraine_like"), [
    (frozenset({"visual"}), True),
    # Two kinds and 40 minutes in all: how long each lasted is unknown, so it is not assumed.
    (frozenset({"visual", "sensory"}), False),
    (frozenset(), False),
])
def test_an_older_aura_without_detail_is_judged_only_when_it_had_one_symptom(kinds,
                                                                            migraine_like):
    ep = tension("2026-03-10T08:00", minutes=10, aura=True, aura_minutes=40, aura_types=kinds)
    assert day(days_of(ep), "2026-03-10").migraine_like_day is migraine_like


@pytest.mark.parametrize(("drug_class", "migraine_like"), [
    ("triptan", True), ("ergot", True), ("nsaid", False),
])
def test_leiden_migraine_like_day_from_migraine_specific_medication(drug_class, migraine_like):
    ep = tension("2026-03-10T08:00", medications=(med(drug_class),))
    record = day(days_of(ep), "2026-03-10")
    assert record.migraine_like_day is migraine_like
    assert record.tension_type_like_day is not migraine_like


@pytest.mark.parametrize(("ep", "tension_type_like"), [
    (tension(), True),
    (tension(minutes=29), False),
    (tension(light_sensitivity=True, sound_sensitivity=True), True),  # probable counts
    (tension(intensity=6, side="left", nausea=True), False),  # migraine-like day wins
    (migraine(), False),
])
def test_tension_type_like_day(ep, tension_type_like):
    assert day(days_of(ep), "2026-03-10").tension_type_like_day is tension_type_like


@pytest.mark.parametrize(("check_ins", "episodes", "recorded"), [
    ([check_in("2026-03-10")], [], True),
    ([], [tension("2026-03-10T08:00", minutes=5)], True),
    ([check_in("2026-03-09")], [], False),
    ([], [], False),
])
def test_recorded_days(check_ins, episodes, recorded):
    record = day(days_of(*episodes, check_ins=check_ins), "2026-03-10")
    assert record.recorded is recorded
    if not recorded:
        assert record.reasons == (Reason("day.unrecorded", "unknown", {}),)


def test_an_episode_overrides_a_headache_free_check_in():
    days = days_of(tension("2026-03-10T08:00"), check_ins=[check_in("2026-03-10")])
    assert day(days, "2026-03-10").headache_day


def test_counts_over_a_span_skip_days_before_the_first_record():
    days = days_of(tension("2026-03-10T08:00"), check_ins=[check_in("2026-03-12")])
    assert days.first == date(2026, 3, 10)
    span = (date(2026, 3, 1), date(2026, 3, 31))
    assert days.count("recorded", *span) == 2
    assert days.count("headache", *span) == 1
    assert len(days.between(*span)) == 31
    assert days.between(*span)[0].recorded is False


def test_episode_triggers_and_peak_intensity_per_day():
    days = days_of(tension("2026-03-10T08:00", intensity=3, triggers=frozenset({"stress"})),
                   migraine("2026-03-10T14:00", intensity=8, triggers=frozenset({"screen"})))
    record = day(days, "2026-03-10")
    assert record.peak_intensity == 8
    assert record.episode_triggers == {"stress", "screen"}


def test_a_blank_episode_still_counts_its_minutes():
    record = day(days_of(episode("2026-03-10T08:00", hours=1)), "2026-03-10")
    assert (record.headache_day, record.migraine_like_day, record.tension_type_like_day) == (
        True, False, False)


def test_an_episode_changed_under_the_same_id_is_classified_again():
    """Classifications are kept between analyses; an edit must never serve the old label."""
    before = migraine("2026-03-10T08:00", id=9001)
    assert day(days_of(before), "2026-03-10").migraine_like_day
    edited = replace(before, nausea=False, vomiting=False, light_sensitivity=False,
                     sound_sensitivity=False)
    assert not day(days_of(edited), "2026-03-10").migraine_like_day


def test_a_still_going_episode_is_classified_on_its_duration_until_now():
    going = migraine("2026-03-10T08:00", id=9002, ongoing=True)
    first = build_days(diary([going], []), date(2026, 3, 1), date(2026, 3, 31),
                       at("2026-03-10T08:30")).episodes[0]
    later = build_days(diary([going], []), date(2026, 3, 1), date(2026, 3, 31),
                       at("2026-03-10T14:00")).episodes[0]
    assert (first.duration_minutes, later.duration_minutes) == (30, 360)
    assert first.provisional and later.provisional
