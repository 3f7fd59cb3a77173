"""`flask reminders make-keys | send-due | loop`."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

import click
from flask import current_app

from diary.extensions import db
from diary.reminders.sending import send_due
from diary.services.web_push import key_path, make_keys

log = logging.getLogger(__name__)


@click.command("make-keys")
def make_keys_command():
    """Create the VAPID key pair for Web Push under instance/ (once; mode 0600)."""
    if current_app.config.get("VAPID_PRIVATE_KEY"):
        raise click.ClickException("VAPID_PRIVATE_KEY is set in the environment; it is used.")
    try:
        public = make_keys(current_app.instance_path)
    except FileExistsError:
        raise click.ClickException(
            f"{key_path(current_app.instance_path)} exists; a new key would end every "
            "push subscription. Delete it first if that is what you want.") from None
    click.echo(f"Private key written to {key_path(current_app.instance_path)}")
    click.echo(f"Public key (VAPID_PUBLIC_KEY): {public}")


@click.command("send-due")
@click.option("--now", "at", type=click.DateTime(), default=None,
              help="Pretend it is this UTC time (for trying things out).")
def send_due_command(at):
    """Send the reminders due now. Safe every few minutes, on several servers at once."""
    now = at.replace(tzinfo=UTC) if at else datetime.now(UTC)
    counts = send_due(now)
    click.echo(f"{counts['reminders']} reminders: {counts['email']} e-mails, "
               f"{counts['push']} notifications sent, {counts['failed']} failed, "
               f"{counts['gone']} subscriptions gone.")


@click.command("loop")
@click.option("--every", default=300, show_default=True, help="Seconds between runs.")
def loop_command(every):
    """send-due every few seconds until stopped (make run starts it in the background)."""
    while True:
        try:
            counts = send_due(datetime.now(UTC))
            if counts["reminders"]:
                click.echo(f"reminders: {dict(counts)}")
        except Exception:  # keep the development loop alive through a failed run
            db.session.rollback()
            log.exception("send-due failed")
        db.session.remove()
        time.sleep(every)


def register(bp) -> None:
    """The commands under `flask reminders`."""
    for command in (make_keys_command, send_due_command, loop_command):
        bp.cli.add_command(command)
