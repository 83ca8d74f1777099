"""API routes for sources (to be built)."""

from . import bp  # noqa: F401
