"""Neck features across episodes: what a diary can add to a cervicogenic question.

Only the time course and pattern, never a diagnosis (that needs an examination): how many
episodes had neck pain or started in the neck, and whether one-sided pain is always on the
same side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .episodes import EpisodeResult
from .reasons import MET, NOT_MET, UNKNOWN, Reason

MIN_ONE_SIDED = 3  # "always the same side" needs a few one-sided episodes to mean anything


@dataclass(frozen=True, slots=True)
class NeckSummary:
    """Neck features over the episodes of a period."""

    episodes: int
    with_neck_features: int  # neck pain or stiffness, onset in the neck, or pain in the neck
    share_with_neck_features: float | None
    one_sided_episodes: int
    same_side: str | None  # "left" or "right" when every one-sided episode was on that side
    reasons: tuple[Reason, ...]


def neck_summary(episodes: Sequence[EpisodeResult]) -> NeckSummary:
    """Share of episodes with neck features and whether one-sided pain keeps to one side."""
    records = [e.record for e in episodes if e.record is not None]
    with_neck = sum(_has_neck_feature(r) for r in records)
    share = round(with_neck / len(records), 3) if records else None
    reasons = [Reason("neck.features", MET if with_neck else NOT_MET,
                      {"with_features": with_neck, "episodes": len(records)})]
    sides = [r.side for r in records if r.side in ("left", "right")]
    same_side = _same_side(sides, reasons)
    return NeckSummary(len(records), with_neck, share, len(sides), same_side, tuple(reasons))


def _has_neck_feature(record) -> bool:
    return record.neck_pain is True or record.neck_onset is True or "neck" in record.locations


def _same_side(sides: list[str], reasons: list[Reason]) -> str | None:
    if len(sides) < MIN_ONE_SIDED:
        reasons.append(Reason("neck.same_side_unknown", UNKNOWN, {"episodes": len(sides)}))
        return None
    if len(set(sides)) > 1:
        reasons.append(Reason("neck.sides_differ", NOT_MET, {"episodes": len(sides)}))
        return None
    reasons.append(Reason("neck.same_side", MET, {"episodes": len(sides), "side": sides[0]}))
    return sides[0]
