"""Examples for the OpenAPI document (a test checks each against its schema)."""

from __future__ import annotations

from diary.api.errors import CODES, MESSAGES

TOKEN_REQUEST = {"email": "anna@example.com", "password": "my long password",
                 "totp": "123456", "name": "Phone app", "expires": "90",
                 "scope": "read"}
TOKEN = {"id": 3, "name": "Phone app", "token": "hdk_Vq3kL0tVd9...", "scope": "read",
         "created_at": "2026-05-03T21:04:11+02:00", "expires_at": "2026-08-01T21:04:11+02:00"}

DAY_INPUT = {"had_headache": True, "stress": 6, "screen_hours": 9.5, "sleep_hours": 6,
             "menstruation": False, "posture": True, "note": "Deadline at work."}
BRIEF = {"id": 12, "started_at": "2026-05-02T10:00:00+02:00",
         "ended_at": "2026-05-02T15:00:00+02:00", "intensity": 4}
DAY = {"date": "2026-05-02", "status": "headache", **DAY_INPUT, "episodes": [BRIEF]}

EPISODE_INPUT = {
    "started_at": "2026-05-02T10:00", "still_going": False, "ended_at": "2026-05-02T15:00",
    "intensity": 4, "side": "both", "locations": ["forehead", "neck"], "quality": "pressing",
    "worse_with_activity": False, "nausea": False, "vomiting": False,
    "light_sensitivity": False, "sound_sensitivity": False, "aura": False, "neck_pain": True,
    "neck_onset": True, "sudden_onset": False, "fever": False, "neuro_symptoms": False,
    "missed_work": False, "halved_work": True, "missed_activities": None,
    "triggers": ["posture"],
    "medications": [{"name": "Paracetamol 500", "drug_class": "paracetamol",
                     "dose": "1000 mg", "taken_at": "2026-05-02T11:30", "effect": "some"}],
    "notes": "Long day at the laptop.",
}
EPISODE = {
    "id": 12, **EPISODE_INPUT,
    "started_at": "2026-05-02T10:00:00+02:00", "ended_at": "2026-05-02T15:00:00+02:00",
    "aura_types": [], "aura_minutes": None, "aura_gradual": None, "aura_positive": None,
    "aura_one_sided": None, "aura_headache_within_60": None, "aura_symptoms": [],
    "aura_in_succession": None, "trigger_other": None,
    "medications": [{**EPISODE_INPUT["medications"][0],
                     "taken_at": "2026-05-02T11:30:00+02:00"}],
    "missing_fields": [], "red_flags": {"urgency": None, "flags": []},
    "created_at": "2026-05-02T15:20:41+02:00",
    "updated_at": "2026-05-02T15:20:41+02:00",
}
EPISODE_PAGE = {"items": [EPISODE], "page": 1, "per_page": 20, "total": 1, "pages": 1}
PATIENTS = {"items": [{"id": 7, "name": "Anna de Vries", "email": "anna@example.com",
                       "sharing_since": "2026-04-12T09:30:00+02:00"}]}

FIELD_EXAMPLES = {
    400: {"start": ["Not a valid date value."]},
    422: {"ended_at": ["The end must be after the start."]},
}


def error(status: int) -> dict:
    return {"error": {"code": CODES[status], "message": str(MESSAGES[status]),
                      "fields": FIELD_EXAMPLES.get(status, {})}}
PERCEIVED_EFFECTS = {"items": [
    {"session_id": 5, "day": "2026-05-12", "kind": "dry_needling", "asked": False,
     "answer": None, "score": None, "answered_at": None},
    {"session_id": 4, "day": "2026-05-05", "kind": "dry_needling", "asked": True,
     "answer": "a_little_better", "score": 1, "answered_at": "2026-05-09T08:12:40+02:00"},
]}
