"""The aura per symptom in words: which symptoms, how long each, one after another or not.

Used by the episode page (patient and physiotherapist), the physiotherapist's episode table
and the PDF, so each says the same about the same aura.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from diary.words.labels import label


def aura_symptom_text(kind: str, minutes: int | None) -> str:
    """"Seeing things (…): 20 minutes"; the minutes may be unrecorded."""
    lasted = (ngettext("%(num)d minute", "%(num)d minutes", minutes)
              if minutes is not None else _("minutes not recorded"))
    return _("%(symptom)s: %(minutes)s", symptom=label("aura_type", kind), minutes=lasted)


def aura_detail(symptoms, in_succession: bool | None) -> str:
    """Each symptom with its minutes and, for several, whether they came one after another;
    "" when the aura has no per-symptom detail (older entries say nothing they did not hold).

    `symptoms`: the episode's rows or the analysis's AuraSymptom records (kind, minutes).
    """
    if not symptoms:
        return ""
    text = "; ".join(aura_symptom_text(s.kind, s.minutes) for s in symptoms) + "."
    if len(symptoms) < 2:
        return text
    order = {True: _("One after another."), False: _("All at once."),
             None: _("Not recorded whether one after another or all at once.")}
    return f"{text} {order[in_succession]}"
