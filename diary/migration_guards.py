"""Downgrades that would drop records the clinic must keep refuse, unless explicitly forced.

The access log (NEN 7513), clinical notes and treatment sessions (the WGBO's medical record)
and the deleted-account flag (an erased account must stay erased) are kept for years by law.
A downgrade that drops their table or column first counts what it would lose; with anything
to lose it stops before changing anything and says what, unless the operator set
DIARY_ALLOW_DESTRUCTIVE_DOWNGRADE=1 (after taking a backup).
"""

from __future__ import annotations

import os

import sqlalchemy as sa
from alembic import op

ALLOW = "DIARY_ALLOW_DESTRUCTIVE_DOWNGRADE"


class DestructiveDowngrade(RuntimeError):
    """The downgrade would delete legally required records; nothing was changed."""


def refuse_losing(records: dict[str, str]) -> None:
    """`records` maps what would be lost ("clinical notes") to the SQL counting it; stop when
    any count is above zero and the downgrade was not forced."""
    if os.environ.get(ALLOW) == "1":
        return
    connection = op.get_bind()
    losses = {what: connection.execute(sa.text(query)).scalar_one()
              for what, query in records.items()}
    lost = [f"{count} {what}" for what, count in losses.items() if count]
    if lost:
        raise DestructiveDowngrade(
            "This downgrade would delete " + ", ".join(lost) + ", which the clinic must keep. "
            f"Nothing was changed. Take a backup, then set {ALLOW}=1 to downgrade anyway.")
