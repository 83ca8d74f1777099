"""Bearer token authentication for the API."""

from flask import g, request

from ..db import get_session
from ..models import User
from ..services import users


def authenticate_token() -> User | None:
    """The user owning the request's `Authorization: Bearer` token (stored on g), else None."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    user = users.user_for_token(get_session(), token=token.strip())
    if user is not None:
        g.api_user = user
    return user
