"""CLI commands for exports (to be built)."""

from flask import Flask


def register(app: Flask) -> None:
    """Add this area's commands to `flask --app app`."""
