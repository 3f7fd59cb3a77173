"""The codes the diary stores and the analysis reads, each list defined once.

Pure data: the database models validate against these tuples, the forms build their choices
from them (with labels from diary/words/labels.py), and the analysis counts them. A code is
never shown to a user; diary.words gives each one its single label.
"""

from __future__ import annotations

ACUTE_CLASSES = ("paracetamol", "aspirin", "nsaid", "triptan", "ergot", "opioid", "combination")
# "other" may be recorded but is never counted as acute medication.
MEDICATION_CLASSES = (*ACUTE_CLASSES, "other")
MIGRAINE_SPECIFIC_CLASSES = frozenset({"triptan", "ergot"})
# ICHD-3 8.2.3: paracetamol, aspirin and other NSAIDs count together as one class for overuse.
NON_OPIOID_CLASSES = frozenset({"paracetamol", "aspirin", "nsaid"})
# ICHD-3 8.2.6 "multiple drug classes": triptans, ergots, opioids and the non-opioid class.
SEVERAL_CLASSES = frozenset({"triptan", "ergot", "opioid"}) | NON_OPIOID_CLASSES
EFFECTS = ("none", "some", "good")

SIDES = ("left", "right", "both", "varies")
LOCATIONS = ("forehead", "temples", "behind_eyes", "top", "back_of_head", "neck")
QUALITIES = ("pulsating", "pressing", "other")
AURA_TYPES = ("visual", "sensory", "speech", "other")
EPISODE_TRIGGERS = (
    "posture", "stress", "screen", "hormones", "food", "sleep",
    "alcohol", "skipped_meal", "weather", "exertion", "other",
)

# The physiotherapist's treatment sessions.
TREATMENT_KINDS = ("dry_needling", "manual_therapy", "exercise_therapy", "advice")
MUSCLES = (
    "upper_trapezius", "suboccipitals", "sternocleidomastoid", "levator_scapulae",
    "splenius_capitis", "temporalis", "masseter",
)

# The patient's answer some days after a session: how their headaches changed since treatment
# began, from much worse to much better (a 7-point scale; see perceived.py).
PERCEIVED_EFFECTS = (
    "much_worse", "worse", "a_little_worse", "no_change", "a_little_better", "better",
    "much_better",
)
