"""Perceived effect: which treatment session the patient is asked about, and the answers' scale.

A few days after a session the patient is asked once how their headaches have changed since
treatment began (PERCEIVED_EFFECTS, much worse to much better). Why a window: on the day after
a needling session the muscles are often sore, which says little about the headaches; after
more than a week the answer mixes in whatever happened since. Only the latest session that is
old enough is asked about: after two sessions close together the patient answers once, about
the newer one, instead of twice about nearly the same days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .vocabulary import PERCEIVED_EFFECTS

ASK_FROM_DAY = 3  # days after the session
ASK_UNTIL_DAY = 7
# Unanswered this many days after it was first asked, the question is shown first and marked
# as still open on Today, for its last days (it still closes after ASK_UNTIL_DAY).
REMIND_AFTER_DAYS = 2
# -3 (much worse) .. +3 (much better), for a figure or a chart; the words are what is shown.
SCORES = {code: index - 3 for index, code in enumerate(PERCEIVED_EFFECTS)}


@dataclass(frozen=True, slots=True)
class SessionDay:
    """A treatment session's id and its (local) day."""

    id: int
    day: date


@dataclass(frozen=True, slots=True)
class DueQuestion:
    """The session the patient is to be asked about today."""

    session_id: int
    session_day: date
    days_since: int

    @property
    def overdue(self) -> bool:
        """Asked for more than REMIND_AFTER_DAYS days without an answer or a skip."""
        return self.days_since - ASK_FROM_DAY > REMIND_AFTER_DAYS

    @property
    def last_day(self) -> date:
        """The last day the question is asked."""
        return self.session_day + timedelta(days=ASK_UNTIL_DAY)


def latest_old_enough(sessions: Iterable[SessionDay], today: date) -> SessionDay | None:
    """The newest session at least ASK_FROM_DAY days before `today` (ties: the higher id)."""
    old_enough = [s for s in sessions if (today - s.day).days >= ASK_FROM_DAY]
    return max(old_enough, key=lambda s: (s.day, s.id), default=None)


def question_due(sessions: Iterable[SessionDay], asked: Iterable[int],
                 today: date) -> DueQuestion | None:
    """The session to ask about on `today`, or None.

    Due when the newest session old enough to ask about is at most ASK_UNTIL_DAY days old
    and was never asked about (`asked`: ids answered or dismissed).
    """
    latest = latest_old_enough(sessions, today)
    if latest is None or latest.id in set(asked):
        return None
    days_since = (today - latest.day).days
    if days_since > ASK_UNTIL_DAY:
        return None
    return DueQuestion(session_id=latest.id, session_day=latest.day, days_since=days_since)


def score(code: str | None) -> int | None:
    """An answer as -3..+3; None for a dismissed question."""
    return None if code is None else SCORES[code]
