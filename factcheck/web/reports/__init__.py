"""HTML views for reports (to be built)."""

from flask import Blueprint

bp = Blueprint("reports", __name__)
