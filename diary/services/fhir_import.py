"""Import of a FHIR bundle made by this diary (moving clinics), through the JSON import's checks.

The bundle is validated with the FHIR models, recognised as the diary's own export (its tag),
then read back into the JSON export's shape (`export_of_bundle`) and checked exactly as a
JSON file is (diary/services/portable.py): the same forms, the same all-or-nothing rule, the
same messages. Like the JSON import it brings the diary (days, episodes with their triggers and
medication) and the settings; treatment sessions, the intake date, sharing links and the summary
PDF belong to the old clinic and are left out.
"""

from __future__ import annotations

from flask_babel import gettext as _

from diary.services import fhir_codes as codes
from diary.services import portable
from diary.services.fhir_validation import InvalidBundle, validate
from diary.services.portable import CheckedFile, ImportRefused, Problems

MAX_BYTES = portable.MAX_BYTES
# Resources the diary exports but does not import: they belong to the old clinic.
LEFT_OUT = {"Procedure", "QuestionnaireResponse", "EpisodeOfCare", "Consent",
            "DocumentReference"}


def check_file(raw: bytes) -> CheckedFile:
    """Check an uploaded file, a JSON export or a FHIR bundle of this diary; no database.

    Raises ImportRefused with every problem found (up to portable.MAX_PROBLEMS).
    """
    data = portable.parse_json(raw)
    if isinstance(data, dict) and data.get("resourceType") == "Bundle":
        return portable.check_export(export_of_bundle(data))
    return portable.check_export(portable.check_format(data))


def export_of_bundle(bundle: dict) -> dict:
    """The diary in a bundle, as the JSON export's dict; ImportRefused if it is not ours."""
    try:
        validate(bundle)
    except InvalidBundle as error:
        raise ImportRefused([_("The file is not a valid FHIR R4 bundle (%(detail)s).",
                               detail=str(error))]) from None
    tags = bundle.get("meta", {}).get("tag", [])
    if not any(coding_is(tag, codes.BUNDLE_TAG) for tag in tags):
        raise ImportRefused([_("This FHIR bundle was not made by the headache diary. Only the "
                               "diary's own FHIR export can be imported.")])
    problems = Problems()
    reader = BundleReader(problems)
    for number, item in enumerate(bundle.get("entry", []), start=1):
        reader.read(number, item.get("fullUrl"), item.get("resource") or {})
    problems.refuse_if_any()
    return reader.export(problems)


def short(value) -> str:
    """A value as it is quoted in a message: at most 40 characters."""
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def coding_is(coding: dict, pair: tuple[str, str]) -> bool:
    return (coding.get("system"), coding.get("code")) == pair


def codes_in(concept: dict | None, system: str) -> list[str]:
    """The codes of `system` in a CodeableConcept."""
    return [c.get("code") for c in (concept or {}).get("coding", []) if c.get("system") == system]


def has_code(concept: dict | None, pair: tuple[str, str]) -> bool:
    return pair[1] in codes_in(concept, pair[0])


class BundleReader:
    """Collects the patient, episodes, intakes and days of a bundle in the JSON export's shape."""

    def __init__(self, problems: Problems):
        self.problems = problems
        self.patients: list[dict] = []
        self.episodes: list[dict] = []
        self.by_url: dict[str, dict] = {}  # the episodes, for the intakes' references
        self.intakes: list[tuple[str, dict, dict]] = []
        self.check_ins: list[dict] = []

    def read(self, number: int, url: str | None, resource: dict) -> None:
        """Sort one entry by its kind; a kind the diary never exports is a problem."""
        kind = resource.get("resourceType")
        where = _("Entry %(number)s (%(kind)s)", number=number, kind=kind)
        if kind == "Patient":
            self.patients.append(resource)
        elif kind == "Observation" and has_code(resource.get("code"), codes.HEADACHE):
            self.add_episode(url, episode_record(resource, where, self.problems), where)
        elif kind == "Observation" and has_code(resource.get("code"), codes.DAY):
            self.check_ins.append(check_in_record(resource, where, self.problems))
        elif kind == "MedicationStatement":
            self.intakes.append((where, resource, intake_record(resource)))
        elif kind not in LEFT_OUT:
            self.problems.add(_("%(where)s: this is not part of a headache diary export.",
                                where=where))

    def add_episode(self, url: str | None, episode: dict, where: str) -> None:
        self.episodes.append(episode)
        if url in self.by_url:
            self.problems.add(_("%(where)s: another entry has the same full URL.", where=where))
        elif url is not None:
            self.by_url[url] = episode

    def export(self, problems: Problems) -> dict:
        """The JSON export's dict, with each intake under the episode it was taken for."""
        if len(self.patients) != 1:
            problems.add(_("The bundle must hold exactly one patient."))
            problems.refuse_if_any()
        for where, resource, intake in self.intakes:
            references = [r.get("reference") for r in resource.get("reasonReference", [])]
            episode = self.by_url.get(references[0]) if len(references) == 1 else None
            if episode is None:
                problems.add(_("%(where)s: the medication does not refer to a headache in "
                               "this bundle.", where=where))
            else:
                episode.setdefault("medications", []).append(intake)
        problems.refuse_if_any()
        return {"format": portable.FORMAT, "version": portable.VERSION,
                "account": account_record(self.patients[0]),
                "check_ins": self.check_ins, "episodes": self.episodes}


def account_record(patient: dict) -> dict:
    """The settings the import takes over: language and time zone."""
    languages = [code for item in patient.get("communication", [])
                 for code in codes_in(item.get("language"), codes.BCP47)]
    zones = [e.get("valueCode") for e in patient.get("extension", [])
             if e.get("url") == codes.TZ_CODE]
    names = [name.get("text") for name in patient.get("name", []) if name.get("text")]
    return {"language": languages[0] if languages else None,
            "timezone": zones[0] if zones else None, "name": names[0] if names else ""}


def times(resource: dict) -> dict:
    """When the entry was made and last changed (Observation.issued, meta.lastUpdated)."""
    return {"created_at": resource.get("issued"),
            "updated_at": resource.get("meta", {}).get("lastUpdated")}


def patient_note(resource: dict) -> str | None:
    """The patient's own note; the diary's pattern note is written by the diary, not read."""
    notes = [n.get("text") for n in resource.get("note", []) if "authorReference" in n]
    return notes[0] if notes else None


def episode_record(resource: dict, where: str, problems: Problems) -> dict:
    period = resource.get("effectivePeriod") or {}
    table = {**codes.EPISODE_COMPONENTS, **codes.AURA_COMPONENTS}
    return {"started_at": period.get("start"), "ended_at": period.get("end"),
            **read_components(resource, table, codes.EPISODE_ELEMENT, where, problems),
            "notes": patient_note(resource), **times(resource)}


def check_in_record(resource: dict, where: str, problems: Problems) -> dict:
    return {"day": resource.get("effectiveDateTime"),
            **read_components(resource, codes.DAY_COMPONENTS, codes.DAY_ELEMENT, where,
                              problems),
            "note": patient_note(resource), **times(resource)}


def intake_record(resource: dict) -> dict:
    medication = resource.get("medicationCodeableConcept") or {}
    classes = codes_in(medication, codes.MEDICATION_CLASS)
    effects = [codes_in({"coding": [e.get("valueCoding") or {}]}, codes.EFFECT)
               for e in resource.get("extension", []) if e.get("url") == codes.MEDICATION_EFFECT]
    doses = [d.get("text") for d in resource.get("dosage", []) if d.get("text")]
    return {"name": medication.get("text"), "drug_class": classes[0] if classes else None,
            "dose": doses[0] if doses else None, "taken_at": resource.get("effectiveDateTime"),
            "effect": effects[0][0] if effects and effects[0] else None}


def element_name(component: dict, element_system: str) -> str | None:
    """The diary field a component answers (the pain score by its LOINC code)."""
    concept = component.get("code")
    if has_code(concept, codes.PAIN_SCORE):
        return "intensity"
    found = codes_in(concept, element_system)
    return found[0] if found else None


def read_components(resource: dict, table: dict, element_system: str, where: str,
                    problems: Problems) -> dict:
    """The fields answered by the components; unknown or repeated ones are problems."""
    record: dict = {}
    for component in resource.get("component", []):
        name = element_name(component, element_system)
        if name and name.startswith(codes.AURA_SYMPTOM_PREFIX) and "aura_types" in table:
            record.setdefault("aura_symptoms", []).append(aura_symptom(name, component))
            continue
        if name not in table:
            problems.add(_("%(where)s: a component this diary does not write (%(code)s).",
                           where=where, code=short(component.get("code"))))
            continue
        kind, code_system = table[name]
        value = read_value(component, kind, code_system)
        if kind == "codes":
            record.setdefault(name, []).append(value)
        elif name in record:
            problems.add(_("%(where)s: “%(field)s” is given more than once.", where=where,
                           field=name))
        else:
            record[name] = value
    return record


def aura_symptom(name: str, component: dict) -> dict:
    """One aura symptom row as the JSON export holds it; the JSON import checks its kind and
    minutes (an unknown kind is refused there, by name)."""
    timed = component.get("valueQuantity")
    minutes = timed.get("value") if isinstance(timed, dict) else None
    return {"kind": name.removeprefix(codes.AURA_SYMPTOM_PREFIX), "minutes": minutes}


def read_value(component: dict, kind: str, code_system: tuple | None):
    """The plain value of a component, as the JSON export holds it.

    A value of an unexpected shape is passed on as it is: the JSON import's checks then name
    the field and what it must be.
    """
    value = next((v for key, v in component.items() if key.startswith("value")), None)
    if kind in ("code", "codes") and isinstance(value, dict):
        found = codes_in(value, codes.system(code_system[0]))
        return found[0] if found else short(value)
    if kind in codes.UNITS and isinstance(value, dict):
        return value.get("value") if value.get("code") == codes.UNITS[kind][1] else str(value)
    return value
