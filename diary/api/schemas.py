"""JSON Schemas for the OpenAPI document, derived from the code they describe.

The request and episode schemas come from the web forms themselves (field names, choices with
their labels, ranges and lengths), the summary schemas from the analysis dataclasses' type
hints; so the description cannot drift from what the app accepts and returns.
"""

from __future__ import annotations

import types
import typing
from dataclasses import fields, is_dataclass
from datetime import date, datetime

from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    FieldList,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from diary.api.json_forms import is_yes_no

# Local wall-clock time, optionally with seconds and a UTC offset.
DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
NULLABLE_DATETIME = {"type": ["string", "null"], "pattern": DATETIME_PATTERN}


def form_schema(form_class, title: str) -> dict:
    """An object schema with one property per field of the form (English labels)."""
    form = form_class(formdata=None, meta={"csrf": False})
    properties, required = {}, []
    for field in form:
        if field.type == "CSRFTokenField":
            continue
        properties[field.name] = field_schema(field)
        if any(isinstance(v, DataRequired | InputRequired) for v in field.validators):
            required.append(field.name)
            properties[field.name] = not_null(properties[field.name])
    schema = {"type": "object", "title": title, "properties": properties}
    if required:
        schema["required"] = required
    return schema


def field_schema(field) -> dict:
    """The JSON Schema of one form field; its label and choices go into the description."""
    label = sentence(str(field.label.text))
    if isinstance(field, FieldList):
        template = (field.entries[0] if field.entries else field.append_entry()).form
        item = form_schema(type(template), "row")
        return {"type": "array", "description": label or field.name, "items": item,
                "maxItems": field.max_entries}
    if isinstance(field, BooleanField):
        return {"type": "boolean", "description": label}
    if is_yes_no(field):
        return {"type": ["boolean", "null"],
                "description": f"{label} true: yes, false: no, null: not recorded."}
    if isinstance(field, SelectMultipleField):
        values, text = choice_list(field)
        return {"type": "array", "items": {"type": "string", "enum": values},
                "uniqueItems": True, "description": f"{label} Choices: {text}."}
    if isinstance(field, RadioField | SelectField):
        values, text = choice_list(field)
        kind = "integer" if all(isinstance(v, int) for v in values) else "string"
        return {"type": [kind, "null"], "enum": [*values, None],
                "description": f"{label} Choices: {text}."}
    if isinstance(field, DateTimeLocalField):
        return {**NULLABLE_DATETIME, "description": f"{label} Local time; a time with an "
                "offset is converted to the user's timezone."}
    if isinstance(field, IntegerField | DecimalField):
        schema = {"type": ["integer" if isinstance(field, IntegerField) else "number", "null"],
                  "description": label}
        return {**schema, **number_range(field)}
    return {"type": ["string", "null"], "description": label, **max_length(field)}


def sentence(label: str) -> str:
    return label if label.endswith((".", "?", ")")) else label + "."


def not_null(schema: dict) -> dict:
    """A required field: null is not an answer."""
    schema = dict(schema)
    if isinstance(schema.get("type"), list):
        kinds = [kind for kind in schema["type"] if kind != "null"]
        schema["type"] = kinds[0] if len(kinds) == 1 else kinds
    if "enum" in schema:
        schema["enum"] = [value for value in schema["enum"] if value is not None]
    return schema


def choice_list(field) -> tuple[list, str]:
    pairs = [(value, str(text)) for value, text in field.choices if value != ""]
    values = [value for value, _ in pairs]
    text = ", ".join(f"{value} ({text})" if str(value) != text else str(value)
                     for value, text in pairs)
    return values, text


def number_range(field) -> dict:
    for validator in field.validators:
        if isinstance(validator, NumberRange):
            limits = {"minimum": validator.min, "maximum": validator.max}
            return {k: v for k, v in limits.items() if v is not None}
    return {}


def max_length(field) -> dict:
    for validator in field.validators:
        if isinstance(validator, Length) and validator.max and validator.max > 0:
            return {"maxLength": validator.max}
    return {}


# --- the analysis results --------------------------------------------------------------------


def dataclass_schemas(root: type, components: dict) -> dict:
    """A $ref to `root`'s schema, adding it and every dataclass it holds to `components`."""
    name = root.__name__
    if name not in components:
        components[name] = {}  # placeholder against cycles
        hints = typing.get_type_hints(root)
        properties = {f.name: type_schema(hints[f.name], components)
                      for f in fields(root) if f.metadata.get("json", True)}
        components[name] = {"type": "object", "title": name,
                            "description": (root.__doc__ or "").strip().splitlines()[0],
                            "properties": properties, "required": list(properties)}
    return {"$ref": f"#/components/schemas/{name}"}


def type_schema(hint, components: dict) -> dict:
    """The JSON Schema of a type hint, as `diary.analysis.as_json` writes its values."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        options = [type_schema(a, components) for a in args if a is not type(None)]
        schema = options[0] if len(options) == 1 else {"anyOf": options}
        return nullable(schema) if type(None) in args else schema
    if origin in (tuple, list, frozenset, set):
        item = args[0] if args else typing.Any
        return {"type": "array", "items": type_schema(item, components)}
    if origin is dict or hint is dict:
        value = args[1] if len(args) == 2 else typing.Any
        return {"type": "object", "additionalProperties": type_schema(value, components)}
    if is_dataclass(hint):
        return dataclass_schemas(hint, components)
    simple = {
        bool: {"type": "boolean"}, int: {"type": "integer"}, str: {"type": "string"},
        # as_json writes a non-finite number as null
        float: {"type": ["number", "null"]},
        datetime: {"type": "string", "format": "date-time"},
        date: {"type": "string", "format": "date"},
    }
    return dict(simple.get(hint, {}))


def nullable(schema: dict) -> dict:
    if "$ref" in schema or "anyOf" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {**schema, "type": [*dict.fromkeys([*kinds, "null"])]}
