"""The physiotherapist's caseload: every patient who shares their diary, at a glance."""
