"""HTML views for queue (to be built)."""

from flask import Blueprint

bp = Blueprint("queue", __name__)
