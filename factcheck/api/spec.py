"""The OpenAPI document, generated from the routes and the data models so that it cannot drift from the code.

Every API view declares its operation with `@operation(...)`: a summary, its request body and query models,
and what it answers on success. The rest is read off the app: the path and its id parameters from the URL
rule (ids are 1..2**63-1, see guards.IdConverter), 401/403 from the view's capability, 404 where the path
holds an id, 413 where a body is read, 422 everywhere (a query or body with bad characters). The component
schemas are the pydantic JSON Schemas of the models, so their limits, enums and strict types are the ones
the views enforce. A route without `@operation` is left out, and tests/test_openapi.py fails.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import Flask
from pydantic import BaseModel, RootModel
from pydantic.json_schema import models_json_schema
from werkzeug.routing import IntegerConverter, Rule

from ..models.fields import MAX_ID, OutputModel
from ..models.moves import MAX_IDEMPOTENCY_KEY
from ..permissions import endpoint_capability

F = TypeVar("F", bound=Callable)
PREFIX = "/api/v1"
PATH_NAMES = {"article_id": "id", "claim_id": "id", "source_id": "id"}  # API.md writes them {id}
JSON = "application/json"


class ErrorDetail(OutputModel):
    code: str
    message: str
    fields: dict[str, str] | None = None
    request_id: str | None = None  # the X-Request-ID of the request, to find it in the server's log


class Error(OutputModel):
    """Every error answer: `{"error": {code, message, fields?}}`; `fields` names each bad input and why."""

    error: ErrorDetail


@dataclass(frozen=True)
class Content:
    """A success answer that is not a JSON model: its media type and schema."""

    media_type: str
    schema: dict[str, Any]
    description: str = "OK"


@dataclass(frozen=True)
class Operation:
    summary: str
    tag: str
    ok: dict[int, type[BaseModel] | Content | None]  # status -> model, other content, or None (no body)
    body: type[BaseModel] | None = None
    body_optional: bool = False
    query: type[BaseModel] | None = None
    conflict: str | None = None  # when 409 happens
    description: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def operation(summary: str, *, tag: str, ok: dict[int, Any], **details: Any) -> Callable[[F], F]:
    """Declare a view's operation (see the module docstring); the decorator changes nothing else."""

    def mark(view: F) -> F:
        view.openapi = Operation(summary=summary, tag=tag, ok=ok, **details)  # type: ignore[attr-defined]
        return view

    return mark


ERRORS = {
    "401": ("No token, or not a valid one", {"WWW-Authenticate": "Bearer"}),
    "403": ("The caller's role may not do this (or a rule such as four eyes refuses it)", None),
    "404": ("Unknown id", None),
    "413": ("Body too large", None),
    "422": ("Invalid input: `fields` says which and why", None),
}


MUTATING = ("POST", "PUT", "PATCH", "DELETE")
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "Names this request so that a retry cannot act twice (a UUID is a good choice): the same key with "
        "the same request, within 24 hours, answers the first result again (same status and body, with "
        "`Idempotent-Replayed: true`) instead of acting; with another request it is refused, 422 "
        "`idempotency_key_reused`. Keys are per user; a refused request keeps no key."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_IDEMPOTENCY_KEY, "pattern": "^[!-~]+$"},
}
IN_PROGRESS = "a request with the same `Idempotency-Key` is still running (`idempotency_key_in_progress`)"


def _path(rule: Rule) -> tuple[str, list[dict]]:
    parameters = []

    def name(match: re.Match) -> str:
        converter, argument = match.group(1), match.group(2)
        public = PATH_NAMES.get(argument, argument)
        schema: dict[str, Any] = {"type": "string"}
        if isinstance(rule._converters.get(argument), IntegerConverter) or converter == "int":
            schema = {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID}
        parameters.append({"name": public, "in": "path", "required": True, "schema": schema})
        return "{" + public + "}"

    path = re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", name, rule.rule.removeprefix(PREFIX))
    return path, parameters


def _query_parameters(model: type[BaseModel], schemas: dict) -> list[dict]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(schema.pop("$defs", {}))
    required = set(schema.get("required", ()))
    parameters = []
    for name, prop in schema["properties"].items():
        prop = _clean(_untitled(prop))
        description = prop.pop("description", None)
        parameter = {"name": name, "in": "query", "required": name in required, "schema": prop}
        if description:
            parameter["description"] = description
        parameters.append(parameter)
    return parameters


def _ref(model: type[BaseModel]) -> dict:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _describe(
    rule: Rule, method: str, op: Operation, capability: str | None, models: set, schemas: dict
) -> dict:
    path, parameters = _path(rule)
    item: dict[str, Any] = {
        "operationId": rule.endpoint.removeprefix("api.")
        + ("" if len(rule.methods - {"HEAD", "OPTIONS"}) == 1 else "_" + method.lower()),
        "summary": op.summary,
        "tags": [op.tag],
    }
    if op.description:
        item["description"] = op.description
    if op.query is not None:
        parameters += _query_parameters(op.query, schemas)
    if method in MUTATING:
        parameters.append(IDEMPOTENCY_KEY)
    if parameters:
        item["parameters"] = parameters
    if op.body is not None:
        models.add(op.body)
        item["requestBody"] = {"required": not op.body_optional, "content": {JSON: {"schema": _ref(op.body)}}}
    responses: dict[str, Any] = {}
    for status, answer in op.ok.items():
        if answer is None:
            responses[str(status)] = {"description": "No content" if status == 204 else "OK"}
        elif isinstance(answer, Content):
            responses[str(status)] = {
                "description": answer.description,
                "content": {answer.media_type: {"schema": answer.schema}},
            }
        else:
            models.add(answer)
            responses[str(status)] = _json(_ref(answer), "Created" if status == 201 else "OK")
    errors = ["422"]
    if capability != "public":
        errors += ["401", "403"]
    if any(p["in"] == "path" and p["schema"].get("type") == "integer" for p in parameters):
        errors.append("404")
    if method in MUTATING:
        errors.append("413")
    for status in errors:
        responses[status] = {"$ref": f"#/components/responses/{status}"}
    conflicts = [op.conflict] if op.conflict else []
    if method in MUTATING:
        conflicts.append(IN_PROGRESS)
    if conflicts:
        responses["409"] = _json(_ref(Error), "; or ".join(conflicts))
    item["responses"] = dict(sorted(responses.items()))
    item["security"] = [] if capability == "public" else [{"bearer": []}]
    item.update(op.extra)
    return item


def _clean(schema: Any) -> Any:
    """Drop pydantic's per-field titles and the null defaults of fields that may not be null (an omitted
    optional field): neither says anything to a client."""
    if isinstance(schema, list):
        return [_clean(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: _clean(_untitled(prop)) for name, prop in value.items()}
        else:
            out[key] = _clean(value)
    if "default" in out and out["default"] is None and not _allows_null(out):
        del out["default"]
    return out


def _untitled(prop: Any) -> Any:
    if isinstance(prop, dict):
        prop = {k: v for k, v in prop.items() if k != "title"}
    return prop


def _allows_null(schema: dict) -> bool:
    if schema.get("type") == "null" or "null" in (schema.get("type") or []):
        return True
    return any(_allows_null(option) for option in schema.get("anyOf", []) if isinstance(option, dict))


def _is_output(model: type[BaseModel]) -> bool:
    """An answer's model: an OutputModel, or a list of them (a RootModel over OutputModels)."""
    return issubclass(model, (OutputModel, RootModel))


def openapi_document(app: Flask) -> dict:
    """The OpenAPI 3.1 description of every documented route of the `api` blueprint."""
    paths: dict[str, dict] = {}
    models: set[type[BaseModel]] = {Error}
    schemas: dict[str, Any] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.endpoint.startswith("api."):
            continue
        op = getattr(app.view_functions[rule.endpoint], "openapi", None)
        if op is None:
            continue
        capability = endpoint_capability(app, rule.endpoint)
        path, _ = _path(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _describe(
                rule, method, op, capability, models, schemas
            )
    ordered = sorted(models, key=lambda m: m.__name__)
    _, definitions = models_json_schema(
        [(model, "serialization" if _is_output(model) else "validation") for model in ordered],
        ref_template="#/components/schemas/{model}",
    )
    schemas.update(definitions.get("$defs", {}))
    error = {"$ref": "#/components/schemas/Error"}
    responses = {}
    for status, (description, headers) in ERRORS.items():
        responses[status] = _json(error, description)
        if headers:
            responses[status]["headers"] = {
                name: {"required": True, "schema": {"type": "string", "pattern": f"^{value}"}}
                for name, value in headers.items()
            }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "factcheck API",
            "version": "1",
            "description": (
                "The fact-check desk's stable JSON API (API.md). Authenticate with `Authorization: Bearer "
                '<token>`. Errors are `{"error": {code, message, fields?}}`: 401 `auth_required` (with '
                "`WWW-Authenticate: Bearer`), 403 `forbidden`, 404 `not_found`, 409 `stale_version` and "
                "other conflicts, 413 `too_large`, 422 `invalid`, `invalid_json` or `invalid_characters`. "
                "Every request that changes state takes an optional `Idempotency-Key` header: a retry with "
                "the same key answers the first result instead of acting twice (422 "
                "`invalid_idempotency_key`, `idempotency_key_reused`; 409 `idempotency_key_in_progress`). "
                "Times are ISO 8601 UTC; users appear by username. A field takes null only where its "
                "schema says so: leave an optional field out instead."
            ),
        },
        "servers": [{"url": PREFIX}],
        "paths": paths,
        "components": {
            "schemas": _clean(dict(sorted(schemas.items()))),
            "responses": responses,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
