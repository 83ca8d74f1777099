"""Small helpers the API views share: reading a JSON body, query integers, the caller."""

from typing import Any

from flask import g, request

from ..errors import Invalid
from ..models import User


def json_body() -> dict[str, Any]:
    """The request's JSON object. :raise Invalid: not JSON, or not an object."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise Invalid("The body must be a JSON object (Content-Type: application/json).", code="invalid_json")
    return data


def query_int(
    name: str, default: int | None = None, *, minimum: int = 1, maximum: int | None = None
) -> int | None:
    """An integer query parameter. :raise Invalid: not a whole number in range."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise Invalid(f"{name} must be a whole number.", fields={name: "not a whole number"}) from None
    if value < minimum or (maximum is not None and value > maximum):
        raise Invalid(f"{name} is out of range.", fields={name: "out of range"})
    return value


def caller() -> User:
    """The authenticated API user (the permission guard has already checked there is one)."""
    return g.api_user
