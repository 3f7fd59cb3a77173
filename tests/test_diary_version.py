"""User.diary_version moves with every write the analysis could notice, and only then."""

from datetime import date

import pytest
import sqlalchemy as sa

from diary.diary_version import bump_diary_versions
from diary.extensions import db
from diary.models import (
    CheckIn,
    ClinicalNote,
    Episode,
    EpisodeTrigger,
    MedicationIntake,
    TreatmentSession,
    User,
)
from tests.builders import count_statements, make_check_in, make_episode, make_user, utc


def version(user: User) -> int:
    """The version as stored, read past the ORM's identity map."""
    return db.session.execute(
        sa.select(User.diary_version).where(User.id == user.id)).scalar_one()


def pattern_version(user: User) -> int:
    return db.session.execute(
        sa.select(User.pattern_version).where(User.id == user.id)).scalar_one()


@pytest.fixture(autouse=True)
def context(app):
    """These tests drive the ORM events directly, in one session, and send no request: each
    runs in one app context (builders use it too)."""
    with app.app_context():
        yield


@pytest.fixture
def diary(app, patient):
    """A patient with a check-in and an episode with a trigger and a medication, committed."""
    check_in = make_check_in(patient, date(2026, 3, 9))
    episode = make_episode(patient, utc(2026, 3, 10, 6), utc(2026, 3, 10, 9), side="both")
    episode.triggers.append(EpisodeTrigger(trigger="stress"))
    episode.medications.append(MedicationIntake(name="Ibuprofen", drug_class="nsaid"))
    db.session.add(TreatmentSession(patient_id=patient.id, physio_name="Pim",
                                    day=date(2026, 3, 13), kind="dry_needling"))
    db.session.commit()
    db.session.expire_all()  # as in a new request: nothing loaded yet
    return check_in.id, episode.id


def new_check_in(patient, ids):
    db.session.add(CheckIn(user_id=patient.id, day=date(2026, 3, 11), headache_free=True))


def edited_check_in(patient, ids):
    db.session.get(CheckIn, ids[0]).stress = 8


def deleted_check_in(patient, ids):
    db.session.delete(db.session.get(CheckIn, ids[0]))


def new_episode(patient, ids):
    db.session.add(Episode(user_id=patient.id, started_at=utc(2026, 3, 12, 6), intensity=4))


def edited_episode(patient, ids):
    db.session.get(Episode, ids[1]).quality = "pressing"


def deleted_episode(patient, ids):
    db.session.delete(db.session.get(Episode, ids[1]))


def trigger_added(patient, ids):
    episode = db.session.get(Episode, ids[1])
    episode.triggers.append(EpisodeTrigger(trigger="sleep"))
    return episode  # the session holds unmodified objects weakly


def trigger_removed(patient, ids):
    episode = db.session.get(Episode, ids[1])
    episode.triggers.clear()  # an orphan, deleted in the flush
    return episode


def trigger_changed(patient, ids):
    db.session.scalar(sa.select(EpisodeTrigger)).trigger = "weather"


def medication_changed(patient, ids):
    db.session.scalar(sa.select(MedicationIntake)).drug_class = "triptan"


def medication_added(patient, ids):
    db.session.add(MedicationIntake(episode_id=ids[1], name="Paracetamol",
                                    drug_class="paracetamol"))


def medication_removed(patient, ids):
    db.session.delete(db.session.scalar(sa.select(MedicationIntake)))


def session_recorded(patient, ids):
    db.session.add(TreatmentSession(patient_id=patient.id, physio_name="Pim",
                                    day=date(2026, 3, 13), kind="dry_needling"))


def session_moved(patient, ids):
    db.session.scalar(sa.select(TreatmentSession)).day = date(2026, 3, 14)


def session_deleted(patient, ids):
    db.session.delete(db.session.scalar(sa.select(TreatmentSession)))


def timezone_changed(patient, ids):
    db.session.get(User, patient.id).timezone = "America/New_York"


@pytest.mark.parametrize("write", [
    new_check_in, edited_check_in, deleted_check_in, new_episode, edited_episode,
    deleted_episode, trigger_added, trigger_removed, trigger_changed, medication_changed,
    medication_added, medication_removed, session_recorded, session_moved, session_deleted,
    timezone_changed,
], ids=lambda f: f.__name__)
def test_each_kind_of_write_raises_the_version_once(app, patient, diary, write):
    other = make_user("other@example.com")
    before, other_before = version(patient), version(other)
    pattern_before = pattern_version(patient)
    kept = write(patient, diary)  # noqa: F841  (alive until the commit)
    db.session.commit()
    assert version(patient) == before + 1
    assert version(other) == other_before
    # the pattern version too, but after a change to daily factors alone
    expected = pattern_before + (write is not edited_check_in)
    assert pattern_version(patient) == expected


def factors_edited(patient, ids):
    check_in = db.session.get(CheckIn, ids[0])
    check_in.stress, check_in.sleep_hours, check_in.screen_hours = 9, 5.5, 8
    check_in.posture, check_in.note = True, "Long day at the desk"


def factors_and_headache_edited(patient, ids):
    factors_edited(patient, ids)
    db.session.get(CheckIn, ids[0]).headache_free = False


def factors_and_menstruation_edited(patient, ids):
    factors_edited(patient, ids)
    db.session.get(CheckIn, ids[0]).menstruation = True


def factors_edited_and_episode_added(patient, ids):
    factors_edited(patient, ids)
    new_episode(patient, ids)


@pytest.mark.parametrize(("write", "pattern_moves"), [
    (factors_edited, False), (factors_and_headache_edited, True),
    (factors_and_menstruation_edited, True), (factors_edited_and_episode_added, True),
], ids=lambda v: getattr(v, "__name__", str(v)))
def test_daily_factors_alone_leave_the_pattern_version(app, patient, diary, write,
                                                       pattern_moves):
    """Stress, sleep, screen time, posture and the note shape only the trigger comparison:
    the headache days, the menstrual pattern and the episodes keep the rest as it was."""
    before, pattern_before = version(patient), pattern_version(patient)
    write(patient, diary)
    db.session.commit()
    assert version(patient) == before + 1
    assert pattern_version(patient) == pattern_before + pattern_moves
    assert db.session.get(User, patient.id).pattern_version == pattern_before + pattern_moves


def test_touching_without_a_change_or_writing_elsewhere_leaves_it(app, patient, diary):
    before = version(patient)
    episode = db.session.get(Episode, diary[1])
    episode.side = "both"  # the value it already had
    db.session.get(User, patient.id).name = "Anna B."
    db.session.add(ClinicalNote(patient_id=patient.id, author_name="P", body="Seen"))
    db.session.commit()
    assert version(patient) == before


def test_several_writes_in_one_transaction_count_in_one_statement(app, patient, diary):
    before = version(patient)
    with db.session.no_autoflush:
        new_check_in(patient, diary)
        edited_episode(patient, diary)
        kept = trigger_added(patient, diary)  # noqa: F841
    with count_statements() as statements:
        db.session.flush()
    assert sum(s.startswith(("UPDATE user", 'UPDATE "user"')) for s in statements) == 1
    assert version(patient) == before + 1
    assert db.session.get(User, patient.id).diary_version == before + 1  # not a stale copy


def test_bulk_writes_to_diary_tables_are_refused(app, patient, diary):
    with pytest.raises(RuntimeError, match="bump_diary_versions"):
        db.session.execute(sa.delete(CheckIn).where(CheckIn.user_id == patient.id))
    with pytest.raises(RuntimeError, match="bump_diary_versions"):
        db.session.execute(sa.update(Episode).values(intensity=3))
    db.session.rollback()


def test_a_bulk_write_that_bumps_itself_is_allowed(app, patient, diary):
    before = version(patient)
    db.session.execute(sa.delete(CheckIn).where(CheckIn.user_id == patient.id)
                       .execution_options(diary_version_bumped=True))
    bump_diary_versions(db.session, user_ids=[patient.id])
    db.session.commit()
    assert version(patient) == before + 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0


def test_deleting_rows_that_were_never_loaded(app, patient, diary):
    before = version(patient)
    check_in, episode = (db.session.get(CheckIn, diary[0]), db.session.get(Episode, diary[1]))
    db.session.expire_all()  # only the identities are known now
    db.session.delete(check_in)
    db.session.delete(episode)
    db.session.commit()
    assert version(patient) == before + 1
