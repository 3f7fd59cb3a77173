"""The test databases themselves: each test starts from the migrated, empty schema."""

import pytest
import sqlalchemy as sa

from diary.extensions import db
from diary.models import AccessLogEntry, User
from tests.builders import make_user


@pytest.mark.parametrize("run", range(4))
def test_every_test_starts_on_an_empty_database(app, run):
    """PostgreSQL databases are emptied and reused: nothing of an earlier test may remain,
    not even the append-only access log, and ids start again at 1."""
    with app.app_context():
        for model in (User, AccessLogEntry):
            assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0
        user = make_user()
        entry = AccessLogEntry(actor_id=user.id, actor_name="x", patient_id=user.id,
                               action="view_overview")
        db.session.add(entry)
        db.session.commit()
    assert (user.id, entry.id) == (1, 1)
