"""Property tests: classification never raises, rates stay within bounds, minutes add up."""

import os
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary.analysis import analyse, as_json, classify_episode
from diary.analysis.episodes import RANKING
from diary.analysis.records import (
    AURA_TYPES,
    EPISODE_TRIGGERS,
    LOCATIONS,
    MEDICATION_CLASSES,
    AuraSymptom,
    CheckInRecord,
    DiaryRecords,
    EpisodeRecord,
    MedicationRecord,
)
from diary.analysis.timeline import minutes_per_day

# No example database on disk: these tests must not write outside tests/analysis.
FAST = settings(database=None, deadline=None, max_examples=150,
                suppress_health_check=[HealthCheck.too_slow])
LABELS = {*RANKING, "unclassified", "incomplete"}
ZONES = ["Europe/Amsterdam", "UTC", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"]

moments = st.datetimes(datetime(2025, 1, 1), datetime(2026, 12, 31), timezones=st.just(UTC))
maybe_bool = st.none() | st.booleans()
medications = st.builds(
    MedicationRecord, name=st.text(max_size=5), drug_class=st.sampled_from(MEDICATION_CLASSES),
    taken_at=st.none() | moments, effect=st.sampled_from([None, "none", "some", "good"]),
)

aura_symptoms = st.builds(AuraSymptom, kind=st.sampled_from(AURA_TYPES),
                          minutes=st.none() | st.integers(0, 120))


@st.composite
def episodes(draw):
    start = draw(moments)
    length = draw(st.none() | st.integers(-60, 10 * 24 * 60))
    return EpisodeRecord(
        id=draw(st.integers(1, 10**6)), start=start,
        end=None if length is None else start + timedelta(minutes=length),
        intensity=draw(st.none() | st.integers(0, 10)),
        side=draw(st.sampled_from([None, "left", "right", "both", "varies"])),
        locations=draw(st.frozensets(st.sampled_from(LOCATIONS))),
        quality=draw(st.sampled_from([None, "pulsating", "pressing", "other"])),
        worse_with_activity=draw(maybe_bool), nausea=draw(maybe_bool), vomiting=draw(maybe_bool),
        light_sensitivity=draw(maybe_bool), sound_sensitivity=draw(maybe_bool),
        aura=draw(maybe_bool), aura_types=draw(st.frozensets(st.sampled_from(AURA_TYPES))),
        aura_minutes=draw(st.none() | st.integers(0, 120)), aura_gradual=draw(maybe_bool),
        aura_positive=draw(maybe_bool), aura_one_sided=draw(maybe_bool),
        aura_headache_within_60=draw(maybe_bool), neck_pain=draw(maybe_bool),
        neck_onset=draw(maybe_bool), sudden_onset=draw(maybe_bool), fever=draw(maybe_bool),
        neuro_symptoms=draw(maybe_bool),
        triggers=draw(st.frozensets(st.sampled_from(EPISODE_TRIGGERS))),
        medications=tuple(draw(st.lists(medications, max_size=3))),
        aura_symptoms=draw(st.none() | st.lists(aura_symptoms, max_size=3).map(tuple)),
        aura_in_succession=draw(maybe_bool),
    )


check_ins = st.builds(
    CheckInRecord, day=st.dates(date(2025, 1, 1), date(2026, 12, 31)), headache_free=st.booleans(),
    stress=st.none() | st.integers(0, 10), screen_hours=st.none() | st.floats(0, 24),
    sleep_hours=st.none() | st.floats(0, 24), menstruation=maybe_bool, posture=maybe_bool,
)


@FAST
@given(episodes(), moments, st.booleans(), st.sampled_from(ZONES))
def test_classification_never_raises(episode, now, chronic_band, zone):
    result = classify_episode(episode, now, ZoneInfo(zone), chronic_band)
    assert result.label in LABELS
    assert result.reasons
    assert (result.label == "incomplete") == bool(result.possible_labels)
    assert result.duration_minutes >= 0


@FAST
@given(moments, st.integers(0, 20 * 24 * 60), st.sampled_from(ZONES))
def test_minutes_per_local_day_add_up(start, minutes, zone):
    end = start + timedelta(minutes=minutes)
    pieces = minutes_per_day(start, end, ZoneInfo(zone))
    assert sum(m for _, m in pieces) == pytest.approx(minutes)
    assert pieces[0][0] == start.astimezone(ZoneInfo(zone)).date()
    assert all(0 <= m <= 25 * 60 for _, m in pieces)


@settings(FAST, max_examples=60)
@given(st.lists(episodes(), max_size=25, unique_by=lambda e: e.id),
       st.lists(check_ins, max_size=60, unique_by=lambda c: c.day),
       st.dates(date(2025, 3, 1), date(2026, 12, 31)), st.integers(1, 200),
       st.sampled_from(ZONES))
def test_rates_stay_within_bounds(episode_list, check_in_list, end, length, zone):
    records = DiaryRecords(zone, tuple(check_in_list), tuple(episode_list))
    start = end - timedelta(days=length - 1)
    now = datetime(2027, 1, 1, tzinfo=UTC)
    summary = analyse(records, start, end, now, treatment_dates=[end - timedelta(days=40)])
    f = summary.profile.current
    assert 0 <= f.headache_days <= f.recorded_days <= f.days == length
    assert f.recorded_days + f.unrecorded_days + f.days_before_diary == f.days
    assert f.migraine_like_days <= f.headache_days
    assert all(d.headache_day for d in summary.days if d.migraine_like_day)
    assert f.tension_type_like_days <= f.headache_days
    assert f.migraine_like_days + f.tension_type_like_days <= f.recorded_days
    for rate in (f.headache_days_per_28, f.migraine_like_days_per_28,
                 f.tension_type_like_days_per_28, f.acute_medication_days_per_28):
        assert rate is None or 0 <= rate <= 28
    for month in summary.medication_overuse.months:
        assert 0 <= month.acute_medication_days <= month.recorded_days <= 30
    for association in summary.triggers.daily:
        assert association.risk_ratio is None or association.risk_ratio > 0
    as_json(summary)


RATES = ("headache_days_per_28", "migraine_like_days_per_28", "tension_type_like_days_per_28",
         "acute_medication_days_per_28")


@settings(FAST, max_examples=60)
@given(st.lists(episodes(), max_size=15, unique_by=lambda e: e.id),
       st.lists(check_ins, max_size=40, unique_by=lambda c: c.day),
       st.dates(date(2025, 3, 1), date(2026, 12, 31)), st.integers(1, 120),
       st.integers(0, 119), st.sampled_from(ZONES))
def test_adding_a_headache_free_day_never_raises_a_rate(episode_list, check_in_list, end, length,
                                                        offset, zone):
    start = end - timedelta(days=length - 1)
    extra = start + timedelta(days=offset % length)
    now = datetime(2027, 1, 1, tzinfo=UTC)
    before = analyse(DiaryRecords(zone, tuple(check_in_list), tuple(episode_list)),
                     start, end, now)
    if before.profile.current.recorded_days and any(
            d.recorded for d in before.days if d.day == extra):
        return  # the day is recorded already: nothing to add
    free = CheckInRecord(extra, True, None, None, None, None, None)
    after = analyse(DiaryRecords(zone, (*check_in_list, free), tuple(episode_list)),
                    start, end, now)
    for name in RATES:
        old, new = getattr(before.profile.current, name), getattr(after.profile.current, name)
        assert old is None or new <= old, name


@FAST
@given(episodes(), moments, st.booleans())
def test_an_episode_s_label_does_not_depend_on_the_display_timezone(episode, now, chronic_band):
    results = [(r.label, r.possible_labels, r.duration_minutes, r.reasons)
               for r in (classify_episode(episode, now, ZoneInfo(zone), chronic_band)
                         for zone in ZONES)]
    assert all(result == results[0] for result in results)


@settings(FAST, max_examples=40)
@given(st.lists(episodes(), max_size=15, unique_by=lambda e: e.id),
       st.dates(date(2025, 3, 1), date(2026, 12, 31)))
def test_day_counts_are_the_same_whatever_timezone_the_page_is_shown_in(episode_list, end):
    # The diary's own timezone decides its calendar days; the analysis has no other input,
    # so running it again gives the same figures (no hidden use of the machine's local time).
    records = DiaryRecords("Europe/Amsterdam", (), tuple(episode_list))
    now = datetime(2027, 1, 1, tzinfo=UTC)
    start = end - timedelta(days=89)
    first = as_json(analyse(records, start, end, now).profile)
    old = os.environ.get("TZ")
    try:
        os.environ["TZ"] = "Pacific/Kiritimati"
        time.tzset()
        assert as_json(analyse(records, start, end, now).profile) == first
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()
