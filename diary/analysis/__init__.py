"""Clinical analysis of a headache diary: pure Python, plain records in, plain results out.

Every result carries its reasons (criterion codes with met / not_met / unknown and named
parameters; see reasons.REASON_PARAMS) so the app can show *why*. Patterns, never diagnoses.
"""

from .advice import gp_advice
from .days import DayRecord, DiaryDays, build_days
from .episodes import EpisodeResult, classify_episode
from .figures import PeriodFigures, period_figures
from .medication import MedicationMonth, MedicationOveruse, medication_overuse
from .menstrual import MenstrualAssociation, menstrual_association
from .neck import NeckSummary, neck_summary
from .overview import Overview, overview_from_json, patient_overview
from .profile import Change, Profile, build_profile, default_period
from .reasons import REASON_PARAMS, Reason
from .records import (
    ACUTE_CLASSES,
    AuraSymptom,
    CheckInRecord,
    DiaryRecords,
    EpisodeRecord,
    MedicationRecord,
)
from .summary import Summary, analyse, as_json
from .treatment import TreatmentResponse, treatment_response
from .triggers import (
    EpisodeTriggerCount,
    TriggerAssociation,
    TriggerReport,
    risk_ratio,
    trigger_associations,
)

__all__ = [
    "ACUTE_CLASSES", "REASON_PARAMS", "AuraSymptom", "Change", "CheckInRecord", "DayRecord",
    "DiaryDays", "DiaryRecords", "EpisodeRecord", "EpisodeResult", "EpisodeTriggerCount",
    "MedicationMonth", "MedicationOveruse", "MedicationRecord", "MenstrualAssociation",
    "NeckSummary", "Overview", "PeriodFigures", "Profile", "Reason", "Summary", "TreatmentResponse",
    "TriggerAssociation", "TriggerReport", "analyse", "as_json", "build_days", "build_profile",
    "classify_episode", "default_period", "gp_advice", "medication_overuse",
    "menstrual_association", "neck_summary", "overview_from_json", "patient_overview",
    "period_figures", "risk_ratio", "treatment_response", "trigger_associations",
]
