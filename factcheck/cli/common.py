"""What every command shares: one session, one way to turn a refusal into a CLI error, one user lookup."""

from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import current_app
from sqlmodel import Session

from ..errors import DomainError
from ..models import User
from ..models.fields import MAX_ID
from ..services import users

# Ids and versions as the database holds them: one past 2^63-1 is a usage error, never a traceback.
ID = click.IntRange(1, MAX_ID)


def session() -> Session:
    """A session on the app's database (objects stay readable after commit, for printing)."""
    return Session(current_app.extensions["factcheck_engine"], expire_on_commit=False)


@contextmanager
def domain_errors() -> Iterator[None]:
    """Turn a service's refusal (DomainError) into a CLI error with its message: exit status 1."""
    try:
        yield
    except DomainError as error:
        raise click.ClickException(error.message) from None


def user(db: Session, username: str) -> User:
    """The account called `username`. :raise click.ClickException: there is none."""
    with domain_errors():
        return users.get_user(db, username=username)
