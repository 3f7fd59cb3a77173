"""The clinic's explanations (placeholder, filled in by the Learn work)."""

from flask import Blueprint

bp = Blueprint("learn", __name__, url_prefix="/learn")
