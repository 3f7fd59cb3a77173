"""Reasons: the machine-readable "why" behind every analysis result.

A reason is a criterion code, a status (met / not_met / unknown) and a few named parameters.
REASON_PARAMS documents every code and the exact names of its parameters; the sentences that
put them into words live in diary/words/reasons.py (one per code, in every language).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

MET = "met"
NOT_MET = "not_met"
UNKNOWN = "unknown"  # the patient did not record what the criterion needs


@dataclass(frozen=True, slots=True)
class Reason:
    """One criterion and how it came out; params are named as REASON_PARAMS says.

    Treat params as read-only: identical reasons may be one shared instance (see shared()).
    """

    criterion: str
    status: str
    params: dict = field(default_factory=dict)


_SHARED: dict[tuple, Reason] = {}


def shared(criterion: str, status: str, **params) -> Reason:
    """The same reason as Reason(...), but one shared instance per distinct value; only for
    parameters with few possible values (counts, labels). Saves thousands of allocations."""
    key = (criterion, status, *params.items()) if params else (criterion, status)
    reason = _SHARED.get(key)
    if reason is None:
        reason = _SHARED[key] = Reason(criterion, status, params)
    return reason


def shared_plain(criterion: str, status: str) -> Reason:
    """shared() for a reason without parameters, by the quickest path."""
    return _SHARED.get((criterion, status)) or shared(criterion, status)


def flag(value: bool | None) -> str:
    """Status of a yes/no diary field: yes is met, no is not met, blank is unknown."""
    if value is None:
        return UNKNOWN
    return MET if value else NOT_MET


def at_least(statuses: Sequence[str], needed: int) -> tuple[str, int]:
    """Status of "at least `needed` of these", decided on the known ones when possible."""
    met = statuses.count(MET)
    if met >= needed:
        return MET, met
    if met + statuses.count(UNKNOWN) < needed:
        return NOT_MET, met
    return UNKNOWN, met


def all_of(statuses: Sequence[str]) -> str:
    """Status of "all of these": one failure decides it, otherwise any blank leaves it open."""
    return at_least(statuses, len(statuses))[0]


def all_but_one(statuses: Sequence[str]) -> str:
    """Status of "meets all but one of these" (the ICHD-3 "probable" rule)."""
    return at_least(statuses, len(statuses) - 1)[0]


def any_of(statuses: Sequence[str]) -> str:
    """Status of "at least one of these"."""
    return at_least(statuses, 1)[0]


REASON_PARAMS: dict[str, tuple[str, ...]] = {
    # One episode (ICHD-3 1.1, 1.2, 2.x, 1.5, 2.4)
    "episode.ongoing": ("hours",),
    "episode.candidate": ("label",),
    "episode.ranked_above": ("label", "other"),
    "episode.incomplete": (),
    "episode.unclassified": (),
    "migraine.B.duration": ("hours",),
    "migraine.B.effective_medication": ("hours",),
    "migraine.B.medication_effect_unknown": ("hours",),
    "migraine.C": ("met", "needed"),
    "migraine.C.one_sided": (),
    "migraine.C.pulsating": (),
    "migraine.C.moderate_or_severe": (),
    "migraine.C.worse_with_activity": (),
    "migraine.D": (),
    "migraine.D.nausea_or_vomiting": (),
    "migraine.D.light_and_sound": (),
    "aura.B.reported": (),
    "aura.C": ("met", "needed"),
    "aura.C.gradual": (),
    "aura.C.succession": ("count",),
    "aura.C.duration": (),
    "aura.C.one_sided": (),
    "aura.C.positive": (),
    "aura.C.headache_within_60": (),
    "tension.B.duration": ("hours",),
    "tension.C": ("met", "needed"),
    "tension.C.both_sides": (),
    "tension.C.pressing": (),
    "tension.C.mild_or_moderate": (),
    "tension.C.not_worse_with_activity": (),
    "tension.D": (),
    "tension.D.no_nausea_or_vomiting": (),
    "tension.D.at_most_one_sensitivity": (),
    "tension.D.chronic_mild_nausea": (),
    "tension.D.no_sensitivity_with_nausea": (),
    # One day
    "day.unrecorded": (),
    "day.headache_minutes": ("minutes",),
    "day.acute_medication": ("count",),
    "day.migraine_like.features": ("minutes",),
    "day.migraine_like.aura": ("minutes",),
    "day.migraine_like.specific_medication": (),
    "day.tension_type_like": (),
    # Profile over a period
    "profile.recorded_days": ("recorded", "required"),
    "profile.unrecorded_days": ("days",),
    "profile.migraine_attacks": ("count", "required"),
    "profile.aura_attacks": ("count", "required"),
    "profile.tension_type_episodes": ("count", "required"),
    "profile.chronic_precedence": (),
    "profile.mixed": ("migraine_attacks", "tension_type_episodes"),
    "neck.features": ("with_features", "episodes"),
    "neck.same_side": ("episodes", "side"),
    "neck.sides_differ": ("episodes",),
    "neck.same_side_unknown": ("episodes",),
    # Medication overuse (ICHD-3 8.2)
    "overuse.class_over": ("drug_class", "days", "threshold"),
    "overuse.class_approaching": ("drug_class", "days", "threshold"),
    "overuse.multiple_classes": ("classes", "days", "threshold"),
    "overuse.multiple_classes_approaching": ("classes", "days", "threshold"),
    "overuse.below_limits": ("days",),
    "overuse.months_over": ("months", "required"),
    "overuse.unrecorded_days": ("days",),
    # Menstrual association (ICHD-3 appendix A1.1)
    "menstrual.cycles": ("cycles", "required"),
    "menstrual.cycles_with_attack": ("cycles_with_attack", "cycles"),
    "menstrual.attacks_in_window": ("in_window", "attacks"),
    "menstrual.attacks_outside_window": ("outside",),
    # Triggers (observations, not causes)
    "trigger.recorded_days": ("recorded", "required"),
    "trigger.headache_days": ("days", "required"),
    "trigger.present_days": ("days", "required"),
    "trigger.absent_days": ("days", "required"),
    "trigger.risk_ratio": ("risk_ratio", "low", "high"),
    "trigger.haldane": (),
    "trigger.named_on_headache_days": ("days", "headache_days", "percent"),
    # Treatment response
    "treatment.no_sessions": (),
    "treatment.windows_overlap": ("latest_start", "first_session"),
    "treatment.baseline_recorded_days": ("recorded", "required"),
    "treatment.latest_recorded_days": ("recorded", "required"),
    "treatment.baseline_headache_days": (),
    "treatment.reduction": ("percent", "required"),
    # Advice to contact a GP (never a diagnosis)
    "advice.sudden_severe": ("episodes", "last_date"),
    "advice.fever": ("episodes", "last_date"),
    "advice.neuro_symptoms": ("episodes", "last_date"),
    "advice.pattern_change": ("before_per_28", "now_per_28"),
    "advice.medication_overuse": (),
    # Warning signs of one episode (red_flags.py), each with its urgency
    "red_flag.thunderclap": ("intensity",),
    "red_flag.neuro_symptoms": (),
    "red_flag.fever": (),
    "red_flag.long_aura": ("minutes", "limit"),
    "red_flag.first_aura": (),
    # Issue 14: the clinical rules at their boundaries. These replace profile.over_3_months,
    # profile.chronic.headache_days, profile.chronic.migraine_like_days, profile.band and
    # overuse.headache_days, which the analysis no longer produces.
    "migraine.B.so_far": ("hours",),
    "tension.B.so_far": ("hours",),
    "aura.C.duration_each": ("count", "shortest", "longest"),
    "aura.C.duration_not_per_symptom": ("count",),
    "day.migraine_like.aura_symptoms": ("count", "shortest", "longest"),
    "profile.chronic.headache_rate": ("days", "recorded", "per_year", "required"),
    "profile.chronic.migraine_like_rate": ("days", "recorded", "per_year", "required"),
    "profile.recorded_over_3_months": ("recorded", "first_day", "last_day"),
    "profile.tension_band": ("days", "recorded", "per_year", "band"),
    "overuse.headache_rate": ("days", "recorded", "first_day", "last_day", "per_year", "required"),
    "treatment.increase": ("percent", "required"),
    # Treatment outcomes (outcomes.py)
    "outcome.no_start": (),
    "outcome.recorded_days": ("recorded", "required", "missing"),
    "outcome.baseline_recorded_days": ("recorded", "required", "missing"),
    "outcome.baseline_headache_days": (),
    "outcome.no_block_with_enough_days": ("first_day", "recorded", "required"),
}
