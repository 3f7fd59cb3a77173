"""The analysis in words (diary/words): every reason code, label and profile sentence, in English
and Dutch."""

import re
from datetime import date, datetime, time, timedelta

import pytest

from diary.analysis import (
    analyse,
    as_json,
    episodes,
    medication,
    menstrual,
    profile,
    records,
    treatment,
)
from diary.analysis.reasons import MET, NOT_MET, REASON_PARAMS, UNKNOWN, Reason
from diary.analysis.triggers import DAILY_FACTORS, NOT_ENOUGH_DATA, OK
from diary.words import reasons as reason_words
from diary.words.headlines import profile_headline, profile_summary_sentence
from diary.words.labels import (
    BANDS,
    DRUG_CLASSES,
    EPISODE_LABELS,
    FACTOR_NAMES,
    MENSTRUAL_PATTERNS,
    MENSTRUAL_STATUSES,
    NOT_A_DIAGNOSIS,
    OVERUSE_LEVELS,
    PROFILE_LABELS,
    SIDE_LABELS,
    STATUS_LABELS,
    TREATMENT_STATUSES,
    TRIGGER_NAMES,
    TRIGGER_STATUSES,
    status_label,
)
from diary.words.reasons import REASON_MESSAGES, REASON_PLURALS, describe
from tests.analysis.builders import (
    UTC,
    at,
    check_ins,
    diary,
    episode,
    migraine,
    random_diary,
    reasons_in,
    tension,
)

START, END = date(2026, 1, 1), date(2026, 3, 31)  # 90 days
NOW = at("2026-04-01T00:00")
PLACEHOLDER = re.compile(r"%\((\w+)\)")
# A plausible value for every parameter any reason template names.
SAMPLE = {
    "hours": 4.5, "label": "migraine_like", "other": "probable_tension_type_like", "met": 2,
    "needed": 2, "count": 3, "minutes": 45.0, "recorded": 20, "required": 14, "days": 3,
    "per_28": 8.75, "migraine_attacks": 6, "tension_type_episodes": 12, "band": "frequent",
    "with_features": 2, "episodes": 3, "side": "left", "drug_class": "triptan",
    "threshold": 10, "classes": 2, "months": 1, "per_month": 15.5, "cycles": 3,
    "cycles_with_attack": 2, "in_window": 2, "attacks": 3, "outside": 1, "risk_ratio": 2.345,
    "low": 1.2, "high": 4.5, "headache_days": 10, "percent": 30,
    "latest_start": date(2026, 3, 4), "first_session": "2026-02-01",
    "last_date": date(2026, 3, 10), "before_per_28": 3.5, "now_per_28": 8.0,
    "shortest": 10, "longest": 40, "per_year": 182, "first_day": date(2025, 12, 2),
    "last_day": date(2026, 3, 31), "intensity": 9, "limit": 60, "missing": 4,
}


def template_names(code: str) -> set[str]:
    """The parameters the analysis gives with `code`."""
    return set(REASON_PARAMS[code])


def sample_reason(code: str, status: str = MET) -> Reason:
    return Reason(code, status, {name: SAMPLE[name] for name in template_names(code)})


def on(day: date, builder=tension, **fields):
    """An episode starting 08:00 UTC on `day`."""
    return builder(datetime.combine(day, time(8), UTC), **fields)


def every(n: int, step: int, start: date = START) -> list[date]:
    return [start + timedelta(days=i * step) for i in range(n)]


def summary_of(episode_records, start=START, end=END):
    return analyse(diary(episode_records, check_ins(start, end)), start, end, NOW)


def dutch(app):
    return app.test_request_context(headers={"Accept-Language": "nl"})


# --- the messages themselves ------------------------------------------------------------------

def test_every_reason_code_has_a_message():
    assert set(REASON_MESSAGES) == set(REASON_PARAMS)


@pytest.mark.parametrize("code", sorted(REASON_PARAMS))
def test_message_names_exactly_the_parameters_the_analysis_gives(code):
    msgid = REASON_MESSAGES[code]._args[0]
    assert set(PLACEHOLDER.findall(msgid)) == template_names(code)
    assert "{" not in msgid


@pytest.mark.parametrize("code", sorted(REASON_PLURALS))
def test_plural_forms_name_the_same_parameters_with_the_count_as_num(code, monkeypatch):
    monkeypatch.setattr(reason_words, "ngettext", lambda singular, plural, n, **values: (singular,
                                                                                    plural))
    count_name, plural = REASON_PLURALS[code]
    assert count_name in template_names(code)
    expected = template_names(code) - {count_name} | {"num"}
    for msgid in plural(1):
        assert set(PLACEHOLDER.findall(msgid)) == expected


# --- describe() -------------------------------------------------------------------------------

@pytest.mark.parametrize("code", sorted(REASON_PARAMS))
def test_every_code_is_described_with_its_parameters_filled_in(app, code):
    text = describe(sample_reason(code))
    assert text and "%(" not in text and "{" not in text and "–" not in text
    assert not re.search(r"[a-z]+_[a-z_]+", text), "a code was shown instead of its label"
    assert "2026-" not in text, "a date was shown in ISO form"


@pytest.mark.parametrize(("code", "params", "expected"), [
    ("overuse.class_over", {"drug_class": "nsaid", "days": 16, "threshold": 15},
     "Anti-inflammatory painkiller taken on 16 days in 30 (the limit is 15 days)"),
    ("neck.same_side", {"episodes": 4, "side": "right"},
     "All 4 one-sided headaches were on the right side"),
    # Issue 14: the band is judged on days a year of recorded days (was profile.band).
    ("profile.tension_band", {"band": "chronic", "days": 60, "recorded": 120, "per_year": 182},
     "Tension-type-like headache on 60 of 120 recorded days, about 182 days a year: chronic"),
    ("overuse.class_over", {"drug_class": "non_opioid", "days": 15, "threshold": 15},
     "Paracetamol, aspirin and anti-inflammatory painkillers together taken on 15 days in 30 "
     "(the limit is 15 days)"),
    ("episode.candidate", {"label": "migraine_with_aura_like"},
     "Pattern: migraine-like with aura"),
    ("episode.ranked_above", {"label": "tension_type_like", "other": "probable_migraine_like"},
     "When both fit, tension-type-like is chosen over nearly migraine-like (one feature short)"),
])
def test_code_parameters_are_shown_as_their_labels(app, code, params, expected):
    assert describe(Reason(code, MET, params)) == expected


@pytest.mark.parametrize(("code", "params", "expected"), [
    ("advice.fever", {"episodes": 1, "last_date": date(2026, 3, 10)},
     "1 headache with fever, on 10 Mar 2026"),
    ("advice.fever", {"episodes": 2, "last_date": date(2026, 3, 10)},
     "2 headaches with fever, the last on 10 Mar 2026"),
    ("profile.migraine_attacks", {"count": 1, "required": 5},
     "1 migraine-like attack (at least 5 needed)"),
    ("overuse.unrecorded_days", {"days": 1}, "1 of the last 30 days was not recorded"),
    ("overuse.unrecorded_days", {"days": 12}, "12 of the last 30 days were not recorded"),
    ("day.acute_medication", {"count": 1}, "Headache medication taken (1 kind)"),
])
def test_counts_change_the_wording(app, code, params, expected):
    assert describe(Reason(code, MET, params)) == expected


@pytest.mark.parametrize(("code", "params", "expected"), [
    # Rounded down, so a value just under a limit never reads as the limit.
    # Issue 14: chronic thresholds are days a year, rounded down (was profile.chronic.*_days).
    ("profile.chronic.headache_rate",
     {"days": 59, "recorded": 120, "per_year": 179, "required": 180},
     "Headache on 59 of 120 recorded days, about 179 days a year "
     "(a chronic pattern: 180 days a year or more, that is 15 a month)"),
    ("migraine.B.duration", {"hours": 3.98}, "Lasted 3.9 hours (migraine-like: 4 to 72 hours)"),
    ("migraine.B.duration", {"hours": 5.0}, "Lasted 5 hours (migraine-like: 4 to 72 hours)"),
    ("trigger.risk_ratio", {"risk_ratio": 2.345, "low": 1.2, "high": 4.5},
     "Headache days came 2.34 times as often (95% interval: 1.2 to 4.5)"),
    ("treatment.reduction", {"percent": 49.6, "required": 50},
     "Headache days went down by 49% (a clear response: 50% or more)"),
    ("treatment.reduction", {"percent": -20.4, "required": 50},
     "Headache days went up by 20% (a clear response: down by 50% or more)"),
    ("treatment.increase", {"percent": 145.0, "required": 50},
     "Headache days went up by 145% (a clear response: down by 50% or more)"),
    ("trigger.named_on_headache_days", {"days": 3, "headache_days": 12, "percent": 25},
     "Named on 3 of 12 headache days (25%)"),
])
def test_numbers_are_formatted_honestly(app, code, params, expected):
    assert describe(Reason(code, MET, params)) == expected


def test_dates_may_be_date_objects_or_iso_strings(app):
    params = {"first_session": date(2026, 2, 1), "latest_start": "2026-01-20"}
    as_dates = describe(Reason("treatment.windows_overlap", NOT_MET, params))
    as_text = describe({"criterion": "treatment.windows_overlap", "status": NOT_MET,
                        "params": {k: str(v) for k, v in params.items()}})
    assert as_dates == as_text
    assert "20 Jan 2026" in as_dates and "1 Feb 2026" in as_dates


def test_an_unknown_code_value_is_shown_as_it_is(app):
    reason = Reason("overuse.class_over", MET, {"drug_class": "herbal", "days": 12,
                                                "threshold": 10})
    assert describe(reason) == "herbal taken on 12 days in 30 (the limit is 10 days)"


@pytest.mark.parametrize("reason", [
    Reason("migraine.B.duration", MET, {}),
    Reason("migraine.B.duration", MET, {"hours": None}),
    Reason("migraine.B.duration", MET, {"hours": [1, 2]}),
    Reason("migraine.B.duration", MET, {"hours": float("nan")}),
    Reason("advice.fever", MET, {"episodes": 2, "last_date": "yesterday"}),
    Reason("advice.fever", MET, {"episodes": "two"}),
    Reason("neck.same_side", MET, {"episodes": 3, "side": ["left"]}),
    Reason("no.such.code", MET, {"x": 1}),
    Reason("tension.C.pressing", MET, None),
    {"criterion": "profile.recorded_days"},
    {"criterion": ["not", "a", "code"], "params": ["odd"]},
    {},
])
def test_odd_reasons_never_raise(app, reason):
    text = describe(reason)
    assert isinstance(text, str) and "%(" not in text


def test_a_missing_parameter_shows_as_a_dash(app):
    assert describe(Reason("migraine.B.duration", MET, {})) == (
        "Lasted – hours (migraine-like: 4 to 72 hours)")


def test_every_reason_of_a_full_analysis_is_described(app):
    summary = analyse(random_diary(seed=3, days=400), date(2021, 11, 6), date(2022, 2, 3),
                      at("2022-02-04T00:00"))
    reasons = reasons_in(summary)
    for reason in reasons:
        text = describe(reason)
        assert text and "%(" not in text and not re.search(r"[a-z]+_[a-z_]+", text), reason
    as_dicts = as_json(summary)
    from_json = [describe(r) for e in as_dicts["episodes"] for r in e["reasons"]]
    assert from_json == [describe(r) for e in summary.episodes for r in e.reasons]
    assert [describe(r) for r in as_dicts["advice"]] == [describe(r) for r in summary.advice]


def test_dutch_uses_a_decimal_comma_and_dutch_dates(app):
    with dutch(app):
        assert "4,5" in describe(Reason("migraine.B.duration", MET, {"hours": 4.5}))
        assert "10 mrt 2026" in describe(
            Reason("advice.fever", MET, {"episodes": 2, "last_date": "2026-03-10"}))


# --- labels -----------------------------------------------------------------------------------

def test_status_words(app):
    assert [status_label(s) for s in (MET, NOT_MET, UNKNOWN)] == [
        "yes", "no", "not known yet"]
    assert set(STATUS_LABELS) == {MET, NOT_MET, UNKNOWN}
    assert status_label("odd") == "odd"


@pytest.mark.parametrize(("labels", "values"), [
    (EPISODE_LABELS, {*episodes.RANKING, episodes.UNCLASSIFIED, episodes.INCOMPLETE}),
    (PROFILE_LABELS, {profile.MIGRAINE_LIKE, profile.TENSION_TYPE_LIKE,
                      profile.CHRONIC_MIGRAINE_LIKE, profile.MIXED, profile.INSUFFICIENT_DATA}),
    (BANDS, {"infrequent", "frequent", "chronic"}),
    (OVERUSE_LEVELS, {medication.NONE, medication.APPROACHING, medication.OVER_THRESHOLD,
                      medication.SUSTAINED}),
    (MENSTRUAL_STATUSES, {menstrual.NOT_ENOUGH_CYCLES, menstrual.ASSOCIATION,
                          menstrual.NO_ASSOCIATION}),
    (MENSTRUAL_PATTERNS, {menstrual.PURE_MENSTRUAL_LIKE, menstrual.MENSTRUALLY_RELATED_LIKE}),
    (FACTOR_NAMES, set(DAILY_FACTORS)),
    (TRIGGER_NAMES, set(records.EPISODE_TRIGGERS)),
    (TRIGGER_STATUSES, {OK, NOT_ENOUGH_DATA}),
    # Issue 14: overuse counts paracetamol, aspirin and NSAIDs as one class (ICHD-3 8.2.3).
    (DRUG_CLASSES, {*records.MEDICATION_CLASSES, medication.NON_OPIOID}),
    (TREATMENT_STATUSES, {treatment.RESPONSE, treatment.NO_RESPONSE, treatment.NOT_ENOUGH_DATA}),
    (SIDE_LABELS, set(records.SIDES)),
])
def test_every_value_the_analysis_can_emit_has_a_label(app, labels, values):
    assert set(labels) == values
    assert all(str(text) for text in labels.values())


def test_every_label_of_a_full_analysis_is_covered():
    summary = analyse(random_diary(seed=5, days=400), date(2021, 11, 6), date(2022, 2, 3),
                      at("2022-02-04T00:00"))
    assert {e.label for e in summary.episodes} <= set(EPISODE_LABELS)
    assert summary.profile.label in PROFILE_LABELS
    assert summary.profile.band in {*BANDS, None}
    assert {m.level for m in summary.medication_overuse.months} <= set(OVERUSE_LEVELS)
    assert {c for m in summary.medication_overuse.months for c in m.days_by_class} <= set(
        DRUG_CLASSES)
    assert {a.factor for a in summary.triggers.daily} <= set(FACTOR_NAMES)
    assert {t.trigger for t in summary.triggers.episode} <= set(TRIGGER_NAMES)


# --- the profile in words ---------------------------------------------------------------------

def test_not_a_diagnosis(app):
    assert str(NOT_A_DIAGNOSIS) == (
        "This describes patterns in what you recorded. It is not a diagnosis.")


@pytest.mark.parametrize(("records", "start", "expected"), [
    ([], START, "There is not enough in your diary yet to describe a pattern."),
    ([on(d) for d in every(10, 3)], START,
     "Most of your headaches fit a tension-type-like pattern (frequent: about 1 to 13 days "
     "per 28 recorded days, 12 to 179 a year)."),
    ([on(d, migraine) for d in every(5, 7)], START,
     "Most of your headaches fit a migraine-like pattern (5 migraine-like attacks)."),
    ([on(d, migraine) for d in every(5, 7)] + [on(d, episode, minutes=10) for d in every(6, 5)],
     START, "Some of your headaches fit a migraine-like pattern (5 migraine-like attacks)."),
    ([on(d, migraine) for d in every(5, 7)] + [on(d) for d in every(10, 2, date(2026, 2, 10))],
     START, "Your diary shows both migraine-like attacks (5) and tension-type-like headaches "
            "(10)."),
    ([on(d, migraine) for d in every(120, 1, date(2025, 12, 2))], date(2025, 12, 2),
     "Your diary shows a chronic migraine-like pattern: from 2 Dec 2025 to 31 Mar 2026, "
     "headache on 120 of 120 recorded days, 120 of them migraine-like."),
])
def test_profile_headline(app, records, start, expected):
    summary = summary_of(records, start=start)
    assert profile_headline(summary.profile) == expected
    assert profile_headline(as_json(summary.profile)) == expected


def test_profile_headline_of_something_odd_is_empty(app):
    assert profile_headline({"label": "made_up"}) == ""
    assert profile_headline({"label": "mixed"}) == ""
    assert profile_headline(None) == ""


def test_summary_sentence_of_tension_type_like_headaches(app):
    summary = summary_of([on(d) for d in every(10, 3)])
    expected = ("Most of your headaches were on both sides, pressing, mild to moderate, not "
                "worse with everyday activity, and without nausea or vomiting: this fits a "
                "tension-type-like pattern.")
    assert profile_summary_sentence(summary) == expected
    assert profile_summary_sentence(as_json(summary)) == expected


def test_summary_sentence_of_migraine_like_attacks(app):
    summary = summary_of([on(d, migraine, light_sensitivity=False) for d in every(5, 7)])
    assert profile_summary_sentence(summary) == (
        "Most of your headaches were on one side, throbbing, moderate to severe, worse with "
        "everyday activity, and with nausea or vomiting: this fits a migraine-like pattern.")


def test_summary_sentence_leaves_out_what_most_headaches_did_not_have(app):
    records = [on(d, side="left" if i < 6 else "both") for i, d in enumerate(every(10, 3))]
    sentence = profile_summary_sentence(summary_of(records))
    assert sentence.startswith("Most of your headaches were pressing,")
    assert "both sides" not in sentence


def test_summary_sentence_of_a_mixed_profile_speaks_of_each_kind(app):
    records = ([on(d, migraine) for d in every(5, 7)]
               + [on(d) for d in every(10, 2, date(2026, 2, 10))])
    sentence = profile_summary_sentence(summary_of(records))
    assert sentence.startswith("Your migraine-like attacks were mostly on one side, throbbing,")
    assert "Your tension-type-like headaches were mostly on both sides, pressing," in sentence


@pytest.mark.parametrize("summary", [None, {}, {"profile": {"label": "tension_type_like"}}])
def test_summary_sentence_is_empty_when_there_is_nothing_to_say(app, summary):
    assert profile_summary_sentence(summary) == ""


def test_summary_sentence_is_empty_without_a_pattern(app):
    assert profile_summary_sentence(summary_of([on(d) for d in every(3, 7)])) == ""
