"""The OpenAPI 3.1 description of the API, served at /api/v1/openapi.json and shown at
/api/v1/docs. Schemas come from the forms and the analysis (diary.api.schemas); the summary
example is computed by the analysis itself."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache

from flask_babel import force_locale

from diary.analysis import (
    CheckInRecord,
    DiaryRecords,
    EpisodeRecord,
    analyse,
    as_json,
    build_days,
)
from diary.analysis.outcomes import SessionInput, treatment_outcomes
from diary.api import examples
from diary.api.components import component_schemas, ref
from diary.api.forms import MAX_PER_PAGE
from diary.api.schemas import DATE_PATTERN
from diary.routing import MAX_ID

DESCRIPTION = """\
The headache diary as data: a patient's days and headache episodes, and the analysis of a
period (the patterns the dashboard shows). A physiotherapist reads the diaries of the patients
who share theirs, read-only; every such read is in the patient's access log.

**Authentication.** Send a personal access token as `Authorization: Bearer <token>`. Make one in
the app under Settings → Access tokens, or with `POST /api/v1/tokens` (email, password and, with
two-step verification, a current code). A token acts as its owner. Its `scope` is chosen when
it is made: `read` (the default) may only read; `write` may also change the diary (a change with
a read token is a 403 `insufficient_scope`). Every token expires, after a year at most; it can be
revoked in the settings, and a password change revokes all of the owner's tokens unless the owner
ticks "Keep my API tokens working". Physiotherapists need two-step verification.

**Fields** have the names and choices of the web forms. Yes/no questions are `true`, `false` or
`null` (not recorded). Times are local ISO 8601 (`2026-05-01T14:30`) or carry an offset; answers
give the user's local time with the offset of that moment. Validation is the web form's own.

**Clock changes**: an offset says which moment is meant, so `2026-10-25T02:30+01:00` is the
second 02:30 of the night the clocks go back in Amsterdam, and durations across a change are
real elapsed time. A local time without an offset that happened twice needs `started_at_fold`
(`ended_at_fold`, a medication's `taken_at_fold`): `earlier` or `later`; one the clocks skipped
is refused.

**Aura detail**: `aura_symptoms` lists each symptom once with its own `minutes` (ICHD-3 judges
each symptom, never the aura's total) and `aura_in_succession` says whether several came one
after another (`true`) or all at once (`false`).

**Errors** always look like `{"error": {"code", "message", "fields"}}`; `fields` names each
field that needs a change. Messages follow the token owner's language.
"""


@cache
def openapi_document() -> dict:
    """The whole document (built once per process, in English)."""
    with force_locale("en"):
        schemas = component_schemas()
        return {
            "openapi": "3.1.0",
            "info": {"title": "Headache diary API", "version": "1.0.0",
                     "description": DESCRIPTION},
            "tags": [
                {"name": "tokens", "description": "Personal access tokens."},
                {"name": "patient", "description": "The patient's own diary."},
                {"name": "physiotherapist",
                 "description": "Linked patients' diaries, read-only."},
            ],
            "security": [{"bearerAuth": []}],
            "paths": paths(),
            "components": {
                "securitySchemes": {"bearerAuth": {
                    "type": "http", "scheme": "bearer",
                    "description": "A personal access token (`hdk_...`)."}},
                "schemas": schemas,
                "responses": error_responses(),
            },
        }


# --- operations ------------------------------------------------------------------------------

ERRORS = {
    400: ("BadRequest", "The request (a query parameter or the JSON) could not be used."),
    401: ("Unauthorized", "No token, or one unknown, revoked or expired."),
    403: ("Forbidden", "A physiotherapist without two-step verification."),
    404: ("NotFound", "Not there, or not yours to see."),
    409: ("Conflict", "It contradicts what is in the diary."),
    413: ("PayloadTooLarge", "The body is over 64 KiB."),
    415: ("UnsupportedMediaType", "The body is not `application/json`."),
    422: ("ValidationFailed", "Fields need a change: see `fields`. A body holding a NUL "
          "character (`nul_character`), a lone surrogate (`lone_surrogate`) or JSON nested "
          "more than 32 levels (`nested_too_deeply`) is refused with that code, naming where."),
    429: ("TooManyRequests", "Too many failed attempts for the account or the address."),
}


def error_responses() -> dict:
    return {name: {"description": text, "content": {"application/json": {
        "schema": ref("Error"), "example": examples.error(status)}}}
        for status, (name, text) in ERRORS.items()}


def answer(schema_name: str | None, description: str, example=None, status: int = 200) -> dict:
    if schema_name is None:
        return {str(status): {"description": description}}
    content = {"schema": ref(schema_name)}
    if example is not None:
        content["example"] = example
    return {str(status): {"description": description,
                          "content": {"application/json": content}}}


def operation(op_id: str, tag: str, summary: str, description: str, responses: dict,
              errors=(401, 404), parameters=(), body: tuple | None = None, public=False):
    """One operation object, with the shared error answers it may give."""
    spec = {"operationId": op_id, "tags": [tag], "summary": summary,
            "description": description, "responses": dict(responses)}
    for status in errors:
        spec["responses"][str(status)] = {"$ref": f"#/components/responses/{ERRORS[status][0]}"}
    if parameters:
        spec["parameters"] = list(parameters)
    if body is not None:
        schema_name, example = body
        spec["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": ref(schema_name), "example": example}}}
    if public:
        spec["security"] = []
    return spec


def path_id(name: str, what: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": what,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}


DAY = {"name": "day", "in": "path", "required": True,
       "description": "A local calendar day, YYYY-MM-DD, from 2000-01-01 to today.",
       "schema": {"type": "string", "format": "date", "pattern": DATE_PATTERN},
       "example": "2026-05-01"}
PATIENT = path_id("patient_id", "A linked patient's id (see `GET /api/v1/patients`).")
EPISODE = path_id("episode_id", "The episode's id.")
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "description": "Any 1 to 200 printable characters, new for each new episode (a UUID). "
                   "Kept 24 hours per user.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200},
    "example": "3f1c2b9e-8d4a-4c59-9a57-0d2b7e61a0c4"}


def query_date(name: str, what: str, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": what,
            "schema": {"type": "string", "format": "date"}, "example": "2026-05-01"}


LIST_PARAMETERS = (
    query_date("start", "Only episodes that started on or after this local day."),
    query_date("end", "Only episodes that started on or before this local day."),
    {"name": "page", "in": "query", "description": "Page number, from 1.",
     "schema": {"type": "integer", "minimum": 1, "maximum": 100_000, "default": 1}},
    {"name": "per_page", "in": "query", "description": "Episodes per page.",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20}},
)
PERIOD_PARAMETERS = (
    query_date("start", "First day of the period.", required=True),
    query_date("end", "Last day of the period (not in the future; at most five years).",
               required=True),
)


def read_operations(prefix: str, tag: str, who: str) -> dict:
    """The reads a patient does on their own diary and a physiotherapist on a linked one's."""
    extra = (PATIENT,) if prefix else ()
    # Only a physiotherapist without two-step verification gets a 403.
    refusals = (401, 403, 404) if prefix else (401, 404)
    log = (" Appended to the patient's access log." if prefix else "")
    ids = "patient_" if prefix else ""
    return {
        f"{prefix}/days/{{day}}": {"get": operation(
            f"{ids}get_day", tag, "A day", f"{who} day: headache-free, headache or unrecorded, "
            "its daily factors and its episodes." + log,
            answer("Day", "The day.", examples.DAY), errors=refusals,
            parameters=(*extra, DAY))},
        f"{prefix}/episodes": {"get": operation(
            f"{ids}list_episodes", tag, "Episodes", f"{who} episodes, newest first, "
            "optionally only those that started from `start` to `end`; paginated." + log,
            answer("EpisodePage", "One page of episodes.", examples.EPISODE_PAGE),
            errors=(400, *refusals), parameters=(*extra, *LIST_PARAMETERS))},
        f"{prefix}/episodes/{{episode_id}}": {"get": operation(
            f"{ids}get_episode", tag, "An episode", f"{who} episode with the pattern it fits "
            "and the criteria behind it." + log,
            answer("EpisodeDetail", "The episode.", episode_detail_example()),
            errors=refusals, parameters=(*extra, EPISODE))},
        f"{prefix}/summary": {"get": operation(
            f"{ids}get_summary", tag, "Analysis of a period", "Everything the analysis "
            f"computes for {who.lower()} period `start`..`end`, as on the dashboard." + log,
            answer("Summary", "The analysis.", summary_example()),
            errors=(400, *refusals), parameters=(*extra, *PERIOD_PARAMETERS))},
        f"{prefix}/perceived-effects": {"get": operation(
            f"{ids}get_perceived_effects", tag, "Perceived effect after each session",
            f"{who} treatment sessions, newest first, each with the patient's answer a few "
            "days later to how their headaches have changed since treatment began (`answer`, "
            "much worse to much better; `score` -3 to +3). `asked` false: not asked yet; "
            "`asked` true with `answer` null: the patient skipped the question." + log,
            answer("PerceivedEffectList", "The sessions.", examples.PERCEIVED_EFFECTS),
            errors=refusals, parameters=extra)},
        f"{prefix}/outcomes": {"get": operation(
            f"{ids}get_outcomes", tag, "Treatment outcomes", f"{who} treatment outcomes up "
            "to today: the baseline (the 28 days before the intake date, or else before the "
            "first session), every 28-day block since with headache, migraine-like, "
            "tension-type-like, acute-medication and headache-free days per 28 recorded days, "
            "the change from the baseline, 30% and 50% responders, completeness, headache "
            "days 7 and 14 days around each session and per muscle needled. Below 14 recorded "
            "days a block has counts and no rates. Observations, not causes." + log,
            answer("Outcomes", "The outcomes.", outcomes_example()),
            errors=refusals, parameters=extra)},
    }


def paths() -> dict:
    """Every path of the API with its operations."""
    base = "/api/v1"
    own = read_operations("", "patient", "The patient's own")
    own["/days/{day}"]["put"] = operation(
        "put_day", "patient", "Record a day",
        "Create or replace the day's check-in and daily factors (an upsert: fields left out "
        "become empty). A day without a check-in or episode needs `had_headache`. "
        "`had_headache: false` on a day with a headache is a 409.",
        {**answer("Day", "Updated.", examples.DAY),
         **answer("Day", "Created.", examples.DAY, status=201)},
        errors=(400, 401, 403, 404, 409, 413, 415, 422), parameters=(DAY,),
        body=("DayInput", examples.DAY_INPUT))
    own["/days/{day}"]["delete"] = operation(
        "delete_day", "patient", "Delete a day's check-in",
        "Removes the check-in and daily factors; the day's episodes stay.",
        answer(None, "Deleted.", status=204), errors=(401, 403, 404), parameters=(DAY,))
    own["/episodes"]["post"] = operation(
        "create_episode", "patient", "Record an episode",
        "Only `started_at` and `intensity` are required; give `ended_at` or "
        "`still_going: true`. The days it covers become headache days. Send an "
        "`Idempotency-Key` to retry safely: the same key and body within 24 hours return the "
        "first answer (same status, `Idempotent-Replayed: true`) instead of a duplicate; the "
        "same key with another body is a 422 `idempotency_key_reused`, and while the first "
        "request still runs a 409 `idempotency_key_in_use`.",
        answer("EpisodeDetail", "Created (the Location header gives its address).",
               episode_detail_example(), status=201),
        errors=(400, 401, 403, 404, 409, 413, 415, 422), parameters=(IDEMPOTENCY_KEY,),
        body=("EpisodeInput", examples.EPISODE_INPUT))
    own["/episodes/{episode_id}"]["patch"] = operation(
        "patch_episode", "patient", "Change an episode",
        "Changes the fields given; the whole episode must still pass the form's checks. "
        "`medications`, when given, replaces the list.",
        answer("EpisodeDetail", "Changed.", episode_detail_example()),
        errors=(400, 401, 403, 404, 413, 415, 422), parameters=(EPISODE,),
        body=("EpisodePatch", {"ended_at": "2026-05-01T19:15", "nausea": True}))
    own["/episodes/{episode_id}"]["delete"] = operation(
        "delete_episode", "patient", "Delete an episode", "Deletes the episode for good.",
        answer(None, "Deleted.", status=204), errors=(401, 403, 404), parameters=(EPISODE,))
    physio = read_operations("/patients/{patient_id}", "physiotherapist",
                             "The linked patient's")
    physio["/patients"] = {"get": operation(
        "list_patients", "physiotherapist", "Linked patients",
        "The patients who share their diary with you now.",
        answer("PatientList", "The patients.", examples.PATIENTS), errors=(401, 403, 404))}
    tokens = {"/tokens": {"post": operation(
        "create_token", "tokens", "Make a token",
        "Email and password (and `totp`, the current code, with two-step verification) in; a "
        "new token out, shown once. `scope`: `read` (default) or `write`; `expires`: 7, 30, 90 "
        "or 365 days. Wrong attempts count towards the same limit as the login "
        "page (5 per account, 20 per address in 15 minutes).",
        answer("Token", "The new token.", examples.TOKEN, status=201),
        errors=(400, 401, 403, 413, 415, 422, 429), body=("TokenRequest", examples.TOKEN_REQUEST),
        public=True)}}
    return {base + path: item for group in (tokens, own, physio) for path, item in
            group.items()}


def episode_detail_example() -> dict:
    return {**examples.EPISODE, "pattern": summary_example()["episodes"][0]}


@cache
def outcomes_example() -> dict:
    """The outcomes of a diary with one session and too few days after it."""
    check_ins = tuple(CheckInRecord(date(2026, 4, 3) + timedelta(days=i), i % 4 != 0, None,
                                    None, None, None, None) for i in range(40))
    diary = DiaryRecords(timezone="Europe/Amsterdam", check_ins=check_ins, episodes=())
    now = datetime(2026, 5, 12, 20, 0, tzinfo=UTC)
    sessions = [SessionInput(date(2026, 5, 1), frozenset({"upper_trapezius"}))]
    days = build_days(diary, date(2026, 4, 3), date(2026, 5, 12), now)
    return as_json(treatment_outcomes(days, sessions, date(2026, 5, 12)))


@cache
def summary_example() -> dict:
    """The analysis of a three-day diary with one tension-type-like episode."""
    start = datetime(2026, 5, 2, 8, 0, tzinfo=UTC)
    episode = EpisodeRecord(
        id=12, start=start, end=start.replace(hour=13), intensity=4, side="both",
        locations=frozenset({"forehead", "neck"}), quality="pressing",
        worse_with_activity=False, nausea=False, vomiting=False, light_sensitivity=False,
        sound_sensitivity=False, aura=False, aura_types=frozenset(), aura_minutes=None,
        aura_gradual=None, aura_positive=None, aura_one_sided=None,
        aura_headache_within_60=None, neck_pain=True, neck_onset=True, sudden_onset=False,
        fever=False, neuro_symptoms=False, triggers=frozenset({"posture"}), medications=())
    check_ins = tuple(CheckInRecord(date(2026, 5, d), d != 2, 3, 6.0, 7.5, False, d == 2)
                      for d in (1, 2, 3))
    diary = DiaryRecords(timezone="Europe/Amsterdam", check_ins=check_ins,
                         episodes=(episode,))
    summary = analyse(diary, date(2026, 5, 1), date(2026, 5, 3),
                      now=datetime(2026, 5, 3, 20, 0, tzinfo=UTC))
    return {**as_json(summary), "red_flags": []}
