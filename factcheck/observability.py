"""Request ids, one log line per request, structured logs, the body limit on any transfer, and the last
safety net for errors that escape Flask.

`RequestMiddleware` wraps the whole WSGI app (outside ProxyFix and the trusted-host check):

- Every request gets an id: a sane incoming `X-Request-ID` (1-128 characters of letters, digits and
  ``._:-``; a proxy's or load balancer's id, so one request can be followed through them) or a new random
  one. It is answered in the `X-Request-ID` header, put in every JSON error body (`error.request_id`) and
  on every log line written while the request runs.
- One log line per request on the `factcheck.access` logger: method, path, status, duration in ms, the
  user id (when someone was signed in) and the request id, written when the answer has been sent.
- A body sent without Content-Length (chunked) is read at most up to MAX_CONTENT_LENGTH (+1 byte to know
  it is longer): beyond, 413 `too_large`, like a body whose Content-Length says it is too large, and the
  connection is closed rather than the rest read. (Werkzeug stops at the limit too, but silently: the
  truncated body then failed as invalid JSON.)
- An exception that escapes Flask (a teardown, an error handler that failed) still gets an answer in the
  route's format: JSON on /api (500 `server_error`, or 503 `database_unavailable`), a plain page elsewhere,
  logged with its traceback and the request id. Once the answer's headers are out nothing can be changed:
  an error while streaming a body is logged and the connection aborted, so the client sees it incomplete.

`configure_logging` sets the format of the app's log lines: FACTCHECK_LOG_FORMAT=json (one JSON object a
line: time, level, logger, message, request_id and the request's fields, traceback) or text (the default).
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g
from werkzeug.exceptions import RequestEntityTooLarge

from .errors import RETRY_AFTER_SECONDS, database_unavailable, error_body, plain_error_page

REQUEST_ID_KEY = "factcheck.request_id"  # environ key
USER_ID_KEY = "factcheck.user_id"  # environ key, set once the request knows who sent it
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "factcheck_request_id", default=None
)
access_log = logging.getLogger("factcheck.access")
log = logging.getLogger("factcheck.requests")


def request_id_from(value: str | None) -> str:
    """The incoming X-Request-ID when it is sane, else a new one (32 hex digits)."""
    if value and _SANE_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


# --- logging ------------------------------------------------------------------------------------------

REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "user_id")


class RequestIdFilter(logging.Filter):
    """Puts the running request's id on every record (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = _current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the request's fields when
    the record has them, and the traceback of an error."""

    def format(self, record: logging.LogRecord) -> str:
        document = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in REQUEST_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                document[name] = value
        if record.exc_info:
            document["traceback"] = self.formatException(record.exc_info)
        if record.stack_info:
            document["stack"] = self.formatStack(record.stack_info)
        return json.dumps(document, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """`time level logger [request id] message`, then the traceback of an error."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if getattr(record, "request_id", None) is None:
            record.request_id = "-"
        return super().format(record)


LOG_FORMATS = ("json", "text")


def configure_logging(log_format: str) -> None:
    """Send log records (INFO and up) to stderr in `log_format` (json or text), once per process.

    When something else already configured the root logger (a test runner, a deployer's own logging
    configuration), it is left alone: only the request-id filter is added to its handlers."""
    if log_format not in LOG_FORMATS:
        raise ValueError(f"FACTCHECK_LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {log_format!r}")
    root = logging.getLogger()
    ours = [handler for handler in root.handlers if getattr(handler, "factcheck_handler", False)]
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.factcheck_handler = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        ours = [handler]
    for handler in ours:
        handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    for handler in root.handlers:
        if not any(isinstance(f, RequestIdFilter) for f in handler.filters):
            handler.addFilter(RequestIdFilter())


# --- the body limit -------------------------------------------------------------------------------------


class CappedInput:
    """wsgi.input of a body without Content-Length: gives at most `limit` bytes, and raises 413 as soon as
    the client has sent more (it reads one byte past the limit to know, never the rest)."""

    def __init__(self, stream, limit: int):
        self.stream, self.limit, self.count = stream, limit, 0

    def _too_large(self) -> RequestEntityTooLarge:
        return RequestEntityTooLarge(
            f"The request body is larger than the {self.limit} bytes this server accepts."
        )

    def _check_end(self) -> None:
        if self.count >= self.limit and self.stream.read(1):
            raise self._too_large()

    def read(self, size: int | None = -1) -> bytes:
        left = self.limit - self.count
        if left <= 0:
            self._check_end()
            return b""
        if size is None or size < 0:
            parts = []
            while left > 0:
                data = self.stream.read(min(left, 64 * 1024))
                if not data:
                    break
                parts.append(data)
                left -= len(data)
            data = b"".join(parts)
        else:
            data = self.stream.read(min(size, left))
        self.count += len(data)
        self._check_end()
        return data

    def readline(self, size: int | None = -1) -> bytes:
        left = self.limit - self.count
        if left <= 0:
            self._check_end()
            return b""
        data = self.stream.readline(left if size is None or size < 0 else min(size, left))
        self.count += len(data)
        self._check_end()
        return data

    def __iter__(self):
        while line := self.readline():
            yield line


DRAIN_CHUNK = 2**16


def drain_refused_body(environ, limit: int | None) -> bool:
    """Read a refused body to its end and drop it when its Content-Length is over `limit` by at most a quarter
    (what a proxy in front lets through: deploy/nginx-proxy.conf passes 21 MB to an app that takes 20), and
    say so. Such a body was refused before any of it was read (werkzeug checks the length first), so exactly
    Content-Length bytes remain. Read, the connection stays usable and a proxy still sending the body gets the
    413: closed with the body unread, the socket reset and nginx, mid-send under load, answered its own 503.
    A larger body, or one without a length, is not read (False: the connection is closed)."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    if not limit or not limit < length <= limit + limit // 4:
        return False
    stream = environ["wsgi.input"]
    try:
        while length > 0:
            chunk = stream.read(min(DRAIN_CHUNK, length))
            if not chunk:
                return False  # the client stopped sending: nothing to keep the connection for
            length -= len(chunk)
    except OSError:
        return False
    return True


# --- the middleware -------------------------------------------------------------------------------------


class RequestMiddleware:
    """See the module's docstring."""

    def __init__(self, app: Flask, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(self, environ, start_response):
        request_id = request_id_from(environ.get("HTTP_X_REQUEST_ID"))
        environ[REQUEST_ID_KEY] = request_id
        token = _current_request_id.set(request_id)
        started = time.perf_counter()
        answer = {"status": None}

        limit = self.app.config.get("MAX_CONTENT_LENGTH")
        if (
            limit
            and not environ.get("CONTENT_LENGTH")
            and "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        ):
            environ["wsgi.input"] = CappedInput(environ["wsgi.input"], limit)

        # The inner app's status and headers reach the server only once it has returned its body, so an
        # exception after its start_response (in a teardown) can still be answered in the right format.
        pending: dict = {}

        def start(status: str, headers: list, exc_info=None):
            if exc_info and pending.get("passed"):
                raise exc_info[1].with_traceback(exc_info[2])
            answer["status"] = int(status.split(" ", 1)[0])
            headers = [(k, v) for k, v in headers if k.lower() != "x-request-id"]
            headers.append(("X-Request-ID", request_id))
            if answer["status"] == 413 and not any(k.lower() == "connection" for k, _ in headers):
                if not drain_refused_body(environ, limit):
                    headers.append(("Connection", "close"))  # the rest of the body is not read
            pending["args"] = (status, headers)
            return lambda data: pass_on()(data)  # the legacy write(): passes the headers on first

        def pass_on():
            if "passed" not in pending:
                pending["passed"] = start_response(*pending["args"]) or (lambda data: None)
            return pending["passed"]

        try:
            try:
                body = self.wsgi_app(environ, start)
            except Exception:
                pending.pop("args", None)
                body = self._last_resort(environ, start, sys.exc_info())
            pass_on()
        except BaseException:
            self._finish(environ, answer["status"] or 500, started)
            _current_request_id.reset(token)
            raise
        _current_request_id.reset(token)
        return _LoggedBody(body, lambda: self._finish(environ, answer["status"], started), request_id)

    def _last_resort(self, environ, start, exc_info):
        """An answer for an exception that escaped Flask, in the route's format."""
        error = exc_info[1]
        log.error("error outside the app's handlers on %s %s", environ.get("REQUEST_METHOD"),
                  environ.get("PATH_INFO"), exc_info=exc_info)  # fmt: skip
        request_id = environ[REQUEST_ID_KEY]
        if database_unavailable(error):
            status, code = 503, "database_unavailable"
            message = "The database is not reachable right now; try again shortly."
        else:
            status, code = 500, "server_error"
            message = "Something went wrong on our side. It has been logged."
        path = environ.get("PATH_INFO", "")
        if path.startswith("/api/") or "application/json" in environ.get("HTTP_ACCEPT", ""):
            payload = json.dumps(error_body(code, message, request_id=request_id)).encode()
            content_type = "application/json"
        else:
            payload = plain_error_page(status, message, request_id).encode()
            content_type = "text/html; charset=utf-8"
        headers = [("Content-Type", content_type), ("Content-Length", str(len(payload)))]
        if status == 503:
            headers.append(("Retry-After", str(RETRY_AFTER_SECONDS)))
        phrase = {500: "INTERNAL SERVER ERROR", 503: "SERVICE UNAVAILABLE"}[status]
        start(f"{status} {phrase}", headers, exc_info)  # re-raises when the headers are already out
        return [payload]

    def _finish(self, environ, status, started) -> None:
        duration = round((time.perf_counter() - started) * 1000, 1)
        method, path = environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")
        user_id = environ.get(USER_ID_KEY)
        access_log.info(
            "%s %s %s %.1f ms%s",
            method,
            path,
            status,
            duration,
            f" user {user_id}" if user_id is not None else "",
            extra={
                "request_id": environ.get(REQUEST_ID_KEY),
                "method": method,
                "path": path,
                "status": status,
                "duration_ms": duration,
                "user_id": user_id,
            },
        )


class _LoggedBody:
    """The answer's body, passed through; the request's log line is written once it has all been handed
    to the server (or at close(), whichever comes first). An error while the body streams (the headers
    are out: nothing else can be answered) is logged with the request id and raised again, so the server
    aborts the connection and the client sees the body incomplete."""

    def __init__(self, body, finish, request_id: str):
        self.body, self._finish, self.request_id = body, finish, request_id
        self.finished = False

    def finish(self) -> None:
        if not self.finished:
            self.finished = True
            self._finish()

    def __iter__(self):
        token = _current_request_id.set(self.request_id)
        try:
            yield from self.body
        except Exception:
            log.error("error while sending the answer's body", exc_info=True)
            raise
        finally:
            _current_request_id.reset(token)
        self.finish()

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            self.finish()


def remember_user(response):
    """after_request: the user id for the request's log line, when someone was signed in (read from what
    the request already loaded: this never asks the database)."""
    from flask import request

    user = g.get("api_user") or g.get("_login_user")
    if user is not None and getattr(user, "is_authenticated", False):
        request.environ[USER_ID_KEY] = vars(user).get("id")
    return response


def init_app(app: Flask) -> None:
    """Wrap the WSGI app (call last, once every other middleware is in place) and log in the configured
    format."""
    configure_logging(
        (app.config.get("LOG_FORMAT") or os.environ.get("FACTCHECK_LOG_FORMAT") or "text").strip().lower()
    )
    app.after_request(remember_user)
    app.wsgi_app = RequestMiddleware(app, app.wsgi_app)
