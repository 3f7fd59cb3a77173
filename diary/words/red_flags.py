"""What to do about warning signs, by urgency: careful words, never a diagnosis."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from diary.analysis.red_flags import EMERGENCY, GP_SOON

# For the patient, at the top of the screen after saving and on the Today page.
URGENCY_HEADINGS = {
    EMERGENCY: _l("Warning sign: get medical help now"),
    GP_SOON: _l("Warning sign: contact your GP soon"),
}
URGENCY_ACTIONS = {
    EMERGENCY: _l("Call 112 or the GP out-of-hours service (huisartsenpost) now and say what "
                  "you noticed. Do not wait to see whether it passes."),
    GP_SOON: _l("Contact your GP soon and tell them what you noticed. If it gets worse or "
                "something new appears, call 112 or the huisartsenpost."),
}
# Short labels for the physiotherapist's pages, the caseload and the PDF.
URGENCY_LABELS = {
    EMERGENCY: _l("Urgent: 112 or huisartsenpost now"),
    GP_SOON: _l("GP soon"),
}
WHY_SHOWN = _l("You recorded something a doctor should know about. This is not a diagnosis: "
               "only a doctor can say what it means.")
