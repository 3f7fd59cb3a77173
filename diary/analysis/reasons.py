"""Reasons: the machine-readable "why" behind every analysis result.

A reason is a criterion code, a status (met / not_met / unknown) and a few named parameters.
The app translates the codes; REASON_TEXT holds the English templates, which document every
code and name its parameters (`REASON_TEXT[code].format(**reason.params)` always works).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

MET = "met"
NOT_MET = "not_met"
UNKNOWN = "unknown"  # the patient did not record what the criterion needs


@dataclass(frozen=True, slots=True)
class Reason:
    """One criterion and how it came out; params fill the template in REASON_TEXT.

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


REASON_TEXT: dict[str, str] = {
    # One episode (ICHD-3 1.1, 1.2, 2.x, 1.5, 2.4)
    "episode.ongoing": "Still going after {hours} hours; classified on what is known so far",
    "episode.candidate": "Fits the {label} pattern",
    "episode.ranked_above": "{label} ranks above {other}",
    "episode.incomplete": "Cannot be classified until the missing answers are recorded",
    "episode.unclassified": "Fits none of the patterns",
    "migraine.B.duration": "Lasted {hours} hours (migraine-like: 4 to 72 hours)",
    "migraine.B.effective_medication": (
        "Lasted {hours} hours, but effective acute medication was taken; counted as 4 to 72 hours"
    ),
    "migraine.B.medication_effect_unknown": (
        "Lasted {hours} hours after acute medication whose effect was not recorded"
    ),
    "migraine.C": "{met} of the 4 pain features (migraine-like: at least {needed})",
    "migraine.C.one_sided": "Pain on one side",
    "migraine.C.pulsating": "Pulsating or throbbing pain",
    "migraine.C.moderate_or_severe": "Moderate or severe pain (4 to 10)",
    "migraine.C.worse_with_activity": "Worse with routine activity, or avoided it",
    "migraine.D": "Nausea or vomiting, or sensitivity to both light and sound",
    "migraine.D.nausea_or_vomiting": "Nausea or vomiting",
    "migraine.D.light_and_sound": "Sensitive to light and to sound",
    "aura.B.reported": "Aura symptoms reported",
    "aura.C": "{met} of the 6 aura features (aura: at least {needed})",
    "aura.C.gradual": "Aura spread gradually over 5 minutes or more",
    "aura.C.succession": "{count} kinds of aura symptom (two or more in succession)",
    "aura.C.duration": "Aura lasted 5 to 60 minutes",
    "aura.C.one_sided": "Aura on one side",
    "aura.C.positive": "Positive aura symptoms (flashes, tingling)",
    "aura.C.headache_within_60": "Headache came with the aura or within 60 minutes",
    "tension.B.duration": "Lasted {hours} hours (tension-type-like: 30 minutes to 7 days)",
    "tension.C": "{met} of the 4 pain features (tension-type-like: at least {needed})",
    "tension.C.both_sides": "Pain on both sides",
    "tension.C.pressing": "Pressing or tightening pain",
    "tension.C.mild_or_moderate": "Mild or moderate pain (0 to 6)",
    "tension.C.not_worse_with_activity": "Not worse with routine activity",
    "tension.D": "No nausea or vomiting, and at most one of light or sound sensitivity",
    "tension.D.no_nausea_or_vomiting": "No nausea and no vomiting",
    "tension.D.at_most_one_sensitivity": "At most one of light or sound sensitivity",
    "tension.D.chronic_mild_nausea": (
        "Nausea without vomiting in a month with 15 or more headache days; taken as mild nausea"
    ),
    "tension.D.no_sensitivity_with_nausea": "No light or sound sensitivity beside the nausea",
    # One day
    "day.unrecorded": "No check-in and no episode recorded",
    "day.headache_minutes": "{minutes} minutes of headache (headache day: at least 30)",
    "day.acute_medication": "Acute medication taken ({count} kinds)",
    "day.migraine_like.features": "{minutes} minutes of headache with migraine features",
    "day.migraine_like.aura": "Aura of {minutes} minutes",
    "day.migraine_like.specific_medication": "Triptan or ergot taken",
    "day.tension_type_like": "Tension-type-like headache of at least 30 minutes",
    # Profile over a period
    "profile.recorded_days": "{recorded} recorded days (at least {required} needed)",
    "profile.unrecorded_days": "{days} days without any record are left out of the rates",
    "profile.migraine_attacks": "{count} migraine-like attacks (at least {required} needed)",
    "profile.aura_attacks": "{count} migraine-with-aura-like attacks (at least {required} needed)",
    "profile.tension_type_episodes": (
        "{count} tension-type-like episodes (at least {required} needed)"
    ),
    "profile.chronic_precedence": "Chronic migraine-like takes precedence over tension-type-like",
    "profile.mixed": (
        "Both kinds: {migraine_attacks} migraine-like attacks and "
        "{tension_type_episodes} tension-type-like episodes"
    ),
    "neck.features": "{with_features} of {episodes} episodes with neck pain or neck onset",
    "neck.same_side": "All {episodes} one-sided episodes were on the {side}",
    "neck.sides_differ": "One-sided episodes were on different sides ({episodes} episodes)",
    "neck.same_side_unknown": "Too few one-sided episodes to tell ({episodes})",
    # Medication overuse (ICHD-3 8.2)
    "overuse.class_over": "{drug_class} on {days} days in 30 (limit {threshold})",
    "overuse.class_approaching": "{drug_class} on {days} days in 30, near the limit {threshold}",
    "overuse.multiple_classes": (
        "{classes} kinds together on {days} days in 30 (limit {threshold})"
    ),
    "overuse.multiple_classes_approaching": (
        "{classes} kinds together on {days} days in 30, near the limit {threshold}"
    ),
    "overuse.below_limits": "Acute medication on {days} days in 30, below the limits",
    "overuse.months_over": "Over a limit in {months} of the last {required} months",
    "overuse.unrecorded_days": "{days} days of the last 30 were not recorded",
    # Menstrual association (ICHD-3 appendix A1.1)
    "menstrual.cycles": "{cycles} recorded cycles (at least {required} needed)",
    "menstrual.cycles_with_attack": (
        "A migraine-like attack on day -2 to +3 in {cycles_with_attack} of {cycles} cycles"
    ),
    "menstrual.attacks_in_window": "{in_window} of {attacks} migraine-like attacks on day -2 to +3",
    "menstrual.attacks_outside_window": "{outside} migraine-like attacks at other times",
    # Triggers (observations, not causes)
    "trigger.recorded_days": "{recorded} recorded days (at least {required} needed)",
    "trigger.headache_days": "{days} headache days (at least {required} needed)",
    "trigger.present_days": "Present on {days} recorded days (at least {required} needed)",
    "trigger.absent_days": "Absent on {days} recorded days (at least {required} needed)",
    "trigger.risk_ratio": "Headache days {risk_ratio} times as often (95% CI {low} to {high})",
    "trigger.haldane": "0.5 added to each count because one count was zero",
    "trigger.named_on_headache_days": (
        "Named on {days} of {headache_days} headache days ({percent}%)"
    ),
    # Treatment response
    "treatment.no_sessions": "No treatment sessions recorded",
    "treatment.windows_overlap": (
        "The latest 28 days (from {latest_start}) overlap the 28 days before {first_session}"
    ),
    "treatment.baseline_recorded_days": (
        "{recorded} recorded days before treatment (at least {required} needed)"
    ),
    "treatment.latest_recorded_days": (
        "{recorded} recorded days in the latest 28 days (at least {required} needed)"
    ),
    "treatment.baseline_headache_days": "No headache days before treatment to compare with",
    "treatment.reduction": "Headache days down {percent}% (response: {required}% or more)",
    # Advice to contact a GP (never a diagnosis)
    "advice.sudden_severe": "{episodes} sudden 10/10 headaches, last on {last_date}",
    "advice.fever": "{episodes} headaches with fever, last on {last_date}",
    "advice.neuro_symptoms": "{episodes} headaches with neurological symptoms, last on {last_date}",
    "advice.pattern_change": (
        "Headache days went from {before_per_28} to {now_per_28} per 28 days"
    ),
    "advice.medication_overuse": "Acute medication over the limits for more than 3 months",
    # Issue 14: the clinical rules at their boundaries. These replace profile.over_3_months,
    # profile.chronic.headache_days, profile.chronic.migraine_like_days, profile.band and
    # overuse.headache_days, which the analysis no longer produces.
    "migraine.B.so_far": (
        "Still going after {hours} hours so far; whether it lasts 4 to 72 hours is known "
        "when it ends"
    ),
    "tension.B.so_far": (
        "Still going after {hours} hours so far; whether it lasts 30 minutes to 7 days is known "
        "when it ends"
    ),
    "aura.C.duration_each": (
        "Each of the {count} aura symptoms lasted 5 to 60 minutes "
        "({shortest} to {longest} minutes)"
    ),
    "aura.C.duration_not_per_symptom": (
        "{count} kinds of aura symptom, but not how long each one lasted"
    ),
    "day.migraine_like.aura_symptoms": (
        "Aura of {count} symptoms, each lasting 5 to 60 minutes ({shortest} to {longest})"
    ),
    "profile.chronic.headache_rate": (
        "{days} headache days in {recorded} recorded days, about {per_year} a year "
        "(chronic: {required} or more a year, 15 a month)"
    ),
    "profile.chronic.migraine_like_rate": (
        "{days} migraine-like days in {recorded} recorded days, about {per_year} a year "
        "(chronic migraine-like: {required} or more a year, 8 a month)"
    ),
    "profile.recorded_over_3_months": (
        "{recorded} recorded days from {first_day} to {last_day} "
        "(more than 3 months needs over 90 recorded days)"
    ),
    "profile.tension_band": (
        "{days} tension-type-like days in {recorded} recorded days, about {per_year} a year: "
        "{band}"
    ),
    "overuse.headache_rate": (
        "{days} headache days in {recorded} recorded days from {first_day} to {last_day}, "
        "about {per_year} a year (overuse: {required} or more a year, 15 a month)"
    ),
    "treatment.increase": "Headache days up {percent}% (response: down {required}% or more)",
}
