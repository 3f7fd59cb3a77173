"""When to advise contacting a GP: shown to the patient, never a diagnosis.

Red flags from the diary: a sudden 10/10 headache, headache with fever or neurological
symptoms, a doubling of headache days against the period before (with at least 4 headache
days now), and medication overuse sustained for more than 3 months.
"""

from __future__ import annotations

from .days import DiaryDays
from .medication import SUSTAINED, MedicationOveruse
from .profile import MIN_RECORDED_DAYS, Profile
from .reasons import MET, Reason

MIN_HEADACHE_DAYS_FOR_CHANGE = 4

_RED_FLAGS = (
    ("advice.sudden_severe", lambda r: r.sudden_onset is True and r.intensity == 10),
    ("advice.fever", lambda r: r.fever is True),
    ("advice.neuro_symptoms", lambda r: r.neuro_symptoms is True),
)


def gp_advice(days: DiaryDays, profile: Profile, overuse: MedicationOveruse) -> tuple[Reason, ...]:
    """Reasons to advise contacting a GP for the profile's period (empty: none)."""
    now = profile.current
    episodes = [e for e in days.episodes_between(now.start, now.end) if e.record is not None]
    reasons = []
    for code, red_flag in _RED_FLAGS:
        hits = [e.day for e in episodes if red_flag(e.record)]
        if hits:
            reasons.append(Reason(code, MET, {"episodes": len(hits), "last_date": max(hits)}))
    if _headache_days_doubled(profile):
        reasons.append(Reason("advice.pattern_change", MET, {
            "before_per_28": profile.previous.headache_days_per_28,
            "now_per_28": now.headache_days_per_28,
        }))
    if overuse.level == SUSTAINED:
        reasons.append(Reason("advice.medication_overuse", MET))
    return tuple(reasons)


def _headache_days_doubled(profile: Profile) -> bool:
    """Headache days per recorded day at least doubled, with enough days on both sides."""
    now, before = profile.current, profile.previous
    if min(now.recorded_days, before.recorded_days) < MIN_RECORDED_DAYS:
        return False
    if now.headache_days < MIN_HEADACHE_DAYS_FOR_CHANGE:
        return False
    return (now.headache_days * before.recorded_days
            >= 2 * before.headache_days * now.recorded_days)
