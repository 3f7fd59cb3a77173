"""`User.diary_version`: raised by one whenever anything the analysis reads of a diary changes.

Cached results (the caseload's `PatientOverview`, the rendered dashboards and episode lists
of diary/fragment_cache.py) are tagged with the version they were computed from and count
only while it is still the patient's, so a stale figure cannot be shown. The version moves
with every ORM insert, update or delete of a check-in, episode, episode trigger, medication
intake or treatment session (the charts mark sessions) or intake date (the outcomes' start),
and with a change of the patient's timezone (it moves the local days). The bump is one
`UPDATE user SET diary_version = diary_version + 1` per flush, in the same transaction as the
change: atomic, and two concurrent writers both count.

`User.pattern_version` moves with it, except when a flush changes nothing of a diary but
existing check-ins' daily factors (stress, screen time, sleep, posture) or notes: the check-in
patients save most often. Everything the dashboard shows but the trigger comparison and the
reading links (the headache days, the pattern, the charts, the disability table, the
outcomes) is computed from rows that change only with `pattern_version`, so it is kept under
that (diary/pages/analysis.py) and only the comparison is made again after such a save.

Bulk `insert`/`update`/`delete` statements on those tables would bypass the ORM events, so
they are refused (`do_orm_execute`) unless marked `execution_options(diary_version_bumped=True)`
by code that calls `bump_diary_versions` itself. Database-level cascades need nothing: they
only follow the deletion of an episode or a user, which the ORM sees.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from diary.models import (
    CheckIn,
    Episode,
    EpisodeTrigger,
    MedicationIntake,
    PerceivedEffect,
    TreatmentIntake,
    TreatmentSession,
    User,
)

# Each watched model and the attribute that names its owner: a patient, or an episode.
OWNED_BY_USER = {CheckIn: "user_id", Episode: "user_id", TreatmentSession: "patient_id",
                 PerceivedEffect: "patient_id", TreatmentIntake: "patient_id"}
OWNED_BY_EPISODE = (EpisodeTrigger, MedicationIntake)
WATCHED_TABLES = frozenset(m.__tablename__ for m in (*OWNED_BY_USER, *OWNED_BY_EPISODE))
# User attributes that change what the analysis makes of the diary.
USER_FIELDS = ("timezone",)

# What of a check-in the headache pattern does not read (the trigger comparison reads the
# factors; created_at and updated_at are bookkeeping).
FACTOR_FIELDS = frozenset({"stress", "screen_hours", "sleep_hours", "posture", "note",
                           "created_at", "updated_at"})

_USERS, _EPISODES = "diary_version_users", "diary_version_episodes"
_FACTORS_ONLY = "diary_version_factor_users"


def bump_diary_versions(session: Session, user_ids: Iterable[int] = (),
                        episode_ids: Iterable[int] = (),
                        factors_only: Iterable[int] = ()) -> None:
    """Raise the diary and pattern versions of these users and of the owners of these
    episodes, and only the diary version of the users in `factors_only` (see above), in SQL."""
    users, episodes = sorted(set(user_ids)), sorted(set(episode_ids))
    factor_users = sorted(set(factors_only))
    if not users and not episodes and not factor_users:
        return
    session.connection().execute(_BUMP, {"users": users, "episodes": episodes,
                                         "factor_users": factor_users})


def _bump_statement() -> sa.Update:
    """The UPDATE behind bump_diary_versions, built once with its lists as parameters: it
    runs on every save, and building the expression cost more than running it."""
    table = User.__table__
    owners = sa.select(Episode.user_id).where(
        Episode.id.in_(sa.bindparam("episodes", expanding=True)))
    pattern_moves = sa.or_(table.c.id.in_(sa.bindparam("users", expanding=True)),
                           table.c.id.in_(owners))
    factors_moved = table.c.id.in_(sa.bindparam("factor_users", expanding=True))
    return (sa.update(table).where(sa.or_(pattern_moves, factors_moved))
            .values(diary_version=table.c.diary_version + 1,
                    pattern_version=table.c.pattern_version
                    + sa.case((pattern_moves, 1), else_=0)))


_BUMP = _bump_statement()


def _pending(session: Session, key: str) -> set[int]:
    return session.info.setdefault(key, set())


def _values(target, name: str) -> set[int]:
    """The attribute's value now and before the flush (a moved row changes two owners)."""
    state = inspect(target)
    history = state.attrs[name].history
    values = {*history.added, *history.unchanged, *history.deleted, state.dict.get(name)}
    return values - {None}


def _note_write(mapper, connection, target):
    """Mapper event (insert, delete): remember whose diary this row belongs to."""
    session = sa.orm.object_session(target)
    owner = OWNED_BY_USER.get(type(target))
    if owner:
        _pending(session, _USERS).update(_values(target, owner))
    else:
        _pending(session, _EPISODES).update(_values(target, "episode_id"))


def _note_update(mapper, connection, target):
    """Mapper event (update): the same, unless the row was only touched without a change;
    a check-in whose daily factors or note alone changed is remembered apart."""
    session = sa.orm.object_session(target)
    if not session.is_modified(target, include_collections=False):
        return
    if isinstance(target, CheckIn) and _changed(target) <= FACTOR_FIELDS:
        _pending(session, _FACTORS_ONLY).update(_values(target, "user_id"))
    else:
        _note_write(mapper, connection, target)


def _changed(target) -> set[str]:
    return {attr.key for attr in inspect(target).attrs if attr.history.has_changes()}


for _model in (*OWNED_BY_USER, *OWNED_BY_EPISODE):
    event.listen(_model, "after_insert", _note_write)
    event.listen(_model, "after_delete", _note_write)
    event.listen(_model, "after_update", _note_update)


@event.listens_for(User, "after_update")
def _note_user_change(mapper, connection, target):
    state = inspect(target)
    if any(state.attrs[name].history.has_changes() for name in USER_FIELDS):
        session = sa.orm.object_session(target)
        _pending(session, _USERS).add(target.id)


@event.listens_for(Session, "after_flush")
def _bump(session, flush_context):
    users, episodes = session.info.pop(_USERS, set()), session.info.pop(_EPISODES, set())
    factors_only = session.info.pop(_FACTORS_ONLY, set())
    if users or episodes or factors_only:
        bump_diary_versions(session, users, episodes, factors_only)
        session.info["diary_version_bumped"] = True


@event.listens_for(Session, "after_flush_postexec")
def _forget_stale_versions(session, flush_context):
    """The UPDATE ran behind the ORM's back: reload diary_version when next read."""
    if not session.info.pop("diary_version_bumped", False):
        return
    for obj in list(session.identity_map.values()):
        if isinstance(obj, User):
            session.expire(obj, ["diary_version", "pattern_version"])


@event.listens_for(Session, "do_orm_execute")
def _refuse_unseen_bulk_writes(state):
    """A bulk write to a diary table would leave cached overviews stale: refuse it unless the
    caller bumps the versions itself and says so."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) in WATCHED_TABLES and not state.execution_options.get(
            "diary_version_bumped"):
        raise RuntimeError(
            f"bulk write to {table.name} without bump_diary_versions(); "
            "see diary/diary_version.py")
