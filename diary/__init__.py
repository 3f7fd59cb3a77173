"""The headache diary: a Flask application for a physiotherapy clinic's patients."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

from diary.config import Config


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config -> extensions -> blueprints -> CLI -> error handlers."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Config)
    configure_from_environment(app)
    if test_config:
        app.config.update(test_config)

    register_proxy_fix(app)
    register_extensions(app)
    from diary import routing

    routing.init_app(app)
    register_blueprints(app)
    register_cli(app)
    register_request_hooks(app)
    register_errorhandlers(app)
    return app


def configure_from_environment(app: Flask) -> None:
    """Database, secret key and cookie security from the environment, with local defaults."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    url = os.environ.get("DATABASE_URL") or (
        "sqlite:///" + str(Path(app.instance_path) / "diary.sqlite")
    )
    # psycopg 3 is the PostgreSQL driver; plain postgres:// URLs would pick psycopg2.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix):]
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or local_secret_key(app)
    # Plain-http local runs (make run) need cookies without the Secure flag.
    if os.environ.get("DIARY_INSECURE_COOKIES") == "1":
        app.config["SESSION_COOKIE_SECURE"] = False
    app.config["TRUSTED_PROXIES"] = int(os.environ.get("DIARY_TRUSTED_PROXIES") or 0)


def local_secret_key(app: Flask) -> str:
    """A random key kept under instance/ so local sessions survive a restart.

    Written whole under another name and linked into place, so gunicorn workers starting at
    the same moment all read the one key that won, never a half-written file.
    """
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        draft = path.with_name(f"secret_key.{os.getpid()}")
        draft.write_text(secrets.token_hex(32))
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process was first; use its key
        finally:
            draft.unlink()
    return path.read_text().strip()


def register_proxy_fix(app: Flask) -> None:
    """Behind reverse proxies, trust that many hops of X-Forwarded-For/-Proto/-Host.

    Only then: the login throttle counts failures per client address (not the proxy's), and
    the app knows the browser used HTTPS. Without proxies the headers are ignored, so nobody
    can dodge the throttle by sending them.
    """
    hops = app.config.get("TRUSTED_PROXIES", 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_extensions(app: Flask) -> None:
    # Imported for their event listeners: SQLite settings, and the diary-version bump.
    from diary import database, diary_version  # noqa: F401
    from diary.extensions import babel, csrf, db, login_manager, migrate
    from diary.i18n import select_locale, select_timezone

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent.parent / "migrations"))
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    csrf.init_app(app)
    login_manager.init_app(app)
    from diary.auth.session import configure_login_manager

    configure_login_manager(login_manager)
    from diary import fragment_cache

    fragment_cache.init_app(app)


def register_blueprints(app: Flask) -> None:
    from diary.account.views import bp as account_bp
    from diary.api.docs import bp as api_docs_bp
    from diary.api.token_settings import bp as token_settings_bp
    from diary.api.views import bp as api_bp
    from diary.auth.views import bp as auth_bp
    from diary.caseload.views import bp as caseload_bp
    from diary.dashboard.views import bp as dashboard_bp
    from diary.days.views import bp as days_bp
    from diary.episodes.views import bp as episodes_bp
    from diary.export.views import bp as export_bp
    from diary.learn.views import bp as learn_bp
    from diary.main.views import bp as main_bp
    from diary.pwa.views import bp as pwa_bp
    from diary.reminders.views import bp as reminders_bp
    from diary.review.views import bp as review_bp
    from diary.sharing.views import bp as sharing_bp
    from diary.two_factor.views import bp as two_factor_bp

    blueprints = (main_bp, auth_bp, days_bp, episodes_bp, dashboard_bp, learn_bp,
                  review_bp, sharing_bp, two_factor_bp, caseload_bp, export_bp,
                  account_bp, pwa_bp, reminders_bp)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    for blueprint in (api_bp, api_docs_bp, token_settings_bp):
        app.register_blueprint(blueprint)


def register_cli(app: Flask) -> None:
    from diary.cli import backup, create_user, demo_code, enrolment_code, seed_demo

    app.cli.add_command(create_user)
    app.cli.add_command(seed_demo)
    app.cli.add_command(demo_code)
    app.cli.add_command(backup)
    app.cli.add_command(enrolment_code)


def register_request_hooks(app: Flask) -> None:
    from diary import database, page_compression, static_files, templating
    from diary.headers import set_security_headers
    from diary.request_checks import refuse_nul_characters
    from diary.web_session import enforce_session_timeouts, restore_remembered_device

    app.before_request(database.before_view)
    app.before_request(refuse_nul_characters)
    app.before_request(enforce_session_timeouts)
    app.before_request(restore_remembered_device)  # after the timeouts: a new session
    app.before_request(database.start_view)  # the last one
    app.after_request(set_security_headers)
    page_compression.init_app(app)
    templating.init_app(app)
    static_files.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    from diary.main.errors import register

    register(app)
