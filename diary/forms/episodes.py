"""The episode form (every field a clinician needs) and the two-tap quick log."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from diary.analysis.vocabulary import (
    AURA_TYPES,
    EFFECTS,
    EPISODE_TRIGGERS,
    LOCATIONS,
    MEDICATION_CLASSES,
    QUALITIES,
    SIDES,
)
from diary.forms.common import NumberRange, OptionalChoice, plausible_time, yes_no_field
from diary.words.labels import choices, drug_class_choices

DATETIME_FORMAT = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
MEDICATION_ROWS = 3

INTENSITY_CHOICES = [(n, str(n)) for n in range(11)]
# The codes come from the analysis's vocabulary, their one label from diary.words.
SIDE_CHOICES = choices("side", SIDES)
LOCATION_CHOICES = choices("location", LOCATIONS)
QUALITY_CHOICES = choices("quality", QUALITIES)
AURA_TYPE_CHOICES = choices("aura_type", AURA_TYPES)
TRIGGER_CHOICES = choices("trigger", EPISODE_TRIGGERS)
DRUG_CLASS_CHOICES = [("", _l("Choose the kind")), *drug_class_choices(MEDICATION_CLASSES)]
NEURO_SYMPTOMS = _l("Weakness, numbness, confusion, trouble speaking, double vision or fainting "
                    "(not your usual aura)")
# The warning signs the quick log can take in passing; unticked stays "not recorded".
WARNING_SIGN_CHOICES = [
    ("sudden_onset", _l("It reached its worst within about a minute (very sudden)")),
    ("neuro_symptoms", NEURO_SYMPTOMS),
    ("fever", _l("Fever")),
]
# What the headache stops, ticked in passing on the quick log; unticked stays "not recorded".
STOPPED_CHOICES = [
    ("missed_work", _l("Work or school")),
    ("halved_work", _l("Getting much done at work or school")),
    ("missed_activities", _l("Housework, family or friends")),
]
EFFECT_CHOICES = [("", _l("Not known yet")), *choices("effect", EFFECTS)]
# A time typed in the hour the clocks repeat: which of the two (PEP 495's fold 0 or 1).
FOLD_CHOICES = [
    ("earlier", _l("The first one (still summer time)")),
    ("later", _l("The second one (winter time, after the clocks went back)")),
]
AURA_SYMPTOM_CHOICES = [("", _l("Choose the symptom")), *AURA_TYPE_CHOICES]


def intensity_choice(value) -> int:
    """Coerce a submitted intensity; anything not a whole number becomes an invalid choice."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def which_time_field(label) -> RadioField:
    """Which of the two moments a repeated local time means; asked only when it is one."""
    return RadioField(label, choices=FOLD_CHOICES, validators=[OptionalChoice()])


class AsksWhichTime:
    """A form whose typed times may need "which one?" (the night the clocks go back)."""

    def asks_which(self, name: str) -> bool:
        """True when the page must ask which of two moments the time `name` means."""
        return name in getattr(self, "ambiguous_times", ())

    def ask_which(self, name: str) -> None:
        if not hasattr(self, "ambiguous_times"):
            self.ambiguous_times = set()
        self.ambiguous_times.add(name)


class MultiCheckboxField(SelectMultipleField):
    """Several choices shown as checkboxes (big, tappable, no JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class MedicationForm(AsksWhichTime, Form):
    """One medication row; a completely empty row is ignored."""

    name = StringField(_l("Medication name"), validators=[Optional(), Length(max=100)])
    drug_class = SelectField(_l("Kind of medication"), choices=DRUG_CLASS_CHOICES,
                             validators=[OptionalChoice()])
    dose = StringField(_l("Dose (e.g. 500 mg)"), validators=[Optional(), Length(max=50)])
    taken_at = DateTimeLocalField(_l("Time taken"), format=DATETIME_FORMAT,
                                  validators=[Optional(), plausible_time])
    taken_at_fold = which_time_field(_l(
        "This time happened twice that night, because the clocks went back an hour. "
        "Which one do you mean?"))
    effect = SelectField(_l("Effect"), choices=EFFECT_CHOICES, validators=[OptionalChoice()])

    def is_empty(self) -> bool:
        return not any(field.data for field in (self.name, self.drug_class, self.dose,
                                                self.taken_at, self.effect))


class AuraSymptomForm(Form):
    """One aura symptom and how long it lasted; a completely empty row is ignored.

    ICHD-3 1.2 C judges each symptom's minutes, never the whole aura's, so the form asks per
    symptom instead of assuming how a total divides.
    """

    kind = SelectField(_l("Aura symptom"), choices=AURA_SYMPTOM_CHOICES,
                       validators=[OptionalChoice()])
    minutes = IntegerField(_l("Minutes this symptom lasted"), validators=[
        Optional(), NumberRange(0, 1440, _l("Enter a number from %(min)s to %(max)s."))])

    def is_empty(self) -> bool:
        return not self.kind.data and self.minutes.data is None


class EpisodeForm(AsksWhichTime, FlaskForm):
    """A headache episode; only the start and the peak intensity are required."""

    started_at = DateTimeLocalField(_l("Started"), format=DATETIME_FORMAT,
                                    validators=[InputRequired(_l("Please enter when it started.")),
                                                plausible_time])
    started_at_fold = which_time_field(_l(
        "The start time happened twice that night, because the clocks went back an hour. "
        "Which one do you mean?"))
    still_going = BooleanField(_l("It is still going on"))
    ended_at = DateTimeLocalField(_l("Ended"), format=DATETIME_FORMAT,
                                  validators=[Optional(), plausible_time])
    ended_at_fold = which_time_field(_l(
        "The end time happened twice that night, because the clocks went back an hour. "
        "Which one do you mean?"))
    intensity = RadioField(_l("Worst pain (0 = no pain, 10 = worst imaginable)"),
                           choices=INTENSITY_CHOICES, coerce=intensity_choice,
                           validators=[InputRequired(_l("Please choose the intensity."))])
    side = RadioField(_l("Side"), choices=SIDE_CHOICES, validators=[OptionalChoice()])
    locations = MultiCheckboxField(_l("Where was the pain?"), choices=LOCATION_CHOICES)
    quality = RadioField(_l("What did the pain feel like?"), choices=QUALITY_CHOICES,
                         validators=[OptionalChoice()])
    worse_with_activity = yes_no_field(
        _l("Worse with routine activity (walking, stairs), or did you avoid it?"))
    nausea = yes_no_field(_l("Nausea"))
    vomiting = yes_no_field(_l("Vomiting"))
    light_sensitivity = yes_no_field(_l("Bothered by light"))
    sound_sensitivity = yes_no_field(_l("Bothered by noise"))
    aura = yes_no_field(_l("Aura: passing disturbances before or with the headache"))
    aura_types = MultiCheckboxField(_l("What kind of aura?"), choices=AURA_TYPE_CHOICES)
    aura_minutes = IntegerField(_l("How many minutes did the aura last?"), validators=[
        Optional(), NumberRange(0, 1440, _l("Enter a number from %(min)s to %(max)s."))])
    aura_symptoms = FieldList(FormField(AuraSymptomForm), min_entries=len(AURA_TYPES),
                              max_entries=len(AURA_TYPES))
    aura_in_succession = yes_no_field(
        _l("With more than one symptom: did they come one after another (not all at once)?"))
    aura_gradual = yes_no_field(_l("Did the aura spread slowly over 5 minutes or more?"))
    aura_positive = yes_no_field(_l("Did you see flashes or feel tingling?"))
    aura_one_sided = yes_no_field(_l("Was the aura on one side only?"))
    aura_headache_within_60 = yes_no_field(_l("Did the headache follow within 60 minutes?"))
    neck_pain = yes_no_field(_l("Neck pain or a stiff neck"))
    neck_onset = yes_no_field(_l("Did the pain start in the neck or the back of the head?"))
    sudden_onset = yes_no_field(_l("Did it reach its worst within a minute (very sudden)?"))
    fever = yes_no_field(_l("Fever"))
    neuro_symptoms = yes_no_field(NEURO_SYMPTOMS)
    # What it stopped (disability days); in our own words, optional like every question.
    missed_work = yes_no_field(_l("Did it stop you from working or going to school?"))
    halved_work = yes_no_field(
        _l("Did you get half or less of your usual work or schoolwork done?"))
    missed_activities = yes_no_field(
        _l("Did it stop you from housework, or from time with family or friends?"))
    triggers = MultiCheckboxField(_l("What might have set it off?"), choices=TRIGGER_CHOICES)
    trigger_other = StringField(_l("Something else, namely"), validators=[
        Optional(), Length(max=200, message=_l("Use at most %(max)d characters."))])
    medications = FieldList(FormField(MedicationForm), min_entries=MEDICATION_ROWS,
                            max_entries=10)
    notes = TextAreaField(_l("Notes"), validators=[
        Optional(), Length(max=5000, message=_l("Use at most %(max)d characters."))])


class QuickLogForm(FlaskForm):
    """Two taps for someone in pain: when it started (default now) and how bad it is."""

    started = RadioField(_l("It started"), default="0", choices=[
        ("0", _l("Just now")), ("30", _l("30 minutes ago")), ("60", _l("1 hour ago")),
        ("120", _l("2 hours ago")), ("240", _l("4 hours ago"))],
        validators=[DataRequired(_l("Please choose when it started."))])
    intensity = IntegerField(_l("How bad is it?"), validators=[
        InputRequired(_l("Please choose the intensity.")),
        NumberRange(0, 10, _l("Enter a number from %(min)s to %(max)s."))])
    warning_signs = MultiCheckboxField(_l("Any of these? (optional)"),
                                       choices=WARNING_SIGN_CHOICES)
    stopped = MultiCheckboxField(_l("Is it stopping you from any of these? (optional)"),
                                 choices=STOPPED_CHOICES)
