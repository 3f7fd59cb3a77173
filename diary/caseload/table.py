"""The caseload table: which patients, their rows, search and sorting.

Sorting happens in Python after the figures are known (most columns are computed, not stored).
Rows without a value (no recorded days, not enough data) go last in either direction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _

from diary.analysis import Overview
from diary.analysis.medication import APPROACHING, NONE, OVER_THRESHOLD, SUSTAINED
from diary.analysis.overview import NOT_ENOUGH_DATA
from diary.analysis.red_flags import URGENCIES
from diary.models import CheckIn, Episode, PatientOverview, User
from diary.services.care_access import linked_patients_select
from diary.words import label as word_for

MAX_SEARCH = 100
OVERUSE_ORDER = (NONE, APPROACHING, OVER_THRESHOLD, SUSTAINED)


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    """One patient's line in the table."""

    patient_id: int
    name: str
    email: str
    last_entry: date | None  # the latest check-in day or episode start (local day)
    overview: Overview | None  # None: never computed yet, being computed now
    updating: bool = False  # the figures shown are out of date and being recomputed


def caseload_select(physio_id: int, search: str = "") -> sa.Select:
    """The physiotherapist's linked patients matching `search` (name or email), each with the
    stored overview and the latest entries: one query for the whole list."""
    last_check_in = (sa.select(sa.func.max(CheckIn.day)).where(CheckIn.user_id == User.id)
                     .scalar_subquery())
    last_episode = (sa.select(sa.func.max(Episode.started_at))
                    .where(Episode.user_id == User.id).scalar_subquery())
    query = linked_patients_select(physio_id).with_only_columns(
        User.id, User.name, User.email, User.timezone, User.created_at, User.diary_version,
        PatientOverview.diary_version.label("cached_version"), PatientOverview.computed_for,
        PatientOverview.data, last_check_in.label("last_check_in"),
        last_episode.label("last_episode"),
    ).outerjoin(PatientOverview, PatientOverview.patient_id == User.id)
    if search:
        query = query.where(sa.or_(User.name.icontains(search, autoescape=True),
                                   User.email.icontains(search, autoescape=True)))
    return query


def caseload_row(patient, overview: Overview | None, updating: bool = False) -> CaseloadRow:
    """The table row of one result of caseload_select."""
    entries = [patient.last_check_in]
    if patient.last_episode is not None:
        entries.append(patient.last_episode.astimezone(ZoneInfo(patient.timezone)).date())
    return CaseloadRow(patient.id, patient.name, patient.email,
                       max((d for d in entries if d is not None), default=None), overview,
                       updating)


def profile_text(overview: Overview) -> str:
    """The profile label in words, with the tension-type band when there is one."""
    label = word_for("profile", overview.profile)
    if overview.band is None:
        return label
    return _("%(label)s (%(band)s)", label=label, band=word_for("band", overview.band))


def flag_rank(overview: Overview) -> tuple[int, int]:
    """Higher for the more urgent warning signs, then for more of them; (0, 0) for none."""
    if overview.red_flag_urgency is None:
        return 0, 0
    return (len(URGENCIES) - URGENCIES.index(overview.red_flag_urgency),
            overview.red_flag_episodes)


SORT_KEYS = {
    "patient": lambda row: (row.name or row.email).casefold(),
    "last_entry": lambda row: row.last_entry,
    "recorded": lambda row: row.overview.recorded_days,
    # With too few recorded days there is no rate to sort by: such rows go last.
    "headache": lambda row: (row.overview.headache_days_per_28
                             if row.overview.rates_shown else None),
    "migraine": lambda row: (row.overview.migraine_like_days_per_28
                             if row.overview.rates_shown else None),
    "profile": lambda row: profile_text(row.overview).casefold(),
    "trend": lambda row: (None if row.overview.trend == NOT_ENOUGH_DATA
                          else row.overview.headache_days_change),
    "overuse": lambda row: OVERUSE_ORDER.index(row.overview.medication_overuse),
    "flags": lambda row: flag_rank(row.overview),
    # Since the baseline: the change in headache days per 28 recorded days, and the
    # responder level (50% down ranks above 30% down, above less); none judged go last.
    "outcome": lambda row: row.overview.outcome_change,
    "responder": lambda row: (RESPONDER_ORDER.index(row.overview.outcome_responder)
                              if row.overview.outcome_responder else None),
}
RESPONDER_ORDER = ("below_30", "at_30", "at_50")
COLUMNS = tuple(SORT_KEYS)
# The columns that need no figures: every other one has no value while a row is being computed.
WITHOUT_FIGURES = ("patient", "last_entry")
# A column's first click: names A to Z, the figures highest (most worrying, latest) first.
FIRST_DIRECTION = {column: "desc" for column in COLUMNS} | {"patient": "asc"}


def sort_order(args) -> tuple[str, str]:
    """(column, "asc" | "desc") from the query string; anything unknown means by name."""
    column = args.get("sort", "patient")
    if column not in SORT_KEYS:
        column = "patient"
    direction = args.get("dir", FIRST_DIRECTION[column])
    if direction not in ("asc", "desc"):
        direction = FIRST_DIRECTION[column]
    return column, direction


class Page:
    """One page of the sorted rows (numbers from 1; a number past the end shows the last)."""

    def __init__(self, rows: list[CaseloadRow], number: int, per_page: int) -> None:
        self.total, self.per_page = len(rows), per_page
        self.pages = max(1, -(-self.total // per_page))
        self.number = min(max(number, 1), self.pages)
        first = (self.number - 1) * per_page
        self.rows = rows[first:first + per_page]
        self.first_shown = first + 1 if self.rows else 0
        self.last_shown = first + len(self.rows)

    @property
    def updating(self) -> int:
        """Rows of this page whose figures are out of date and being recomputed."""
        return sum(row.updating for row in self.rows)


def sort_rows(rows: list[CaseloadRow], column: str, direction: str) -> list[CaseloadRow]:
    """Rows by `column`; ties by name; rows without a value last in either direction."""
    def key(row: CaseloadRow):
        if row.overview is None and column not in WITHOUT_FIGURES:
            return None
        return SORT_KEYS[column](row)

    by_name = sorted(rows, key=SORT_KEYS["patient"])
    known = [row for row in by_name if key(row) is not None]
    unknown = [row for row in by_name if key(row) is None]
    return sorted(known, key=key, reverse=direction == "desc") + unknown
