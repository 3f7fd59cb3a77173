"""Two-step verification (TOTP and recovery codes) and asking for the password again."""
