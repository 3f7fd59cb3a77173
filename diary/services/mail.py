"""Plain-text e-mail: over SMTP (settings from the environment) or printed to the console."""

from __future__ import annotations

import logging
import smtplib
import sys
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger(__name__)


def message(to: str, subject: str, body: str) -> EmailMessage:
    """One plain-text message from MAIL_FROM."""
    mail = EmailMessage()
    mail["From"] = current_app.config["MAIL_FROM"]
    mail["To"] = to
    mail["Subject"] = subject
    mail.set_content(body)
    return mail


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send one message; False (logged, without the address) when it could not go."""
    config = current_app.config
    mail = message(to, subject, body)
    if config["MAIL_BACKEND"] == "console":  # make run: the developer reads it in the terminal
        print(f"From: {mail['From']}\nTo: {to}\nSubject: {subject}\n\n{body}\n",
              file=sys.stdout, flush=True)
        return True
    if not config["MAIL_SERVER"]:
        log.warning("e-mail not sent: MAIL_SERVER is not set")
        return False
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=15) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("e-mail not sent: %s", type(error).__name__)
        return False
    return True
