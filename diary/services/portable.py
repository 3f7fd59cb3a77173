"""The complete data export (JSON) and the import of such a file into a new, empty account.

The export holds everything about the patient: account settings, check-ins, episodes with
their triggers and medication, sharing (care links and invitations, never a code hash), and the
clinical notes, treatment sessions and intake date the clinic recorded about them. Database ids
are left out: they mean nothing outside this database, and an import must never point at
someone's rows.

The import recreates the diary (check-ins, episodes) and the settings (language, timezone); care
links, notes, treatment sessions and the intake date belong to the relationship with a clinic:
the intake date's shape is checked, but none of them is imported (the new clinic sets its own).
A file is checked completely before anything is written: one problem and nothing
changes. Episode and check-in values go through the web forms' own validation.

The check (`check_file`) touches no database: it parses the file and builds the new rows in
memory, so a large or broken file never holds the write lock every other user's save waits
for. Only a file that passed is written (`add_diary`), in one short transaction. Limits:
MAX_BYTES per file and MAX_ENTRIES check-ins and as many episodes; refused imports count
toward a throttle kept in the database (`count_import_attempt`), like failed logins.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, selectinload
from werkzeug.datastructures import MultiDict

from diary.analysis.vocabulary import AURA_TYPES
from diary.extensions import db
from diary.forms.common import from_bool, within_calendar
from diary.forms.days import DayFactorsForm
from diary.forms.episodes import EpisodeForm
from diary.forms.json_text import json_problem
from diary.i18n import known_timezones
from diary.models import (
    AuraSymptom,
    CareLink,
    CheckIn,
    ClinicalNote,
    Episode,
    EpisodeTrigger,
    LoginFailure,
    MedicationIntake,
    PerceivedEffect,
    ShareInvitation,
    TreatmentIntake,
    TreatmentSession,
    User,
)
from diary.services.days import FIRST_DIARY_DAY, save_factors
from diary.services.episodes import YES_NO_FIELDS, save_form, validate_episode_form
from diary.zones import UTC_ZONE

FORMAT = "headache-diary-export"
VERSION = 1
MAX_BYTES = 10 * 1024 * 1024
MAX_ENTRIES = 40_000  # a check-in a day for a century; more is not a diary
MAX_PROBLEMS = 15
# Refused imports one account may send within the login throttle's window (15 minutes).
MAX_REFUSED_IMPORTS = 5
WRITE_CHUNK = 100  # rows flushed together by the import (memory, see _write_in_chunks)

# --- export ------------------------------------------------------------------------------------

CHECK_IN_KEYS = ("headache_free", "stress", "screen_hours", "sleep_hours", "menstruation",
                 "posture", "note")
EPISODE_KEYS = ("intensity", "side", "locations", "quality", *YES_NO_FIELDS, "aura_types",
                "aura_minutes", "trigger_other", "notes")


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def export_data(user: User) -> dict:
    """Everything the diary holds about `user`, as JSON-safe dicts and lists."""
    answers = {row.session_id: row for row in db.session.scalars(
        sa.select(PerceivedEffect).where(PerceivedEffect.patient_id == user.id))}
    return {
        "format": FORMAT, "version": VERSION, "exported_at": _iso(datetime.now(UTC)),
        "account": {"email": user.email, "name": user.name, "role": user.role,
                    "language": user.language, "timezone": user.timezone,
                    "created_at": _iso(user.created_at),
                    "two_factor_enabled": user.has_two_factor},
        "check_ins": [_check_in(c) for c in db.session.scalars(
            sa.select(CheckIn).where(CheckIn.user_id == user.id).order_by(CheckIn.day))],
        "episodes": [_episode(e) for e in db.session.scalars(
            sa.select(Episode).where(Episode.user_id == user.id).order_by(Episode.started_at)
            .options(selectinload(Episode.triggers), selectinload(Episode.medications),
                     selectinload(Episode.aura_symptoms)))],
        "sharing": _sharing(user),
        "clinical_notes": [
            {"author_name": n.author_name, "created_at": _iso(n.created_at), "body": n.body}
            for n in _about(user, ClinicalNote, ClinicalNote.created_at)],
        "treatment_sessions": [_session(s, answers.get(s.id)) for s in _about(
            user, TreatmentSession, TreatmentSession.day)],
        "treatment_intake": _intake(db.session.get(TreatmentIntake, user.id)),
    }


def _check_in(c: CheckIn) -> dict:
    return {"day": c.day.isoformat(), **{k: getattr(c, k) for k in CHECK_IN_KEYS},
            "created_at": _iso(c.created_at), "updated_at": _iso(c.updated_at)}


def _episode(e: Episode) -> dict:
    return {
        "started_at": _iso(e.started_at), "ended_at": _iso(e.ended_at),
        **{k: getattr(e, k) for k in EPISODE_KEYS},
        "locations": list(e.locations or []), "aura_types": list(e.aura_types or []),
        "aura_symptoms": [{"kind": s.kind, "minutes": s.minutes} for s in e.aura_symptoms],
        "triggers": e.trigger_codes,
        "medications": [{"name": m.name, "drug_class": m.drug_class, "dose": m.dose,
                         "taken_at": _iso(m.taken_at), "effect": m.effect}
                        for m in e.medications],
        "created_at": _iso(e.created_at), "updated_at": _iso(e.updated_at),
    }


def _sharing(user: User) -> dict:
    links = db.session.execute(
        sa.select(CareLink, User.name, User.email).join(User, User.id == CareLink.physio_id)
        .where(CareLink.patient_id == user.id).order_by(CareLink.granted_at))
    invitations = db.session.scalars(sa.select(ShareInvitation).where(
        ShareInvitation.patient_id == user.id).order_by(ShareInvitation.created_at))
    return {
        "care_links": [{"physiotherapist": name or email, "granted_at": _iso(link.granted_at),
                        "revoked_at": _iso(link.revoked_at)} for link, name, email in links],
        "invitations": [{"kind": i.kind, "email": i.email, "created_at": _iso(i.created_at),
                         "expires_at": _iso(i.expires_at), "used_at": _iso(i.used_at),
                         "withdrawn_at": _iso(i.withdrawn_at)} for i in invitations],
    }


def _about(user: User, model, order):
    return db.session.scalars(sa.select(model).where(model.patient_id == user.id)
                              .order_by(order, model.id))


def _session(s: TreatmentSession, answer: PerceivedEffect | None) -> dict:
    """A session, with the patient's answer a few days after it (null: never asked)."""
    return {"day": s.day.isoformat(), "kind": s.kind, "muscles": list(s.muscles or []),
            "muscles_other": s.muscles_other, "notes": s.notes, "physio_name": s.physio_name,
            "created_at": _iso(s.created_at), "updated_at": _iso(s.updated_at),
            "perceived_effect": None if answer is None else {
                "answer": answer.answer, "answered_at": _iso(answer.answered_at)}}


def _intake(intake: TreatmentIntake | None) -> dict | None:
    """The intake date the outcomes compare from (null: the first session is the start)."""
    if intake is None:
        return None
    return {"day": intake.day.isoformat(), "physio_name": intake.physio_name,
            "updated_at": _iso(intake.updated_at)}


def export_json(user: User) -> str:
    return json.dumps(export_data(user), ensure_ascii=False, indent=1)


# --- import: the shape of the file ------------------------------------------------------------

KINDS = {
    "int": _l("a whole number"), "number": _l("a number"), "bool": _l("true, false or null"),
    "text": _l("text"), "codes": _l("a list of codes"), "date": _l("a date (YYYY-MM-DD)"),
    "datetime": _l("a date and time with its timezone (ISO 8601)"), "list": _l("a list"),
    "object": _l("an object"),
}
# Field -> kind; a "!" marks a field that must be present and not null.
TOP_LEVEL = {"format": "text!", "version": "int!", "exported_at": "datetime",
             "account": "object!", "check_ins": "list!", "episodes": "list!",
             "sharing": "object", "clinical_notes": "list", "treatment_sessions": "list",
             "treatment_intake": "object"}
ACCOUNT = {"email": "text", "name": "text", "role": "text", "language": "text!",
           "timezone": "text!", "created_at": "datetime", "two_factor_enabled": "bool"}
CHECK_IN = {"day": "date!", "headache_free": "bool!", "stress": "int", "screen_hours": "number",
            "sleep_hours": "number", "menstruation": "bool", "posture": "bool", "note": "text",
            "created_at": "datetime", "updated_at": "datetime"}
EPISODE = {"started_at": "datetime!", "ended_at": "datetime", "intensity": "int!",
           "side": "text", "locations": "codes", "quality": "text",
           **dict.fromkeys(YES_NO_FIELDS, "bool"), "aura_types": "codes", "aura_minutes": "int",
           "aura_symptoms": "list",
           "trigger_other": "text", "notes": "text", "triggers": "codes", "medications": "list",
           "created_at": "datetime", "updated_at": "datetime"}
AURA_SYMPTOM = {"kind": "text!", "minutes": "int"}
TREATMENT_INTAKE = {"day": "date!", "physio_name": "text", "updated_at": "datetime"}
MEDICATION = {"name": "text!", "drug_class": "text!", "dose": "text", "taken_at": "datetime",
              "effect": "text"}


class ImportRefused(Exception):
    """The file cannot be imported; `problems` says why, in the user's language."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class Problems(list):
    """The problems found so far; stops the check once there are enough to show."""

    def add(self, message: str) -> None:
        self.append(message)
        if len(self) >= MAX_PROBLEMS:
            raise ImportRefused([*self, _("… and possibly more problems.")])

    def refuse_if_any(self) -> None:
        if self:
            raise ImportRefused(list(self))


def parse_file(raw: bytes) -> dict:
    """The JSON object of an export file, or ImportRefused saying what is wrong with it."""
    return check_format(parse_json(raw))


def parse_json(raw: bytes):
    """The JSON value of a file of at most MAX_BYTES (any JSON: see check_format), or
    ImportRefused saying what is wrong with it."""
    if len(raw) > MAX_BYTES:
        raise ImportRefused([_("The file is larger than %(size)s MB.",
                               size=MAX_BYTES // (1024 * 1024))])
    try:
        data = json.loads(raw.decode("utf-8-sig"), parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise ImportRefused([_("The file is not text in UTF-8: it is not an export of the "
                               "headache diary.")]) from None
    except json.JSONDecodeError as error:
        raise ImportRefused([_("The file is not complete, valid JSON (%(detail)s at line "
                               "%(line)s, column %(column)s). It may be damaged or cut off.",
                               detail=error.msg, line=error.lineno, column=error.colno)]) from None
    except RecursionError:
        raise ImportRefused([_("The file is nested too deeply to be a diary export.")]) from None
    except ValueError:  # e.g. a number of thousands of digits
        raise ImportRefused([_("The file holds a number too large to be part of a diary.")]) \
            from None
    if problem := json_problem(data):
        raise ImportRefused([problem.message])
    return data


def check_format(data) -> dict:
    """`data` if it is a diary export of the version this diary reads; else ImportRefused."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportRefused([_("This file is not an export of the headache diary.")])
    if data.get("version") != VERSION:
        raise ImportRefused([_("This file has format version %(version)s; this diary reads "
                               "version %(supported)s.", version=_short(data.get("version")),
                               supported=VERSION)])
    return data


def _refuse_constant(name: str):
    """NaN and Infinity are not JSON; Python would accept them and they would pass range checks."""
    raise ImportRefused([_("The file holds “%(value)s”, which is not a number JSON allows.",
                           value=name)])


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _has_kind(value, kind: str) -> bool:
    checks = {
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
        "text": lambda v: isinstance(v, str),
        "codes": lambda v: isinstance(v, list) and all(isinstance(c, str) for c in v),
        "date": lambda v: isinstance(v, str) and _date(v) is not None,
        "datetime": lambda v: isinstance(v, str) and _datetime(v) is not None,
        "list": lambda v: isinstance(v, list),
        "object": lambda v: isinstance(v, dict),
    }
    return checks[kind](value)


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def _datetime(text: str) -> datetime | None:
    """An aware ISO 8601 datetime in UTC; None for anything else (naive ones included)."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None or not within_calendar(value):  # year 1 or 9999 cannot be moved
        return None
    return value.astimezone(UTC)


def check_shape(record, schema: dict, where: str, problems: Problems) -> bool:
    """Unknown, missing and wrongly typed fields of one record; True when it has none."""
    if not isinstance(record, dict):
        problems.add(_("%(where)s must be %(kind)s.", where=where, kind=KINDS["object"]))
        return False
    ok = True
    for key in record.keys() - schema.keys():
        problems.add(_("%(where)s: unknown field “%(field)s”.", where=where, field=_short(key)))
        ok = False
    for key, kind in schema.items():
        value = record.get(key)
        if value is None:
            if kind.endswith("!"):
                problems.add(_("%(where)s: the field “%(field)s” is missing.",
                               where=where, field=key))
                ok = False
        elif not _has_kind(value, kind.rstrip("!")):
            problems.add(_("%(where)s: “%(field)s” must be %(kind)s.", where=where, field=key,
                           kind=KINDS[kind.rstrip("!")]))
            ok = False
    return ok


# --- import: the values, through the web forms -------------------------------------------------

def _utc_text(moment: datetime) -> str:
    # The forms read wall-clock times; the import checks them in UTC (see validate_episodes).
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _form_errors(form, where: str, problems: Problems) -> None:
    """Every error the form put beside a field, named by the field's label."""
    for field in form:
        if field.type == "FieldList":  # the medication and aura symptom rows
            for number, entry in enumerate(field.entries, start=1):
                _form_errors(entry.form, _row_where(field.name, where, number), problems)
            continue
        for error in field.errors:
            problems.add(_("%(where)s: %(field)s: %(error)s", where=where,
                           field=field.label.text, error=error))


def _row_where(rows: str, where: str, number: int) -> str:
    """Where in the file a row is: "Headache 3 (...), medication 2" or "..., aura symptom 2"."""
    if rows == "aura_symptoms":
        return _("%(where)s, aura symptom %(number)s", where=where, number=number)
    return _("%(where)s, medication %(number)s", where=where, number=number)


def _episode_formdata(record: dict) -> MultiDict:
    start, end = _datetime(record["started_at"]), _datetime(record.get("ended_at") or "")
    data = MultiDict({"started_at": _utc_text(start), "intensity": str(record["intensity"])})
    if end is None:
        data["still_going"] = "y"
    else:
        data["ended_at"] = _utc_text(end)
    for name in ("side", "quality", "trigger_other", "notes"):
        if record.get(name) is not None:
            data[name] = record[name]
    for name in YES_NO_FIELDS:
        if record.get(name) is not None:
            data[name] = from_bool(record[name])
    if record.get("aura_minutes") is not None:
        data["aura_minutes"] = str(record["aura_minutes"])
    for name in ("locations", "aura_types", "triggers"):
        data.setlist(name, list(record.get(name) or []))
    for i, symptom in enumerate(record.get("aura_symptoms") or []):
        data[f"aura_symptoms-{i}-kind"] = symptom["kind"]
        if symptom.get("minutes") is not None:
            data[f"aura_symptoms-{i}-minutes"] = str(symptom["minutes"])
    for i, intake in enumerate(record.get("medications") or []):
        taken = _datetime(intake.get("taken_at") or "")
        for key, value in (("name", intake["name"]), ("drug_class", intake["drug_class"]),
                           ("dose", intake.get("dose")), ("effect", intake.get("effect")),
                           ("taken_at", _utc_text(taken) if taken else None)):
            if value is not None:
                data[f"medications-{i}-{key}"] = value
    return data


def _episode_where(number: int, record) -> str:
    start = record.get("started_at") if isinstance(record, dict) else None
    return _("Headache %(number)s (started %(start)s)", number=number,
             start=_short(start) if isinstance(start, str) else "?")


def validate_episodes(records: list, problems: Problems) -> list[Packed]:
    """Each episode through EpisodeForm and the form's cross-field checks; the valid ones as
    new Episode rows (in memory: no database).

    The times are given to the form as UTC wall-clock times and checked in UTC, so a
    daylight-saving change can never make a valid episode look wrong. Each form is dropped
    as soon as its row is built: forms are heavy, and a file may hold 40,000 episodes.
    """
    max_rows = EpisodeForm.medications.kwargs["max_entries"]
    valid = []
    for number, record in enumerate(records, start=1):
        where = _episode_where(number, record)
        if not check_shape(record, EPISODE, where, problems):
            continue
        medications = record.get("medications") or []
        shapes = [check_shape(m, MEDICATION, _row_where("medications", where, i), problems)
                  for i, m in enumerate(medications, start=1)]
        aura = record.get("aura_symptoms") or []
        shapes += [check_shape(a, AURA_SYMPTOM, _row_where("aura_symptoms", where, i), problems)
                   for i, a in enumerate(aura, start=1)]
        if not all(shapes):
            continue
        if len(aura) > len(AURA_TYPES):
            problems.add(_("%(where)s: at most %(max)s aura symptoms per headache.",
                           where=where, max=len(AURA_TYPES)))
            continue
        if len(medications) > max_rows:
            problems.add(_("%(where)s: at most %(max)s medications per headache.",
                           where=where, max=max_rows))
            continue
        form = EpisodeForm(formdata=_episode_formdata(record), meta={"csrf": False})
        if validate_episode_form(form, UTC_ZONE):
            valid.append(Packed(_episode_row(form, record)))
        else:
            _form_errors(form, where, problems)
    return valid


def validate_check_ins(records: list, today: date, problems: Problems) -> list[Packed]:
    """Each check-in through the day form, days unique and within the diary's range; the
    valid ones as new CheckIn rows (in memory: no database)."""
    valid, seen = [], set()
    for number, record in enumerate(records, start=1):
        day_text = record.get("day") if isinstance(record, dict) else None
        where = _("Check-in %(number)s (%(day)s)", number=number,
                  day=_short(day_text) if isinstance(day_text, str) else "?")
        if not check_shape(record, CHECK_IN, where, problems):
            continue
        day = _date(record["day"])
        if not FIRST_DIARY_DAY <= day <= today:
            problems.add(_("%(where)s: the day must lie between %(first)s and today.",
                           where=where, first=FIRST_DIARY_DAY.isoformat()))
            continue
        if day in seen:
            problems.add(_("%(where)s: this day appears more than once.", where=where))
            continue
        seen.add(day)
        form = DayFactorsForm(formdata=_check_in_formdata(record), meta={"csrf": False})
        if form.validate():
            valid.append(Packed(_check_in_row(form, record, day)))
        else:
            _form_errors(form, where, problems)
    return valid


def _check_in_formdata(record: dict) -> MultiDict:
    data = MultiDict({"had_headache": "no" if record["headache_free"] else "yes"})
    for name in ("stress", "screen_hours", "sleep_hours"):
        if record.get(name) is not None:
            data[name] = str(record[name])
    for name in ("menstruation", "posture"):
        if record.get(name) is not None:
            data[name] = from_bool(record[name])
    if record.get("note") is not None:
        data["note"] = record["note"]
    return data


def check_settings(account: dict, problems: Problems) -> None:
    where = _("Account settings")
    if not check_shape(account, ACCOUNT, where, problems):
        return
    if account["language"] not in current_app.config["LANGUAGES"]:
        problems.add(_("%(where)s: “%(value)s” is not a language of this diary.",
                       where=where, value=_short(account["language"])))
    if account["timezone"] not in known_timezones():
        problems.add(_("%(where)s: “%(value)s” is not a known timezone.",
                       where=where, value=_short(account["timezone"])))


def diary_is_empty(user: User) -> bool:
    return all(db.session.scalar(sa.select(model.id).where(model.user_id == user.id).limit(1))
               is None for model in (CheckIn, Episode))


@dataclass
class CheckedFile:
    """A file that passed every check: its settings and its new rows as `Packed` values."""

    language: str
    timezone: str
    check_ins: list
    episodes: list


class Packed:
    """A new row's column values (and its children's) as plain tuples, not an ORM object.

    An ORM object costs about 2 KB (its state and bookkeeping), so the checked rows of a
    file held as objects until the write took about 20 times the file's size; packed, a row
    costs little more than its values. `unpack` builds the object at write time.
    """

    def __init__(self, row):
        self.model = type(row)
        self.values = _column_values(row)
        self.children = tuple((type(child), _column_values(child))
                              for name in CHILDREN.get(self.model, ())
                              for child in getattr(row, name))

    def unpack(self, user_id: int):
        row = self.model(user_id=user_id, **dict(self.values))
        for model, values in self.children:
            getattr(row, CHILD_OF[model]).append(model(**dict(values)))
        return row


def _column_values(row) -> tuple:
    """The (column, value) pairs set on a new row; unset columns keep their defaults."""
    state = vars(row)
    return tuple((key, state[key]) for key in COLUMNS[type(row)] if key in state)


CHILDREN = {Episode: ("triggers", "medications", "aura_symptoms")}
CHILD_OF = {EpisodeTrigger: "triggers", MedicationIntake: "medications",
            AuraSymptom: "aura_symptoms"}
COLUMNS = {model: tuple(attr.key for attr in sa.inspect(model).column_attrs
                        if attr.key not in ("id", "user_id", "episode_id"))
           for model in (CheckIn, Episode, EpisodeTrigger, MedicationIntake, AuraSymptom)}


def check_file(raw: bytes) -> CheckedFile:
    """Parse and check a whole export file, building its rows in memory; no database.

    Raises ImportRefused with every problem found (up to MAX_PROBLEMS).
    """
    return check_export(parse_file(raw))


def check_export(data: dict) -> CheckedFile:
    """check_file for an export already parsed (from JSON, or read from a FHIR bundle)."""
    problems = Problems()
    check_shape(data, TOP_LEVEL, _("The file"), problems)
    problems.refuse_if_any()
    for name in ("check_ins", "episodes"):
        if len(data[name]) > MAX_ENTRIES:
            problems.add(_("The file holds more than %(limit)s entries in “%(field)s”.",
                           limit=MAX_ENTRIES, field=name))
    check_settings(data["account"], problems)
    if data.get("treatment_intake") is not None:  # checked, not imported (as the sessions)
        check_shape(data["treatment_intake"], TREATMENT_INTAKE, _("The treatment intake"),
                    problems)
    problems.refuse_if_any()
    zone = ZoneInfo(data["account"]["timezone"])
    today = (datetime.now(zone) + timedelta(hours=1)).date()  # a little slack for clocks
    check_ins = validate_check_ins(_drained(data, "check_ins"), today, problems)
    episodes = validate_episodes(_drained(data, "episodes"), problems)
    problems.refuse_if_any()
    account = data["account"]
    return CheckedFile(account["language"], account["timezone"], check_ins, episodes)


def _drained(data: dict, name: str):
    """The records of `data[name]`, each let go of as soon as it has been read (memory)."""
    records, data[name] = data[name], []
    records.reverse()
    while records:
        yield records.pop()


def _check_in_row(form: DayFactorsForm, record: dict, day: date) -> CheckIn:
    check_in = CheckIn(day=day, headache_free=record["headache_free"])
    save_factors(form, check_in)
    # The form reads decimals for display; keep the stored numbers exactly.
    check_in.screen_hours, check_in.sleep_hours = (record.get("screen_hours"),
                                                   record.get("sleep_hours"))
    _keep_times(check_in, record)
    return check_in


def _episode_row(form: EpisodeForm, record: dict) -> Episode:
    episode = Episode()
    save_form(form, episode, UTC_ZONE)  # the form holds UTC times (validate_episodes)
    # The form holds whole seconds; keep the exact instants of the file.
    episode.started_at = _datetime(record["started_at"])
    episode.ended_at = _datetime(record.get("ended_at") or "")
    for intake, source in zip(episode.medications, record.get("medications") or [],
                              strict=True):
        intake.taken_at = _datetime(source.get("taken_at") or "")
    _keep_times(episode, record)
    return episode


def add_diary(user: User, checked: CheckedFile) -> dict[str, int]:
    """Add a checked file's diary to `user`, the logged-in user (the view commits).

    The first statement takes the write lock; the diary is checked to be empty under it.
    """
    if not diary_is_empty(user):
        raise ImportRefused([_("Your diary already has entries. A file can only be imported "
                               "into a new account with an empty diary.")])
    counts = {"check_ins": len(checked.check_ins), "episodes": len(checked.episodes)}
    user.language, user.timezone = checked.language, checked.timezone
    for rows in (checked.check_ins, checked.episodes):
        _write_in_chunks(user.id, rows)
    return counts


def _write_in_chunks(user_id: int, rows: list[Packed]) -> None:
    """Flush WRITE_CHUNK rows at a time and let go of them (emptying `rows`).

    Left in the session until the commit, every new row and its flush bookkeeping would stay
    in memory together (with the rows held as ORM objects: about 50 times the file's size).
    """
    rows.reverse()
    while rows:
        chunk = [rows.pop().unpack(user_id) for _ in range(min(WRITE_CHUNK, len(rows)))]
        db.session.add_all(chunk)
        db.session.flush()
        for row in chunk:
            db.session.expunge(row)


# --- import: the throttle on refused files -----------------------------------------------------

def _throttle_key(user_id: int) -> str:
    return f"import:{user_id}"


def count_import_attempt(user_id: int, session: Session) -> int | None:
    """Count an import as refused before checking it (a LoginFailure row, id returned), or
    None when MAX_REFUSED_IMPORTS were refused within the login throttle's window.

    Counted first, in a short write transaction of its own (`session`), so parallel uploads
    cannot all slip under the limit; `forget_import_attempt` takes it back on success.
    """
    since = datetime.now(UTC) - current_app.config["LOGIN_THROTTLE_WINDOW"]
    refused = session.scalar(sa.select(sa.func.count()).where(
        LoginFailure.key == _throttle_key(user_id), LoginFailure.at >= since))
    if refused >= MAX_REFUSED_IMPORTS:
        return None
    attempt = LoginFailure(key=_throttle_key(user_id))
    session.add(attempt)
    session.flush()
    return attempt.id


def forget_import_attempt(attempt_id: int) -> None:
    """An import that succeeded is not a refusal (in the request's transaction)."""
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.id == attempt_id))


def _keep_times(row, record: dict) -> None:
    for name in ("created_at", "updated_at"):
        if record.get(name):
            setattr(row, name, _datetime(record[name]))
