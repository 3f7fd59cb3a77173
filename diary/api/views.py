"""The API blueprint with all its operations (imported here so each module adds its routes)."""

from diary.api import patient_views, physio_views, token_views  # noqa: F401  (routes)
from diary.api.blueprint import bp

__all__ = ["bp"]
