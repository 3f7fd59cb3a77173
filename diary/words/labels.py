"""One label for every code in the app: the words for what the diary stores and the analysis says.

The codes are defined in diary/analysis (vocabulary.py and the analysis modules); here each gets
the single text a user sees, on the form, the dashboard, the PDF, the API's descriptions and the
caseload alike. Labels are written as they stand on their own (a form option, a table cell);
`inline()` gives the form used inside a sentence. Strings are literal `_l` calls so
`pybabel extract -k _l` finds them.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from diary.analysis.reasons import MET, NOT_MET, UNKNOWN

# A reason line reads "yes: Pain on one side", "no: 3 days recorded (at least 14 needed)".
STATUS_LABELS = {MET: _l("yes"), NOT_MET: _l("no"), UNKNOWN: _l("not known yet")}

# --- what the patient records ----------------------------------------------------------------

SIDE_LABELS = {"left": _l("Left side"), "right": _l("Right side"), "both": _l("Both sides"),
               "varies": _l("It varies")}
LOCATION_LABELS = {
    "forehead": _l("Forehead"), "temples": _l("Temples"), "behind_eyes": _l("Behind the eyes"),
    "top": _l("Top of the head"), "back_of_head": _l("Back of the head"), "neck": _l("Neck"),
}
QUALITY_LABELS = {"pulsating": _l("Pulsating or throbbing"),
                  "pressing": _l("Pressing or tightening (like a band)"),
                  "other": _l("Something else")}
AURA_TYPE_LABELS = {"visual": _l("Seeing things (flashes, zigzags, blind spots)"),
                    "sensory": _l("Feeling things (tingling, numbness)"),
                    "speech": _l("Trouble speaking or finding words"),
                    "other": _l("Something else")}
TRIGGER_NAMES = {
    "posture": _l("Posture"), "stress": _l("Stress"), "screen": _l("Screen time"),
    "hormones": _l("Hormones / menstruation"), "food": _l("Food or drink"),
    "sleep": _l("Too little or poor sleep"), "alcohol": _l("Alcohol"),
    "skipped_meal": _l("Skipped meal"), "weather": _l("Weather"),
    "exertion": _l("Physical exertion"), "other": _l("Something else"),
}
# Singular and without brackets, so "Sumatriptan (triptan)" and "Triptan taken on 12 days"
# both read well; the form adds DRUG_CLASS_EXAMPLES to help the patient choose.
DRUG_CLASSES = {
    "paracetamol": _l("Paracetamol"), "aspirin": _l("Aspirin"),
    "nsaid": _l("Anti-inflammatory painkiller"), "triptan": _l("Triptan"),
    "ergot": _l("Ergot"), "opioid": _l("Opioid"),
    "combination": _l("Combination painkiller"), "other": _l("Other medication"),
    # The one class ICHD-3 8.2.3 counts paracetamol, aspirin and NSAIDs in, for overuse.
    "non_opioid": _l("Paracetamol, aspirin and anti-inflammatory painkillers together"),
}
DRUG_CLASS_EXAMPLES = {
    "nsaid": _l("ibuprofen, naproxen, diclofenac"), "triptan": _l("sumatriptan, rizatriptan"),
    "ergot": _l("ergotamine"), "opioid": _l("codeine, tramadol"),
    "combination": _l("with caffeine or codeine"),
}
EFFECT_LABELS = {"none": _l("No effect"), "some": _l("Some effect"), "good": _l("Good effect")}
# Questions shown as "still to answer" on an incomplete episode, and symptom names.
QUESTION_LABELS = {
    "side": _l("side"), "quality": _l("what the pain felt like"),
    "worse_with_activity": _l("worse with activity"), "nausea": _l("nausea"),
    "vomiting": _l("vomiting"), "light_sensitivity": _l("light"),
    "sound_sensitivity": _l("noise"), "aura": _l("aura"), "neck_pain": _l("neck"),
}

# --- what the physiotherapist records ----------------------------------------------------------

TREATMENT_KIND_LABELS = {
    "dry_needling": _l("Dry needling"), "manual_therapy": _l("Manual therapy"),
    "exercise_therapy": _l("Exercise therapy"), "advice": _l("Advice"),
}
MUSCLE_LABELS = {
    "upper_trapezius": _l("Upper trapezius"), "suboccipitals": _l("Suboccipital muscles"),
    "sternocleidomastoid": _l("Sternocleidomastoid"), "levator_scapulae": _l("Levator scapulae"),
    "splenius_capitis": _l("Splenius capitis"), "temporalis": _l("Temporalis"),
    "masseter": _l("Masseter"),
}
# The patient's answer some days after a session (analysis/perceived.py), worst to best.
PERCEIVED_EFFECT_LABELS = {
    "much_worse": _l("Much worse"), "worse": _l("Worse"),
    "a_little_worse": _l("A little worse"), "no_change": _l("No real change"),
    "a_little_better": _l("A little better"), "better": _l("Better"),
    "much_better": _l("Much better"),
}

# --- what the analysis says --------------------------------------------------------------------
# Lower case where the label is used inside a sentence (episode labels, bands).

EPISODE_LABELS = {
    "migraine_like": _l("migraine-like"),
    "migraine_with_aura_like": _l("migraine-like with aura"),
    "probable_migraine_like": _l("nearly migraine-like (one feature short)"),
    "tension_type_like": _l("tension-type-like"),
    "probable_tension_type_like": _l("nearly tension-type-like (one feature short)"),
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
# What the band computes: ICHD-3's yearly thresholds (12 and 180 days a year) as a share of
# recorded days, which is about 1 and about 14 days per 28 recorded days.
BAND_DETAILS = {
    "infrequent": _l("infrequent: under about 1 day per 28 recorded days, under 12 a year"),
    "frequent": _l("frequent: about 1 to 13 days per 28 recorded days, 12 to 179 a year"),
    "chronic": _l("chronic: about 14 or more days per 28 recorded days, 180 or more a year"),
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
LAGS = {0: _l("on the same day"), 1: _l("on the day after")}
TRIGGER_STATUSES = {"ok": _l("Enough data"), "not_enough_data": _l("Not enough data yet")}
TREATMENT_STATUSES = {
    "response": _l("Headache days halved or better"),
    "no_response": _l("Headache days not halved"),
    "not_enough_data": _l("Not enough data yet"),
}
# Without a halving, the direction says what happened: a rise is called a rise.
TREATMENT_DIRECTIONS = {
    "fewer": _l("Fewer headache days, but not halved"),
    "same": _l("As many headache days as before treatment"),
    "more": _l("More headache days than before treatment"),
}
# Headache days in the last 28 days against the 28 before (analysis/overview.py).
TRENDS = {"fewer": _l("Fewer"), "about_the_same": _l("About the same"), "more": _l("More"),
          "not_enough_data": _l("Not enough data yet")}
# The colour of one day on the calendar (see diary/pages/charts.py day_kind()).
DAY_KIND_LABELS = {
    "migraine_like": _l("Migraine-like day"), "tension_type_like": _l("Tension-type-like day"),
    "other_headache": _l("Other headache day"), "headache_free": _l("No headache"),
    "unrecorded": _l("Not recorded"),
}

# The one table: domain -> code -> label.
LABELS = {
    "status": STATUS_LABELS, "side": SIDE_LABELS, "location": LOCATION_LABELS,
    "quality": QUALITY_LABELS, "aura_type": AURA_TYPE_LABELS, "trigger": TRIGGER_NAMES,
    "drug_class": DRUG_CLASSES, "effect": EFFECT_LABELS, "question": QUESTION_LABELS,
    "treatment_kind": TREATMENT_KIND_LABELS, "muscle": MUSCLE_LABELS,
    "episode": EPISODE_LABELS, "profile": PROFILE_LABELS, "band": BANDS,
    "band_detail": BAND_DETAILS, "overuse": OVERUSE_LEVELS,
    "menstrual_status": MENSTRUAL_STATUSES, "menstrual_pattern": MENSTRUAL_PATTERNS,
    "factor": FACTOR_NAMES, "lag": LAGS, "trigger_status": TRIGGER_STATUSES,
    "treatment": TREATMENT_STATUSES, "treatment_direction": TREATMENT_DIRECTIONS,
    "trend": TRENDS, "day_kind": DAY_KIND_LABELS, "perceived_effect": PERCEIVED_EFFECT_LABELS,
}

NOT_A_DIAGNOSIS = _l("This describes patterns in what you recorded. It is not a diagnosis.")


def label(domain: str, code) -> str:
    """The translated label of `code` in one of LABELS' domains; the code itself if unknown.

    A blank code (None or "") gives "" so templates can write `label(...) or _("not recorded")`.
    """
    if code is None or code == "":
        return ""
    found = LABELS[domain].get(code)
    return str(code) if found is None else str(found)


def label_list(domain: str, codes: Iterable) -> str:
    """Several codes of one domain as a comma-separated list of labels."""
    return ", ".join(label(domain, code) for code in codes)


def status_label(status: str) -> str:
    """"fits", "does not fit" or "not known yet" for a reason's status."""
    return label("status", status)


def inline(text: str) -> str:
    """A stand-alone label as it reads inside a sentence: "Left side" -> "left side"."""
    return text[:1].lower() + text[1:]


def choices(domain: str, codes: Iterable[str]) -> list[tuple[str, LazyString]]:
    """Form choices for `codes`, in their order, each with its one label (translated lazily)."""
    return [(code, LABELS[domain][code]) for code in codes]


def drug_class_option(code: str) -> str:
    """The drug class as a form option: its label, with examples when it has them."""
    examples = DRUG_CLASS_EXAMPLES.get(code)
    if examples is None:
        return label("drug_class", code)
    return _("%(label)s (e.g. %(examples)s)", label=label("drug_class", code),
             examples=str(examples))


def drug_class_choices(codes: Iterable[str]) -> list[tuple[str, LazyString]]:
    """The medication form's class choices: the label once, examples in brackets."""
    return [(code, LazyString(drug_class_option, code)) for code in codes]


def medication_text(name: str, drug_class: str) -> str:
    """"Sumatriptan (triptan)": the name, then the class once; just the name if they agree."""
    kind = label("drug_class", drug_class)
    if not kind or name.strip().lower() == kind.lower():
        return name
    return _("%(name)s (%(drug_class)s)", name=name, drug_class=inline(kind))


def yes_no(value: bool | None) -> str:
    """"yes", "no" or "not recorded" for a yes/no diary answer."""
    if value is None:
        return _("not recorded")
    return _("yes") if value else _("no")

