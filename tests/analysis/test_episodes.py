"""Episode classification: one case per ICHD-3 criterion, boundary and ranking rule."""

from datetime import timedelta

import pytest

from diary.analysis.episodes import classify_episode
from diary.analysis.reasons import Reason
from diary.analysis.records import AURA_TYPES, AuraSymptom

from .builders import at, episode, med, migraine, tension

NO_AURA = dict(aura=False)


def reason(code, status, **params):
    return Reason(code, status, params)


def classify(ep, **kwargs):
    return classify_episode(ep, at("2026-03-20T00:00"), **kwargs)


CASES = [
    # id, episode, label, reasons that must be present
    ("migraine textbook", migraine(), "migraine_like",
     [reason("migraine.B.duration", "met", hours=5.0), reason("migraine.C", "met", met=4, needed=2),
      reason("migraine.D", "met")]),
    ("3 h 59 min is too short for migraine B", migraine(minutes=239), "probable_migraine_like",
     [reason("migraine.B.duration", "not_met", hours=3.98),
      reason("episode.candidate", "met", label="probable_migraine_like")]),
    ("4 h meets migraine B", migraine(hours=4), "migraine_like",
     [reason("migraine.B.duration", "met", hours=4.0)]),
    ("72 h still meets migraine B", migraine(hours=72), "migraine_like",
     [reason("migraine.B.duration", "met", hours=72.0)]),
    ("72 h 1 min is too long", migraine(minutes=72 * 60 + 1), "probable_migraine_like",
     [reason("migraine.B.duration", "not_met", hours=72.02)]),
    ("2 h stopped by effective triptan", migraine(hours=2, medications=(med("triptan", "good"),)),
     "migraine_like", [reason("migraine.B.effective_medication", "met", hours=2.0)]),
    ("2 h with a drug that only helped some",
     migraine(hours=2, medications=(med("nsaid", "some"),)), "probable_migraine_like",
     [reason("migraine.B.duration", "not_met", hours=2.0)]),
    ("effective 'other' drug does not count",
     migraine(hours=2, medications=(med("other", "good"),)), "probable_migraine_like",
     [reason("migraine.B.duration", "not_met", hours=2.0)]),
    ("effective drug after 29 min is still too short",
     migraine(minutes=29, medications=(med("triptan", "good"),)), "probable_migraine_like",
     [reason("migraine.B.duration", "not_met", hours=0.48)]),
    ("drug effect not recorded leaves B open",
     migraine(hours=2, medications=(med("triptan", None),)), "incomplete",
     [reason("migraine.B.medication_effect_unknown", "unknown", hours=2.0),
      reason("episode.incomplete", "unknown")]),
    ("one sensitivity is not enough for D",
     migraine(nausea=False, light_sensitivity=True, sound_sensitivity=False),
     "probable_migraine_like",
     [reason("migraine.D.light_and_sound", "not_met"), reason("migraine.D", "not_met")]),
    ("light and sound together meet D", migraine(nausea=False), "migraine_like",
     [reason("migraine.D.light_and_sound", "met"), reason("migraine.D", "met")]),
    ("vomiting alone meets D",
     migraine(nausea=False, vomiting=True, light_sensitivity=False), "migraine_like",
     [reason("migraine.D.nausea_or_vomiting", "met")]),
    ("exactly two pain features meet C",
     migraine(intensity=3, worse_with_activity=False), "migraine_like",
     [reason("migraine.C", "met", met=2, needed=2)]),
    ("one pain feature is not enough",
     migraine(side="both", intensity=3, worse_with_activity=False), "probable_migraine_like",
     [reason("migraine.C", "not_met", met=1, needed=2)]),
    ("'varies' is not one-sided", migraine(side="varies", intensity=3, worse_with_activity=False),
     "probable_migraine_like", [reason("migraine.C.one_sided", "not_met")]),
    ("intensity 0 is not moderate", migraine(intensity=0, quality="other", side="both"),
     "probable_migraine_like", [reason("migraine.C.moderate_or_severe", "not_met")]),
    ("tension textbook", tension(), "tension_type_like",
     [reason("tension.B.duration", "met", hours=3.0), reason("tension.C", "met", met=4, needed=2),
      reason("tension.D", "met")]),
    ("29 minutes is too short for tension-type B", tension(minutes=29),
     "probable_tension_type_like", [reason("tension.B.duration", "not_met", hours=0.48)]),
    ("30 minutes meets tension-type B", tension(minutes=30), "tension_type_like",
     [reason("tension.B.duration", "met", hours=0.5)]),
    ("7 days still meets tension-type B", tension(hours=7 * 24), "tension_type_like",
     [reason("tension.B.duration", "met", hours=168.0)]),
    ("intensity 0 counts as mild", tension(intensity=0), "tension_type_like",
     [reason("tension.C.mild_or_moderate", "met")]),
    ("'varies' is not both sides", tension(side="varies", quality="other"),
     "tension_type_like", [reason("tension.C.both_sides", "not_met"),
                           reason("tension.C", "met", met=2, needed=2)]),
    ("one sensitivity is allowed", tension(light_sensitivity=True), "tension_type_like",
     [reason("tension.D.at_most_one_sensitivity", "met")]),
    ("both sensitivities break tension-type D",
     tension(light_sensitivity=True, sound_sensitivity=True), "probable_tension_type_like",
     [reason("tension.D.at_most_one_sensitivity", "not_met")]),
    ("nausea breaks tension-type D outside the chronic band", tension(nausea=True),
     "probable_tension_type_like", [reason("tension.D.no_nausea_or_vomiting", "not_met")]),
    ("unclassified when nothing fits",
     episode(minutes=10, side="varies", quality="other", intensity=8, worse_with_activity=True,
             nausea=False, vomiting=False, light_sensitivity=False, sound_sensitivity=False,
             aura=False),
     "unclassified", [reason("episode.unclassified", "not_met")]),
]


@pytest.mark.parametrize(("ep", "label", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_classification(ep, label, expected):
    result = classify(ep)
    assert result.label == label
    for wanted in expected:
        assert wanted in result.reasons


RANKING_CASES = [
    ("definite tension-type beats probable migraine",
     tension(hours=5, side="left", intensity=5, light_sensitivity=True), False,
     "tension_type_like", "probable_migraine_like"),
    ("probable migraine beats probable tension-type",
     migraine(hours=3, quality="pulsating", intensity=5, worse_with_activity=False,
              light_sensitivity=False, sound_sensitivity=False), False,
     "probable_migraine_like", "probable_tension_type_like"),
    ("definite migraine beats definite tension-type (chronic band, mild nausea)",
     tension(hours=5, side="left", intensity=5, nausea=True), True,
     "migraine_like", "tension_type_like"),
]


@pytest.mark.parametrize(("ep", "chronic_band", "winner", "loser"),
                         [c[1:] for c in RANKING_CASES], ids=[c[0] for c in RANKING_CASES])
def test_ranking(ep, chronic_band, winner, loser):
    result = classify(ep, chronic_band=chronic_band)
    assert result.label == winner
    assert reason("episode.candidate", "met", label=loser) in result.reasons
    assert reason("episode.ranked_above", "met", label=winner, other=loser) in result.reasons


@pytest.mark.parametrize(("chronic_band", "label", "code", "status"), [
    (False, "probable_tension_type_like", "tension.D.no_nausea_or_vomiting", "not_met"),
    (True, "tension_type_like", "tension.D.chronic_mild_nausea", "met"),
])
def test_mild_nausea_allowed_in_the_chronic_band(chronic_band, label, code, status):
    result = classify(tension(nausea=True), chronic_band=chronic_band)
    assert result.label == label
    assert reason(code, status) in result.reasons


@pytest.mark.parametrize(("fields", "label", "code", "status"), [
    (dict(vomiting=True), "probable_tension_type_like", "tension.D.chronic_mild_nausea",
     "not_met"),
    (dict(light_sensitivity=True), "probable_tension_type_like",
     "tension.D.no_sensitivity_with_nausea", "not_met"),
])
def test_chronic_band_nausea_limits(fields, label, code, status):
    result = classify(tension(nausea=True, **fields), chronic_band=True)
    assert (result.label, reason(code, status) in result.reasons) == (label, True)


AURA = dict(aura=True, aura_types=frozenset({"visual", "sensory"}), aura_minutes=20,
            aura_symptoms=(AuraSymptom("visual", 10), AuraSymptom("sensory", 10)),
            aura_in_succession=True, aura_gradual=True, aura_positive=True,
            aura_one_sided=True, aura_headache_within_60=True)
ONE_SYMPTOM = dict(aura_types=frozenset({"visual"}), aura_symptoms=None,
                   aura_in_succession=None)


@pytest.mark.parametrize(("fields", "label", "met"), [
    ({}, "migraine_with_aura_like", 6),
    (dict(ONE_SYMPTOM, aura_minutes=61, aura_gradual=False, aura_positive=False),
     "migraine_like", 2),
    (dict(ONE_SYMPTOM, aura_minutes=4, aura_gradual=False), "migraine_with_aura_like", 3),
])
def test_aura_needs_three_of_six(fields, label, met):
    result = classify(migraine(**{**AURA, **fields}))
    assert result.label == label
    status = "met" if met >= 3 else "not_met"
    assert reason("aura.C", status, met=met, needed=3) in result.reasons


def test_aura_with_a_tension_type_headache_is_migraine_with_aura():
    result = classify(tension(**AURA))
    assert result.label == "migraine_with_aura_like"


def test_aura_succession_counts_kinds_of_symptom():
    result = classify(migraine(**{**AURA, **ONE_SYMPTOM}))
    assert reason("aura.C.succession", "not_met", count=1) in result.reasons


@pytest.mark.parametrize(("in_succession", "status"), [
    (True, "met"), (False, "not_met"), (None, "unknown"),
])
def test_two_symptoms_count_as_succession_only_when_one_came_after_the_other(in_succession,
                                                                             status):
    result = classify(migraine(**{**AURA, "aura_in_succession": in_succession}))
    assert reason("aura.C.succession", status, count=2) in result.reasons


def symptoms(*minutes):
    return tuple(AuraSymptom(kind, m) for kind, m in zip(AURA_TYPES, minutes, strict=False))


@pytest.mark.parametrize(("minutes", "status"), [
    ((4,), "not_met"), ((5,), "met"), ((60,), "met"), ((61,), "not_met"),
    # Three symptoms in succession may take 3 x 60 minutes: each is compared, never the total.
    ((60, 60, 60), "met"), ((5, 60, 61), "not_met"), ((4, 30), "not_met"),
])
def test_each_aura_symptom_lasts_5_to_60_minutes(minutes, status):
    ep = migraine(**{**AURA, "aura_symptoms": symptoms(*minutes),
                     "aura_minutes": sum(minutes)})
    assert reason("aura.C.duration_each", status, count=len(minutes), shortest=min(minutes),
                  longest=max(minutes)) in classify(ep).reasons


@pytest.mark.parametrize("fields", [
    dict(aura_symptoms=None, aura_minutes=150),  # older entry: two kinds, minutes in all
    dict(aura_symptoms=symptoms(20, None)),  # one symptom's minutes left blank
])
def test_aura_duration_is_unknown_when_each_symptom_s_minutes_are_not_recorded(fields):
    result = classify(migraine(**{**AURA, **fields}))
    assert reason("aura.C.duration_not_per_symptom", "unknown", count=2) in result.reasons


INCOMPLETE_CASES = [
    ("nothing recorded", episode(), ("migraine_with_aura_like", "migraine_like",
                                      "tension_type_like", "probable_migraine_like",
                                      "probable_tension_type_like", "unclassified")),
    ("associated symptoms blank", migraine(nausea=None, light_sensitivity=None),
     ("migraine_like", "probable_migraine_like")),
    ("aura blank on a clear migraine", migraine(aura=None),
     ("migraine_with_aura_like", "migraine_like")),
]


@pytest.mark.parametrize(("ep", "possible"), [c[1:] for c in INCOMPLETE_CASES],
                         ids=[c[0] for c in INCOMPLETE_CASES])
def test_incomplete_when_the_label_hinges_on_a_blank(ep, possible):
    result = classify(ep)
    assert result.label == "incomplete"
    assert result.possible_labels == possible
    assert reason("episode.incomplete", "unknown") in result.reasons


def test_incomplete_but_surely_migraine_counts_as_migraine_like():
    assert classify(migraine(aura=None)).is_migraine_like
    assert not classify(migraine(nausea=None, light_sensitivity=None)).is_migraine_like


@pytest.mark.parametrize(("ep", "label", "blank"), [
    (migraine(quality=None), "migraine_like", "migraine.C.pulsating"),
    (migraine(worse_with_activity=None), "migraine_like", "migraine.C.worse_with_activity"),
    (migraine(light_sensitivity=None), "migraine_like", "migraine.D.light_and_sound"),
    (migraine(nausea=None, vomiting=None), "migraine_like", "migraine.D.nausea_or_vomiting"),
    (tension(intensity=None), "tension_type_like", "tension.C.mild_or_moderate"),
    (tension(side=None, quality=None), "tension_type_like", "tension.C.both_sides"),
])
def test_decided_despite_a_blank_that_cannot_change_it(ep, label, blank):
    result = classify(ep)
    assert result.label == label
    assert reason(blank, "unknown") in result.reasons


@pytest.mark.parametrize(("hours_so_far", "migraine_b"), [
    (2, "unknown"),
    (5, "unknown"),  # 4 hours reached, but whether it stays under 72 is not known yet
    (72, "unknown"),
    (72.5, "not_met"),  # already longer than 72 hours: decided
])
def test_still_going_is_judged_so_far_never_as_lasted(hours_so_far, migraine_b):
    ep = migraine("2026-03-10T08:00", ongoing=True)
    result = classify_episode(ep, ep.start + timedelta(hours=hours_so_far))
    assert result.provisional is True
    assert reason("episode.ongoing", "unknown", hours=float(hours_so_far)) in result.reasons
    assert reason("migraine.B.so_far", migraine_b, hours=float(hours_so_far)) in result.reasons
    assert not any(r.criterion == "migraine.B.duration" for r in result.reasons)
    assert result.duration_minutes == hours_so_far * 60


@pytest.mark.parametrize(("hours_so_far", "label", "possible"), [
    (5, "incomplete", ("migraine_like", "probable_migraine_like")),
    (73, "probable_migraine_like", ()),
])
def test_a_textbook_migraine_still_going_is_not_yet_a_migraine_like_attack(hours_so_far, label,
                                                                           possible):
    ep = migraine("2026-03-10T08:00", ongoing=True)
    result = classify_episode(ep, ep.start + timedelta(hours=hours_so_far))
    assert (result.label, result.possible_labels) == (label, possible)
    assert result.is_migraine_like is False


@pytest.mark.parametrize(("hours_so_far", "status"), [
    (0.25, "unknown"), (24 * 7, "unknown"), (24 * 7 + 1, "not_met"),
])
def test_tension_type_duration_so_far(hours_so_far, status):
    ep = tension("2026-03-10T08:00", ongoing=True)
    result = classify_episode(ep, ep.start + timedelta(hours=hours_so_far))
    assert reason("tension.B.so_far", status, hours=round(hours_so_far, 2)) in result.reasons
    # Whatever it lasts, it can only turn out tension-type-like (probable when over 7 days).
    assert result.is_tension_type_like


def test_local_start_day_uses_the_timezone():
    from zoneinfo import ZoneInfo

    result = classify_episode(migraine("2026-03-09T23:30"), at("2026-03-20T00:00"),
                              ZoneInfo("Europe/Amsterdam"))
    assert result.day.isoformat() == "2026-03-10"
