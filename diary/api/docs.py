"""The API's description: /api/v1/openapi.json, and /api/v1/docs rendered on the server from it
(no script, nothing from another site, so the strict CSP holds)."""

from __future__ import annotations

import json

import markdown
from flask import Blueprint, jsonify, render_template
from markupsafe import Markup

from diary.access import access
from diary.api.openapi import openapi_document

bp = Blueprint("api_docs", __name__, url_prefix="/api/v1")
METHODS = ("get", "post", "put", "patch", "delete")


@bp.get("/openapi.json")
@access("public")
def openapi_json():
    """The OpenAPI document (public: it describes, it holds no data)."""
    return jsonify(openapi_document())


@bp.get("/docs")
@access("public")
def docs():
    """The document as a readable page."""
    spec = openapi_document()
    return render_template("api/docs.html", spec=spec, intro=text(spec["info"]["description"]),
                           operations=operations(spec), schemas=schema_tables(spec))


def text(source: str) -> Markup:
    """The document's own Markdown as HTML, with any raw HTML in it escaped."""
    md = markdown.Markdown()
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return Markup(md.convert(source))


def operations(spec: dict) -> list[dict]:
    """Every operation, in the document's order, ready for the template."""
    found = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                found.append(operation_view(spec, path, method, item[method]))
    return found


def operation_view(spec: dict, path: str, method: str, op: dict) -> dict:
    body = op.get("requestBody", {}).get("content", {}).get("application/json")
    return {
        "id": op["operationId"], "method": method.upper(), "path": path,
        "summary": op["summary"], "description": text(op["description"]),
        "public": op.get("security") == [],
        "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                        "type": type_text(p["schema"]), "description": p.get("description", "")}
                       for p in op.get("parameters", [])],
        "body": body and {"schema": ref_name(body["schema"]), "example": pretty(body["example"])},
        "responses": [response_view(spec, status, r) for status, r in op["responses"].items()],
    }


def response_view(spec: dict, status: str, response: dict) -> dict:
    if "$ref" in response:
        response = spec["components"]["responses"][ref_name(response)]
    content = response.get("content", {}).get("application/json", {})
    return {"status": status, "description": response["description"],
            "schema": ref_name(content["schema"]) if content else None,
            "example": pretty(content["example"]) if "example" in content else None}


def schema_tables(spec: dict) -> list[dict]:
    """Each named schema with one row per property."""
    tables = []
    for name, schema in spec["components"]["schemas"].items():
        parts = schema.get("allOf", [schema])
        rows = []
        for part in parts:
            if "$ref" in part:
                rows.append({"name": "…", "type": ref_name(part), "required": False,
                             "description": "All fields of " + ref_name(part) + "."})
                continue
            required = set(part.get("required", []))
            rows += [{"name": prop, "type": type_text(sub), "required": prop in required,
                      "description": sub.get("description", "")}
                     for prop, sub in part.get("properties", {}).items()]
        tables.append({"name": name, "description": schema.get("description", ""),
                       "rows": rows})
    return tables


def type_text(schema: dict) -> str:
    """A short human reading of a schema: "integer or null, 0–10", "array of Medication"."""
    if "$ref" in schema:
        return ref_name(schema)
    if "anyOf" in schema:
        return " or ".join(type_text(option) for option in schema["anyOf"])
    kinds = schema.get("type", "any")
    words = " or ".join(kinds) if isinstance(kinds, list) else kinds
    if words == "array" or words.startswith("array"):
        words = f"{words} of {type_text(schema.get('items', {}))}"
    if words.startswith("object") and isinstance(schema.get("additionalProperties"), dict):
        words = f"{words} of {type_text(schema['additionalProperties'])}"
    details = []
    if "minimum" in schema or "maximum" in schema:
        details.append(f"{schema.get('minimum', '')}–{schema.get('maximum', '')}")
    if "maxLength" in schema:
        details.append(f"at most {schema['maxLength']} characters")
    if "format" in schema:
        details.append(schema["format"])
    if "enum" in schema and "description" not in schema:
        details.append("one of " + ", ".join(str(v) for v in schema["enum"] if v is not None))
    return ", ".join([words, *details])


def ref_name(schema: dict) -> str:
    return schema["$ref"].rsplit("/", 1)[-1]


def pretty(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)
