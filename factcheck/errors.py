"""Domain errors raised by services, and the one place that turns any error into a page or JSON.

Services raise these; views never build error responses themselves. Every error body in the API is
`{"error": {"code", "message", "fields"?, "request_id"?}}`; every HTML error is a page. Never a traceback.

Whatever fails, the answer keeps that format: a database that cannot be reached (refused, restarted, the
connection terminated under the request) is 503 `database_unavailable` with Retry-After; a full disk is 507
`storage_full`; anything else unexpected is 500 `server_error`, logged with its traceback and request id.
An error page that cannot be rendered (the database is gone, and the page wants to know who is signed in)
falls back to a plain page. What escapes Flask altogether is answered by observability.RequestMiddleware.
"""

import logging

from flask import Flask, Response, has_request_context, jsonify, make_response, render_template, request
from markupsafe import escape
from pydantic import ValidationError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

log = logging.getLogger("factcheck.errors")
RETRY_AFTER_SECONDS = 5  # what a 503 `database_unavailable` asks the client to wait


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, fields: dict[str, str] | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        if code:
            self.code = code


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Invalid(DomainError):
    status = 422
    code = "invalid"

    @classmethod
    def of_fields(cls, refusal: str, fields: dict[str, str], **kwargs) -> "Invalid":
        """`refusal` ("The claim cannot be saved") followed by each field and why, e.g.
        "The claim cannot be saved: text: required; claimant: at most 300 characters"."""
        return cls(
            f"{refusal}: " + "; ".join(f"{k}: {v}" for k, v in fields.items()), fields=fields, **kwargs
        )


class Conflict(DomainError):
    status = 409
    code = "conflict"


class TooLarge(DomainError):
    status = 413
    code = "too_large"


def _why(item: dict) -> str:
    """One pydantic error, said the way the services say it."""
    kind, ctx, given = item["type"], item.get("ctx") or {}, item.get("input")
    if kind == "missing":
        return "required"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind.endswith("_type") and given is None:
        return "may not be null (leave the field out instead)"
    if kind == "string_type":
        return "must be text" + (", not a list or an object" if isinstance(given, (list, dict)) else "")
    if kind in ("int_type", "int_from_float", "int_parsing", "int_parsing_size"):
        return "must be a whole number"
    if kind in ("bool_type", "bool_parsing"):
        return "must be true or false"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "must be a JSON object"
    if kind == "literal_error":
        return f"one of {ctx.get('expected', '')}".strip()
    if kind == "string_too_long":
        return f"at most {ctx['max_length']} characters"
    if kind in ("string_too_short", "string_pattern_mismatch"):
        return "required (it is empty)"
    if kind == "greater_than_equal":
        return f"at least {ctx['ge']}"
    if kind == "less_than_equal":
        return f"at most {ctx['le']}"
    if kind == "value_error":
        return str(ctx.get("error", item["msg"]))
    return item["msg"]


def invalid_input(error: ValidationError, refusal: str = "The request is not valid") -> Invalid:
    """The one translation of a data model's ValidationError into the API's 422 `invalid` answer:
    `fields` maps each field (dotted for nested ones) to why, the message says it all in one line."""
    fields: dict[str, str] = {}
    for item in error.errors(include_url=False):
        name = ".".join(str(part) for part in item["loc"]) or "body"
        fields.setdefault(name, _why(item))
    return Invalid.of_fields(refusal, fields)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def current_request_id() -> str | None:
    """This request's id (observability.RequestMiddleware), or None outside a request."""
    if not has_request_context():
        return None
    return request.environ.get("factcheck.request_id")


def error_body(code: str, message: str, fields: dict | None = None, request_id: str | None = None) -> dict:
    """The API's error document: `{"error": {"code", "message", "fields"?, "request_id"?}}`."""
    body: dict = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    if request_id:
        body["request_id"] = request_id
    return {"error": body}


def plain_error_page(status: int, message: str, request_id: str | None = None) -> str:
    """An error page that needs nothing (no template context, no database): the fallback."""
    ref = f"<p>Reference: <code>{escape(request_id)}</code></p>" if request_id else ""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{status}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        f"<body><main><h1>{status}</h1><p>{escape(message)}</p>{ref}</main></body></html>"
    )


def error_response(status: int, code: str, message: str, fields: dict | None = None) -> Response:
    """A JSON error object for the API (and clients that ask for JSON), an error page otherwise."""
    request_id = current_request_id()
    if wants_json():
        return make_response(jsonify(error_body(code, message, fields, request_id)), status)
    try:
        page = render_template("error.html", status=status, code=code, message=message, fields=fields or {})
    except Exception:  # noqa: BLE001  (the page itself failed, e.g. it asked the dead database who is signed in)
        log.exception("the error page for %s %s could not be rendered; answering a plain one", status, code)
        from .db import discard_session

        discard_session()
        page = plain_error_page(status, message, request_id)
    return make_response(page, status)


def database_unavailable(error: BaseException) -> bool:
    """Whether `error` says the database cannot be reached or used right now (refused, restarted, the
    connection terminated or dropped, the pool exhausted, SQLite locked): a retry later may succeed."""
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(
        error,
        (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError, sa_exc.TimeoutError),
    )


def storage_full(error: BaseException) -> bool:
    """Whether the database refused a write for want of space (SQLite SQLITE_FULL, PostgreSQL 53100)."""
    if not isinstance(error, sa_exc.DBAPIError):
        return False
    original = error.orig
    if getattr(original, "sqlite_errorname", None) == "SQLITE_FULL":
        return True
    return getattr(original, "sqlstate", None) == "53100" or "disk is full" in str(original)


HTTP_CODES = {
    400: "bad_request",
    401: "auth_required",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "too_many_requests",
}


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(error: DomainError):
        return error_response(error.status, error.code, error.message, error.fields)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        code = getattr(error, "factcheck_code", None) or HTTP_CODES.get(error.code or 500, "error")
        response = error_response(error.code or 500, code, error.description or error.name)
        if error.code == 405 and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        from .db import discard_session, rollback_session

        if database_unavailable(error):
            discard_session()  # its connection is gone or going: dropped from the pool, never reused
        else:
            rollback_session()  # so the error page itself can still read (who is signed in)
        if storage_full(error):
            log.error("no space left for a write on %s %s", request.method, request.path, exc_info=error)
            return error_response(
                507, "storage_full", "The server has no space left to save this. Nothing was saved."
            )
        if database_unavailable(error):
            log.error("database unavailable on %s %s", request.method, request.path, exc_info=error)
            response = error_response(
                503,
                "database_unavailable",
                "The database is not reachable right now; try again shortly.",
            )
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        log.error("unhandled error on %s %s", request.method, request.path, exc_info=error)
        return error_response(500, "server_error", "Something went wrong on our side. It has been logged.")
