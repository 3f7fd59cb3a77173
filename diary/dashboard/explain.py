"""The analysis in words: every reason code, label and status in the user's language.

The analysis (diary/analysis) returns codes with parameters; this module turns them into plain
sentences for patients and physiotherapists. It describes patterns, never diagnoses. Strings are
literal `_l`/`ngettext` calls so `pybabel extract -k _l` finds them; numbers and dates are
formatted for the current locale when a sentence is built.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import ROUND_FLOOR, Decimal

from babel.lists import format_list
from flask_babel import format_date, format_decimal, get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from diary.analysis.reasons import MET, NOT_MET, REASON_TEXT, UNKNOWN

# --- reason sentences ----------------------------------------------------------------------
# One per code of REASON_TEXT, with the same named parameters.

REASON_MESSAGES = {
    # One episode
    "episode.ongoing": _l(
        "Still going after %(hours)s hours, so this is based on what is known so far"),
    "episode.candidate": _l("Pattern: %(label)s"),
    "episode.ranked_above": _l("When both fit, %(label)s is chosen over %(other)s"),
    "episode.incomplete": _l("Cannot be described until the missing answers are filled in"),
    "episode.unclassified": _l("Does not fit any of the patterns"),
    "migraine.B.duration": _l("Lasted %(hours)s hours (migraine-like: 4 to 72 hours)"),
    "migraine.B.effective_medication": _l(
        "Lasted %(hours)s hours, but medication that worked was taken; "
        "counted as 4 to 72 hours"),
    "migraine.B.medication_effect_unknown": _l(
        "Lasted %(hours)s hours after medication; whether it helped was not recorded"),
    "migraine.C": _l(
        "%(met)s of the 4 pain features of migraine-like headache (at least %(needed)s needed)"),
    "migraine.C.one_sided": _l("Pain on one side"),
    "migraine.C.pulsating": _l("Throbbing or pulsating pain"),
    "migraine.C.moderate_or_severe": _l("Moderate or severe pain (4 to 10)"),
    "migraine.C.worse_with_activity": _l(
        "Worse with everyday activity such as walking or stairs, or you avoided it"),
    "migraine.D": _l("Nausea or vomiting, or bothered by both light and noise"),
    "migraine.D.nausea_or_vomiting": _l("Nausea or vomiting"),
    "migraine.D.light_and_sound": _l("Bothered by both light and noise"),
    "aura.B.reported": _l("Aura reported (passing disturbances such as flashes or tingling)"),
    "aura.C": _l("%(met)s of the 6 aura features (aura: at least %(needed)s needed)"),
    "aura.C.gradual": _l("The aura spread slowly, over 5 minutes or more"),
    "aura.C.succession": _l(
        "%(count)s kinds of aura symptom (aura: two or more, one after the other)"),
    "aura.C.duration": _l("The aura lasted 5 to 60 minutes"),
    "aura.C.one_sided": _l("The aura was on one side"),
    "aura.C.positive": _l("The aura had flashes of light or tingling"),
    "aura.C.headache_within_60": _l("The headache came with the aura or within 60 minutes"),
    "tension.B.duration": _l(
        "Lasted %(hours)s hours (tension-type-like: 30 minutes to 7 days)"),
    "tension.C": _l(
        "%(met)s of the 4 pain features of tension-type-like headache "
        "(at least %(needed)s needed)"),
    "tension.C.both_sides": _l("Pain on both sides"),
    "tension.C.pressing": _l("Pressing or tightening pain, like a band"),
    "tension.C.mild_or_moderate": _l("Mild or moderate pain (0 to 6)"),
    "tension.C.not_worse_with_activity": _l(
        "Not worse with everyday activity such as walking or stairs"),
    "tension.D": _l("No nausea or vomiting, and not bothered by both light and noise"),
    "tension.D.no_nausea_or_vomiting": _l("No nausea and no vomiting"),
    "tension.D.at_most_one_sensitivity": _l(
        "Bothered by light or by noise at most, not by both"),
    "tension.D.chronic_mild_nausea": _l(
        "Nausea without vomiting in a month with 15 or more headache days; "
        "counted as mild nausea"),
    "tension.D.no_sensitivity_with_nausea": _l("Not bothered by light or noise besides the nausea"),
    # One day
    "day.unrecorded": _l("Nothing recorded: no check-in and no headache"),
    "day.headache_minutes": _l(
        "Headache for %(minutes)s minutes (a headache day needs at least 30)"),
    "day.acute_medication": _l("Headache medication taken (%(count)s kinds)"),
    "day.migraine_like.features": _l(
        "Headache for %(minutes)s minutes with migraine-like features"),
    "day.migraine_like.aura": _l("Aura lasting %(minutes)s minutes"),
    "day.migraine_like.specific_medication": _l("Migraine medication taken (triptan or ergot)"),
    "day.tension_type_like": _l("Tension-type-like headache of at least 30 minutes"),
    # Profile over a period
    "profile.recorded_days": _l("%(recorded)s days recorded (at least %(required)s needed)"),
    "profile.unrecorded_days": _l(
        "%(days)s days with nothing recorded are left out of the figures"),
    "profile.migraine_attacks": _l(
        "%(count)s migraine-like attacks (at least %(required)s needed)"),
    "profile.aura_attacks": _l(
        "%(count)s migraine-like attacks with aura (at least %(required)s needed)"),
    "profile.tension_type_episodes": _l(
        "%(count)s tension-type-like headaches (at least %(required)s needed)"),
    "profile.chronic_precedence": _l(
        "Chronic migraine-like comes before tension-type-like, "
        "because tension-type-like days are part of it"),
    "profile.mixed": _l(
        "Both kinds: %(migraine_attacks)s migraine-like attacks and "
        "%(tension_type_episodes)s tension-type-like headaches"),
    "neck.features": _l(
        "%(with_features)s of %(episodes)s headaches had neck pain or started in the neck"),
    "neck.same_side": _l("All %(episodes)s one-sided headaches were on the %(side)s"),
    "neck.sides_differ": _l(
        "One-sided headaches were not always on the same side (%(episodes)s headaches)"),
    "neck.same_side_unknown": _l(
        "Too few one-sided headaches to tell whether they keep to one side (%(episodes)s)"),
    # Medication overuse
    "overuse.class_over": _l(
        "%(drug_class)s taken on %(days)s days in 30 (the limit is %(threshold)s days)"),
    "overuse.class_approaching": _l(
        "%(drug_class)s taken on %(days)s days in 30, close to the limit of %(threshold)s days"),
    "overuse.multiple_classes": _l(
        "%(classes)s kinds of headache medication together on %(days)s days in 30 "
        "(the limit is %(threshold)s days)"),
    "overuse.multiple_classes_approaching": _l(
        "%(classes)s kinds of headache medication together on %(days)s days in 30, "
        "close to the limit of %(threshold)s days"),
    "overuse.below_limits": _l("Headache medication on %(days)s days in 30, below the limits"),
    "overuse.months_over": _l("Over a limit in %(months)s of the last %(required)s months"),
    "overuse.unrecorded_days": _l("%(days)s of the last 30 days were not recorded"),
    # Menstrual association
    "menstrual.cycles": _l("%(cycles)s menstrual cycles recorded (at least %(required)s needed)"),
    "menstrual.cycles_with_attack": _l(
        "A migraine-like attack from 2 days before a period until its third day "
        "in %(cycles_with_attack)s of %(cycles)s cycles"),
    "menstrual.attacks_in_window": _l(
        "%(in_window)s of %(attacks)s migraine-like attacks came from 2 days before a period "
        "until its third day"),
    "menstrual.attacks_outside_window": _l(
        "%(outside)s migraine-like attacks at other times of the cycle"),
    # Triggers: observations, not causes
    "trigger.recorded_days": _l("%(recorded)s days recorded (at least %(required)s needed)"),
    "trigger.headache_days": _l("%(days)s headache days (at least %(required)s needed)"),
    "trigger.present_days": _l("Present on %(days)s recorded days (at least %(required)s needed)"),
    "trigger.absent_days": _l("Absent on %(days)s recorded days (at least %(required)s needed)"),
    "trigger.risk_ratio": _l(
        "Headache days came %(risk_ratio)s times as often (95%% interval: %(low)s to %(high)s)"),
    "trigger.haldane": _l("0.5 was added to each count because one count was zero"),
    "trigger.named_on_headache_days": _l(
        "Named on %(days)s of %(headache_days)s headache days (%(percent)s%%)"),
    # Treatment response
    "treatment.no_sessions": _l("No treatment sessions recorded yet"),
    "treatment.windows_overlap": _l(
        "The latest 28 days (from %(latest_start)s) overlap the 28 days before the first "
        "session on %(first_session)s"),
    "treatment.baseline_recorded_days": _l(
        "%(recorded)s days recorded in the 28 days before treatment "
        "(at least %(required)s needed)"),
    "treatment.latest_recorded_days": _l(
        "%(recorded)s days recorded in the latest 28 days (at least %(required)s needed)"),
    "treatment.baseline_headache_days": _l("No headache days before treatment to compare with"),
    "treatment.reduction": _l(
        "Headache days went down by %(percent)s%% (a clear response: %(required)s%% or more)"),
    # When to contact a GP
    "advice.sudden_severe": _l(
        "%(episodes)s very sudden, very severe headaches (10 out of 10), "
        "the last on %(last_date)s"),
    "advice.fever": _l("%(episodes)s headaches with fever, the last on %(last_date)s"),
    "advice.neuro_symptoms": _l(
        "%(episodes)s headaches with weakness, confusion, fainting or loss of speech, "
        "the last on %(last_date)s"),
    "advice.pattern_change": _l(
        "Headache days went from %(before_per_28)s to %(now_per_28)s per 28 days"),
    "advice.medication_overuse": _l("Headache medication over the limits for more than 3 months"),
    # Issue 14 (branch clinical): the clinical rules at their boundaries.
    "migraine.B.so_far": _l(
        "Still going: %(hours)s hours so far. Whether it lasts 4 to 72 hours, as migraine-like "
        "headache does, is known once it has ended"),
    "tension.B.so_far": _l(
        "Still going: %(hours)s hours so far. Whether it lasts 30 minutes to 7 days, as "
        "tension-type-like headache does, is known once it has ended"),
    "aura.C.duration_each": _l(
        "Each of the %(count)s aura symptoms lasted 5 to 60 minutes "
        "(from %(shortest)s to %(longest)s minutes)"),
    "aura.C.duration_not_per_symptom": _l(
        "%(count)s kinds of aura symptom, but not how long each one lasted"),
    "day.migraine_like.aura_symptoms": _l(
        "An aura of %(count)s symptoms, each lasting 5 to 60 minutes "
        "(from %(shortest)s to %(longest)s minutes)"),
    "profile.chronic.headache_rate": _l(
        "Headache on %(days)s of %(recorded)s recorded days, about %(per_year)s days a year "
        "(a chronic pattern: %(required)s days a year or more, that is 15 a month)"),
    "profile.chronic.migraine_like_rate": _l(
        "Migraine-like headache on %(days)s of %(recorded)s recorded days, about "
        "%(per_year)s days a year (chronic migraine-like: %(required)s days a year or more, "
        "that is 8 a month)"),
    "profile.recorded_over_3_months": _l(
        "%(recorded)s days recorded from %(first_day)s to %(last_day)s; a pattern over more "
        "than 3 months needs more than 90 recorded days"),
    "profile.tension_band": _l(
        "Tension-type-like headache on %(days)s of %(recorded)s recorded days, about "
        "%(per_year)s days a year: %(band)s"),
    "overuse.headache_rate": _l(
        "Headache on %(days)s of %(recorded)s recorded days from %(first_day)s to "
        "%(last_day)s, about %(per_year)s days a year (for overuse: %(required)s days a year "
        "or more, that is 15 a month)"),
    "treatment.increase": _l(
        "Headache days went up by %(percent)s%% (a clear response: down by %(required)s%% "
        "or more)"),
}

# Headache days can go up as well as down; "down by -20%" would be no way to say so.
HEADACHE_DAYS_UP = _l(
    "Headache days went up by %(percent)s%% (a clear response: down by %(required)s%% or more)")

# Codes whose wording changes with a count: (the count's parameter, the sentence for it).
# describe() prefers these to REASON_MESSAGES whenever the count is a whole number.
REASON_PLURALS = {
    "aura.C.succession": ("count", lambda n, **p: ngettext(
        "%(num)d kind of aura symptom (aura: two or more, one after the other)",
        "%(num)d kinds of aura symptom (aura: two or more, one after the other)", n, **p)),
    "day.acute_medication": ("count", lambda n, **p: ngettext(
        "Headache medication taken (%(num)d kind)",
        "Headache medication taken (%(num)d kinds)", n, **p)),
    "profile.recorded_days": ("recorded", lambda n, **p: ngettext(
        "%(num)d day recorded (at least %(required)s needed)",
        "%(num)d days recorded (at least %(required)s needed)", n, **p)),
    "profile.unrecorded_days": ("days", lambda n, **p: ngettext(
        "%(num)d day with nothing recorded is left out of the figures",
        "%(num)d days with nothing recorded are left out of the figures", n, **p)),
    "profile.migraine_attacks": ("count", lambda n, **p: ngettext(
        "%(num)d migraine-like attack (at least %(required)s needed)",
        "%(num)d migraine-like attacks (at least %(required)s needed)", n, **p)),
    "profile.aura_attacks": ("count", lambda n, **p: ngettext(
        "%(num)d migraine-like attack with aura (at least %(required)s needed)",
        "%(num)d migraine-like attacks with aura (at least %(required)s needed)", n, **p)),
    "profile.tension_type_episodes": ("count", lambda n, **p: ngettext(
        "%(num)d tension-type-like headache (at least %(required)s needed)",
        "%(num)d tension-type-like headaches (at least %(required)s needed)", n, **p)),
    "neck.features": ("episodes", lambda n, **p: ngettext(
        "%(with_features)s of %(num)d headache had neck pain or started in the neck",
        "%(with_features)s of %(num)d headaches had neck pain or started in the neck", n, **p)),
    "overuse.below_limits": ("days", lambda n, **p: ngettext(
        "Headache medication on %(num)d day in 30, below the limits",
        "Headache medication on %(num)d days in 30, below the limits", n, **p)),
    "overuse.unrecorded_days": ("days", lambda n, **p: ngettext(
        "%(num)d of the last 30 days was not recorded",
        "%(num)d of the last 30 days were not recorded", n, **p)),
    "menstrual.cycles": ("cycles", lambda n, **p: ngettext(
        "%(num)d menstrual cycle recorded (at least %(required)s needed)",
        "%(num)d menstrual cycles recorded (at least %(required)s needed)", n, **p)),
    "menstrual.attacks_in_window": ("attacks", lambda n, **p: ngettext(
        "%(in_window)s of %(num)d migraine-like attack came from 2 days before a period "
        "until its third day",
        "%(in_window)s of %(num)d migraine-like attacks came from 2 days before a period "
        "until its third day", n, **p)),
    "menstrual.attacks_outside_window": ("outside", lambda n, **p: ngettext(
        "%(num)d migraine-like attack at another time of the cycle",
        "%(num)d migraine-like attacks at other times of the cycle", n, **p)),
    "trigger.recorded_days": ("recorded", lambda n, **p: ngettext(
        "%(num)d day recorded (at least %(required)s needed)",
        "%(num)d days recorded (at least %(required)s needed)", n, **p)),
    "trigger.headache_days": ("days", lambda n, **p: ngettext(
        "%(num)d headache day (at least %(required)s needed)",
        "%(num)d headache days (at least %(required)s needed)", n, **p)),
    "trigger.present_days": ("days", lambda n, **p: ngettext(
        "Present on %(num)d recorded day (at least %(required)s needed)",
        "Present on %(num)d recorded days (at least %(required)s needed)", n, **p)),
    "trigger.absent_days": ("days", lambda n, **p: ngettext(
        "Absent on %(num)d recorded day (at least %(required)s needed)",
        "Absent on %(num)d recorded days (at least %(required)s needed)", n, **p)),
    "trigger.named_on_headache_days": ("headache_days", lambda n, **p: ngettext(
        "Named on %(days)s of %(num)d headache day (%(percent)s%%)",
        "Named on %(days)s of %(num)d headache days (%(percent)s%%)", n, **p)),
    "treatment.baseline_recorded_days": ("recorded", lambda n, **p: ngettext(
        "%(num)d day recorded in the 28 days before treatment (at least %(required)s needed)",
        "%(num)d days recorded in the 28 days before treatment (at least %(required)s needed)",
        n, **p)),
    "treatment.latest_recorded_days": ("recorded", lambda n, **p: ngettext(
        "%(num)d day recorded in the latest 28 days (at least %(required)s needed)",
        "%(num)d days recorded in the latest 28 days (at least %(required)s needed)", n, **p)),
    "advice.sudden_severe": ("episodes", lambda n, **p: ngettext(
        "%(num)d very sudden, very severe headache (10 out of 10), on %(last_date)s",
        "%(num)d very sudden, very severe headaches (10 out of 10), the last on %(last_date)s",
        n, **p)),
    "advice.fever": ("episodes", lambda n, **p: ngettext(
        "%(num)d headache with fever, on %(last_date)s",
        "%(num)d headaches with fever, the last on %(last_date)s", n, **p)),
    "advice.neuro_symptoms": ("episodes", lambda n, **p: ngettext(
        "%(num)d headache with weakness, confusion, fainting or loss of speech, "
        "on %(last_date)s",
        "%(num)d headaches with weakness, confusion, fainting or loss of speech, "
        "the last on %(last_date)s", n, **p)),
}

STATUS_LABELS = {MET: _l("fits"), NOT_MET: _l("does not fit"), UNKNOWN: _l("not known yet")}

# --- labels --------------------------------------------------------------------------------
# Lower case where the label is used inside a sentence (episode labels, bands, sides).

EPISODE_LABELS = {
    "migraine_like": _l("migraine-like"),
    "migraine_with_aura_like": _l("migraine-like with aura"),
    "probable_migraine_like": _l("probable migraine-like"),
    "tension_type_like": _l("tension-type-like"),
    "probable_tension_type_like": _l("probable tension-type-like"),
    "unclassified": _l("no clear pattern"),
    "incomplete": _l("needs more answers"),
}
PROFILE_LABELS = {
    "migraine_like": _l("Migraine-like"),
    "tension_type_like": _l("Tension-type-like"),
    "chronic_migraine_like": _l("Chronic migraine-like"),
    "mixed": _l("Mixed: migraine-like and tension-type-like"),
    "insufficient_data": _l("Not enough data yet"),
}
BANDS = {"infrequent": _l("infrequent"), "frequent": _l("frequent"), "chronic": _l("chronic")}
BAND_DETAILS = {
    "infrequent": _l("infrequent: less than 1 day a month"),
    "frequent": _l("frequent: 1 to 14 days a month"),
    "chronic": _l("chronic: 15 or more days a month"),
}
OVERUSE_LEVELS = {
    "none": _l("No sign of medication overuse"),
    "approaching": _l("Close to a medication limit"),
    "over_threshold": _l("Over a medication limit"),
    "sustained": _l("Over a medication limit for more than 3 months"),
}
MENSTRUAL_STATUSES = {
    "not_enough_cycles": _l("Not enough cycles recorded yet"),
    "association": _l("Attacks often come around the start of your period"),
    "no_association": _l("No link with your period seen"),
}
MENSTRUAL_PATTERNS = {
    "pure_menstrual_like": _l("Attacks only around your period"),
    "menstrually_related_like": _l("Attacks around your period and at other times"),
}
FACTOR_NAMES = {
    "high_stress": _l("High stress (7 or more out of 10)"),
    "long_screen_time": _l("6 hours or more of screen time"),
    "short_sleep": _l("Less than 6 hours of sleep"),
    "menstruation": _l("Menstruation (period)"),
    "posture": _l("Long computer work or a poor posture"),
}
TRIGGER_NAMES = {
    "posture": _l("Posture"), "stress": _l("Stress"), "screen": _l("Screen time"),
    "hormones": _l("Hormones / menstruation"), "food": _l("Food or drink"),
    "sleep": _l("Too little or poor sleep"), "alcohol": _l("Alcohol"),
    "skipped_meal": _l("Skipped meal"), "weather": _l("Weather"),
    "exertion": _l("Physical exertion"), "other": _l("Something else"),
}
LAGS = {0: _l("on the same day"), 1: _l("on the day after")}
TRIGGER_STATUSES = {"ok": _l("Enough data"), "not_enough_data": _l("Not enough data yet")}
DRUG_CLASSES = {
    "paracetamol": _l("Paracetamol"), "aspirin": _l("Aspirin"),
    "nsaid": _l("Anti-inflammatory painkillers (such as ibuprofen)"),
    "triptan": _l("Triptans"), "ergot": _l("Ergots"), "opioid": _l("Opioids"),
    "combination": _l("Combination painkillers"), "other": _l("Other medication"),
    "non_opioid": _l("Paracetamol, aspirin and anti-inflammatory painkillers together"),
}
TREATMENT_STATUSES = {
    "response": _l("Headache days halved or better"),
    "no_response": _l("Headache days not halved"),
    "not_enough_data": _l("Not enough data yet"),
}
SIDES = {"left": _l("left side"), "right": _l("right side"), "both": _l("both sides"),
         "varies": _l("changing sides")}
# Headache days in the last 28 days against the 28 before (analysis/overview.py).
TRENDS = {"fewer": _l("Fewer"), "about_the_same": _l("About the same"), "more": _l("More"),
          "not_enough_data": _l("Not enough data yet")}

LABELS = {
    "status": STATUS_LABELS, "episode": EPISODE_LABELS, "profile": PROFILE_LABELS,
    "band": BANDS, "overuse": OVERUSE_LEVELS, "menstrual_status": MENSTRUAL_STATUSES,
    "menstrual_pattern": MENSTRUAL_PATTERNS, "factor": FACTOR_NAMES, "trigger": TRIGGER_NAMES,
    "lag": LAGS, "trigger_status": TRIGGER_STATUSES, "drug_class": DRUG_CLASSES,
    "treatment": TREATMENT_STATUSES, "side": SIDES, "trend": TRENDS,
}
# Reason parameters that hold a code rather than a number.
_CODE_PARAMS = {"label": EPISODE_LABELS, "other": EPISODE_LABELS, "band": BANDS,
                "side": SIDES, "drug_class": DRUG_CLASSES}
_DATE_PARAMS = frozenset({"last_date", "first_session", "latest_start", "first_day",
                          "last_day"})
_PLACES = {"risk_ratio": 2, "low": 2, "high": 2}  # other numbers get one decimal
_BLANK = "–"

NOT_A_DIAGNOSIS = _l("This describes patterns in what you recorded. It is not a diagnosis.")


def label(domain: str, code) -> str:
    """The translated label of `code` in one of LABELS' domains; the code itself if unknown."""
    found = LABELS.get(domain, {}).get(code)
    return str(code) if found is None else str(found)


def status_label(status: str) -> str:
    """"fits", "does not fit" or "not known yet" for a reason's status."""
    return label("status", status)


# --- reasons in words ----------------------------------------------------------------------

class _Params(dict):
    """Formatted parameters; a missing one shows as a dash instead of breaking the sentence."""

    def __missing__(self, key):
        return _BLANK


def describe(reason) -> str:
    """The reason as a sentence in the current language (a Reason or its as_json dict).

    Never raises: a code or value it cannot word falls back to the English REASON_TEXT.
    """
    code, params = _field(reason, "criterion"), _field(reason, "params") or {}
    try:
        return _translated(code, params)
    except Exception:  # one odd reason must never break a page
        return _english(code, params)


def _translated(code: str, params: Mapping) -> str:
    values = _Params((name, _format(name, value)) for name, value in params.items())
    percent = params.get("percent")
    if code == "treatment.reduction" and _is_number(percent) and percent < 0:
        values["percent"] = _percent(-percent)
        return str(HEADACHE_DAYS_UP) % values
    count_name, plural = REASON_PLURALS.get(code, (None, None))
    count = params.get(count_name)
    if plural is not None and isinstance(count, int) and not isinstance(count, bool):
        return plural(count, **values)
    return str(REASON_MESSAGES[code]) % values


def _english(code, params: Mapping) -> str:
    template = REASON_TEXT.get(code) if isinstance(code, str) else None
    if template is None:
        return str(code or "")
    try:
        return template.format_map(_Params(params))
    except Exception:  # e.g. a format spec the value does not support
        return template


def _format(name: str, value) -> str:
    """One parameter for the current locale; KeyError for a code this module does not know."""
    if value is None:
        return _BLANK
    if name in _CODE_PARAMS:
        return str(_CODE_PARAMS[name][value])
    if isinstance(value, date) or name in _DATE_PARAMS:
        return format_date(_as_date(value), "medium")
    if not _is_number(value):
        return str(value)
    if name == "percent":
        return _percent(value)
    if isinstance(value, int):
        return format_decimal(value)
    return _decimal(value, _PLACES.get(name, 1))


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _decimal(value: float, places: int) -> str:
    # Rounded down, so 14.97 days never shows as "15" next to "15 or more: does not fit".
    step = Decimal(1).scaleb(-places)
    exact = Decimal(str(value)).quantize(step, rounding=ROUND_FLOOR)
    return format_decimal(exact, format="#,##0." + "#" * places)


def _percent(value: float) -> str:
    # Whole numbers, cut towards zero: a 49.6% reduction must not read as the 50% needed.
    return format_decimal(int(value))


def _as_date(value) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        return datetime.fromisoformat(value).date()


def _field(obj, name: str):
    """An attribute of a result, or the same key of its as_json dict."""
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


# --- the profile in one sentence ------------------------------------------------------------

def profile_headline(profile) -> str:
    """One plain sentence for the profile's label (a Profile or its as_json dict); "" if unknown."""
    name = _field(profile, "label")
    figures = _field(profile, "current")
    try:
        headline = _HEADLINES.get(name)
        return "" if headline is None else headline(_field(profile, "band"), figures)
    except Exception:  # missing figures: better no headline than a broken page
        return ""


def _most(count, figures) -> bool:
    """More than half of all the period's episodes."""
    return 2 * count > (_field(figures, "episodes") or 0)


def _migraine_headline(band, figures) -> str:
    attacks = _field(figures, "migraine_like_attacks")
    if _most(attacks, figures):
        return ngettext("Most of your headaches fit a migraine-like pattern "
                        "(%(num)d migraine-like attack).",
                        "Most of your headaches fit a migraine-like pattern "
                        "(%(num)d migraine-like attacks).", attacks)
    return ngettext("Some of your headaches fit a migraine-like pattern "
                    "(%(num)d migraine-like attack).",
                    "Some of your headaches fit a migraine-like pattern "
                    "(%(num)d migraine-like attacks).", attacks)


def _tension_headline(band, figures) -> str:
    detail = str(BAND_DETAILS[band])
    if _most(_field(figures, "tension_type_like_episodes"), figures):
        return _("Most of your headaches fit a tension-type-like pattern (%(band)s).",
                 band=detail)
    return _("Many of your headaches fit a tension-type-like pattern (%(band)s).", band=detail)


def _chronic_headline(band, figures) -> str:
    return _("Your diary shows a chronic migraine-like pattern: headache on %(headache)s days "
             "per 28 days, %(migraine)s of them migraine-like.",
             headache=_format("per_28", _field(figures, "headache_days_per_28")),
             migraine=_format("per_28", _field(figures, "migraine_like_days_per_28")))


def _mixed_headline(band, figures) -> str:
    return _("Your diary shows both migraine-like attacks (%(migraine)s) and "
             "tension-type-like headaches (%(tension)s).",
             migraine=format_decimal(_field(figures, "migraine_like_attacks")),
             tension=format_decimal(_field(figures, "tension_type_like_episodes")))


def _insufficient_headline(band, figures) -> str:
    return _("There is not enough in your diary yet to describe a pattern.")


_HEADLINES = {
    "migraine_like": _migraine_headline, "tension_type_like": _tension_headline,
    "chronic_migraine_like": _chronic_headline, "mixed": _mixed_headline,
    "insufficient_data": _insufficient_headline,
}

# Pain features, in the order a clinician lists them, as they read after "were".
_MIGRAINE_FEATURES = {
    "migraine.C.one_sided": _l("on one side"),
    "migraine.C.pulsating": _l("throbbing"),
    "migraine.C.moderate_or_severe": _l("moderate to severe"),
    "migraine.C.worse_with_activity": _l("worse with everyday activity"),
    "migraine.D.nausea_or_vomiting": _l("with nausea or vomiting"),
    "migraine.D.light_and_sound": _l("bothered by both light and noise"),
}
_TENSION_FEATURES = {
    "tension.C.both_sides": _l("on both sides"),
    "tension.C.pressing": _l("pressing"),
    "tension.C.mild_or_moderate": _l("mild to moderate"),
    "tension.C.not_worse_with_activity": _l("not worse with everyday activity"),
    "tension.D.no_nausea_or_vomiting": _l("without nausea or vomiting"),
}
_MIGRAINE_EPISODES = frozenset({"migraine_like", "migraine_with_aura_like",
                                "probable_migraine_like"})
_TENSION_EPISODES = frozenset({"tension_type_like", "probable_tension_type_like"})


def profile_summary_sentence(summary) -> str:
    """The pain features most of the period's headaches had, and the pattern they fit.

    Counts each feature over every episode of the period (unanswered counts as not met), so
    "most" is true of the patient's headaches; for a mixed profile, over each kind separately.
    Returns "" when no feature was met by more than half.
    """
    try:
        label_ = _field(_field(summary, "profile"), "label")
        episodes = list(_field(summary, "episodes") or ())
        return _summary_for(label_, episodes)
    except Exception:  # a summary we cannot read: say nothing rather than something wrong
        return ""


def _summary_for(profile_label: str, episodes: list) -> str:
    if profile_label == "tension_type_like":
        features = _common_features(episodes, _TENSION_FEATURES)
        return _("Most of your headaches were %(features)s: this fits a tension-type-like "
                 "pattern.", features=features) if features else ""
    if profile_label in ("migraine_like", "chronic_migraine_like"):
        features = _common_features(episodes, _MIGRAINE_FEATURES)
        return _("Most of your headaches were %(features)s: this fits a migraine-like "
                 "pattern.", features=features) if features else ""
    if profile_label != "mixed":
        return ""
    sentences = []
    migraine = _common_features(_of_kind(episodes, _MIGRAINE_EPISODES), _MIGRAINE_FEATURES)
    if migraine:
        sentences.append(_("Your migraine-like attacks were mostly %(features)s.",
                           features=migraine))
    tension = _common_features(_of_kind(episodes, _TENSION_EPISODES), _TENSION_FEATURES)
    if tension:
        sentences.append(_("Your tension-type-like headaches were mostly %(features)s.",
                           features=tension))
    return " ".join(sentences)


def _of_kind(episodes: list, labels: frozenset[str]) -> list:
    return [e for e in episodes if _field(e, "label") in labels]


def _common_features(episodes: list, phrases: dict) -> str:
    """The phrases of the features met in more than half of the episodes, as a list."""
    if not episodes:
        return ""
    counts = dict.fromkeys(phrases, 0)
    for episode in episodes:
        met = {_field(r, "criterion") for r in _field(episode, "reasons") or ()
               if _field(r, "status") == MET}
        for code in met & counts.keys():
            counts[code] += 1
    common = [str(phrases[code]) for code, n in counts.items() if 2 * n > len(episodes)]
    return format_list(common, locale=get_locale()) if common else ""
