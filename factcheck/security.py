"""Headers, cookies and sign-in plumbing that every response gets."""

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


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def refuse_nul_characters():
    """before_request: text with NUL characters is refused everywhere, the same on SQLite and PostgreSQL
    (which cannot store them). Uploaded files are bytes and are not affected."""
    fields = list(request.args.values())
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if request.is_json:
            fields.append(request.get_json(silent=True))
        else:
            fields.extend(request.form.values())
    if any(_has_nul(value) for value in fields):
        return error_response(422, "invalid_characters", "Text may not contain NUL (\\x00) characters.")
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
    app.before_request(refuse_nul_characters)
    app.after_request(set_security_headers)
