"""One run of `flask reminders send-due`: claim, commit, then send (shared with the tests)."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime

from diary.extensions import db
from diary.services.reminders import claim_due, deliver

log = logging.getLogger(__name__)


def send_due(now: datetime) -> Counter:
    """Send every reminder due at `now` (UTC) that no other run has claimed; the counts.

    The claims are committed before anything is sent: a run that crashes mid-way leaves a
    reminder unsent rather than sent twice.
    """
    outgoing = claim_due(now)
    db.session.commit()
    counts = Counter(reminders=len(outgoing))
    for item in outgoing:
        counts.update(deliver(item))
        db.session.commit()  # subscriptions the push service no longer knows are gone
    return counts
