"""Framework-level guards on what a request may carry, each in one place for every blueprint (web and API).

- `IdConverter` replaces Flask's `int` URL converter: an id in a path is 1..2**63-1 (what the database holds);
  anything else (0, a 20-digit number, 5,000 digits) matches no route and is a plain 404, like an unknown id.
- `GuardedRequest` bounds `request.args.get(name, type=int)` (and form values) to 64 bits.
- `GuardedJSONProvider` reads JSON bodies as UTF-8 only and refuses nesting deeper than `MAX_JSON_DEPTH`
  with 422 `invalid_json`, so no body can reach a RecursionError.
- The text itself (NUL characters, lone UTF-16 surrogates) is checked in security.py, on the parsed body,
  query and form alike.
"""

import json
from typing import Any

from flask import Flask, Request
from flask.json.provider import DefaultJSONProvider
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

from .errors import Invalid
from .models.fields import MAX_ID

MAX_JSON_DEPTH = 64


def _at_most(limit: str) -> str:
    """A regex for the numbers written with exactly len(limit) digits that are at most `limit`."""
    low = lambda i: 1 if i == 0 else 0  # noqa: E731  (no leading zero)
    options = [
        limit[:i] + f"[{low(i)}-{int(limit[i]) - 1}]" + rf"\d{{{len(limit) - i - 1}}}"
        for i in range(len(limit))
        if int(limit[i]) > low(i)
    ]
    return "|".join([*options, limit])


# 1..2**63-1 without leading zeros: shorter numbers, or 19 digits no greater than the maximum. The bound is
# in the pattern itself, so a bad id matches no rule at all (404 for every method, never 405).
ID_PATTERN = rf"(?:[1-9]\d{{0,{len(str(MAX_ID)) - 2}}}|{_at_most(str(MAX_ID))})"


class IdConverter(IntegerConverter):
    """`<int:name>`: a whole number from 1 to 2**63-1, without sign or leading zeros."""

    regex = ID_PATTERN

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = None) -> None:  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=1 if min is None else min, max=max or MAX_ID)


class Int64MultiDict(ImmutableMultiDict):
    """Query and form values whose `get(name, type=int)` treats a number beyond 64 bits like any other value
    that is not a number: it gives the default (no database can look such an id up)."""

    def get(self, key, default=None, type=None):  # noqa: A002  (werkzeug's signature)
        value = super().get(key, default, type)
        if type is int and isinstance(value, int) and not -MAX_ID - 1 <= value <= MAX_ID:
            return default
        return value


class GuardedRequest(Request):
    parameter_storage_class = Int64MultiDict


def json_depth_exceeds(data: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether arrays and objects in `data` nest more than `limit` levels deep (walked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _too_deep() -> Invalid:
    return Invalid(
        f"The JSON body is nested too deep: at most {MAX_JSON_DEPTH} levels of arrays and objects.",
        code="invalid_json",
    )


class GuardedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing bodies that are not UTF-8 or nest too deep. The refusals are domain errors (not
    ValueError), so they reach the error handler even through `get_json(silent=True)`."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        if isinstance(s, (bytes, bytearray)):
            try:
                s = bytes(s).decode("utf-8-sig" if s[:3] == b"\xef\xbb\xbf" else "utf-8")
            except UnicodeDecodeError:
                raise Invalid("The JSON body is not valid UTF-8 text.", code="invalid_characters") from None
        try:
            data = json.loads(s, **kwargs)
        except RecursionError:
            raise _too_deep() from None
        if json_depth_exceeds(data):
            raise _too_deep()
        return data


def init_app(app: Flask) -> None:
    """Install the guards; before any blueprint is registered, so every `<int:...>` rule uses IdConverter."""
    app.url_map.converters["int"] = IdConverter
    app.request_class = GuardedRequest
    app.json = GuardedJSONProvider(app)
