"""The check of a FHIR bundle before it is served or imported: fhir.resources' models.

fhir.resources 8 ships FHIR R4B (4.3.0), not R4 (4.0.1): its R4 models need pydantic 1. Every
element the diary writes is the same in R4 and R4B for the resources it uses (the README lists
them), so a bundle these models accept is a valid R4 bundle of the diary. The models check
structure, data types and cardinality; the statuses' value sets are checked here as well.
"""

from __future__ import annotations

import json
from functools import cache


class InvalidBundle(Exception):
    """The bundle does not validate against the FHIR models."""


# Optional repeating elements whose items recur verbatim across a diary's resources (the same
# component "nausea: yes" in hundreds of observations). An item's validity depends only on the
# item, so each distinct one is validated once; the result could not differ, and validating a
# busy diary takes a fraction of the time.
REPEATING = {"Observation": ("component", "interpretation"), "MedicationStatement": ("dosage",),
             "Procedure": ("bodySite",)}


@cache
def bundle_model():
    """The FHIR Bundle model (imported on first use: the models take a while to load).

    fhir.resources 8 ships FHIR R4B (4.3.0); every element the diary writes is the same in
    R4 (4.0.1) for the resources it uses (the README says which and why).
    """
    from fhir.resources.R4B.bundle import Bundle

    return Bundle


# The models check structure, types and cardinality but not the codes of required bindings;
# the statuses (R4's value sets) are checked here.
BUNDLE_TYPES = ("document", "message", "transaction", "transaction-response", "batch",
                "batch-response", "history", "searchset", "collection")
STATUSES = {
    "Observation": ("registered", "preliminary", "final", "amended", "corrected", "cancelled",
                    "entered-in-error", "unknown"),
    "MedicationStatement": ("active", "completed", "entered-in-error", "intended", "stopped",
                            "on-hold", "unknown", "not-taken"),
    "Procedure": ("preparation", "in-progress", "not-done", "on-hold", "stopped", "completed",
                  "entered-in-error", "unknown"),
    "EpisodeOfCare": ("planned", "waitlist", "active", "onhold", "finished", "cancelled",
                      "entered-in-error"),
    "Consent": ("draft", "proposed", "active", "rejected", "inactive", "entered-in-error"),
    "DocumentReference": ("current", "superseded", "entered-in-error"),
    "QuestionnaireResponse": ("in-progress", "completed", "amended", "entered-in-error",
                              "stopped"),
}


def validate(bundle) -> None:
    """Raise InvalidBundle unless `bundle` (a dict from JSON) is a valid FHIR Bundle.

    The bundle's frame and each resource are validated one after the other, so only one
    resource's model is held at a time: a 10 MB upload never becomes one huge object tree.
    """
    from pydantic import ValidationError

    frame, resources = split(without_repeats(bundle))
    try:
        bundle_model().model_validate(frame)
    except ValidationError as error:
        raise InvalidBundle(first_error(error)) from None
    if frame.get("type") not in BUNDLE_TYPES:
        raise InvalidBundle("type: not a code of its value set")
    for number, resource in resources:
        check_resource(resource, f"entry.{number}.resource")


def split(bundle) -> tuple:
    """The bundle without its entries' resources, and the resources by entry number."""
    if not isinstance(bundle, dict) or not isinstance(bundle.get("entry"), list):
        return bundle, []
    entries, resources = [], []
    for number, item in enumerate(bundle["entry"]):
        if isinstance(item, dict) and "resource" in item:
            resources.append((number, item["resource"]))
            item = {key: value for key, value in item.items() if key != "resource"}
        entries.append(item)
    return {**bundle, "entry": entries}, resources


def check_resource(resource, where: str) -> None:
    """One resource against its model, and its status against R4's value set."""
    from pydantic import ValidationError

    kind = resource.get("resourceType") if isinstance(resource, dict) else None
    model = resource_model(kind) if isinstance(kind, str) else None
    if model is None:
        raise InvalidBundle(f"{where}.resourceType: not a FHIR resource type")
    try:
        model.model_validate(resource)
    except ValidationError as error:
        raise InvalidBundle(f"{where}.{first_error(error)}") from None
    allowed = STATUSES.get(kind)
    if allowed is not None and resource.get("status") not in allowed:
        raise InvalidBundle(f"{where}.status: not a code of its value set")


@cache
def resource_model(kind: str):
    """The model of a FHIR resource type; None for anything else (a data type, a typo)."""
    from fhir.resources.R4B import get_fhir_model_class
    from fhir.resources.R4B.resource import Resource

    try:
        model = get_fhir_model_class(kind)
    except (ValueError, AttributeError):
        return None
    return model if isinstance(model, type) and issubclass(model, Resource) else None


def first_error(error) -> str:
    """Where and what the first problem is, e.g. "entry.3.resource.status: Input should be…"."""
    detail = error.errors()[0]
    return f"{'.'.join(str(part) for part in detail['loc'])}: {detail['msg']}"


def without_repeats(bundle):
    """A shallow copy of `bundle` in which each REPEATING item appears only the first time."""
    if not isinstance(bundle, dict) or not isinstance(bundle.get("entry"), list):
        return bundle
    seen: set[str] = set()
    entries = []
    for item in bundle["entry"]:
        resource = item.get("resource") if isinstance(item, dict) else None
        if isinstance(resource, dict) and resource.get("resourceType") in REPEATING:
            item = {**item, "resource": _first_times(resource, seen)}
        entries.append(item)
    return {**bundle, "entry": entries}


def _first_times(resource: dict, seen: set[str]) -> dict:
    copy = dict(resource)
    kind = resource["resourceType"]
    for name in REPEATING[kind]:
        items = resource.get(name)
        if not isinstance(items, list) or not items:
            continue  # missing or not a list: the model says what is wrong with it
        fresh = []
        for item in items:
            key = f"{kind}.{name}:{json.dumps(item, sort_keys=True)}"
            if key not in seen:
                seen.add(key)
                fresh.append(item)
        copy[name] = fresh
        if not fresh:
            del copy[name]
    return copy
