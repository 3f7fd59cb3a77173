"""The one question a few days after a treatment session: how the headaches have changed."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField

from diary.analysis.vocabulary import PERCEIVED_EFFECTS
from diary.forms.common import OptionalChoice
from diary.words.labels import choices

QUESTION = _l("Compared with before your treatment began, how are your headaches now?")


class PerceivedEffectForm(FlaskForm):
    """The answer, much worse to much better; empty only when the patient skips the question
    (the view tells skipping from forgetting to choose by the button pressed)."""

    answer = RadioField(QUESTION, choices=choices("perceived_effect", PERCEIVED_EFFECTS),
                        validators=[OptionalChoice()])
