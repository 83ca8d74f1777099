"""Headers, cookies and sign-in plumbing that every response gets."""

import re

from flask import Flask, current_app, flash, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager

from .db import get_session
from .errors import error_response
from .services import users

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SessionInterface(SecureCookieSessionInterface):
    """Marks the session cookie Secure whenever the request came over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")


def _bad_text(value, where: str) -> tuple[str, str] | None:
    """(where, character) of the first NUL or lone UTF-16 surrogate in a string, or in the keys and values of
    parsed JSON; None when the text is clean. JSON depth is bounded by guards.GuardedJSONProvider."""
    if isinstance(value, str):
        found = _BAD_CHARACTER.search(value)
        return (where, found.group()) if found else None
    if isinstance(value, dict):
        for key, item in value.items():
            name = f"{where}.{key}" if where else str(key)
            problem = _bad_text(key, name) or _bad_text(item, name)
            if problem:
                return problem
    if isinstance(value, list):
        for index, item in enumerate(value):
            problem = _bad_text(item, f"{where}[{index}]")
            if problem:
                return problem
    return None


def refuse_bad_characters():
    """before_request: text with NUL characters or lone UTF-16 surrogates is refused everywhere (query,
    form fields, JSON strings and keys) with 422 `invalid_characters`, the same on SQLite and PostgreSQL
    (neither can store them). Uploaded files are bytes and are not affected."""
    fields: list[tuple[str, object]] = list(request.args.items(multi=True))
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if request.is_json:
            fields.append(("", request.get_json(silent=True)))
        else:
            fields.extend(request.form.items(multi=True))
    for name, value in fields:
        problem = _bad_text(name, name) or _bad_text(value, name)
        if problem:
            where, character = problem
            what = (
                "NUL (\\x00) characters"
                if character == "\x00"
                else f"lone UTF-16 surrogates (\\u{ord(character):04x}), which are not Unicode text"
            )
            where = _BAD_CHARACTER.sub(lambda m: f"\\u{ord(m.group()):04x}", where) or "the body"
            message = f"Text may not contain {what}: see {where}."
            return error_response(422, "invalid_characters", message, {where: "invalid characters"})
    return None


def set_security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    return response


login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in."
login_manager.session_protection = None  # the server-side session row does this job, and better


@login_manager.user_loader
def _load_user(token: str):
    """The cookie carries a sign-in session token; an ended or expired session, or an inactive user,
    signs nobody in. An expired one says so once, on the way to the sign-in page."""
    config = current_app.config
    try:
        user = users.user_for_session(
            get_session(),
            token=token,
            idle_minutes=config["SESSION_IDLE_MINUTES"],
            max_hours=config["SESSION_MAX_HOURS"],
        )
    except users.SessionExpired as expired:
        session.pop("_user_id", None)  # the cookie stops naming the ended session
        flash(expired.message, "info")
        return None
    if user is not None:
        user._session_token = token
    return user


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    login_manager.init_app(app)
    app.before_request(refuse_bad_characters)
    app.after_request(set_security_headers)
