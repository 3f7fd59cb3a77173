"""The profile in words: one headline for its label and one sentence on the common features.

Both take an analysis result or its as_json dict, and say nothing ("") rather than something
wrong when the result cannot be read.
"""

from __future__ import annotations

from babel.lists import format_list
from flask_babel import format_decimal, get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from diary.analysis.reasons import MET
from diary.words.formatting import field as _field
from diary.words.formatting import format_param as _format
from diary.words.labels import BAND_DETAILS, TREATMENT_DIRECTIONS, label


def profile_headline(profile) -> str:
    """One plain sentence for the profile's label (a Profile or its as_json dict); "" if unknown."""
    name = _field(profile, "label")
    figures = _field(profile, "current")
    try:
        headline = _HEADLINES.get(name)
        return "" if headline is None else headline(_field(profile, "band"), figures,
                                                    _field(profile, "chronic_span"))
    except Exception:  # missing figures: better no headline than a broken page
        return ""


def _most(count, figures) -> bool:
    """More than half of all the period's episodes."""
    return 2 * count > (_field(figures, "episodes") or 0)


def _migraine_headline(band, figures, span) -> str:
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


def _tension_headline(band, figures, span) -> str:
    detail = str(BAND_DETAILS[band])
    if _most(_field(figures, "tension_type_like_episodes"), figures):
        return _("Most of your headaches fit a tension-type-like pattern (%(band)s).",
                 band=detail)
    return _("Many of your headaches fit a tension-type-like pattern (%(band)s).", band=detail)


def _chronic_headline(band, figures, span) -> str:
    # Judged over the chronic span (at least four months), so say it in that span's counts.
    return _("Your diary shows a chronic migraine-like pattern: from %(start)s to %(end)s, "
             "headache on %(headache)s of %(recorded)s recorded days, %(migraine)s of them "
             "migraine-like.",
             start=_format("first_day", _field(span, "start")),
             end=_format("last_day", _field(span, "end")),
             headache=_format("days", _field(span, "headache_days")),
             recorded=_format("recorded", _field(span, "recorded_days")),
             migraine=_format("days", _field(span, "migraine_like_days")))


def _mixed_headline(band, figures, span) -> str:
    return _("Your diary shows both migraine-like attacks (%(migraine)s) and "
             "tension-type-like headaches (%(tension)s).",
             migraine=format_decimal(_field(figures, "migraine_like_attacks")),
             tension=format_decimal(_field(figures, "tension_type_like_episodes")))


def _insufficient_headline(band, figures, span) -> str:
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


def treatment_status_text(treatment) -> str:
    """The treatment comparison's headline: halved, or else which way headache days went
    (a rise is called a rise, never just "not halved")."""
    status, direction = _field(treatment, "status"), _field(treatment, "direction")
    if status == "no_response" and direction in TREATMENT_DIRECTIONS:
        return label("treatment_direction", direction)
    return label("treatment", status)


def chronic_span_sentence(profile) -> str:
    """Which days chronicity and the tension-type band were judged over, and whether they
    hold more than 3 months of diary; "" when the profile cannot be read."""
    try:
        span = _field(profile, "chronic_span")
        params = {"start": _format("first_day", _field(span, "start")),
                  "end": _format("last_day", _field(span, "end")),
                  "recorded": _format("recorded", _field(span, "recorded_days"))}
    except Exception:  # an older or partial result: say nothing rather than something wrong
        return ""
    if _field(profile, "over_3_months"):
        return _("Whether the pattern is chronic was judged over %(start)s to %(end)s: "
                 "%(recorded)s recorded days, more than 3 months of diary.", **params)
    return _("Whether the pattern is chronic was judged over %(start)s to %(end)s: "
             "%(recorded)s recorded days. A chronic pattern can only show once the diary "
             "holds more than 3 months (over 90 recorded days).", **params)
