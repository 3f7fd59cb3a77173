"""The code systems of the FHIR export: which diary field becomes which code, in one table.

SNOMED CT, LOINC and ATC are used only where a code exists for exactly what the diary holds
(looked up, never invented); everything else is a code of the diary's own code systems under
CANONICAL. The export (diary/services/fhir.py) and the import (diary/services/fhir_import.py)
read these tables, so the two directions cannot drift apart. The README's mapping table lists
them for a receiving system.
"""

from __future__ import annotations

import re

from diary.analysis.vocabulary import (
    AURA_TYPES,
    EPISODE_TRIGGERS,
    LOCATIONS,
    QUALITIES,
    SIDES,
)

# The diary's own code systems live under this URL. It never changes (it is not a setting):
# a file exported years ago must still import. Canonical URLs identify, they need not resolve.
CANONICAL = "https://fhir.headache-diary.example"

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
ATC = "http://www.whocc.no/atc"
UCUM = "http://unitsofmeasure.org"
BCP47 = "urn:ietf:bcp:47"
# R4 core extension: the IANA time zone of the patient's local days.
TZ_CODE = "http://hl7.org/fhir/StructureDefinition/tz-code"

HEADACHE = (SNOMED, "25064002")  # Headache (finding)
PAIN_SCORE = (LOINC, "72514-3")  # Pain severity 0-10 verbal numeric rating, as in zib PainScore
CONSENT_CATEGORY = (LOINC, "59284-0")  # Patient consent
CONSENT_SCOPE = ("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy")
CONSENT_POLICY = ("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN")
CONSENT_ROLE = ("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP")

# The medication classes with an ATC code of their own; "combination" and "other" have none.
ATC_CODES = {
    "paracetamol": "N02BE01",  # paracetamol
    "aspirin": "N02BA01",  # acetylsalicylic acid
    "nsaid": "M01A",  # anti-inflammatory and antirheumatic products, non-steroids
    "triptan": "N02CC",  # selective serotonin (5HT1) agonists
    "ergot": "N02CA",  # ergot alkaloids
    "opioid": "N02A",  # opioids
}

# The substances a patient names most for headaches (the examples of diary/words/labels.py and
# more), by the words that name them in English and Dutch, with their WHO ATC code (checked
# against the WHOCC ATC/DDD index). Brand names are left out: a brand can stand for several
# products and combinations. A name naming one of these (and no other) gets the substance's
# code instead of its class's; a name the table does not know keeps its class code and text.
ATC_SUBSTANCES = {
    "paracetamol": "N02BE01", "acetaminophen": "N02BE01",
    "aspirin": "N02BA01", "aspirine": "N02BA01", "acetylsalicylic": "N02BA01",
    "acetylsalicylzuur": "N02BA01",
    "ibuprofen": "M01AE01", "naproxen": "M01AE02", "ketoprofen": "M01AE03",
    "dexketoprofen": "M01AE17", "diclofenac": "M01AB05", "celecoxib": "M01AH01",
    "etoricoxib": "M01AH05",
    "sumatriptan": "N02CC01", "naratriptan": "N02CC02", "zolmitriptan": "N02CC03",
    "rizatriptan": "N02CC04", "almotriptan": "N02CC05", "eletriptan": "N02CC06",
    "frovatriptan": "N02CC07",
    "dihydroergotamine": "N02CA01", "ergotamine": "N02CA02",
    "tramadol": "N02AX02",
    "metoclopramide": "A03FA01", "domperidone": "A03FA03", "domperidon": "A03FA03",
}
# With caffeine: the ATC codes of "combinations excl. psycholeptics".
ATC_WITH_CAFFEINE = {"N02BE01": "N02BE51", "N02BA01": "N02BA51", "N02CA02": "N02CA52"}
CAFFEINE = frozenset({"caffeine", "cafeine", "cafeïne", "coffeine", "coffeïne"})
# Partners that make a name a combination the table does not code.
UNCODED_PARTNERS = frozenset({"codeine", "codeïne", "butalbital", "propyphenazone"})


def system(name: str) -> str:
    """The canonical URL of one of the diary's own code systems."""
    return f"{CANONICAL}/CodeSystem/{name}"


def extension(name: str) -> str:
    """The canonical URL of one of the diary's own extensions."""
    return f"{CANONICAL}/StructureDefinition/{name}"


BUNDLE_TAG = (system("export"), "headache-diary")
# The question after a treatment session (diary/analysis/perceived.py), answered on a 7-point
# scale whose codes are the app's (PERCEIVED_EFFECTS): no licensed instrument is claimed.
PERCEIVED_QUESTIONNAIRE = f"{CANONICAL}/Questionnaire/perceived-effect"
PERCEIVED_ITEM = "perceived-effect"
PERCEIVED_EFFECT = system("perceived-effect")
DAY = (system("observation"), "diary-day")
SUMMARY_DOCUMENT = (system("document"), "pre-visit-summary")
EPISODE_ELEMENT = system("episode-element")
DAY_ELEMENT = system("day-element")
MEDICATION_CLASS = system("medication-class")
MEDICATION_EFFECT = extension("medication-effect")
EFFECT = system("medication-effect")
TREATMENT_KIND = system("treatment-kind")
# The treatment the outcomes follow, from the intake date the physiotherapist set.
TREATMENT_EPISODE = (system("episode-of-care"), "headache-treatment")
MUSCLE = system("muscle")
PATTERN = system("episode-pattern")
PATTERN_NOTE_AUTHOR = "Headache diary: a pattern in the diary, not a diagnosis"

# Episode field -> how its component's value is written. "codes" repeat the component once
# per code; the value codes of "code"/"codes" come from the code system named beside them.
EPISODE_COMPONENTS = {
    "intensity": ("pain", None),
    "side": ("code", ("side", SIDES)),
    "locations": ("codes", ("location", LOCATIONS)),
    "quality": ("code", ("quality", QUALITIES)),
    "worse_with_activity": ("bool", None),
    "nausea": ("bool", None),
    "vomiting": ("bool", None),
    "light_sensitivity": ("bool", None),
    "sound_sensitivity": ("bool", None),
    "neck_pain": ("bool", None),
    "neck_onset": ("bool", None),
    "sudden_onset": ("bool", None),
    "fever": ("bool", None),
    "neuro_symptoms": ("bool", None),
    "triggers": ("codes", ("trigger", EPISODE_TRIGGERS)),
    "trigger_other": ("text", None),
}
# The aura: present or absent, and its details (see fhir.aura_components).
AURA_COMPONENTS = {
    "aura": ("bool", None),
    "aura_types": ("codes", ("aura-type", AURA_TYPES)),
    "aura_minutes": ("minutes", None),
    "aura_gradual": ("bool", None),
    "aura_positive": ("bool", None),
    "aura_one_sided": ("bool", None),
    "aura_headache_within_60": ("bool", None),
    "aura_in_succession": ("bool", None),
}
# Each aura symptom: one component coded AURA_SYMPTOM_PREFIX + its kind (e.g.
# "aura-symptom-visual"), its minutes as the value, or valueBoolean true when not timed.
AURA_SYMPTOM_PREFIX = "aura-symptom-"
DAY_COMPONENTS = {
    "headache_free": ("bool", None),
    "stress": ("int", None),
    "screen_hours": ("hours", None),
    "sleep_hours": ("hours", None),
    "menstruation": ("bool", None),
    "posture": ("bool", None),
}
# Where each kind keeps its value in a component, and the unit of a quantity.
VALUE_KEYS = {"pain": "valueInteger", "int": "valueInteger", "bool": "valueBoolean",
              "text": "valueString", "code": "valueCodeableConcept",
              "codes": "valueCodeableConcept", "minutes": "valueQuantity",
              "hours": "valueQuantity"}
UNITS = {"minutes": ("min", "min"), "hours": ("h", "h")}


def atc_code(name: str, drug_class: str) -> str | None:
    """The most precise ATC code for an intake: the substance its name names, where that agrees
    with the class the patient chose, else the class's code (None: neither has one).

    A name naming two substances of the table, or one with a partner such as codeine, is a
    combination the table does not code: it keeps the class's code and its text.
    """
    words = set(re.findall(r"[^\W\d_]+", name.casefold()))
    substances = {ATC_SUBSTANCES[w] for w in words if w in ATC_SUBSTANCES}
    of_class = ATC_CODES.get(drug_class)
    with_caffeine = bool(words & CAFFEINE)
    # A combination is coded only where the table knows it (a substance with caffeine).
    if (len(substances) != 1 or words & UNCODED_PARTNERS
            or (drug_class == "combination" and not with_caffeine)):
        return of_class
    found = substances.pop()
    if with_caffeine:
        found = ATC_WITH_CAFFEINE.get(found)
    # The class's group (e.g. M01A, N02BE) must contain the substance.
    if found is None or (of_class is not None and not found.startswith(of_class[:5])):
        return of_class
    return found
