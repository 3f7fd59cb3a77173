"""Reminders by e-mail and Web Push: settings, the offer after registration, the CLI."""
