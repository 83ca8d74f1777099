"""HTML views for sources (to be built)."""

from flask import Blueprint

bp = Blueprint("sources", __name__)
