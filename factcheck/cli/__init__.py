"""Flask CLI commands (API.md), thin layers over the services: one module per area, like web/ and api/."""

from flask import Flask

from . import accounts, articles, backup, exports, similar, storage, tokens, workflow
from .accounts import init_database, print_passwords

__all__ = ["init_database", "print_passwords", "register_cli"]


def register_cli(app: Flask) -> None:
    """Add every command to `flask --app app`."""
    for area in (accounts, tokens, articles, exports, workflow, backup, storage, similar):
        area.register(app)
