"""One permission mechanism, denying by default.

Every view declares what it needs with `@requires(CAPABILITY)`. A guard that runs before every request
refuses any endpoint that declared nothing, so a forgotten decorator fails closed, not open.
Finer rules (four eyes, "only the holder may release") live in the services and raise Forbidden.
"""

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, g, redirect, request, url_for
from flask_login import current_user

from .errors import error_response

ROLE_RANK = {"viewer": 1, "reviewer": 2, "editor": 3, "admin": 4}

# capability -> the lowest role that has it (None: no sign-in needed; 0: any signed-in account)
CAPABILITIES: dict[str, int | None] = {
    "public": None,
    "signed_in": 0,
    "read": ROLE_RANK["viewer"],  # read articles, claims, sources, verdicts, history; export
    "write": ROLE_RANK["reviewer"],  # add articles and claims, sources, evidence, comments; take, propose
    "edit": ROLE_RANK["editor"],  # assign, priority and due dates, approve, return, reopen
    "admin": ROLE_RANK["admin"],  # users and roles, rating scale, settings
}
PUBLIC_ENDPOINTS = {"static"}

F = TypeVar("F", bound=Callable)


def requires(capability: str) -> Callable[[F], F]:
    """Mark a view as needing `capability` (a key of CAPABILITIES)."""
    if capability not in CAPABILITIES:
        raise ValueError(f"unknown capability {capability!r}")

    def mark(view: F) -> F:
        view.required_capability = capability  # type: ignore[attr-defined]
        return view

    return mark


def role_has(role: str | None, capability: str) -> bool:
    """Whether an account with `role` (None: signed out) has `capability`."""
    need = CAPABILITIES[capability]
    if need is None:
        return True
    if role is None:
        return False
    return ROLE_RANK.get(role, -1) >= need


def current_actor():
    """The user behind this request: the API token's owner under /api, else the signed-in user, else None."""
    if "api_user" in g:
        return g.api_user
    if current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def endpoint_capability(app: Flask, endpoint: str | None) -> str | None:
    if endpoint in PUBLIC_ENDPOINTS:
        return "public"
    view = app.view_functions.get(endpoint or "")
    return getattr(view, "required_capability", None)


def _denied(status: int, message: str, *, bearer_error: str | None = None):
    """401 `auth_required` (nobody signed in, or no valid token) or 403 `forbidden` (the role may not).

    An API 401 names its scheme in `WWW-Authenticate: Bearer` (RFC 6750), with `error="invalid_token"` when a
    token was sent but is not valid."""
    response = error_response(status, "auth_required" if status == 401 else "forbidden", message)
    if status == 401 and request.blueprint == "api":
        response.headers["WWW-Authenticate"] = f'Bearer error="{bearer_error}"' if bearer_error else "Bearer"
    return response


def guard():
    """before_request: refuse what the endpoint's capability does not allow. Deny by default."""
    if request.endpoint is None:  # 404 / 405: let routing answer
        return None
    capability = endpoint_capability(current_app, request.endpoint)
    if capability is None:
        current_app.logger.error("endpoint %s declares no permission: refused", request.endpoint)
        return _denied(403, "This page is not open to anyone.")
    if capability == "public":
        return None
    if request.blueprint == "api":
        from .api.auth import authenticate_token  # the API signs in by bearer token only

        user = authenticate_token()
        if user is None:
            sent = bool(request.headers.get("Authorization", "").strip())
            return _denied(
                401,
                "A valid API token is required (Authorization: Bearer <token>).",
                bearer_error="invalid_token" if sent else None,
            )
    else:
        user = current_actor()
        if user is None:
            if request.method == "GET":
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            return _denied(401, "Please sign in.")
    if not role_has(user.role, capability):
        return _denied(403, f"Your role ({user.role}) may not do this.")
    return None


def init_app(app: Flask) -> None:
    app.before_request(guard)

    @app.context_processor
    def _can():
        def can(capability: str) -> bool:
            actor = current_actor()
            return role_has(actor.role if actor else None, capability)

        return {"can": can, "actor": current_actor()}
