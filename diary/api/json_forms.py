"""JSON in, the web form's own validation out: the API fills the very forms the pages use.

A JSON object becomes the form data a browser would send (yes/no questions as "yes"/"no",
lists as repeated keys, medication rows as `medications-0-name`, ...), the form is built from
it with CSRF off, and the form's validators and the shared cross-field checks decide. Only the
JSON shape (a list where a list belongs, true/false for yes/no) is checked here, because a
browser cannot send anything else.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import request
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    RadioField,
    SelectMultipleField,
)

from diary.api.errors import ApiError
from diary.forms.common import FOLD_SUFFIX, within_calendar
from diary.forms.json_text import JsonProblem, json_problem
from diary.zones import UTC_ZONE, is_ambiguous, to_local

GIVE_BOOLEAN = _l("Give true, false or null.")
GIVE_TRUE_FALSE = _l("Give true or false.")
GIVE_LIST = _l("Give a list.")
GIVE_ROWS = _l("Give a list of objects.")
GIVE_VALUE = _l("Give a single value, not a list or an object.")
GIVE_DATETIME = _l("Give a date and time, e.g. 2026-05-01T14:30 or 2026-05-01T14:30:00+02:00.")
TOO_MANY_ROWS = _l("Give at most %(max)d rows.")
NOT_AN_OBJECT = _l("Send a JSON object.")
NOT_JSON = _l("The body is not valid JSON.")


def json_body() -> dict:
    """The request's JSON object; 415 for another content type, 400 for anything unreadable,
    422 for text no database can store or nesting too deep (diary.forms.json_text)."""
    if not request.is_json:
        raise ApiError(415)
    try:
        payload = request.get_json(silent=True)
    except RecursionError:  # a bracket bomb: Flask's `silent` only covers ValueError
        raise ApiError(422, "nested_too_deeply", JsonProblem("nested_too_deeply").message) \
            from None
    if payload is None:
        raise ApiError(400, message=NOT_JSON)
    if problem := json_problem(payload):
        raise ApiError(422, problem.code, problem.message)
    if not isinstance(payload, dict):
        raise ApiError(400, message=NOT_AN_OBJECT)
    return payload


def is_yes_no(field) -> bool:
    """A yes/no question (stored as true/false/null); JSON gives it as a boolean."""
    return isinstance(field, RadioField) and {str(v) for v, _ in field.choices} == {"yes", "no"}


def yes_no_questions(form_class) -> list[str]:
    """The names of the form's yes/no questions (JSON booleans in the API)."""
    return [field.name for field in form_class(formdata=None, meta={"csrf": False})
            if is_yes_no(field)]


def validated_form(form_class, payload: dict, validate=None, zone: ZoneInfo = UTC_ZONE):
    """The web form filled from `payload` and validated as the page validates it; else 422.

    Keys that are not fields of the form (`id`, `user_id`, `role`, ...) are ignored, as the web
    form ignores them. A value of the wrong JSON type is named beside the form's own errors,
    so every field that needs a change is in one answer. Times with an offset become wall-clock
    times in `zone` (the diary owner's), as the form expects.
    """
    blank = form_class(formdata=None, meta={"csrf": False})
    data, shape_errors = MultiDict(), {}
    for field in blank:
        if field.name in payload:
            shape_errors.update(add_field(data, field.name, field, payload[field.name], zone))
    form = form_class(formdata=data, meta={"csrf": False})
    valid = (validate or form_class.validate)(form)
    if shape_errors or not valid:
        raise ApiError(422, fields={**field_errors(form), **shape_errors})
    return form


def add_field(data: MultiDict, name: str, field, value, zone: ZoneInfo) -> dict:
    """Put one JSON value into the form data under `name`; {name: [message]} for a wrong shape."""
    if value is None:
        return {}
    if isinstance(field, FieldList):
        return add_rows(data, field, value, zone)
    if isinstance(field, SelectMultipleField):
        if not isinstance(value, list) or any(isinstance(v, list | dict) for v in value):
            return {name: [GIVE_LIST]}
        data.setlist(name, [str(v) for v in value])
        return {}
    if isinstance(field, BooleanField):
        if not isinstance(value, bool):
            return {name: [GIVE_TRUE_FALSE]}
        if value:
            data[name] = "y"
        return {}
    if is_yes_no(field):
        if not isinstance(value, bool):
            return {name: [GIVE_BOOLEAN]}
        data[name] = "yes" if value else "no"
        return {}
    if isinstance(value, list | dict | bool):
        return {name: [GIVE_VALUE]}
    if isinstance(field, DateTimeLocalField):
        if not isinstance(value, str):
            return {name: [GIVE_DATETIME]}
        value, fold = local_wall_clock(value, zone)
        if fold:  # the offset said which of a repeated time: it wins over `<name>_fold`
            data[name + FOLD_SUFFIX] = fold
    if name.endswith(FOLD_SUFFIX) and name in data:
        return {}
    data[name] = str(value)
    return {}


def add_rows(data: MultiDict, field: FieldList, rows, zone: ZoneInfo) -> dict:
    """Rows such as the medication list: `medications-0-name`, `medications-1-name`, ..."""
    if not isinstance(rows, list) or any(not isinstance(row, dict) for row in rows):
        return {field.name: [GIVE_ROWS]}
    if field.max_entries and len(rows) > field.max_entries:
        return {field.name: [TOO_MANY_ROWS % {"max": field.max_entries}]}
    template = (field.entries[0] if field.entries else field.append_entry()).form
    errors = {}
    for index, row in enumerate(rows):
        for sub in template:
            if sub.short_name in row:
                problem = add_field(data, f"{field.name}-{index}-{sub.short_name}", sub,
                                    row[sub.short_name], zone)
                for messages in problem.values():
                    errors[f"{field.name}.{index}.{sub.short_name}"] = messages
    return errors


def local_wall_clock(text: str, zone: ZoneInfo) -> tuple[str, str | None]:
    """A time with an offset becomes the owner's local wall-clock time the form expects, with
    "earlier" or "later" when that local time happened twice (the offset tells which: an end
    at 02:30+01:00 the night the clocks go back is the second 02:30); anything else is left
    for the form to judge."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text, None
    if moment.tzinfo is None:
        return text, None
    if not within_calendar(moment):  # the form's own range check names the field
        return moment.replace(tzinfo=None).isoformat(timespec="seconds"), None
    local = to_local(moment, zone)
    wall = local.replace(tzinfo=None, fold=0)
    fold = ("later" if local.fold else "earlier") if is_ambiguous(wall, zone) else None
    return wall.strftime("%Y-%m-%dT%H:%M:%S"), fold


def field_errors(form) -> dict[str, list[str]]:
    """The form's errors by field name; rows as `medications.0.name`."""
    errors = {}
    for field in form:
        if isinstance(field, FieldList):
            for index, entry in enumerate(field.entries):
                for sub in entry.form:
                    if sub.errors:
                        errors[f"{field.name}.{index}.{sub.short_name}"] = list(sub.errors)
        elif field.errors:
            errors[field.name] = list(field.errors)
    return errors
