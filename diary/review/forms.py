"""The physiotherapist's forms: a clinical note and a treatment session."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from diary.analysis.vocabulary import MUSCLES, TREATMENT_KINDS
from diary.words.labels import choices

NOTE_MAX = 5000


class NoteForm(FlaskForm):
    body = TextAreaField(_l("New note"), validators=[
        DataRequired(_l("Please write the note.")),
        Length(max=NOTE_MAX, message=_l("Please keep a note under %(max)d characters.")),
    ])


class TreatmentSessionForm(FlaskForm):
    day = DateField(_l("Date"), validators=[InputRequired(_l("Please enter the date."))],
                    render_kw={"type": "date"})
    kind = RadioField(_l("Kind of treatment"), validate_choice=True,
                      choices=choices("treatment_kind", TREATMENT_KINDS),
                      validators=[InputRequired(_l("Please choose the kind of treatment."))])
    muscles = SelectMultipleField(
        _l("Muscles treated"), choices=choices("muscle", MUSCLES),
        option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
        validate_choice=True)
    muscles_other = StringField(_l("Other muscles"), validators=[
        Optional(), Length(max=200, message=_l("Please keep this under %(max)d characters."))])
    notes = TextAreaField(_l("Notes"), validators=[
        Optional(),
        Length(max=NOTE_MAX, message=_l("Please keep the notes under %(max)d characters."))])


class IntakeForm(FlaskForm):
    """The intake date: the outcomes compare with the 28 days before it (blank: before the
    first treatment session)."""

    day = DateField(_l("Intake date"), validators=[Optional()], render_kw={"type": "date"})
