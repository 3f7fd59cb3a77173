"""Warning signs in one saved episode, and how urgently to act on them (never a diagnosis).

A warning sign is something the patient recorded that a doctor should hear about, not a
conclusion about its cause. Each flag carries its reason and an urgency:

- EMERGENCY: call 112 or the GP out-of-hours service (huisartsenpost) now. For a sudden,
  severe headache that reached its worst within about a minute (a "thunderclap" headache) and
  for neurological symptoms that are not the patient's usual aura.
- GP_SOON: contact the GP soon. For fever, an aura symptom lasting over 60 minutes, the first
  aura in the diary, and a very sudden headache that was not severe.

Blank answers ("not recorded") never raise a flag: the app does not guess.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .reasons import MET, Reason
from .records import EpisodeRecord

EMERGENCY = "emergency"
GP_SOON = "gp_soon"
URGENCIES = (EMERGENCY, GP_SOON)  # most urgent first
# Pain of 7 or more out of 10 is "severe" on the usual numeric rating scale.
SEVERE_INTENSITY = 7
# ICHD-3 1.2 C: each aura symptom lasts 5-60 minutes; longer is worth a doctor's look.
AURA_SYMPTOM_LIMIT = 60

FLAG_CODES = ("thunderclap", "neuro_symptoms", "fever", "long_aura", "first_aura")


@dataclass(frozen=True, slots=True)
class RedFlag:
    """One warning sign: its code (FLAG_CODES), its urgency and why."""

    code: str
    urgency: str
    reason: Reason


@dataclass(frozen=True, slots=True)
class RedFlags:
    """The warning signs of one episode; empty flags: none recorded."""

    episode_id: int
    flags: tuple[RedFlag, ...]

    def __bool__(self) -> bool:
        return bool(self.flags)

    @property
    def urgency(self) -> str | None:
        """The most urgent of the flags' urgencies; None without flags."""
        return most_urgent(flag.urgency for flag in self.flags)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(flag.code for flag in self.flags)


def most_urgent(urgencies: Iterable[str | None]) -> str | None:
    """The most urgent of these urgencies; None when there are none."""
    found = set(urgencies)
    return next((u for u in URGENCIES if u in found), None)


def red_flags(episode: EpisodeRecord, aura_before: bool) -> RedFlags:
    """The warning signs of `episode`; `aura_before`: an earlier episode in the diary had aura."""
    found = [_thunderclap(episode), _neuro(episode), _fever(episode),
             _long_aura(episode), _first_aura(episode, aura_before)]
    return RedFlags(episode.id, tuple(flag for flag in found if flag is not None))


def diary_red_flags(episodes: Iterable[EpisodeRecord]) -> dict[int, RedFlags]:
    """The warning signs of every episode with any, by episode id, in one pass over the diary."""
    flagged: dict[int, RedFlags] = {}
    aura_before = False
    for episode in sorted(episodes, key=lambda e: (e.start, e.id)):
        flags = red_flags(episode, aura_before)
        if flags:
            flagged[episode.id] = flags
        aura_before = aura_before or episode.aura is True
    return flagged


def _flag(criterion: str, urgency: str, **params) -> RedFlag:
    """A flag whose code is the criterion without its "red_flag." prefix."""
    return RedFlag(criterion.removeprefix("red_flag."), urgency, Reason(criterion, MET, params))


def _thunderclap(episode: EpisodeRecord) -> RedFlag | None:
    """Worst within about a minute; an emergency when the pain was severe."""
    if episode.sudden_onset is not True:
        return None
    intensity = episode.intensity
    severe = intensity is not None and intensity >= SEVERE_INTENSITY
    return _flag("red_flag.thunderclap", EMERGENCY if severe else GP_SOON, intensity=intensity)


def _neuro(episode: EpisodeRecord) -> RedFlag | None:
    """Weakness, numbness, confusion, speech or vision trouble, fainting: not the usual aura."""
    return _flag("red_flag.neuro_symptoms", EMERGENCY) if episode.neuro_symptoms is True else None


def _fever(episode: EpisodeRecord) -> RedFlag | None:
    return _flag("red_flag.fever", GP_SOON) if episode.fever is True else None


def _first_aura(episode: EpisodeRecord, aura_before: bool) -> RedFlag | None:
    """An aura with no earlier aura anywhere in the diary."""
    if episode.aura is not True or aura_before:
        return None
    return _flag("red_flag.first_aura", GP_SOON)


def _long_aura(episode: EpisodeRecord) -> RedFlag | None:
    """An aura symptom that certainly lasted over 60 minutes."""
    minutes = _longest_aura_symptom(episode)
    if minutes is None or minutes <= AURA_SYMPTOM_LIMIT:
        return None
    return _flag("red_flag.long_aura", GP_SOON, minutes=minutes, limit=AURA_SYMPTOM_LIMIT)


def _longest_aura_symptom(episode: EpisodeRecord) -> int | None:
    """Minutes of the longest aura symptom as far as the record shows it; None: unknown.

    With only a total for several symptoms one after another (or unknown how), a single one
    is over the limit for sure only when the total exceeds the limit for every symptom."""
    if episode.aura is not True:
        return None
    if episode.aura_symptoms:
        return max((s.minutes for s in episode.aura_symptoms if s.minutes is not None),
                   default=None)
    total, count = episode.aura_minutes, len(episode.aura_types)
    if total is None:
        return None
    if count <= 1 or episode.aura_in_succession is False:
        return total  # one symptom, or all at once: each lasted the whole aura
    return total if total > AURA_SYMPTOM_LIMIT * count else None
