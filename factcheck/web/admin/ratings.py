"""Admin screen for the rating scale (to be built)."""

from . import bp  # noqa: F401
