"""Migrations: they match the models, and they keep every row (SQLite rebuilds tables).

On SQLite a batch migration copies a table, drops the old one and renames the copy. With
foreign keys on, dropping `user` would cascade and delete every episode, check-in and link;
migrations/env.py switches foreign keys off for the migration. These tests rebuild `user`
twice on a seeded database and count every row.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from diary import create_app
from diary.demo import create_demo_data
from diary.extensions import db
from diary.models import KeptFragment, User, utcnow
from tests.builders import add_diary, app_config, make_user

FIRST_REVISION = "5f58ae5a400e"
DELETED_AT_REVISION = "55a7a4b65c76"
BEFORE_DELETED_AT = "15adcb17607c"


@pytest.fixture
def scratch_app(databases):
    """An app on a database of its own, dropped afterwards (its schema goes up and down)."""
    url = databases.new()
    app = create_app(app_config(url))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    databases.discard(url)


def row_counts() -> dict[str, int]:
    inspector = sa.inspect(db.engine)
    with db.engine.connect() as connection:
        return {name: connection.execute(sa.select(sa.func.count()).select_from(
                    sa.table(name))).scalar_one()
                for name in inspector.get_table_names()}


def broken_foreign_keys() -> list:
    if db.engine.dialect.name != "sqlite":
        return []  # PostgreSQL enforces foreign keys on every statement, migrations included
    with db.engine.connect() as connection:
        return connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()


def seed() -> None:
    create_demo_data()
    db.session.commit()
    physio = db.session.scalar(sa.select(User).where(User.role == "physio"))
    eva = make_user("eva@example.com", name="Eva")
    add_diary(eva, physio)
    # a dashboard kept for every worker (diary/fragment_cache.py)
    db.session.add(KeptFragment(key="0" * 64, owner_id=eva.id, kind="dashboard",
                                diary_version=eva.diary_version, build="test", text="<p>"))
    db.session.commit()
    db.session.remove()


def test_the_models_match_the_migrations(scratch_app):
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_migrating_down_and_up_keeps_every_row(scratch_app, monkeypatch):
    seed()
    counts = row_counts()
    assert counts["episode"] > 50 and counts["episode_trigger"] > 50
    assert all(counts[name] > 0 for name in counts if name != "alembic_version"), counts

    downgrade(revision=BEFORE_DELETED_AT)  # drops user.deleted_at: a rebuild of `user` on SQLite
    kept = {name: n for name, n in row_counts().items() if name != "alembic_version"}
    assert kept == {name: counts[name] for name in kept} and broken_foreign_keys() == []
    assert set(counts) - set(kept) == {"alembic_version", "idempotency_key", "kept_fragment",
                                        "perceived_effect", "aura_symptom", "treatment_intake",
                                        "remembered_device", "reminder_setting",
                                        "push_subscription", "reminder_sent"}
    upgrade()
    assert {name: row_counts()[name] for name in kept} == kept
    assert broken_foreign_keys() == []

    monkeypatch.setenv("DIARY_ALLOW_DESTRUCTIVE_DOWNGRADE", "1")  # drops clinical records
    downgrade(revision=FIRST_REVISION)  # drops the sharing tables, rebuilds `user` again
    kept = {name: n for name, n in row_counts().items() if name != "alembic_version"}
    assert kept == {name: counts[name] for name in kept}
    assert "episode" in kept and broken_foreign_keys() == []
    upgrade()
    assert all(row_counts()[name] == n for name, n in kept.items())
    assert broken_foreign_keys() == []


def test_every_migration_can_be_undone_and_redone(scratch_app):
    downgrade(revision="base")
    assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert set(db.metadata.tables) <= set(sa.inspect(db.engine).get_table_names())


def test_a_failed_migration_leaves_foreign_keys_on(scratch_app, monkeypatch):
    """The migration's connection returns to the app's pool: it must not stay unprotected."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("foreign keys are switched off for migrations on SQLite only")
    from alembic.runtime.migration import MigrationContext as Context

    def fail(*args, **kwargs):
        raise RuntimeError("a broken migration")

    monkeypatch.setattr(Context, "run_migrations", fail)
    with pytest.raises(SystemExit):  # Flask-Migrate reports the error and exits
        downgrade(revision="-1")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.fixture
def migration_log(capsys):
    """What Flask-Migrate logs: alembic.ini sends its logger to stderr (set up on each run)."""
    return lambda: capsys.readouterr().err


def current_revision() -> str:
    with db.engine.connect() as connection:
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()


def test_a_downgrade_that_would_drop_clinical_records_refuses(scratch_app, migration_log,
                                                              monkeypatch):
    """Once silent: a downgrade dropped the access log, notes and sessions (issue 22.9)."""
    monkeypatch.delenv("DIARY_ALLOW_DESTRUCTIVE_DOWNGRADE", raising=False)
    seed()
    counts, revision = row_counts(), current_revision()
    with pytest.raises(SystemExit):  # Flask-Migrate logs the error and exits with status 1
        downgrade(revision=FIRST_REVISION)
    assert row_counts() == counts and current_revision() == revision
    message = migration_log()
    for lost in (f"{counts['access_log']} access log entries",
                 f"{counts['clinical_note']} clinical notes",
                 f"{counts['treatment_session']} treatment sessions",
                 "DIARY_ALLOW_DESTRUCTIVE_DOWNGRADE=1"):
        assert lost in message


def test_a_downgrade_that_would_forget_deleted_accounts_refuses(scratch_app, migration_log,
                                                                monkeypatch):
    monkeypatch.delenv("DIARY_ALLOW_DESTRUCTIVE_DOWNGRADE", raising=False)
    make_user(email="gone@example.com").deleted_at = utcnow()
    db.session.commit()
    db.session.remove()
    revision = current_revision()
    with pytest.raises(SystemExit):
        downgrade(revision=BEFORE_DELETED_AT)
    assert current_revision() == revision
    assert "1 marks of deleted accounts" in migration_log()
    monkeypatch.setenv("DIARY_ALLOW_DESTRUCTIVE_DOWNGRADE", "1")
    downgrade(revision=BEFORE_DELETED_AT)
    assert "deleted_at" not in {c["name"] for c in sa.inspect(db.engine).get_columns("user")}
