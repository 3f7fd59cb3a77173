"""The reasons in words: one sentence per reason code the analysis can emit.

The analysis (diary/analysis) returns codes with named parameters (documented in
analysis/reasons.py REASON_PARAMS); this module is the only place their sentences live, for the
pages, the PDF, the API and the caseload. It describes patterns, never diagnoses. Strings are
literal `_l`/`ngettext` calls so `pybabel extract -k _l` finds them; numbers, dates and codes are
formatted for the current locale when a sentence is built (diary/words/formatting.py).
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from diary.words.formatting import Params, field, format_param, is_number, percent

# --- reason sentences ----------------------------------------------------------------------
# One per code of analysis/reasons.py REASON_PARAMS, with exactly its parameters.

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
    # Warning signs of one episode (what was recorded, never what it means)
    "red_flag.thunderclap": _l(
        "Reached its worst within about a minute (very sudden), pain %(intensity)s out of 10"),
    "red_flag.neuro_symptoms": _l(
        "Weakness, numbness, confusion, trouble speaking, double vision or fainting, "
        "not the usual aura"),
    "red_flag.fever": _l("Fever with the headache"),
    "red_flag.long_aura": _l(
        "An aura symptom lasted %(minutes)s minutes; one usually lasts at most %(limit)s"),
    "red_flag.first_aura": _l("The first aura recorded in the diary"),
    # Durations so far, aura per symptom, rates over recorded days (ICHD-3, issue 14).
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
    # Treatment outcomes
    "outcome.no_start": _l("No intake date and no treatment session recorded yet"),
    "outcome.recorded_days": _l(
        "%(recorded)s days recorded (at least %(required)s needed, %(missing)s more)"),
    "outcome.baseline_recorded_days": _l(
        "%(recorded)s days recorded in the 28 days before the start "
        "(at least %(required)s needed, %(missing)s more)"),
    "outcome.baseline_headache_days": _l(
        "No headache days in the 28 days before the start to compare with"),
    "outcome.no_block_with_enough_days": _l(
        "No 28-day block since %(first_day)s has enough recorded days yet "
        "(%(recorded)s of at least %(required)s in the latest)"),
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
    "outcome.recorded_days": ("recorded", lambda n, **p: ngettext(
        "%(num)d day recorded (at least %(required)s needed, %(missing)s more)",
        "%(num)d days recorded (at least %(required)s needed, %(missing)s more)", n, **p)),
    "outcome.baseline_recorded_days": ("recorded", lambda n, **p: ngettext(
        "%(num)d day recorded in the 28 days before the start "
        "(at least %(required)s needed, %(missing)s more)",
        "%(num)d days recorded in the 28 days before the start "
        "(at least %(required)s needed, %(missing)s more)", n, **p)),
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


def describe(reason) -> str:
    """The reason as a sentence in the current language (a Reason or its as_json dict).

    Never raises: a value it cannot format is shown as it is, an unknown code as the code.
    """
    code, params = field(reason, "criterion"), field(reason, "params") or {}
    try:
        return _translated(code, params)
    except Exception:  # one odd reason must never break a page
        return _plain(code, params)


def _translated(code: str, params: Mapping) -> str:
    values = Params((name, format_param(name, value)) for name, value in params.items())
    change = params.get("percent")
    if code == "treatment.reduction" and is_number(change) and change < 0:
        values["percent"] = percent(-change)
        return str(HEADACHE_DAYS_UP) % values
    count_name, plural = REASON_PLURALS.get(code, (None, None))
    count = params.get(count_name)
    if plural is not None and isinstance(count, int) and not isinstance(count, bool):
        return plural(count, **values)
    return str(REASON_MESSAGES[code]) % values


def _plain(code, params) -> str:
    """The sentence with the parameters as given, for values the formatting could not take."""
    message = REASON_MESSAGES.get(code) if isinstance(code, str) else None
    if message is None:
        return str(code or "")
    try:
        values = Params(params) if isinstance(params, Mapping) else Params()
        return str(message) % values
    except Exception:  # e.g. a value whose str() fails
        return str(code)
