"""Flask-Login wiring: sessions are looked up by the user's rotating session token."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from diary.extensions import db
from diary.models import User

# Built once: every request runs it, and building the expression cost as much as the
# statement's own cache lookup.
USER_OF_TOKEN = sa.select(User).where(User.session_token == sa.bindparam("token"),
                                      User.deleted_at.is_(None))


def load_user(token: str) -> User | None:
    """The user whose current session token is in the cookie; an old token finds nobody."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(USER_OF_TOKEN, {"token": token})


def configure_login_manager(manager) -> None:
    manager.user_loader(load_user)
    manager.login_view = "auth.login"
    manager.login_message = _l("Please log in to see this page.")
    manager.login_message_category = "info"
    manager.session_protection = "basic"
