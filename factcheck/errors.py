"""Domain errors raised by services, and the one place that turns any error into a page or JSON.

Services raise these; views never build error responses themselves. Every error body in the API is
`{"error": {"code", "message", "fields"?}}`; every HTML error is a page. Never a traceback.
"""

from flask import Flask, Response, g, jsonify, make_response, render_template, request
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException


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


def error_response(status: int, code: str, message: str, fields: dict | None = None) -> Response:
    """A JSON error object for the API (and clients that ask for JSON), an error page otherwise."""
    if wants_json():
        body = {"code": code, "message": message}
        if fields:
            body["fields"] = fields
        return make_response(jsonify({"error": body}), status)
    page = render_template("error.html", status=status, code=code, message=message, fields=fields or {})
    return make_response(page, status)


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
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        session = g.get("db_session")
        if session is not None:
            session.rollback()  # so the error page itself can still read (who is signed in)
        return error_response(500, "server_error", "Something went wrong on our side. It has been logged.")
