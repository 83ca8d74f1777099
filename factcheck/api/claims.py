"""API routes for claims (to be built)."""

from . import bp  # noqa: F401
