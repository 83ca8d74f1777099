"""The JSON API under /api/v1. Bearer tokens only; every error is `{"error": {...}}`."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import (  # noqa: E402,F401  (routes register on bp)
    articles,
    claims,
    exports,
    inbox,
    openapi,
    similar,
    sources,
)
