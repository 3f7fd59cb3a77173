"""Warning signs of one episode, each at its boundary, and the urgency they call for."""

import pytest

from diary.analysis.records import AuraSymptom
from diary.analysis.red_flags import EMERGENCY, GP_SOON, diary_red_flags, red_flags

from .builders import migraine, tension


def flags_of(episode, aura_before=True):
    found = red_flags(episode, aura_before)
    return {flag.code: flag.urgency for flag in found.flags}


@pytest.mark.parametrize(("fields", "expected"), [
    (dict(sudden_onset=True, intensity=10), {"thunderclap": EMERGENCY}),
    (dict(sudden_onset=True, intensity=7), {"thunderclap": EMERGENCY}),
    (dict(sudden_onset=True, intensity=6), {"thunderclap": GP_SOON}),
    (dict(sudden_onset=False, intensity=10), {}),
    (dict(sudden_onset=None, intensity=10), {}),
    (dict(neuro_symptoms=True), {"neuro_symptoms": EMERGENCY}),
    (dict(neuro_symptoms=None), {}),
    (dict(fever=True), {"fever": GP_SOON}),
    (dict(fever=None), {}),
    (dict(fever=True, neuro_symptoms=True),
     {"fever": GP_SOON, "neuro_symptoms": EMERGENCY}),
])
def test_sudden_onset_neurological_symptoms_and_fever(fields, expected):
    assert flags_of(tension(**fields)) == expected


@pytest.mark.parametrize(("fields", "flagged"), [
    (dict(aura_types=frozenset({"visual"}), aura_minutes=60), False),
    (dict(aura_types=frozenset({"visual"}), aura_minutes=61), True),
    (dict(aura_types=frozenset(), aura_minutes=61), True),
    # Three symptoms one after another may take up to 3 x 60 minutes in all.
    (dict(aura_types=frozenset({"visual", "sensory", "speech"}), aura_minutes=180), False),
    (dict(aura_types=frozenset({"visual", "sensory", "speech"}), aura_minutes=181), True),
    (dict(aura_types=frozenset({"visual", "sensory"}), aura_minutes=90,
          aura_in_succession=False), True),
    (dict(aura_symptoms=(AuraSymptom("visual", 60), AuraSymptom("sensory", 30))), False),
    (dict(aura_symptoms=(AuraSymptom("visual", 61), AuraSymptom("sensory", 30))), True),
    (dict(aura_symptoms=(AuraSymptom("visual", None),), aura_minutes=90), False),
    (dict(aura_minutes=None), False),
])
def test_an_aura_symptom_over_60_minutes(fields, flagged):
    episode = migraine(aura=True, **fields)
    assert flags_of(episode) == ({"long_aura": GP_SOON} if flagged else {})


def test_a_long_aura_needs_an_aura():
    assert flags_of(migraine(aura=None, aura_minutes=120)) == {}


def test_the_first_aura_in_the_diary():
    assert flags_of(migraine(aura=True), aura_before=False) == {"first_aura": GP_SOON}
    assert flags_of(migraine(aura=True), aura_before=True) == {}
    assert flags_of(migraine(aura=None), aura_before=False) == {}


def test_only_the_earliest_aura_of_a_diary_is_the_first():
    first = migraine("2026-03-01T08:00", aura=True)
    later = migraine("2026-03-05T08:00", aura=True, fever=True)
    without = migraine("2026-02-01T08:00", aura=False)
    flagged = diary_red_flags([later, without, first])
    assert set(flagged) == {first.id, later.id}
    assert flagged[first.id].codes == ("first_aura",)
    assert flagged[later.id].codes == ("fever",)


@pytest.mark.parametrize(("fields", "urgency"), [
    (dict(fever=True), GP_SOON),
    (dict(fever=True, sudden_onset=True, intensity=9), EMERGENCY),
    (dict(), None),
])
def test_the_most_urgent_flag_decides(fields, urgency):
    assert red_flags(tension(**fields), True).urgency == urgency


def test_the_reason_says_what_was_recorded():
    flag = red_flags(migraine(aura=True, aura_minutes=75,
                              aura_types=frozenset({"visual"})), True).flags[0]
    assert flag.reason.params == {"minutes": 75, "limit": 60}
