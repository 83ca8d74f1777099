"""API routes for exports (to be built)."""

from . import bp  # noqa: F401
