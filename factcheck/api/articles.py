"""API routes for articles (to be built)."""

from . import bp  # noqa: F401
