"""ICHD-3 criteria for one episode: each feature and criterion met, not met or unknown.

Migraine 1.1 B-D, migraine with aura 1.2 B-C and tension-type 2.x B-D. Every outcome is
recorded as a reason; the criteria statuses go to the ranking in episodes.py.
"""

from __future__ import annotations

from functools import cache

from .reasons import (
    MET,
    NOT_MET,
    UNKNOWN,
    Reason,
    all_of,
    any_of,
    at_least,
    flag,
    shared,
    shared_plain,
)
from .records import ACUTE_CLASSES, EpisodeRecord

MIGRAINE_MINUTES = (4 * 60, 72 * 60)
TENSION_MINUTES = (30, 7 * 24 * 60)
AURA_SYMPTOM_MINUTES = (5, 60)  # ICHD-3 1.2 C: each symptom, never the whole aura
_ONE_SIDED = frozenset({"left", "right"})
_BOTH_SIDES = frozenset({"both"})


def hours(minutes: float) -> float:
    """Minutes as hours, rounded for a reason's parameters."""
    return round(minutes / 60, 2)


def migraine_criteria(ep: EpisodeRecord, minutes: float, reasons: list[Reason]) -> tuple:
    """ICHD-3 1.1 criteria B, C and D."""
    b = _migraine_duration(ep, minutes, reasons)
    c = _criterion(reasons, "migraine.C", _MIGRAINE_C, 2, (
        _side_is(ep.side, _ONE_SIDED),
        _equals(ep.quality, "pulsating"),
        _intensity_at_least(ep.intensity, 4),
        flag(ep.worse_with_activity),
    ))
    d = _criterion(reasons, "migraine.D", _MIGRAINE_D, 1, (
        any_of((flag(ep.nausea), flag(ep.vomiting))),
        all_of((flag(ep.light_sensitivity), flag(ep.sound_sensitivity))),
    ))
    return (b, c, d)


def _migraine_duration(ep: EpisodeRecord, minutes: float, reasons: list[Reason]) -> str:
    """B: 4-72 h untreated; a shorter attack stopped by effective acute medication counts too."""
    params = {"hours": hours(minutes)}
    low, high = MIGRAINE_MINUTES
    if ep.end is None:
        return _so_far(reasons, "migraine.B.so_far", minutes, high)
    if low <= minutes <= high:
        return _feature(reasons, "migraine.B.duration", MET, params)
    if TENSION_MINUTES[0] <= minutes < low:
        # ICHD-3 times untreated or unsuccessfully treated attacks; our documented reading:
        # "good" effect of an acute drug after 30+ minutes means the attack was cut short.
        effects = [m.effect for m in ep.medications if m.drug_class in ACUTE_CLASSES]
        if "good" in effects:
            return _feature(reasons, "migraine.B.effective_medication", MET, params)
        if None in effects:
            return _feature(reasons, "migraine.B.medication_effect_unknown", UNKNOWN, params)
    return _feature(reasons, "migraine.B.duration", NOT_MET, params)


def aura_criteria(ep: EpisodeRecord, reasons: list[Reason]) -> tuple:
    """ICHD-3 1.2 criteria B (aura present) and C (at least 3 of 6 aura features)."""
    b = _feature(reasons, "aura.B.reported", flag(ep.aura))
    if ep.aura is False:
        return (b, NOT_MET)  # no aura: its features cannot count
    features = [
        _feature(reasons, "aura.C.gradual", flag(ep.aura_gradual)),
        _add(reasons, _aura_succession(ep)),
        _add(reasons, aura_duration(ep)),
        _feature(reasons, "aura.C.one_sided", flag(ep.aura_one_sided)),
        _feature(reasons, "aura.C.positive", flag(ep.aura_positive)),
        _feature(reasons, "aura.C.headache_within_60", flag(ep.aura_headache_within_60)),
    ]
    c, met = at_least(features, 3)
    reasons.append(shared("aura.C", c, met=met, needed=3))
    return (b, c)


def aura_symptom_count(ep: EpisodeRecord) -> int:
    """How many aura symptoms were recorded (the detail when given, else the kinds ticked)."""
    return len(ep.aura_symptoms) if ep.aura_symptoms is not None else len(ep.aura_types)


def _aura_succession(ep: EpisodeRecord) -> Reason:
    """C: two or more symptoms one after another; whether they came in succession is asked,
    not assumed from several kinds being ticked."""
    count = aura_symptom_count(ep)
    if count == 0:
        status = UNKNOWN
    elif count == 1 or ep.aura_in_succession is False:
        status = NOT_MET
    else:
        status = flag(ep.aura_in_succession)
    return shared("aura.C.succession", status, count=count)


def aura_duration(ep: EpisodeRecord) -> Reason:
    """C: each aura symptom lasts 5-60 minutes (three in succession may take 3 x 60 in all).

    Without per-symptom minutes only a single symptom can be judged, by the aura's minutes.
    """
    if ep.aura_symptoms:
        minutes = [s.minutes for s in ep.aura_symptoms]
        if None in minutes:
            return shared("aura.C.duration_not_per_symptom", UNKNOWN, count=len(minutes))
        return shared("aura.C.duration_each", flag(all(map(_aura_minutes_fit, minutes))),
                      count=len(minutes), shortest=min(minutes), longest=max(minutes))
    if len(ep.aura_types) > 1:
        return shared("aura.C.duration_not_per_symptom", UNKNOWN, count=len(ep.aura_types))
    # One kind ticked, or none: the aura's minutes are that one symptom's minutes.
    if ep.aura_minutes is None or not ep.aura_types:
        return shared_plain("aura.C.duration", UNKNOWN)
    return shared_plain("aura.C.duration", flag(_aura_minutes_fit(ep.aura_minutes)))


def _aura_minutes_fit(minutes: int) -> bool:
    low, high = AURA_SYMPTOM_MINUTES
    return low <= minutes <= high


def _so_far(reasons: list[Reason], code: str, minutes: float, high: float) -> str:
    """A duration criterion of an episode still going: only an upper limit already passed
    decides it; otherwise it stays unknown until the episode ends."""
    status = NOT_MET if minutes > high else UNKNOWN
    return _feature(reasons, code, status, {"hours": hours(minutes)})


def tension_criteria(
    ep: EpisodeRecord, minutes: float, chronic_band: bool, reasons: list[Reason]
) -> tuple:
    """ICHD-3 2.x criteria B, C and D."""
    low, high = TENSION_MINUTES
    if ep.end is None:
        b = _so_far(reasons, "tension.B.so_far", minutes, high)
    else:
        b = _feature(reasons, "tension.B.duration", flag(low <= minutes <= high),
                     {"hours": hours(minutes)})
    c = _criterion(reasons, "tension.C", _TENSION_C, 2, (
        _side_is(ep.side, _BOTH_SIDES),
        _equals(ep.quality, "pressing"),
        _not(_intensity_at_least(ep.intensity, 7)),
        _not(flag(ep.worse_with_activity)),
    ))
    if chronic_band and ep.nausea:
        d = _criterion(reasons, "tension.D", _TENSION_D_CHRONIC_NAUSEA, 2, (
            _not(flag(ep.vomiting)),
            all_of((_not(flag(ep.light_sensitivity)), _not(flag(ep.sound_sensitivity)))),
        ))
    else:
        d = _criterion(reasons, "tension.D", _TENSION_D, 2, (
            all_of((_not(flag(ep.nausea)), _not(flag(ep.vomiting)))),
            _not(all_of((flag(ep.light_sensitivity), flag(ep.sound_sensitivity)))),
        ))
    return (b, c, d)


_MIGRAINE_C = ("migraine.C.one_sided", "migraine.C.pulsating", "migraine.C.moderate_or_severe",
               "migraine.C.worse_with_activity")
_MIGRAINE_D = ("migraine.D.nausea_or_vomiting", "migraine.D.light_and_sound")
_TENSION_C = ("tension.C.both_sides", "tension.C.pressing", "tension.C.mild_or_moderate",
              "tension.C.not_worse_with_activity")
_TENSION_D = ("tension.D.no_nausea_or_vomiting", "tension.D.at_most_one_sensitivity")
# ICHD-3 2.3 D: mild nausea may take the place of one sensitivity. Severity is not recorded,
# so in the chronic band nausea without vomiting is read as mild (its own reason says so).
_TENSION_D_CHRONIC_NAUSEA = ("tension.D.chronic_mild_nausea",
                             "tension.D.no_sensitivity_with_nausea")
_COUNTED = frozenset({"migraine.C", "tension.C"})  # these say how many features were met


def _criterion(reasons: list[Reason], code: str, feature_codes: tuple[str, ...], needed: int,
               statuses: tuple[str, ...]) -> str:
    """"At least `needed` of these features": record a reason per feature and for the whole."""
    status, criterion_reasons = _criterion_reasons(code, feature_codes, needed, statuses)
    reasons.extend(criterion_reasons)
    return status


@cache  # a pure function of a few statuses: computed once per combination
def _criterion_reasons(code: str, feature_codes: tuple[str, ...], needed: int,
                       statuses: tuple[str, ...]) -> tuple[str, tuple[Reason, ...]]:
    status, met = at_least(statuses, needed)
    params = {"met": met, "needed": needed} if code in _COUNTED else {}
    whole = shared(code, status, **params)
    features = tuple(shared(c, s) for c, s in zip(feature_codes, statuses, strict=True))
    return status, (*features, whole)


def _feature(reasons: list[Reason], code: str, status: str, params: dict | None = None) -> str:
    """Record one criterion's outcome and pass its status on."""
    reasons.append(shared_plain(code, status) if params is None else Reason(code, status, params))
    return status


def _add(reasons: list[Reason], reason: Reason) -> str:
    """Record a reason that carries its own parameters and pass its status on."""
    reasons.append(reason)
    return reason.status


_NEGATE = {MET: NOT_MET, NOT_MET: MET, UNKNOWN: UNKNOWN}


def _not(status: str) -> str:
    return _NEGATE[status]


def _side_is(side: str | None, wanted: frozenset[str]) -> str:
    # "varies" is neither one-sided nor both sides, so it fails both criteria.
    return UNKNOWN if side is None else flag(side in wanted)


def _equals(value: str | None, wanted: str) -> str:
    return UNKNOWN if value is None else flag(value == wanted)


def _intensity_at_least(intensity: int | None, level: int) -> str:
    return UNKNOWN if intensity is None else flag(intensity >= level)
