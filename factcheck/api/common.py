"""Small helpers the API views share: reading a JSON body or a query through a data model, the caller."""

from typing import Any, TypeVar

from flask import request
from pydantic import BaseModel, ValidationError

from ..errors import Invalid, invalid_input
from ..models import User
from ..models.fields import MAX_ID
from ..permissions import current_actor

M = TypeVar("M", bound=BaseModel)


def json_body() -> dict[str, Any]:
    """The request's JSON object. :raise Invalid: not JSON, or not an object."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise Invalid("The body must be a JSON object (Content-Type: application/json).", code="invalid_json")
    return data


def parse_body(model: type[M], *, optional: bool = False) -> M:
    """The request's JSON object, checked by `model` (types, limits, no unknown fields); `optional`: an empty
    body counts as {}. :raise Invalid: not a JSON object (`invalid_json`), or not what `model` says."""
    data = {} if optional and not request.get_data() else json_body()
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise invalid_input(error, getattr(model, "refusal", "The request cannot be done")) from None


def parse_query(model: type[M]) -> M:
    """The query parameters that `model` declares, checked by it (others are ignored). :raise Invalid."""
    names = set(model.model_fields)
    try:
        return model.model_validate({name: value for name, value in request.args.items() if name in names})
    except ValidationError as error:
        raise invalid_input(error, "The query is not valid") from None


def given(body: BaseModel) -> dict[str, Any]:
    """The fields the client actually sent (an omitted field is not the same as a field set to null)."""
    return {name: getattr(body, name) for name in body.model_fields_set}


def query_int(
    name: str, default: int | None = None, *, minimum: int = 1, maximum: int = MAX_ID
) -> int | None:
    """An integer query parameter. :raise Invalid: not a whole number in range."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 19) or not minimum <= int(raw) <= maximum:
        raise Invalid(
            f"{name} must be a whole number from {minimum} to {maximum}.",
            fields={name: f"a whole number from {minimum} to {maximum}"},
        )
    return int(raw)


def caller() -> User:
    """The authenticated API user (the permission guard has already checked there is one)."""
    return current_actor()
