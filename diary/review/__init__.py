"""The physiotherapist's view of one patient who shares their diary: read-only, logged."""
