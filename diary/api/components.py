"""The named schemas of the OpenAPI document: built from the forms and the analysis
(diary.api.schemas) plus the few objects only the API has (tokens, pages, errors)."""

from __future__ import annotations

from diary.analysis import Summary
from diary.analysis.episodes import EpisodeResult
from diary.analysis.outcomes import Outcomes
from diary.analysis.red_flags import FLAG_CODES, URGENCIES
from diary.analysis.vocabulary import PERCEIVED_EFFECTS, TREATMENT_KINDS
from diary.api.errors import CODES
from diary.api.forms import TokenRequestForm
from diary.api.schemas import dataclass_schemas, form_schema
from diary.forms.common import FOLD_SUFFIX
from diary.forms.days import DayFactorsForm
from diary.forms.episodes import EpisodeForm, MedicationForm


def component_schemas() -> dict:
    """Every named schema, by name."""
    schemas: dict = {}
    dataclass_schemas(Summary, schemas)
    dataclass_schemas(EpisodeResult, schemas)
    dataclass_schemas(Outcomes, schemas)
    episode_input = form_schema(EpisodeForm, "EpisodeInput")
    episode_input["properties"]["medications"]["items"] = ref("Medication")
    schemas.update({
        "Error": error_schema(),
        "TokenRequest": form_schema(TokenRequestForm, "TokenRequest"),
        "Token": token_schema(),
        "DayInput": form_schema(DayFactorsForm, "DayInput"),
        "Day": day_schema(),
        "EpisodeBrief": episode_brief_schema(),
        "Medication": form_schema(MedicationForm, "Medication"),
        "EpisodeInput": episode_input,
        "Episode": episode_schema(episode_input),
        "EpisodeDetail": {"allOf": [ref("Episode"), {
            "type": "object", "required": ["pattern"],
            "properties": {"pattern": ref("EpisodeResult")}}],
            "description": "An episode with the pattern it fits and the criteria behind it."},
        "EpisodePatch": {**episode_input, "title": "EpisodePatch", "required": [],
                         "description": "Only the fields to change. Giving `ended_at` ends an "
                         "episode that was still going."},
        "EpisodePage": page_schema(ref("Episode")),
        "RedFlags": red_flags_schema(),
        "FlaggedEpisode": flagged_episode_schema(),
        "Patient": patient_schema(),
        "PatientList": {"type": "object", "required": ["items"],
                        "properties": {"items": {"type": "array", "items": ref("Patient")}}},
        "Summary": summary_schema(schemas["Summary"]),
        "PerceivedEffect": perceived_effect_schema(),
        "PerceivedEffectList": {
            "type": "object", "required": ["items"],
            "properties": {"items": {"type": "array", "items": ref("PerceivedEffect")}}},
    })
    return schemas


def summary_schema(analysis: dict) -> dict:
    """The analysis of a period plus the warning signs of its episodes."""
    properties = {**analysis["properties"], "red_flags": {
        "type": "array", "items": ref("FlaggedEpisode"),
        "description": "Episodes of the period with warning signs, newest first."}}
    return {**analysis, "properties": properties,
            "required": [*analysis.get("required", []), "red_flags"],
            "description": "Everything the analysis computes for a period: the profile and its "
            "figures, each episode's pattern with its reasons, day types, medication-overuse "
            "level, trigger associations, menstrual association, treatment response, advice "
            "and the warning signs (red flags) of its episodes."}


def red_flags_schema() -> dict:
    """One episode's warning signs: never a diagnosis, each with how urgently to act."""
    urgency = {"type": "string", "enum": list(URGENCIES),
               "description": "emergency: call 112 or the GP out-of-hours service "
               "(huisartsenpost) now; gp_soon: contact the GP soon."}
    return {"type": "object", "required": ["urgency", "flags"], "properties": {
        "urgency": {**urgency, "type": ["string", "null"], "enum": [*URGENCIES, None],
                    "description": "The most urgent of the flags; null: no warning signs. "
                    + urgency["description"]},
        "flags": {"type": "array", "items": {
            "type": "object", "required": ["code", "urgency"],
            "properties": {"code": {"type": "string", "enum": list(FLAG_CODES)},
                           "urgency": urgency}}}}}


def flagged_episode_schema() -> dict:
    return {"allOf": [ref("RedFlags"), {
        "type": "object", "required": ["episode_id", "started_at"],
        "properties": {"episode_id": {"type": "integer"},
                       "started_at": {"type": "string", "format": "date-time"}}}]}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def error_schema() -> dict:
    """The one shape of every error answer."""
    return {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message", "fields"],
        "properties": {
            "code": {"type": "string", "description": "For programs: e.g. "
                     + ", ".join(sorted(set(CODES.values())))
                     + ", totp_required, totp_invalid, invalid_credentials, "
                     "two_factor_required, insufficient_scope, day_has_headache."},
            "message": {"type": "string", "description": "For people, in their language."},
            "fields": {"type": "object", "description": "Messages per field (medication rows "
                       "as `medications.0.name`).",
                       "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        }}}}


def token_schema() -> dict:
    moment = {"type": "string", "format": "date-time"}
    return {"type": "object",
            "required": ["id", "name", "token", "scope", "created_at", "expires_at"],
            "properties": {
                "id": {"type": "integer"}, "name": {"type": "string"},
                "token": {"type": "string", "description": "Shown this once only."},
                "scope": {"type": "string", "enum": ["read", "write"],
                          "description": "read: GET only; write: also changes."},
                "created_at": moment,
                "expires_at": {**moment, "description": "At most a year after created_at."}}}


def day_schema() -> dict:
    """A day as `GET /days/{day}` answers it: the day form's fields plus its status and episodes."""
    factors = form_schema(DayFactorsForm, "DayInput")["properties"]
    return {"type": "object", "title": "Day",
            "required": ["date", "status", *factors, "episodes"],
            "properties": {
                "date": {"type": "string", "format": "date"},
                "status": {"type": "string", "enum": ["headache", "headache_free",
                                                      "unrecorded"]},
                **factors,
                "episodes": {"type": "array", "items": ref("EpisodeBrief"),
                             "description": "The episodes going on that day."}}}


def episode_brief_schema() -> dict:
    moment = {"type": ["string", "null"], "format": "date-time"}
    return {"type": "object", "required": ["id", "started_at", "ended_at", "intensity"],
            "properties": {"id": {"type": "integer"}, "started_at": moment,
                           "ended_at": moment, "intensity": {"type": "integer"}}}


def episode_schema(episode_input: dict) -> dict:
    """An episode as answered: the form's fields plus its id, the unanswered questions and times."""
    answered = {name: schema for name, schema in episode_input["properties"].items()
                if not name.endswith(FOLD_SUFFIX)}  # which-one answers are input only
    properties = {
        "id": {"type": "integer"},
        **answered,
        "missing_fields": {"type": "array", "items": {"type": "string"},
                           "description": "Questions a clinician needs that are unanswered."},
        "red_flags": {**ref("RedFlags"), "description": "Its warning signs (read only)."},
        "created_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"},
    }
    return {"type": "object", "title": "Episode", "properties": properties,
            "required": list(properties)}


def page_schema(item: dict) -> dict:
    return {"type": "object", "required": ["items", "page", "per_page", "total", "pages"],
            "properties": {"items": {"type": "array", "items": item},
                           "page": {"type": "integer"}, "per_page": {"type": "integer"},
                           "total": {"type": "integer"}, "pages": {"type": "integer"}}}


def patient_schema() -> dict:
    return {"type": "object", "required": ["id", "name", "email", "sharing_since"],
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                           "email": {"type": "string"},
                           "sharing_since": {"type": "string", "format": "date-time"}}}


def perceived_effect_schema() -> dict:
    """A treatment session with the patient's answer a few days after it."""
    nullable_time = {"type": ["string", "null"], "format": "date-time"}
    return {"type": "object", "required": ["session_id", "day", "kind", "asked", "answer",
                                           "score", "answered_at"],
            "properties": {
                "session_id": {"type": "integer"},
                "day": {"type": "string", "format": "date"},
                "kind": {"type": "string", "enum": list(TREATMENT_KINDS)},
                "asked": {"type": "boolean"},
                "answer": {"type": ["string", "null"], "enum": [*PERCEIVED_EFFECTS, None]},
                "score": {"type": ["integer", "null"], "minimum": -3, "maximum": 3},
                "answered_at": nullable_time}}
