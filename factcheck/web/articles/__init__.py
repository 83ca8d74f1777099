"""HTML views for articles (to be built)."""

from flask import Blueprint

bp = Blueprint("articles", __name__)
