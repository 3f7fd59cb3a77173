"""Form pieces shared by the diary's forms: yes/no questions and optional numbers."""

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, validators
from wtforms.validators import Optional as OptionalValidator
from wtforms.validators import ValidationError

# No diary starts earlier; dates near year 1 or 9999 cannot even be moved between timezones.
EARLIEST_DIARY_DAY = date(2000, 1, 1)
EARLIEST_MESSAGE = _l("Please choose a date from the year 2000 onwards.")
LATEST_TIME = datetime(9000, 1, 1)

# A time typed in the hour the clocks repeat says which of the two it is in `<name>_fold`.
FOLD_SUFFIX = "_fold"
YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]
# Years a time may have before any arithmetic: far from year 1 and 9999, where moving a time by
# its UTC offset (0001-01-01T00:00:00+01:00) overflows Python's datetime and answered 500.
CALENDAR_YEARS = range(1900, LATEST_TIME.year)


def within_calendar(moment: datetime) -> bool:
    """True when `moment` may safely be moved between timezones (its year alone decides)."""
    return moment.year in CALENDAR_YEARS


class YesNoField(RadioField):
    """A yes/no RadioField whose blank answer skips the choice check.

    Optional clears that check's "Not a valid choice" anyway, but wording the message first
    loaded WTForms' catalogue from disk (~0.25 ms) on every save that left a question open.
    """

    def pre_validate(self, form):
        if not self.raw_data or not str(self.raw_data[0]).strip():  # what Optional lets pass
            return
        super().pre_validate(form)


def yes_no_field(label, **kwargs) -> RadioField:
    """A yes/no question that may stay unanswered (stored as NULL, shown as "not recorded")."""
    return YesNoField(label, choices=YES_NO, validators=[OptionalValidator()],
                      validate_choice=True, **kwargs)


def to_bool(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def from_bool(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


class OptionalChoice(OptionalValidator):
    """Optional for a choice: a blank or whitespace-only answer is no answer (None).

    WTForms' Optional stops validation on whitespace and clears the "not a valid choice"
    error, which would hand " " on to the database as if it were a code.
    """

    def __call__(self, form, field):
        if not field.raw_data or not str(field.raw_data[0]).strip():
            field.data = None
        super().__call__(form, field)


class ConfirmForm(FlaskForm):
    """A form with only the CSRF token: one-tap actions and delete confirmations."""


def plausible_time(form, field) -> None:
    """Refuse times before 2000 or millennia ahead before anything converts them between
    timezones (the exact "not in the future" check comes later, in the user's timezone)."""
    if field.data is None:
        return
    if field.data < datetime.combine(EARLIEST_DIARY_DAY, time.min):
        raise ValidationError(EARLIEST_MESSAGE)
    if field.data >= LATEST_TIME:
        raise ValidationError(_l("This time cannot be in the future."))


class NumberRange(validators.NumberRange):
    """WTForms' NumberRange, except that a whole number too large for a float (it checks NaN
    with `math.isnan`) is simply out of range instead of an OverflowError and a 500."""

    def __call__(self, form, field):
        try:
            super().__call__(form, field)
        except OverflowError:
            message = self.message or _l("Enter a number from %(min)s to %(max)s.")
            raise ValidationError(message % {"min": self.min, "max": self.max}) from None


def checked_dates(start_field, end_field, today, max_days: int, too_long) -> tuple | None:
    """A custom period from two date fields, or None with the errors beside the fields: both
    days given, from EARLIEST_DIARY_DAY, not in the future, in order, shorter than max_days."""
    if start_field.errors or end_field.errors:
        return None
    start, end = start_field.data, end_field.data
    if start is None:
        start_field.errors.append(_l("Please choose the first day."))
    if end is None:
        end_field.errors.append(_l("Please choose the last day."))
    if start is None or end is None:
        return None
    if start < EARLIEST_DIARY_DAY:
        start_field.errors.append(EARLIEST_MESSAGE)
    elif end > today:
        end_field.errors.append(_l("The last day cannot be in the future."))
    elif start > end:
        start_field.errors.append(_l("The first day must be before the last day."))
    elif (end - start).days >= max_days:
        start_field.errors.append(too_long)
    else:
        return start, end
    return None
