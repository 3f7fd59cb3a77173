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
STATUSES = {
    "Observation": ("registered", "preliminary", "final", "amended", "corrected", "cancelled",
                    "entered-in-error", "unknown"),
    "MedicationStatement": ("active", "completed", "entered-in-error", "intended", "stopped",
                            "on-hold", "unknown", "not-taken"),
    "Procedure": ("preparation", "in-progress", "not-done", "on-hold", "stopped", "completed",
                  "entered-in-error", "unknown"),
    "Consent": ("draft", "proposed", "active", "rejected", "inactive", "entered-in-error"),
    "DocumentReference": ("current", "superseded", "entered-in-error"),
}


def validate(bundle) -> None:
    """Raise InvalidBundle unless `bundle` (a dict from JSON) is a valid FHIR Bundle."""
    from pydantic import ValidationError

    try:
        bundle_model().model_validate(without_repeats(bundle))
    except ValidationError as error:
        raise InvalidBundle(first_error(error)) from None
    for number, item in enumerate(bundle.get("entry") or []):
        resource = item.get("resource") or {}
        allowed = STATUSES.get(resource.get("resourceType"))
        if allowed is not None and resource.get("status") not in allowed:
            raise InvalidBundle(f"entry.{number}.resource.status: not a code of its value set")


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
