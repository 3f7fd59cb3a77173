"""Classify one episode: migraine-like, tension-type-like, probable, or neither.

Each criterion comes out met, not met, or unknown (a field it needs was left blank). Blanks are
never guessed: when the label hinges on one, the episode is "incomplete", but when the known
answers already decide the label, it is decided.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from functools import cache

from .criteria import aura_criteria, hours, migraine_criteria, tension_criteria
from .reasons import MET, NOT_MET, UNKNOWN, Reason, all_but_one, all_of, any_of, shared
from .records import EpisodeRecord

MIGRAINE_WITH_AURA = "migraine_with_aura_like"
MIGRAINE = "migraine_like"
TENSION_TYPE = "tension_type_like"
PROBABLE_MIGRAINE = "probable_migraine_like"
PROBABLE_TENSION_TYPE = "probable_tension_type_like"
UNCLASSIFIED = "unclassified"
INCOMPLETE = "incomplete"

# Best first: definite beats probable, migraine beats tension-type within each rank.
RANKING = (MIGRAINE_WITH_AURA, MIGRAINE, TENSION_TYPE, PROBABLE_MIGRAINE, PROBABLE_TENSION_TYPE)
MIGRAINE_LABELS = frozenset({MIGRAINE_WITH_AURA, MIGRAINE})
TENSION_TYPE_LABELS = frozenset({TENSION_TYPE, PROBABLE_TENSION_TYPE})
_FAMILY = {
    MIGRAINE_WITH_AURA: "migraine", MIGRAINE: "migraine", PROBABLE_MIGRAINE: "migraine",
    TENSION_TYPE: "tension", PROBABLE_TENSION_TYPE: "tension",
}


@dataclass(frozen=True, slots=True)
class EpisodeResult:
    """The pattern one episode fits, with the criteria behind it."""

    episode_id: int
    start: datetime
    day: date  # local calendar day the episode started
    duration_minutes: float
    label: str
    provisional: bool  # still going: classified on the duration so far
    possible_labels: tuple[str, ...]  # for "incomplete": what it could still turn out to be
    chronic_band: bool  # 15+ headache days in the 30 days up to its start (TT criterion D)
    reasons: tuple[Reason, ...]
    record: EpisodeRecord | None = field(
        default=None, repr=False, compare=False, metadata={"json": False}
    )

    @property
    def is_migraine_like(self) -> bool:
        """A definite migraine-like attack, with or without aura, even if only that is known."""
        return _surely(self, MIGRAINE_LABELS)

    @property
    def is_tension_type_like(self) -> bool:
        """A tension-type-like episode, definite or probable."""
        return _surely(self, TENSION_TYPE_LABELS)


def _surely(result: EpisodeResult, labels: frozenset[str]) -> bool:
    if result.label == INCOMPLETE:
        return set(result.possible_labels) <= labels
    return result.label in labels


def classify_episode(
    episode: EpisodeRecord, now: datetime, tz: tzinfo = UTC, chronic_band: bool = False
) -> EpisodeResult:
    """Classify one episode; `now` ends a still-going one, `tz` gives its local start day."""
    end = episode.end if episode.end is not None else max(now, episode.start)
    minutes = max(0.0, (end - episode.start).total_seconds() / 60)
    reasons: list[Reason] = []
    if episode.end is None:
        reasons.append(Reason("episode.ongoing", UNKNOWN, {"hours": hours(minutes)}))
    aura = aura_criteria(episode, reasons)
    migraine = migraine_criteria(episode, minutes, reasons)
    tension = tension_criteria(episode, minutes, chronic_band, reasons)
    label, possible, decision = _decide(aura, migraine, tension)
    reasons.extend(decision)
    return EpisodeResult(
        episode_id=episode.id,
        start=episode.start,
        day=episode.start.astimezone(tz).date(),
        duration_minutes=round(minutes, 2),
        label=label,
        provisional=episode.end is None,
        possible_labels=possible,
        chronic_band=chronic_band,
        reasons=tuple(reasons),
        record=episode,
    )


@cache  # a lookup table: at most 3**8 combinations of statuses
def _decide(
    aura: tuple[str, ...], migraine: tuple[str, ...], tension: tuple[str, ...]
) -> tuple[str, tuple[str, ...], tuple[Reason, ...]]:
    """The label from the criteria statuses (B-C of 1.2, B-D of 1.1, B-D of 2.x)."""
    candidates = {
        MIGRAINE_WITH_AURA: all_of(aura),
        MIGRAINE: all_of(migraine),
        TENSION_TYPE: all_of(tension),
        PROBABLE_MIGRAINE: any_of([all_but_one(migraine), all_but_one(aura)]),
        PROBABLE_TENSION_TYPE: all_but_one(tension),
    }
    reasons: list[Reason] = []
    label, possible = _rank(candidates, reasons)
    return label, possible, tuple(reasons)


def _rank(candidates: dict[str, str], reasons: list[Reason]) -> tuple[str, tuple[str, ...]]:
    """Walk the ranking; the first candidate not ruled out decides, unless it is still open."""
    for label, status in candidates.items():
        reasons.append(shared("episode.candidate", status, label=label))
    open_labels: list[str] = []
    for label in RANKING:
        status = candidates[label]
        if status == MET and not open_labels:
            _note_outranked(label, candidates, reasons)
            return label, ()
        if status == MET:
            open_labels.append(label)
            break
        if status == UNKNOWN:
            open_labels.append(label)
    if not open_labels:
        reasons.append(shared("episode.unclassified", NOT_MET))
        return UNCLASSIFIED, ()
    if candidates[open_labels[-1]] != MET:
        open_labels.append(UNCLASSIFIED)
    reasons.append(shared("episode.incomplete", UNKNOWN))
    return INCOMPLETE, tuple(open_labels)


def _note_outranked(label: str, candidates: dict[str, str], reasons: list[Reason]) -> None:
    """Say which pattern of the other kind also fitted but ranks lower."""
    below = RANKING[RANKING.index(label) + 1:]
    for other in below:
        if candidates[other] == MET and _FAMILY[other] != _FAMILY[label]:
            reasons.append(shared("episode.ranked_above", MET, label=label, other=other))
