"""The one-page progress report for the referring GP or at discharge: the outcome panel's
numbers (the same Outcomes), the sessions and muscles, overuse and completeness, in the
physiotherapist's language.

Disability days (3-month periods, diary/services/disability.py) and the answers given after
sessions (diary/services/perceived_effects.py) come in as the optional `disability` and
`perceived_effect` arguments; their sections are left out while empty.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from flask import current_app, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from diary.analysis.outcomes import Outcomes
from diary.export.pdf import page_number_css, render_pdf
from diary.i18n import user_zone
from diary.models import User
from diary.pages.outcomes import panel_context
from diary.services.clinical_records import sessions_of
from diary.services.periods import summarise
from diary.zones import today_in


def progress_context(patient: User, outcomes: Outcomes, disability=None,
                     perceived_effect=None) -> dict:
    """The template's data; `disability` and `perceived_effect` are optional sections."""
    today = outcomes.today
    overuse = summarise(patient, today - timedelta(days=27), today).medication_overuse
    sessions = sessions_of(patient)[::-1]
    needled = Counter(m for r in outcomes.session_responses for m in r.muscles)
    return {
        "patient": patient, "outcome": panel_context(outcomes), "outcomes": outcomes,
        "overuse": overuse, "sessions": sessions, "needled": sorted(needled.items()),
        "kinds": Counter(s.kind for s in sessions),
        "disability": disability, "perceived_effect": perceived_effect,
        "made_on": today_in(user_zone(current_user)), "language": str(get_locale()),
        "physio": current_user.signature,
    }


def progress_report_pdf(patient: User, outcomes: Outcomes, disability=None,
                        perceived_effect=None) -> bytes:
    """The PDF, in the current user's language."""
    context = progress_context(patient, outcomes, disability, perceived_effect)
    html = render_template("export/progress_pdf.html", **context)
    return render_pdf(html, current_app.static_folder,
                      page_number_css(_("Page %(page)s of %(pages)s")))
