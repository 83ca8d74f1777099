"""Flask CLI commands (API.md), thin layers over the services: one module per area, like web/ and api/."""

import functools

from flask import Flask
from flask.cli import AppGroup

from . import accounts, articles, backup, exports, similar, storage, tokens, workflow
from .accounts import init_database, print_passwords

__all__ = ["init_database", "print_passwords", "register_cli"]


@functools.cache
def _commands() -> AppGroup:
    """Every area's commands, made once per process: each reads the app it runs in from current_app, so apps
    made later share them (making them anew took every app ~5 ms, the test suite's apps 6 s)."""
    group = AppGroup()
    for area in (accounts, tokens, articles, exports, workflow, backup, storage, similar):
        area.register(group)
    return group


def register_cli(app: Flask) -> None:
    """Add every command to `flask --app app`."""
    for command in _commands().commands.values():
        app.cli.add_command(command)
