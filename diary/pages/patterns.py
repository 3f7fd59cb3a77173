"""Which of the clinic's explanations fit the patterns a summary shows, with a bridge line.

Each rule names the pattern it reacts to, so the dashboard, the review and the PDF link the
same topics for the same diary.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from diary.analysis import Summary
from diary.analysis.triggers import TriggerAssociation

# An observation is worth a link when it is more than a one-off.
MIN_NECK_EPISODES = 3
NECK_SHARE = 0.3
NAMED_SHARE = 0.25
MIN_NAMED_DAYS = 3

BRIDGES = {
    "tension_type": _l("Headaches like yours are often linked to tense neck and shoulder "
                       "muscles. Read how trigger points may play a part."),
    "migraine": _l("Migraine-like attacks can come with tight upper neck muscles. Read what "
                   "dry needling can and cannot do."),
    "neck": _l("Many of your headaches came with neck pain or started in the neck. Read about "
               "neck pain that spreads to the head."),
    "posture": _l("Your headaches were more common around long screen or computer days. Read "
                  "about sustained postures and the neck."),
    "stress": _l("Your headaches were more common on stressful days. Read about stress and "
                 "muscle tension."),
    "hormones": _l("Your attacks seem to gather around your period. Read about headaches and "
                   "hormones."),
    "medication": _l("You took painkillers on many days. Talk to your GP about your medication; "
                     "this is not something dry needling treats."),
    "diary": _l("There is not enough in your diary yet to see a pattern. Read how to keep a "
                "diary that helps."),
    "doctor": _l("Something you recorded is a reason to contact your GP. Read when to see a "
                 "doctor."),
}
TOPICS = {
    "tension_type": ("tension-type-headache", "trigger-points"),
    "migraine": ("migraine-and-neck", "dry-needling"),
    "neck": ("neck-radiating-pain",),
    "posture": ("sustained-postures",),
    "stress": ("stress-and-muscle-tension",),
    "hormones": ("hormones",),
    "medication": ("medication-overuse",),
    "diary": ("keeping-a-diary",),
    "doctor": ("when-to-see-a-doctor",),
}


@dataclass(frozen=True)
class PatternLink:
    """One pattern seen in the diary, the sentence bridging to it, and the topics to read."""

    pattern: str
    bridge: object  # a lazy translated string
    topics: tuple[str, ...]


def patterns_seen(summary: Summary) -> list[str]:
    """The patterns of a summary that have an explanation, most important first."""
    return with_factor_patterns(steady_patterns(summary), named_factor_patterns(summary),
                                summary.triggers.daily)


def steady_patterns(summary: Summary) -> list[str]:
    """The patterns the daily factors play no part in, most important first."""
    seen = []
    if summary.advice:
        seen.append("doctor")
    if summary.medication_overuse.level != "none":
        seen.append("medication")
    label = summary.profile.label
    if label in ("tension_type_like", "mixed"):
        seen.append("tension_type")
    if label in ("migraine_like", "chronic_migraine_like", "mixed"):
        seen.append("migraine")
    if label == "insufficient_data":
        seen.append("diary")
    neck = summary.profile.neck
    if neck.episodes >= MIN_NECK_EPISODES and (neck.share_with_neck_features or 0) >= NECK_SHARE:
        seen.append("neck")
    return seen


FACTOR_PATTERNS = ("posture", "stress", "hormones")


def with_factor_patterns(steady: list[str], named: Collection[str],
                         daily: Iterable[TriggerAssociation]) -> list[str]:
    """The steady patterns, then each factor pattern that stands out: named often (`named`),
    or a daily factor with a clearly raised headache rate."""
    daily = tuple(daily)
    return [*steady, *(p for p in FACTOR_PATTERNS if p in named or _daily_stands_out(daily, p))]


FACTORS = {
    "posture": ({"posture", "long_screen_time"}, {"posture", "screen"}),
    "stress": ({"high_stress"}, {"stress"}),
    "hormones": ({"menstruation"}, {"hormones"}),
}


def named_factor_patterns(summary: Summary) -> list[str]:
    """The factor patterns that stand out whatever the daily factors: a trigger named often,
    or (hormones) headaches gathered around menstruation."""
    return [p for p in FACTOR_PATTERNS if _named_often(summary, p)]


def _named_often(summary: Summary, pattern: str) -> bool:
    if pattern == "hormones" and summary.menstrual.status == "association":
        return True
    episode_triggers = FACTORS[pattern][1]
    return any(
        count.trigger in episode_triggers and count.headache_days_named >= MIN_NAMED_DAYS
        and (count.share or 0) >= NAMED_SHARE
        for count in summary.triggers.episode
    )


def _daily_stands_out(daily: tuple[TriggerAssociation, ...], pattern: str) -> bool:
    daily_factors = FACTORS[pattern][0]
    return any(a.factor in daily_factors and a.status == "ok" and (a.ci_low or 0) > 1
               for a in daily)


def links_to(patterns: Iterable[str]) -> list[PatternLink]:
    return [PatternLink(p, BRIDGES[p], TOPICS[p]) for p in patterns]


EPISODE_CLASS_PATTERNS = {
    "migraine_like": "migraine", "migraine_with_aura_like": "migraine",
    "probable_migraine_like": "migraine", "tension_type_like": "tension_type",
    "probable_tension_type_like": "tension_type", "incomplete": "diary",
}
EPISODE_TRIGGER_PATTERNS = {"posture": "posture", "screen": "posture", "stress": "stress",
                            "hormones": "hormones"}


def episode_patterns(result) -> list[str]:
    """The patterns one classified episode shows (its class, neck, triggers, warning signs)."""
    record = result.record
    seen = []
    if record.sudden_onset and record.intensity == 10 or record.fever or record.neuro_symptoms:
        seen.append("doctor")
    if result.label in EPISODE_CLASS_PATTERNS:
        seen.append(EPISODE_CLASS_PATTERNS[result.label])
    if record.neck_pain or record.neck_onset:
        seen.append("neck")
    for trigger in sorted(record.triggers):
        pattern = EPISODE_TRIGGER_PATTERNS.get(trigger)
        if pattern and pattern not in seen:
            seen.append(pattern)
    return seen


def episode_links(result) -> list[PatternLink]:
    return links_to(episode_patterns(result))
