"""The patient's dashboard (placeholder)."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)
