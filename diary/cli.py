"""Command-line tasks for clinic staff: create accounts and load the demo diary."""

from datetime import UTC, datetime
from pathlib import Path

import click
import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask.cli import with_appcontext

from diary.extensions import db
from diary.models import User
from diary.services.accounts import COMMON_PASSWORDS, hash_password
from diary.services.two_factor import issue_enrolment_code


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(["patient", "physio"]), default="patient",
              show_default=True, help="physio for physiotherapists.")
@click.option("--name", default="", help="Name shown to others.")
@click.option("--language", type=click.Choice(["en", "nl"]), default="nl", show_default=True)
@click.password_option(help="Asked twice when not given.")
@with_appcontext
def create_user(email, role, name, language, password):
    """Create an account, e.g. a physiotherapist's: create-user EMAIL --role physio."""
    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise click.BadParameter(str(error), param_hint="EMAIL") from None
    if len(password) < 8 or password.lower() in COMMON_PASSWORDS:
        raise click.BadParameter("use at least 8 characters and not a common password",
                                 param_hint="password")
    if db.session.scalar(sa.select(User.id).where(User.email == email)):
        raise click.ClickException(f"an account for {email} already exists")
    user = User(email=email, name=name or email.split("@")[0], role=role,
                language=language, password_hash=hash_password(password))
    db.session.add(user)
    setup_code = issue_enrolment_code(user) if role == "physio" else None
    db.session.commit()
    click.echo(f"Created {role} account {email}.")
    if setup_code:
        echo_setup_code(setup_code)


def echo_setup_code(setup_code: str) -> None:
    click.echo(f"Two-step verification setup code: {setup_code}")
    click.echo("Hand it to the physiotherapist in person; it is shown only now and works once.")


@click.command("enrolment-code")
@click.argument("email")
@with_appcontext
def enrolment_code(email):
    """A new one-time setup code for a physiotherapist's two-step verification."""
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower(),
                                                   User.role == "physio"))
    if user is None:
        raise click.ClickException(f"no physiotherapist account for {email}")
    setup_code = issue_enrolment_code(user)
    db.session.commit()
    echo_setup_code(setup_code)


@click.command("seed-demo")
@with_appcontext
def seed_demo():
    """On an empty database: a demo patient with 6 months of diary and a demo physio."""
    from diary.demo import DEMO_ACCOUNTS, create_demo_data, demo_physio, enrol_demo_physio

    if db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0:
        create_demo_data()
        db.session.commit()
        click.echo("Demo data created.")
    physio = demo_physio()
    if physio is not None and not physio.has_two_factor:  # a demo database from before 2FA
        enrol_demo_physio(physio)
        db.session.commit()
    click.echo("\nThe headache diary runs at http://127.0.0.1:5000")
    for role, email, password in DEMO_ACCOUNTS:
        if db.session.scalar(sa.select(User.id).where(User.email == email)):
            click.echo(f"  {role:<16} {email}  password: {password}")
    echo_demo_two_factor()


def echo_demo_two_factor() -> None:
    from diary.demo import demo_key_for_display, demo_physio_code

    if demo_physio_code() is not None:
        click.echo("  The physiotherapist also needs a two-step code: run `make demo-code` in")
        click.echo(f"  another terminal, or add the key {demo_key_for_display()} to an")
        click.echo("  authenticator app.")


@click.command("demo-code")
@with_appcontext
def demo_code():
    """Print the demo physiotherapist's current two-step code (the demo account only)."""
    from diary.demo import demo_physio_code

    try:
        code = demo_physio_code()
    except sa.exc.OperationalError:  # no tables yet
        code = None
    if code is None:
        raise click.ClickException(
            "this database has no demo physiotherapist with the demo key (run make run first)")
    # The code's own 30-second step plus one step of allowed clock drift.
    left = 60 - int(datetime.now(UTC).timestamp()) % 30
    click.echo(f"{code}  (accepted for about {left} s; each code logs in once)")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@with_appcontext
def backup(path, force):
    """Write a consistent copy of the SQLite database to PATH while the app keeps running."""
    from diary.backup import BackupError, backup_sqlite, refuse_live_database

    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise click.ClickException(
            "This is not an SQLite database. Back up PostgreSQL with pg_dump, e.g. "
            'pg_dump --format=custom --file=diary.dump "$DATABASE_URL"')
    try:
        refuse_live_database(Path(url.database), path)  # even with --force
        if path.exists() and not force:
            raise click.ClickException(f"{path} exists; add --force to replace it")
        counts = backup_sqlite(url.database, path)
    except BackupError as error:  # one line, no traceback; partial files are already gone
        raise click.ClickException(f"backup failed: {error}") from None
    click.echo(f"Backed up {counts['user']} accounts, {counts['check_in']} check-ins and "
               f"{counts['episode']} headaches to {path}.")
