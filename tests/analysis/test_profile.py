"""The profile of a period: minimum counts, rates per 28 recorded days, labels and bands."""

from datetime import date, datetime, time, timedelta

import pytest

from diary.analysis import analyse, build_days
from diary.analysis.reasons import Reason

from .builders import UTC, at, check_ins, diary, migraine, tension

START, END = date(2026, 1, 1), date(2026, 3, 31)  # 90 days
NOW = at("2026-04-01T00:00")


def on(day: date, builder=tension, **fields):
    """An episode starting 08:00 UTC on `day`."""
    return builder(datetime.combine(day, time(8), UTC), **fields)


def days(n: int, start: date = START, step: int = 1) -> list[date]:
    return [start + timedelta(days=i * step) for i in range(n)]


def profile_of(episodes, start=START, end=END, recorded=True):
    entries = check_ins(start, end) if recorded else []
    return analyse(diary(episodes, entries), start, end, NOW).profile


def reason(code, status, **params):
    return Reason(code, status, params)


@pytest.mark.parametrize(("attacks", "label", "status"), [
    (4, "insufficient_data", "not_met"),
    (5, "migraine_like", "met"),
])
def test_five_migraine_like_attacks_are_needed(attacks, label, status):
    profile = profile_of([on(d, migraine) for d in days(attacks, step=7)])
    assert profile.label == label
    assert reason("profile.migraine_attacks", status, count=attacks, required=5) in profile.reasons


@pytest.mark.parametrize(("episodes", "label", "status"), [
    (9, "insufficient_data", "not_met"),
    (10, "tension_type_like", "met"),
])
def test_ten_tension_type_like_episodes_are_needed(episodes, label, status):
    profile = profile_of([on(d) for d in days(episodes, step=3)])
    assert profile.label == label
    assert reason("profile.tension_type_episodes", status, count=episodes,
                  required=10) in profile.reasons
    assert profile.band == ("frequent" if episodes == 10 else None)


def test_two_aura_attacks_are_enough():
    aura = dict(aura=True, aura_types=frozenset({"visual", "sensory"}), aura_minutes=20,
                aura_gradual=True, aura_positive=True, aura_one_sided=True,
                aura_headache_within_60=True)
    profile = profile_of([on(d, migraine, **aura) for d in days(2, step=7)])
    assert profile.label == "migraine_like"
    assert reason("profile.aura_attacks", "met", count=2, required=2) in profile.reasons


@pytest.mark.parametrize(("recorded", "label", "status"), [
    (13, "insufficient_data", "not_met"),
    (14, "migraine_like", "met"),
])
def test_fourteen_recorded_days_are_needed(recorded, label, status):
    episodes = [on(d, migraine) for d in days(5)]
    entries = check_ins(START + timedelta(days=5), START + timedelta(days=recorded - 1))
    profile = analyse(diary(episodes, entries), START, END, NOW).profile
    assert profile.label == label
    assert reason("profile.recorded_days", status, recorded=recorded, required=14) \
        in profile.reasons


def test_unrecorded_days_are_left_out_of_the_rates():
    episodes = [on(d) for d in days(7, step=4)]
    entries = check_ins(START, START + timedelta(days=27))  # 28 recorded days of 90
    figures = analyse(diary(episodes, entries), START, END, NOW).profile.current
    assert (figures.recorded_days, figures.unrecorded_days) == (28, 62)
    assert figures.headache_days_per_28 == 7.0
    assert figures.tension_type_like_days_per_28 == 7.0
    profile = analyse(diary(episodes, entries), START, END, NOW).profile
    assert reason("profile.unrecorded_days", "unknown", days=62) in profile.reasons


def test_acute_medication_days_per_class():
    from .builders import med

    later = START + timedelta(days=10)
    episodes = [on(d, medications=(med("triptan"), med("nsaid"))) for d in days(3)]
    episodes += [on(d, minutes=10, medications=(med("nsaid"), med("other")))
                 for d in days(2, later)]
    figures = profile_of(episodes, END - timedelta(days=27), END).current
    assert figures.acute_medication_days_by_class == {}
    figures = profile_of(episodes, START, START + timedelta(days=27)).current
    assert figures.acute_medication_days == 5
    assert figures.acute_medication_days_by_class == {"nsaid": 5, "triptan": 3}
    assert figures.acute_medication_days_per_28_by_class == {"nsaid": 5.0, "triptan": 3.0}
    assert figures.headache_days == 5  # acute medication alone makes a headache day


def test_mixed_profile_reports_both_counts():
    episodes = [on(d, migraine) for d in days(5, step=9)] + \
        [on(d) for d in days(10, start=START + timedelta(days=1), step=8)]
    profile = profile_of(episodes)
    assert profile.label == "mixed"
    assert reason("profile.mixed", "met", migraine_attacks=5,
                  tension_type_episodes=10) in profile.reasons


def chronic_pattern(start: date, length: int):
    """3 migraine-like and 3 tension-type-like days in every week: 24 headache days per 28."""
    episodes = []
    for d in days(length, start=start):
        weekday = (d - start).days % 7
        if weekday < 3:
            episodes.append(on(d, migraine))
        elif weekday < 6:
            episodes.append(on(d))
    return episodes


@pytest.mark.parametrize(("length", "label", "over_3_months"), [
    (90, "mixed", "unknown"),
    (91, "chronic_migraine_like", "met"),
])
def test_chronic_migraine_like_needs_more_than_three_months_of_recorded_days(
        length, label, over_3_months):
    end = START + timedelta(days=length - 1)
    profile = profile_of(chronic_pattern(START, length), START, end)
    assert profile.label == label
    # Judged over four 30-day months up to the end; the days before the diary began are not
    # missing, so only the recorded days say whether it is more than 3 months.
    assert reason("profile.recorded_over_3_months", over_3_months, recorded=length,
                  first_day=end - timedelta(days=119), last_day=end) in profile.reasons
    assert profile.over_3_months is (over_3_months == "met")
    if label == "chronic_migraine_like":
        assert reason("profile.chronic_precedence", "met") in profile.reasons


def test_a_long_window_with_few_recorded_days_does_not_show_more_than_three_months():
    start = END - timedelta(days=364)
    episodes = chronic_pattern(END - timedelta(days=59), 60)
    entries = check_ins(END - timedelta(days=59), END)
    profile = analyse(diary(episodes, entries, ), start, END, NOW).profile
    assert profile.label == "mixed"
    assert reason("profile.recorded_over_3_months", "unknown", recorded=60, first_day=start,
                  last_day=END) in profile.reasons


@pytest.mark.parametrize("window_days", [28, 90])
def test_a_chronic_pattern_does_not_vanish_in_a_short_window(window_days):
    episodes = chronic_pattern(END - timedelta(days=179), 180)
    entries = check_ins(END - timedelta(days=179), END)
    start = END - timedelta(days=window_days - 1)
    profile = analyse(diary(episodes, entries), start, END, NOW).profile
    assert profile.label == "chronic_migraine_like"
    assert (profile.chronic_span.start, profile.chronic_span.end) == (
        END - timedelta(days=119), END)


def headache_days_in_span(migraine_days: int, tension_days: int, recorded: int = 120):
    """A 120-day diary and window: migraine-like days first, then tension-type-like days."""
    start = END - timedelta(days=recorded - 1)
    episodes = [on(d, migraine) for d in days(migraine_days, start=start)]
    episodes += [on(d) for d in days(tension_days, start=start + timedelta(days=migraine_days))]
    return analyse(diary(episodes, check_ins(start, END)), start, END, NOW).profile


@pytest.mark.parametrize(("headache_days", "label", "status", "per_year"), [
    # 180 days a year of 120 recorded days is 59.2 days
    (59, "mixed", "not_met", 179),
    (60, "chronic_migraine_like", "met", 182),
])
def test_chronic_headache_days_use_180_days_a_year(headache_days, label, status, per_year):
    profile = headache_days_in_span(40, headache_days - 40)
    assert profile.label == label
    assert reason("profile.chronic.headache_rate", status, days=headache_days, recorded=120,
                  per_year=per_year, required=180) in profile.reasons


@pytest.mark.parametrize(("migraine_days", "label", "status"), [
    # 96 days a year (8 a month) of 120 recorded days is 31.6 days
    (31, "mixed", "not_met"),
    (32, "chronic_migraine_like", "met"),
])
def test_chronic_migraine_like_days_use_96_days_a_year(migraine_days, label, status):
    profile = headache_days_in_span(migraine_days, 70 - migraine_days)
    assert profile.label == label
    assert any(r.criterion == "profile.chronic.migraine_like_rate" and r.status == status
               for r in profile.reasons)


def test_light_sensitivity_alone_keeps_a_chronic_tension_type_pattern():
    # The clinic's case: daily pressing, bilateral headache with light sensitivity; moderate
    # and worse with activity, so 2 of migraine's 4 pain features (C) but not criterion D.
    start = END - timedelta(days=119)
    episodes = [on(d, intensity=6, worse_with_activity=True, light_sensitivity=True)
                for d in days(120, start=start)]
    profile = analyse(diary(episodes, check_ins(start, END)), start, END, NOW).profile
    assert (profile.label, profile.band) == ("tension_type_like", "chronic")
    assert profile.current.migraine_like_days == 0


@pytest.mark.parametrize(("recorded", "episodes", "band"), [
    (365, 11, "infrequent"),  # under 12 days a year
    (365, 12, "frequent"),
    (365, 179, "frequent"),
    (365, 180, "chronic"),  # 180 days a year or more
    (120, 59, "frequent"),  # 180 a year of 120 recorded days is 59.2 days
    (120, 60, "chronic"),
])
def test_tension_type_frequency_band_uses_yearly_equivalents(recorded, episodes, band):
    start = END - timedelta(days=recorded - 1)
    step = max(1, recorded // episodes) if episodes < recorded // 2 else 1
    profile = profile_of([on(d) for d in days(episodes, start=start, step=step)], start, END)
    assert (profile.label, profile.band) == ("tension_type_like", band)
    assert reason("profile.tension_band", "met", band=band, days=episodes, recorded=recorded,
                  per_year=episodes * 365 // recorded) in profile.reasons


@pytest.mark.parametrize(("headache_days_before", "chronic_band", "label"), [
    (14, False, "probable_tension_type_like"),
    (15, True, "tension_type_like"),
])
def test_mild_nausea_counts_as_tension_type_in_the_chronic_band(
        headache_days_before, chronic_band, label):
    # headache days on the days before; the last episode has nausea
    history = [on(d) for d in days(headache_days_before - 1, start=date(2026, 3, 1))]
    last = on(date(2026, 3, 1) + timedelta(days=headache_days_before - 1), nausea=True)
    built = build_days(diary([*history, last]), date(2026, 3, 1), date(2026, 3, 31), NOW)
    result = built.episodes[-1]
    assert (result.chronic_band, result.label) == (chronic_band, label)


def test_change_against_the_previous_period():
    before = [on(d) for d in days(2, start=START - timedelta(days=90), step=5)]
    now = [on(d) for d in days(10, step=5)]
    entries = check_ins(START - timedelta(days=90), END)
    profile = analyse(diary(before + now, entries), START, END, NOW).profile
    assert profile.previous.start == START - timedelta(days=90)
    assert profile.previous.headache_days == 2 and profile.current.headache_days == 10
    assert profile.change.headache_days_per_28 == round(8 * 28 / 90, 2)
    assert profile.change.current_window == (START, END)
    assert profile.change.previous_window == (START - timedelta(days=90),
                                              START - timedelta(days=1))


def test_mean_peak_intensity():
    profile = profile_of([on(d, intensity=i) for d, i in zip(days(3), (2, 4, 6), strict=True)])
    assert profile.current.mean_peak_intensity == 4.0


@pytest.mark.parametrize(("sides", "same_side", "code"), [
    (["left", "left", "left", "both"], "left", "neck.same_side"),
    (["left", "left", "right"], None, "neck.sides_differ"),
    (["left", "left", "both"], None, "neck.same_side_unknown"),
])
def test_neck_features_and_side(sides, same_side, code):
    episodes = [on(d, side=s, neck_pain=i == 0, neck_onset=i == 1)
                for i, (d, s) in enumerate(zip(days(len(sides)), sides, strict=True))]
    neck = profile_of(episodes).neck
    assert neck.same_side == same_side
    assert (neck.with_neck_features, neck.episodes) == (2, len(sides))
    assert neck.share_with_neck_features == round(2 / len(sides), 3)
    assert any(r.criterion == code for r in neck.reasons)
